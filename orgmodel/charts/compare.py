"""Compare charts: a difference B - A walked through each setting group's contribution."""

from __future__ import annotations

from collections.abc import Mapping

import plotly.graph_objects as go

from orgmodel.charts.style import finish

__all__ = ["attribution_waterfall"]


def attribution_waterfall(a_name: str, b_name: str, a_value: float, contributions: Mapping[str, float],
                          b_value: float, *, label: str, unit: str, title: str = "") -> go.Figure:
    """A's value, each group's contribution (Shapley value), then B's value, as a waterfall.

    The bars climb from A by each contribution; they end at B because the contributions add up to B - A.
    """
    names = [a_name, *contributions, b_name]
    measure = ["absolute", *(["relative"] * len(contributions)), "total"]
    values = [a_value, *contributions.values(), b_value]
    fig = go.Figure(go.Waterfall(
        x=names, y=values, measure=measure, orientation="v",
        increasing={"marker": {"color": "#e8590c"}}, decreasing={"marker": {"color": "#1c7ed6"}},
        totals={"marker": {"color": "#868e96"}}, connector={"line": {"color": "#adb5bd", "width": 1}},
        hovertemplate="%{x}: %{y:.3g} " + unit + "<extra></extra>",
    ))
    fig.update_yaxes(title_text=f"{label} ({unit})")
    fig.update_xaxes(title_text="A, then each setting group's contribution, then B")
    return finish(fig, title=title or f"{label}: from {a_name} to {b_name}, group by group", legend=False)
