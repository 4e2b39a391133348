"""Shared colours and layout defaults, chosen to read on light and dark backgrounds."""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

__all__ = ["ROLE_COLOURS", "SCENARIO_COLOURS", "finish", "hline", "log_range", "vline"]

ROLE_COLOURS: dict[str, str] = {
    "founder": "#e8590c",
    "manager": "#7048e8",
    "lead": "#1c7ed6",
    "engineer": "#37b24d",
}
"""Colour per role, the same in every chart."""

SCENARIO_COLOURS: tuple[str, str] = ("#e8590c", "#1c7ed6")
"""Scenario A (orange) and scenario B (blue) in overlaid charts."""

CATEGORY_COLOURS: tuple[str, ...] = (
    "#1c7ed6", "#e8590c", "#37b24d", "#7048e8", "#f59f00", "#d6336c", "#0ca678", "#868e96",
)


def finish(fig: go.Figure, *, title: str = "", height: int = 360, legend: bool = True, legend_rows: int = 1,
           **layout: Any) -> go.Figure:
    """Apply the common layout: compact margins, a title, a horizontal legend above the plot."""
    top = (44 if title else 10) + (16 + 18 * legend_rows if legend else 0)
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "yref": "container", "y": 1, "yanchor": "top",
               "pad": {"t": 10}, "font": {"size": 15}} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": top, "b": 10},
        showlegend=legend,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.01, "x": 0, "xanchor": "left",
                "traceorder": "normal"},
        hoverlabel={"namelength": -1},
        **layout,
    )
    return fig


def _axis_value(value: float, log: bool) -> float:
    """An annotation's coordinate on a data axis: plotly places annotations on a log axis in log10
    units, while shapes (lines) and traces use data units (plotly.py issue 2580)."""
    return math.log10(value) if log else value


def vline(fig: go.Figure, x: float, *, log_x: bool, line: dict[str, Any], text: str = "", top: bool = True,
          **font: Any) -> None:
    """A vertical line at data value ``x`` and its label at the top (or bottom) of the plot, placed
    right on log axes too (`plotly.graph_objects.Figure.add_vline`'s own label is not)."""
    fig.add_vline(x=x, line=line)
    if text:
        fig.add_annotation(x=_axis_value(x, log_x), xref="x", y=1 if top else 0, yref="paper", text=text,
                           showarrow=False, xanchor="right", yanchor="top" if top else "bottom", **font)


def hline(fig: go.Figure, y: float, *, log_y: bool, line: dict[str, Any], text: str = "", **font: Any) -> None:
    """A horizontal line at data value ``y`` and its label at the right end, right on log axes too."""
    fig.add_hline(y=y, line=line)
    if text:
        fig.add_annotation(x=1, xref="paper", y=_axis_value(y, log_y), yref="y", text=text, showarrow=False,
                           xanchor="right", yanchor="top", **font)


def log_range(values: list[float], pad: float = 1.15) -> list[float]:
    """An explicit log-axis range (log10 units) covering the positive ``values`` with a margin."""
    pos = [v for v in values if v is not None and math.isfinite(v) and v > 0]
    if not pos:
        return [0.0, 1.0]
    return [math.log10(min(pos) / pad), math.log10(max(pos) * pad)]
