"""Growth charts: a figure against headcount (log axis) for several scenarios, breaks and reported headcounts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from orgmodel.charts.style import SCENARIO_COLOURS, finish

__all__ = ["growth_curves"]


def growth_curves(series: Mapping[str, tuple[Sequence[float], Sequence[float | None]]], *, label: str, unit: str,
                  breaks: Mapping[str, float | None] | None = None,
                  marks: Sequence[tuple[float, str]] = (), limit: float | None = None,
                  title: str = "") -> go.Figure:
    """One line per scenario: ``series[name] = (headcounts, values)``; None values (unstable) leave gaps.

    ``breaks[name]`` marks the headcount where that scenario's figure breaks (a dotted line in its
    colour); ``marks`` are reported headcounts ``(people, text)`` drawn as grey lines; ``limit`` is a
    horizontal line at the figure's limit (e.g. utilisation 1).
    """
    fig = go.Figure()
    for i, (name, (xs, ys)) in enumerate(series.items()):
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        fig.add_trace(go.Scatter(
            x=list(xs), y=list(ys), mode="lines+markers", name=name, line={"color": colour}, marker={"size": 5},
            connectgaps=False, hovertemplate="%{x:,} people: %{y:.3g} " + unit + "<extra>" + name + "</extra>",
        ))
        at = (breaks or {}).get(name)
        if at is not None:
            fig.add_vline(x=at, line={"color": colour, "dash": "dot", "width": 2},
                          annotation_text=f"breaks: {at:,.0f}", annotation_position="top left",
                          annotation_font_color=colour)
    for people, text in marks:
        fig.add_vline(x=people, line={"color": "#adb5bd", "width": 1},
                      annotation_text=text, annotation_position="bottom right",
                      annotation_font_size=10, annotation_textangle=-90)
    if limit is not None:
        fig.add_hline(y=limit, line={"color": "#e03131", "dash": "dash", "width": 1})
    fig.update_xaxes(type="log", title_text="headcount (people, log scale)")
    fig.update_yaxes(title_text=f"{label} ({unit})" if unit else label)
    return finish(fig, title=title or f"{label} as the organisation grows", height=400)
