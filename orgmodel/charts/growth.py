"""Growth charts: a figure against headcount (log axis) for several scenarios, breaks and reported headcounts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from orgmodel.charts.style import SCENARIO_COLOURS, finish, log_range, vline

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
    xs_all: list[float] = []
    for i, (name, (xs, ys)) in enumerate(series.items()):
        colour = SCENARIO_COLOURS[i % len(SCENARIO_COLOURS)]
        xs_all += [float(x) for x in xs]
        fig.add_trace(go.Scatter(
            x=list(xs), y=list(ys), mode="lines+markers", name=name, line={"color": colour}, marker={"size": 5},
            connectgaps=False, hovertemplate="%{x:,} people: %{y:.3g} " + unit + "<extra>" + name + "</extra>",
        ))
        at = (breaks or {}).get(name)
        if at is not None:
            xs_all.append(float(at))
            vline(fig, at, log_x=True, line={"color": colour, "dash": "dot", "width": 2},
                  text=f"breaks: {at:,.0f}", font_color=colour)
    for people, text in marks:
        xs_all.append(float(people))
        vline(fig, people, log_x=True, line={"color": "#adb5bd", "width": 1}, text=text, top=False,
              font_size=10, textangle=-90)
    if limit is not None:
        fig.add_hline(y=limit, line={"color": "#e03131", "dash": "dash", "width": 1})
    fig.update_xaxes(type="log", title_text="headcount (people, log scale)", range=log_range(xs_all))
    fig.update_yaxes(title_text=f"{label} ({unit})" if unit else label)
    return finish(fig, title=title or f"{label} as the organisation grows", height=400)
