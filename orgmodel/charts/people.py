"""A person in the org chart: their chain to the top and their team, highlighted."""

from __future__ import annotations

import plotly.graph_objects as go

from orgmodel.charts.orgchart import MAX_TREE_PEOPLE, org_tree, tree_positions
from orgmodel.charts.style import ROLE_COLOURS, finish
from orgmodel.orgtable import ROLE_LABELS, OrgTable

__all__ = ["person_chart"]

HIGHLIGHT = "#d6336c"


def _overlay(fig: go.Figure, xs: list[float], ys: list[float], chain: list[int], team: list[int],
             table: OrgTable) -> None:
    fig.add_trace(go.Scatter(
        x=[xs[r] for r in chain], y=[ys[r] for r in chain], mode="lines+markers", name="chain to the top",
        line={"color": HIGHLIGHT, "width": 3}, marker={"size": 12, "color": HIGHLIGHT},
        text=[table.name_of(r) for r in chain], hovertemplate="%{text}<extra>chain</extra>",
    ))
    fig.add_trace(go.Scatter(
        x=[xs[r] for r in team], y=[ys[r] for r in team], mode="markers", name="their team",
        marker={"size": 14, "color": "rgba(0,0,0,0)", "line": {"color": HIGHLIGHT, "width": 2}},
        text=[table.name_of(r) for r in team], hovertemplate="%{text}<extra>team</extra>",
    ))


def person_chart(table: OrgTable, row: int, chain: list[int], team: list[int], *, title: str = "") -> go.Figure:
    """The org chart with ``chain`` (rows from the person to the top) and ``team`` highlighted.

    Up to `MAX_TREE_PEOPLE` people the whole chart is drawn; above that only the chain and the
    team, one level per row, so a 100,000-person org still draws in milliseconds.
    """
    if len(table) <= MAX_TREE_PEOPLE:
        fig = org_tree(table, title=title)
        x, y = tree_positions(table)
        _overlay(fig, x.tolist(), y.tolist(), chain, team, table)
        fig.update_layout(showlegend=True)
        return fig
    shown = list(dict.fromkeys([*reversed(chain), *team]))
    depth = {r: len(chain) - 1 - i for i, r in enumerate(chain)}
    members = [r for r in team if r not in depth]
    xs: dict[int, float] = {r: 0.5 for r in chain}
    for k, r in enumerate(members):
        xs[r] = (k + 0.5) / max(len(members), 1)
        depth[r] = depth[team[0]] + 1 if team[0] in depth else depth[row] + 1
    fig = go.Figure()
    for code, label in enumerate(ROLE_LABELS):
        rows = [r for r in shown if int(table.role[r]) == code]
        if rows:
            fig.add_trace(go.Scatter(
                x=[xs[r] for r in rows], y=[-depth[r] for r in rows], mode="markers+text", name=f"{label}s",
                marker={"size": 10, "color": ROLE_COLOURS[label]}, text=[table.name_of(r) for r in rows],
                textposition="middle right", hovertemplate="%{text}<extra>" + label + "</extra>",
            ))
    fig.add_trace(go.Scatter(
        x=[xs[r] for r in chain], y=[-depth[r] for r in chain], mode="lines", name="chain to the top",
        line={"color": HIGHLIGHT, "width": 3}, hoverinfo="skip",
    ))
    fig.update_xaxes(visible=False, range=[-0.05, 1.2])
    fig.update_yaxes(title_text="reporting lines below the CEO")
    return finish(fig, title=title, height=200 + 40 * (len(chain) + 1))
