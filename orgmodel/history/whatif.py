"""What-ifs on the fitted organisation: a team-size cap, two teams merged, a reviewer moved.

Each rebuilds the teams, runs the fitted model on them (same arrivals, effort, policy, absences and
author delay) and recomputes, on the measured reviews of the fit window, the share that would
cross teams. A cap splits a team into ``ceil(n / cap)`` balanced parts keeping people in the
order of a breadth-first walk of the co-review graph from its most active member, so people who
review each other tend to stay together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import networkx as nx
import numpy as np

from orgmodel.history import communities as com
from orgmodel.history.fit import FittedModel, predict, team_scenario
from orgmodel.history.measure import WindowData
from orgmodel.history.result import WhatIf
from orgmodel.scenario import WorkWeek

__all__ = ["capped_teams", "merged_teams", "moved_teams", "what_ifs"]

Teams = list[list[int]]


def capped_teams(teams: Sequence[Sequence[int]], cap: int, graph: nx.Graph) -> Teams:
    """Every team over ``cap`` split into balanced parts of consecutive people in co-review order."""
    out: Teams = []
    for members in teams:
        if len(members) <= cap:
            out.append(list(members))
            continue
        inside = graph.subgraph(members)
        order: list[int] = []
        for start in members:  # most active first; covers disconnected pieces
            if start not in order:
                order += [p for p in nx.bfs_tree(inside, start) if p not in order] if start in inside else [start]
        parts = math.ceil(len(order) / cap)
        out += [list(chunk) for chunk in np.array_split(np.array(order), parts)]
    return [[int(p) for p in t] for t in out]


def merged_teams(teams: Sequence[Sequence[int]], a: int = 0, b: int = 1) -> Teams:
    """Teams ``a`` and ``b`` as one."""
    out = [list(t) for k, t in enumerate(teams) if k not in (a, b)]
    return [list(teams[a]) + list(teams[b]), *out]


def moved_teams(teams: Sequence[Sequence[int]], person: int, to: int) -> Teams:
    """``person`` moved into team ``to`` (their old team kept even if it empties to one)."""
    out = [[p for p in t if p != person] for t in teams]
    out[to].append(person)
    return [t for t in out if t]


def _case(label: str, teams: Teams, model: FittedModel, names: Sequence[str], data: WindowData,
          work: WorkWeek, seed: int) -> WhatIf:
    scenario = team_scenario(teams, names, data, work, model.engine, seed)
    q, _ = predict(model, scenario, seed)
    where = com.team_of(teams, len(names))
    share = com.cross_share(where[data.author[data.review_change]], where[data.review_person])
    return WhatIf(label=label, teams=len(teams), largest_team=max(len(t) for t in teams),
                  p50_calendar_hours=None if np.isnan(q[0]) else float(q[0]),
                  p90_calendar_hours=None if np.isnan(q[2]) else float(q[2]), cross_team_share=share)


def what_ifs(model: FittedModel, teams: Teams, names: Sequence[str], data: WindowData, work: WorkWeek,
             cap: int, seed: int = 2012) -> list[WhatIf]:
    """Today, a cap at ``cap``, the two largest teams merged, and the busiest reviewer moved to team 2."""
    graph = com.co_review_graph(com.review_graph(data.author, data.review_change, data.review_person))
    cases = [("today (fitted)", teams), (f"teams capped at {cap}", capped_teams(teams, cap, graph))]
    if len(teams) >= 2:
        cases.append(("teams 1 and 2 merged", merged_teams(teams)))
        if data.review_person.size:
            busiest = int(np.bincount(data.review_person).argmax())
            home = next((k for k, t in enumerate(teams) if busiest in t), 0)
            to = 1 if home == 0 else 0
            cases.append((f"busiest reviewer ({names[busiest]}) moved to team {to + 1}",
                          moved_teams(teams, busiest, to)))
    return [_case(label, t, model, names, data, work, seed) for label, t in cases]
