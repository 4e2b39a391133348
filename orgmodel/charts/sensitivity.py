"""Sensitivity charts: a tornado per figure, uncertainty bands of every figure, verdict odds of a pair."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from orgmodel.charts.style import SCENARIO_COLOURS, finish
from orgmodel.sensitivity.result import FigureSensitivity, Odds, TornadoBar

__all__ = ["bands_chart", "odds_chart", "tornado_chart"]


def tornado_chart(bars: Sequence[TornadoBar], value: float, *, label: str, unit: str, top: int = 12) -> go.Figure:
    """The ``top`` largest swings as bars from the figure's value: input at low (orange), at high (blue)."""
    shown = [b for b in bars if b.swing][:top][::-1]
    names = [b.label for b in shown]
    fig = go.Figure()
    for end, colour, name in (("low", SCENARIO_COLOURS[0], "input at its low"),
                              ("high", SCENARIO_COLOURS[1], "input at its high")):
        at = [(b.figure_at_low if end == "low" else b.figure_at_high) for b in shown]
        fig.add_trace(go.Bar(
            y=names, x=[(x if x is not None else value) - value for x in at], base=value, orientation="h",
            name=name, marker={"color": colour},
            customdata=[[b.input_low if end == "low" else b.input_high, x] for b, x in zip(shown, at, strict=True)],
            hovertemplate="%{y}: input %{customdata[0]:.4g} gives %{customdata[1]:.4g} " + unit + "<extra></extra>",
        ))
    fig.add_vline(x=value, line={"color": "#868e96", "width": 1})
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title_text=f"{label} ({unit})")
    return finish(fig, title=f"{label}: one input at a time, largest swing first",
                  height=max(260, 70 + 26 * len(shown)))


def bands_chart(figures: Mapping[str, FigureSensitivity]) -> go.Figure:
    """Each figure's p5-p95 band and median as a share of its value at the scenario's own inputs (100%)."""
    rows = [(f.label, f.value, f.band) for f in figures.values()
            if f.band is not None and f.band.p5 is not None and f.value]
    rows = rows[::-1]
    labels = [r[0] for r in rows]

    def pct(x: float | None, value: float | None) -> float:
        return 100 * (x or 0.0) / value if value else 0.0

    low = [pct(b.p5, v) for _, v, b in rows]
    high = [pct(b.p95, v) for _, v, b in rows]
    mid = [pct(b.p50, v) for _, v, b in rows]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=labels, x=[h - lo for lo, h in zip(low, high, strict=True)], base=low, orientation="h",
                         name="p5 to p95", marker={"color": "#a5d8ff"},
                         hovertemplate="%{y}: %{base:.0f}% to %{x:.0f} points wider<extra></extra>"))
    fig.add_trace(go.Scatter(y=labels, x=mid, mode="markers", name="median (p50)",
                             marker={"color": SCENARIO_COLOURS[1], "size": 9},
                             hovertemplate="%{y}: median %{x:.0f}% of the value<extra></extra>"))
    fig.add_vline(x=100, line={"color": "#868e96", "width": 1, "dash": "dot"})
    fig.update_xaxes(title_text="% of the figure at the scenario's own values")
    return finish(fig, title="Every figure with all its assumptions drawn at once",
                  height=max(300, 80 + 24 * len(rows)))


def odds_chart(odds: Odds) -> go.Figure:
    """Per figure, the share of draws where B is better, the same, or worse than A."""
    items = list(odds.figures.values())[::-1]
    labels = [f"{f.label} ({f.verdict})" for f in items]
    fig = go.Figure()
    for share, colour, name in (("b_better", "#2f9e44", "B better"), ("same", "#adb5bd", "same"),
                                ("b_worse", "#e03131", "B worse")):
        fig.add_trace(go.Bar(y=labels, x=[100 * getattr(f, share) for f in items], orientation="h", name=name,
                             marker={"color": colour}, hovertemplate="%{y}: %{x:.0f}% of draws<extra></extra>"))
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="% of draws (both scenarios' assumptions drawn; shared ones drawn once)",
                     range=[0, 100])
    return finish(fig, title=f"How often B ({odds.b_name}) is better or worse than A ({odds.a_name})",
                  height=max(300, 80 + 24 * len(items)))
