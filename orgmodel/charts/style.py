"""Shared colours and layout defaults, chosen to read on light and dark backgrounds."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

__all__ = ["ROLE_COLOURS", "SCENARIO_COLOURS", "finish"]

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
