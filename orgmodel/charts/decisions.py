"""Decision charts: where escalation time goes, mobilisation timeline, control loss, the week, manager load."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from orgmodel.charts.style import CATEGORY_COLOURS, SCENARIO_COLOURS, finish

__all__ = ["control_loss", "latency_split", "manager_load", "mobilisation_timeline", "week_budget"]

LATENCY_PARTS = {"queueing_working_hours": "waiting in queues", "deciding_working_hours": "deciding",
                 "meetings_working_hours": "waiting for meetings", "hops_working_hours": "passing along"}
WEEK_PARTS = {"own_work_hours_per_week": "own work", "reviewing_hours_per_week": "reviewing",
              "meeting_hours_per_week": "meetings",
              "escalation_hours_per_week": "escalating", "feedback_hours_per_week": "customer feedback"}


def _stacked(rows: Mapping[str, Mapping[str, float]], parts: Mapping[str, str], unit: str, title: str,
             axis: str) -> go.Figure:
    names = list(rows)
    fig = go.Figure()
    for i, (key, label) in enumerate(parts.items()):
        fig.add_trace(go.Bar(
            x=names, y=[float(rows[n].get(key, 0.0)) for n in names], name=label,
            marker_color=CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)],
            hovertemplate="%{y:.1f} " + unit + " " + label + "<extra>%{x}</extra>",
        ))
    fig.update_yaxes(title_text=axis)
    fig.update_xaxes(title_text="scenario")
    return finish(fig, title=title, barmode="stack", height=380 + 18 * ((len(parts) + 1) // 2),
                  legend_rows=(len(parts) + 1) // 2)


def latency_split(splits: Mapping[str, Mapping[str, float]],
                  *, title: str = "Where an escalation's round trip goes") -> go.Figure:
    """Mean round trip split into queueing, deciding, meetings and hops (working hours), per scenario."""
    return _stacked(splits, LATENCY_PARTS, "working h", title, "mean round trip (working hours)")


def week_budget(budgets: Mapping[str, Mapping[str, float]], *, title: str = "An engineer's week") -> go.Figure:
    """Hours per week by activity (own work is what is left), per scenario."""
    return _stacked(budgets, WEEK_PARTS, "h", title, "hours per week")


def mobilisation_timeline(curves: Mapping[str, Sequence[tuple[float, float]]], *, target_hours: float = 24.0,
                          title: str = "From a decision at the top to every engineer having it") -> go.Figure:
    """Share of engineers reached (y) by calendar hours after the decision (x); the target marked.

    The default target is the article's '815' case (L62): decided at 10:30, live at 08:00 next day,
    under 24 hours from decision to launch.
    """
    fig = go.Figure()
    longest = target_hours
    for i, (name, points) in enumerate(curves.items()):
        shown = [p for p in points if p[0] > 0]
        xs = [p[0] for p in shown]
        longest = max(longest, max(xs, default=0.0))
        fig.add_trace(go.Scatter(x=xs, y=[p[1] for p in shown], mode="lines", name=name, line_shape="hv",
                                 line={"color": SCENARIO_COLOURS[i % 2]},
                                 hovertemplate="%{y:.0%} of engineers by hour %{x:.1f}<extra>" + name + "</extra>"))
    fig.add_vline(x=target_hours, line={"dash": "dot", "color": "#37b24d"})
    fig.add_annotation(x=float(np.log10(target_hours)), y=0.5, text=f"{target_hours:g} h: the '815' launch (L62)",
                       showarrow=False, textangle=-90, xanchor="right", font={"color": "#37b24d"})
    ticks = [t for t in (0.5, 1, 2, 4, 8, 24, 48, 168, 336, 720, 2000) if t <= longest * 2]
    fig.update_xaxes(title_text="calendar hours after the decision (log scale)",
                     type="log", range=[np.log10(0.5), np.log10(longest * 1.3)], tickvals=ticks,
                     ticktext=[f"{t:g} h" for t in ticks])
    fig.update_yaxes(title_text="share of engineers who have it", tickformat=".0%", range=[0, 1.02])
    return finish(fig, title=title, legend=len(curves) > 1)


def control_loss(fidelity_per_hop: Mapping[str, float], hops: Mapping[str, float], *, max_hops: int = 8,
                 title: str = "Control loss: intent left after each relay") -> go.Figure:
    """``fidelity ** hops`` against hops, one curve per scenario, its engineers' mean hop count marked."""
    fig = go.Figure()
    h = np.arange(0, max_hops + 1)
    for i, (name, f) in enumerate(fidelity_per_hop.items()):
        colour = SCENARIO_COLOURS[i % 2]
        fig.add_trace(go.Scatter(x=h, y=f ** h, mode="lines+markers", name=name, line={"color": colour},
                                 hovertemplate="%{x} hops: %{y:.0%} of the intent<extra>" + name + "</extra>"))
        if name in hops:
            fig.add_trace(go.Scatter(x=[hops[name]], y=[f ** hops[name]], mode="markers", showlegend=False,
                                     marker={"size": 14, "symbol": "star", "color": colour},
                                     hovertemplate="engineers: %{x:.1f} hops, %{y:.0%} kept<extra>" + name
                                     + "</extra>"))
    fig.update_xaxes(title_text="relays between the decision and the engineer (hops)", dtick=1)
    fig.update_yaxes(title_text="share of the original intent kept", tickformat=".0%", range=[0, 1.02])
    return finish(fig, title=title, legend=len(fidelity_per_hop) > 1)


def manager_load(names: Sequence[str], utilisation: Sequence[float],
                 *, title: str = "Busiest decision-makers") -> go.Figure:
    """Share of each decision-maker's decision time taken by escalations, with 80% and 100% lines."""
    colours = ["#e03131" if u >= 1 else "#f59f00" if u > 0.8 else SCENARIO_COLOURS[1] for u in utilisation]
    fig = go.Figure(go.Bar(x=list(utilisation), y=list(names), orientation="h", marker_color=colours,
                           hovertemplate="%{y}: %{x:.0%} of their decision time<extra></extra>"))
    fig.add_vline(x=0.8, line={"dash": "dot", "color": "#f59f00"})
    fig.add_vline(x=1.0, line={"dash": "dot", "color": "#e03131"})
    fig.update_xaxes(title_text="utilisation of decision time (1 = queue never clears)", tickformat=".0%",
                     rangemode="tozero")
    fig.update_yaxes(title_text="decision-maker", autorange="reversed")
    return finish(fig, title=title, legend=False, height=140 + 40 * len(names))
