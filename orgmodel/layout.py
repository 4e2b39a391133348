"""Lay out a scenario's organisation as an `OrgTable`: founders, departments, teams and layers.

Teams split as soon as they pass the cap, and middle managers appear only where a span limit
forces them, so layers emerge from the span rather than being typed in. An imported chart
(``org.people``) is laid out by `orgmodel.io.tree.table_from_people` with the same what-ifs.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from orgmodel.edits.table import people_table
from orgmodel.orgtable import IntArray, OrgTable, Role, balanced_parents
from orgmodel.scenario import Scenario

__all__ = ["layout"]


def _manager_layers(n_leads: int, span: int | None) -> list[int]:
    """Managers needed per layer, top layer first, so nobody has more than ``span`` reports."""
    layers: list[int] = []
    groups = n_leads
    while span is not None and groups > span:
        groups = -(-groups // span)
        layers.append(groups)
    return layers[::-1]


def layout(scenario: Scenario) -> OrgTable:
    """Lay out the scenario's organisation as an `OrgTable`; deterministic, O(headcount) numpy.

    Notes
    -----
    Founders are rows ``0..F-1``; the first founder is the root and the others report to them
    (the partners' tier, exempt from ``max_span``). Each department of ``N`` engineers gets
    ``T = ceil(N / cap)`` teams of balanced size (``cap = min(max_team_size, max_span)``), one
    lead per team, and as many layers of middle managers as ``max_span`` requires between the
    head and the leads.
    """
    org = scenario.org
    if org.people is not None or scenario.edits:
        return people_table(scenario)
    founder_row = {f.name: i for i, f in enumerate(org.founders)}
    n_founders = len(org.founders)
    cap = org.team_cap

    parents: list[IntArray] = [np.array([-1] + [0] * (n_founders - 1), dtype=np.int64)]
    roles: list[NDArray[np.int8]] = [np.full(n_founders, Role.FOUNDER, dtype=np.int8)]
    depts: list[IntArray] = [np.full(n_founders, -1, dtype=np.int64)]
    teams: list[IntArray] = [np.full(n_founders, -1, dtype=np.int64)]
    levels: list[IntArray] = [np.zeros(n_founders, dtype=np.int64)]
    team_names: list[str] = []
    next_row = n_founders

    for d, dept in enumerate(org.departments):
        n_eng = dept.engineers
        n_teams = -(-n_eng // cap) if n_eng else 0
        above_row, above_count = founder_row[dept.head], 1
        level = 1
        for n_managers in _manager_layers(n_teams, org.max_span):
            parents.append(balanced_parents(n_managers, above_count, above_row))
            roles.append(np.full(n_managers, Role.MANAGER, dtype=np.int8))
            teams.append(np.full(n_managers, -1, dtype=np.int64))
            depts.append(np.full(n_managers, d, dtype=np.int64))
            levels.append(np.full(n_managers, level, dtype=np.int64))
            above_row, above_count = next_row, n_managers
            next_row += n_managers
            level += 1
        if n_teams == 0:
            continue
        first_team = len(team_names)
        team_names.extend(f"{dept.name}/{k + 1}" for k in range(n_teams))
        team_ids = np.arange(first_team, first_team + n_teams, dtype=np.int64)
        parents.append(balanced_parents(n_teams, above_count, above_row))
        roles.append(np.full(n_teams, Role.LEAD, dtype=np.int8))
        teams.append(team_ids)
        depts.append(np.full(n_teams, d, dtype=np.int64))
        levels.append(np.full(n_teams, level, dtype=np.int64))
        lead_row = next_row
        next_row += n_teams
        # balanced team sizes: the first N % T teams get one engineer more
        member_team = balanced_parents(n_eng, n_teams, 0)
        parents.append(lead_row + member_team)
        roles.append(np.full(n_eng, Role.ENGINEER, dtype=np.int8))
        teams.append(first_team + member_team)
        depts.append(np.full(n_eng, d, dtype=np.int64))
        levels.append(np.full(n_eng, level + 1, dtype=np.int64))
        next_row += n_eng

    return OrgTable(
        parent=np.concatenate(parents),
        role=np.concatenate(roles),
        department=np.concatenate(depts),
        team=np.concatenate(teams),
        level=np.concatenate(levels),
        department_names=tuple(d.name for d in org.departments),
        team_names=tuple(team_names),
        founder_names=tuple(f.name for f in org.founders),
    )
