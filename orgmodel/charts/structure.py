"""Structure charts: team-size histogram, spans of control by level, people by role."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from orgmodel.charts.style import ROLE_COLOURS, SCENARIO_COLOURS, finish
from orgmodel.structure import StructureMetrics

__all__ = ["layer_pyramid", "people_by_role", "span_buckets", "spans_by_level", "team_size_histogram"]


def team_size_histogram(structures: Mapping[str, StructureMetrics], *, title: str = "Team sizes") -> go.Figure:
    """Number of teams at each size (engineers, lead not counted); one bar series per scenario."""
    fig = go.Figure()
    for i, (name, s) in enumerate(structures.items()):
        sizes = sorted(s.team_size_histogram)
        fig.add_trace(go.Bar(
            x=sizes, y=[s.team_size_histogram[k] for k in sizes], name=name,
            marker_color=SCENARIO_COLOURS[i % 2],
            hovertemplate="%{y} teams of %{x} engineers<extra>" + name + "</extra>",
        ))
    fig.update_xaxes(title_text="engineers per team (lead not counted)", dtick=1)
    fig.update_yaxes(title_text="teams")
    return finish(fig, title=title, barmode="group", legend=len(structures) > 1)


def spans_by_level(structures: Mapping[str, StructureMetrics], *, title: str = "Span of control by level") -> go.Figure:
    """Mean direct reports of the managers at each level (0 = founders), with the maximum on hover."""
    fig = go.Figure()
    for i, (name, s) in enumerate(structures.items()):
        fig.add_trace(go.Bar(
            x=[f"level {row.level}" for row in s.span_by_level], y=[row.span_mean for row in s.span_by_level],
            customdata=[[row.managers, row.span_max] for row in s.span_by_level], name=name,
            marker_color=SCENARIO_COLOURS[i % 2],
            hovertemplate="%{x}: %{y:.1f} reports on average<br>%{customdata[0]} people with reports, "
            "widest %{customdata[1]}<extra>" + name + "</extra>",
        ))
    fig.update_xaxes(title_text="level of the manager (0 = founders)")
    fig.update_yaxes(title_text="direct reports per manager (mean)")
    return finish(fig, title=title, barmode="group", legend=len(structures) > 1)


def people_by_role(structures: Mapping[str, StructureMetrics], *, title: str = "People by role") -> go.Figure:
    """Stacked horizontal bars: founders, middle managers, leads and engineers per scenario."""
    names: Sequence[str] = list(structures)
    fig = go.Figure()
    for role, key in (("founder", "founders"), ("manager", "managers"), ("lead", "leads"), ("engineer", "engineers")):
        fig.add_trace(go.Bar(
            x=names, y=[getattr(structures[n], key) for n in names], name=key,
            marker_color=ROLE_COLOURS[role], hovertemplate="%{y:,} " + key + "<extra>%{x}</extra>",
        ))
    fig.update_yaxes(title_text="people")
    fig.update_xaxes(title_text="scenario")
    return finish(fig, title=title, barmode="stack", height=380)


def layer_pyramid(structures: Mapping[str, StructureMetrics], *, title: str = "People per level") -> go.Figure:
    """The layer pyramid: horizontal bars of people at each level, level 0 (founders) on top."""
    fig = go.Figure()
    for i, (name, s) in enumerate(structures.items()):
        levels = [f"level {k}" for k in range(len(s.layers))]
        fig.add_trace(go.Bar(
            x=s.layers, y=levels, orientation="h", name=name, marker_color=SCENARIO_COLOURS[i % 2],
            hovertemplate="%{y}: %{x:,} people<extra>" + name + "</extra>",
        ))
    fig.update_yaxes(autorange="reversed", title_text="level (0 = founders)")
    fig.update_xaxes(title_text="people")
    return finish(fig, title=title, barmode="group", legend=len(structures) > 1)


def span_buckets(structures: Mapping[str, StructureMetrics], *, title: str = "Spans of control") -> go.Figure:
    """People with reports per span bucket (1-2, 3-5, 6-9, 10-15, 16+), with narrow/wide counts on hover."""
    fig = go.Figure()
    for i, (name, s) in enumerate(structures.items()):
        labels = list(s.span_buckets)
        fig.add_trace(go.Bar(
            x=labels, y=[s.span_buckets[k] for k in labels], name=name, marker_color=SCENARIO_COLOURS[i % 2],
            hovertemplate="%{y:,} managers with %{x} direct reports<br>"
            f"{s.managers_narrow:,} narrow, {s.managers_wide:,} wide against their range"
            "<extra>" + name + "</extra>",
        ))
    fig.update_xaxes(title_text="direct reports", type="category")
    fig.update_yaxes(title_text="people with reports")
    return finish(fig, title=title, barmode="group", legend=len(structures) > 1)
