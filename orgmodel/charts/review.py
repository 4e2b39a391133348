"""Review charts: turnaround distribution, the team-size sweep, utilisation by team."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from orgmodel.charts.style import CATEGORY_COLOURS, SCENARIO_COLOURS, finish

__all__ = ["split_sweep", "turnaround_cdf", "utilisation_by_team"]

Curve = Sequence[tuple[float, float]]


def turnaround_cdf(curves: Mapping[str, Curve], *, unit: str = "working hours",
                   p90: Mapping[str, float | None] | None = None, title: str = "Review turnaround") -> go.Figure:
    """Share of changes through review (y) within x hours; one line per scenario, p90 marked.

    Parameters
    ----------
    curves : scenario name -> (hours, probability) points of the turnaround CDF.
    unit : the hours' clock (``working hours`` or ``calendar hours``).
    p90 : scenario name -> p90 hours, drawn as a dotted vertical line.
    """
    fig = go.Figure()
    for i, (name, points) in enumerate(curves.items()):
        colour = SCENARIO_COLOURS[i % 2]
        fig.add_trace(go.Scatter(
            x=[p[0] for p in points], y=[p[1] for p in points], mode="lines", name=name, line={"color": colour},
            hovertemplate="%{y:.0%} of changes within %{x:.1f} h<extra>" + name + "</extra>",
        ))
        value = (p90 or {}).get(name)
        if value is not None:
            fig.add_vline(x=value, line={"color": colour, "dash": "dot", "width": 1},
                          annotation_text=f"p90 {value:.1f} h", annotation_position="bottom right",
                          annotation_font_color=colour, annotation_y=0.05 + 0.1 * i)
    fig.update_xaxes(title_text=f"time from sending a change to its approval ({unit})", rangemode="tozero")
    fig.update_yaxes(title_text="share of changes through review", tickformat=".0%", range=[0, 1.02])
    return finish(fig, title=title, legend=len(curves) > 1)


def split_sweep(values: Sequence[int], p50_working_hours: Sequence[float | None],
                p90_working_hours: Sequence[float | None],
                channels: Sequence[int], *, current: int | None = None, unstable: Sequence[bool] = (),
                contrast_p90_hours: Sequence[float | None] | None = None, contrast_label: str = "",
                contrast_unstable: Sequence[bool] = (), near_best: tuple[int, int] | None = None,
                param_label: str = "team-size cap (engineers per lead)",
                title: str = "Turnaround and channels as the team-size cap moves") -> go.Figure:
    """Review turnaround (left axis, working hours) and channels within teams (right axis) per value.

    Unstable points (a queue that never clears) are drawn as gaps and marked along the bottom.
    ``contrast_p90_hours`` adds the p90 of a contrasting policy (e.g. with lead sign-off) at the
    same values, dotted, so the reader sees where team size starts to matter. ``near_best`` shades
    the values whose p90 is within 10% of the best (`orgmodel.review.sweep.near_best`).
    """
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    fig.add_trace(go.Scatter(x=list(values), y=list(p90_working_hours), name="review p90", mode="lines+markers",
                             line={"color": SCENARIO_COLOURS[0]}, connectgaps=False,
                             hovertemplate="cap %{x}: p90 %{y:.1f} working h<extra></extra>"), secondary_y=False)
    fig.add_trace(go.Scatter(x=list(values), y=list(p50_working_hours), name="review median", mode="lines",
                             line={"color": SCENARIO_COLOURS[0], "dash": "dash"}, connectgaps=False,
                             hovertemplate="cap %{x}: median %{y:.1f} working h<extra></extra>"), secondary_y=False)
    fig.add_trace(go.Scatter(x=list(values), y=list(channels), name="channels within teams", mode="lines",
                             line={"color": SCENARIO_COLOURS[1]},
                             hovertemplate="cap %{x}: %{y:,} channels<extra></extra>"), secondary_y=True)
    if contrast_p90_hours is not None:
        fig.add_trace(go.Scatter(x=list(values), y=list(contrast_p90_hours), name=f"p90 {contrast_label}",
                                 mode="lines+markers", line={"color": CATEGORY_COLOURS[3], "dash": "dot"},
                                 connectgaps=False,
                                 hovertemplate=f"cap %{{x}}: p90 %{{y:.1f}} working h {contrast_label}<extra></extra>"),
                      secondary_y=False)
    bad = sorted({v for v, u in zip(values, unstable) if u} | {v for v, u in zip(values, contrast_unstable) if u})
    if bad:
        fig.add_trace(go.Scatter(x=bad, y=[0] * len(bad), mode="markers", name="queue never clears",
                                 marker={"symbol": "x", "color": "#e03131", "size": 9},
                                 hovertemplate="cap %{x}: reviews arrive faster than they are done<extra></extra>"),
                      secondary_y=False)
    if near_best is not None:
        fig.add_vrect(x0=near_best[0] - 0.5, x1=near_best[1] + 0.5, fillcolor=CATEGORY_COLOURS[2], opacity=0.12,
                      line_width=0, annotation_text="p90 within 10% of best", annotation_position="top left")
    if current is not None:
        fig.add_vline(x=current, line={"color": "#868e96", "dash": "dot"}, annotation_text=f"now: {current}",
                      annotation_position="top")
    fig.update_xaxes(title_text=param_label)
    fig.update_yaxes(title_text="review turnaround (working hours)", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(title_text="channels within teams (pairs)", rangemode="tozero", secondary_y=True,
                     showgrid=False)
    return finish(fig, title=title, height=400)


def utilisation_by_team(teams: Sequence[str], reviewer: Sequence[float | None], approver: Sequence[float | None],
                        *, title: str = "How busy reviewers and approvers are, by team") -> go.Figure:
    """Reviewer and approver utilisation (share of working time) per team, with the 80% and 100% lines."""
    fig = go.Figure()
    fig.add_trace(go.Bar(x=list(teams), y=list(reviewer), name="reviewers", marker_color=SCENARIO_COLOURS[1],
                         hovertemplate="%{x}: reviewers %{y:.0%} busy<extra></extra>"))
    if any(a is not None for a in approver):
        fig.add_trace(go.Bar(x=list(teams), y=list(approver), name="approver", marker_color=SCENARIO_COLOURS[0],
                             hovertemplate="%{x}: approver %{y:.0%} busy<extra></extra>"))
    fig.add_hline(y=0.8, line={"dash": "dot", "color": "#f59f00"}, annotation_text="80%: waits grow fast",
                  annotation_position="top left")
    fig.add_hline(y=1.0, line={"dash": "dot", "color": "#e03131"}, annotation_text="100%: never clears",
                  annotation_position="top left")
    fig.update_xaxes(title_text="team", tickangle=-45, showticklabels=len(teams) <= 60)
    fig.update_yaxes(title_text="share of working time", tickformat=".0%", rangemode="tozero")
    return finish(fig, title=title, barmode="group", height=380)
