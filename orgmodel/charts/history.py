"""History charts: time to land by quarter, the review-load curve, the co-review graph, fit vs measurement."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import plotly.graph_objects as go

from orgmodel.charts.style import CATEGORY_COLOURS, SCENARIO_COLOURS, finish
from orgmodel.history.result import FitResult, Holdout, QuarterLanding

__all__ = ["co_review_network", "fit_against_measurement", "landing_by_quarter", "review_load_curve"]

MAX_NODES = 300


def landing_by_quarter(quarters: Sequence[QuarterLanding]) -> go.Figure:
    """p50, p75 and p90 time to land (calendar hours, log scale) of the changes landed in each quarter."""
    fig = go.Figure()
    x = [q.quarter for q in quarters]
    for i, (name, key) in enumerate((("p50", "p50_calendar_hours"), ("p75", "p75_calendar_hours"),
                                     ("p90", "p90_calendar_hours"))):
        fig.add_trace(go.Scatter(x=x, y=[getattr(q, key) for q in quarters], mode="lines+markers", name=name,
                                 line={"color": CATEGORY_COLOURS[i]},
                                 customdata=[q.changes for q in quarters],
                                 hovertemplate="%{x}: %{y:,.1f} h (%{customdata} changes)<extra>" + name + "</extra>"))
    fig.update_yaxes(type="log", title_text="time to land, calendar hours")
    fig.update_xaxes(title_text="quarter landed")
    return finish(fig, title="Time to land by quarter")


def review_load_curve(curve: Sequence[float]) -> go.Figure:
    """Cumulative share of reviews (y) done by the busiest reviewers (x, as a share of reviewers)."""
    n = len(curve)
    x = [(i + 1) / n for i in range(n)]
    fig = go.Figure(go.Scatter(x=x, y=list(curve), mode="lines", name="reviews", line={"color": SCENARIO_COLOURS[1]}))
    fig.add_hline(y=0.8, line_dash="dot", annotation_text="80% of reviews")
    fig.update_xaxes(title_text="share of reviewers, busiest first", tickformat=".0%")
    fig.update_yaxes(title_text="share of reviews", tickformat=".0%", range=[0, 1.02])
    return finish(fig, title="Review load: who carries the reviews", legend=False)


def co_review_network(graph: nx.Graph, team: Mapping[int, int], names: Sequence[str], seed: int = 2012) -> go.Figure:
    """The co-review graph, people coloured by review team (the busiest MAX_NODES people)."""
    keep = sorted(graph.nodes, key=lambda p: -graph.degree(p, weight="weight"))[:MAX_NODES]
    sub = graph.subgraph(keep)
    pos = nx.spring_layout(sub, seed=seed, weight="weight") if sub.number_of_nodes() else {}
    ex: list[float | None] = []
    ey: list[float | None] = []
    for a, b in sub.edges:
        ex += [float(pos[a][0]), float(pos[b][0]), None]
        ey += [float(pos[a][1]), float(pos[b][1]), None]
    fig = go.Figure(go.Scatter(x=ex, y=ey, mode="lines", line={"width": 0.5, "color": "#adb5bd"},
                               hoverinfo="skip", name="reviews"))
    for k in sorted({team.get(p, -1) for p in sub.nodes}):
        members = [p for p in sub.nodes if team.get(p, -1) == k]
        label = f"team {k + 1}" if k >= 0 else "no team"
        fig.add_trace(go.Scatter(
            x=[float(pos[p][0]) for p in members], y=[float(pos[p][1]) for p in members], mode="markers",
            name=label, text=[names[p] for p in members], hovertemplate="%{text}<extra>" + label + "</extra>",
            marker={"size": 8, "color": CATEGORY_COLOURS[k % len(CATEGORY_COLOURS)] if k >= 0 else "#868e96"}))
    fig.update_xaxes(visible=False, title_text="")
    fig.update_yaxes(visible=False, title_text="")
    return finish(fig, title="Who reviews whom, coloured by review team (Louvain)", height=480)


def fit_against_measurement(fit: FitResult, holdout: Holdout | None) -> go.Figure:
    """Measured against model p50/p75/p90 (fit window), and the hold-out: observed, predicted, naive."""
    fig = go.Figure()
    x = ["fit p50", "fit p75", "fit p90"]
    fig.add_trace(go.Bar(x=x, y=[fit.measured_p50_calendar_hours, fit.measured_p75_calendar_hours,
                                 fit.measured_p90_calendar_hours], name="measured / observed",
                         marker_color=SCENARIO_COLOURS[1]))
    fig.add_trace(go.Bar(x=x, y=[fit.model_p50_calendar_hours, fit.model_p75_calendar_hours,
                                 fit.model_p90_calendar_hours], name="model", marker_color=SCENARIO_COLOURS[0]))
    if holdout is not None:
        hx = ["hold-out p50", "hold-out p90"]
        fig.add_trace(go.Bar(x=hx, y=[holdout.observed_p50_calendar_hours, holdout.observed_p90_calendar_hours],
                             name="observed (hold-out)", marker_color=SCENARIO_COLOURS[1], showlegend=False))
        fig.add_trace(go.Bar(x=hx, y=[holdout.predicted_p50_calendar_hours, holdout.predicted_p90_calendar_hours],
                             name="predicted", marker_color=SCENARIO_COLOURS[0], showlegend=False))
        fig.add_trace(go.Bar(x=hx, y=[holdout.naive_p50_calendar_hours, holdout.naive_p90_calendar_hours],
                             name="naive (fit window's own)", marker_color="#868e96"))
    fig.update_layout(barmode="group")
    fig.update_yaxes(type="log", title_text="time to land, calendar hours")
    fig.update_xaxes(title_text="percentile")
    return finish(fig, title="The model against the measurement")
