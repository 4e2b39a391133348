"""An org chart given as people and their managers, laid out as an `OrgTable`.

(`orgmodel.people.people_problems` checks it is one forest of known people first.)
`table_from_people` lays it out, applying ``max_team_size`` and ``max_span`` as what-ifs:
a lead with more engineers than the cap has the team split into balanced teams under new leads
(siblings of the old lead), and anyone with more direct reports than the span gets layers of new
middle managers between them and their reports (the founders' tier stays exempt, as in
`orgmodel.layout.layout`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from orgmodel.orgtable import OrgTable, Role, balanced_parents
from orgmodel.people import PersonLike, gc_paused

__all__ = ["table_from_people"]


ROLE_CODE: dict[str, int] = {r.label: int(r) for r in Role}


class _Rows:
    """Growable person columns while the what-ifs add new leads and managers."""

    def __init__(self, people: Sequence[PersonLike]) -> None:
        index = {p.id: i for i, p in enumerate(people)}
        self.ids: list[str] = [p.id for p in people]
        self.names: list[str] = [p.name or p.id for p in people]
        self.parent: list[int] = [index[p.manager_id] if p.manager_id else -1 for p in people]
        self.role: list[int] = [ROLE_CODE[p.role] for p in people]
        self.dept: list[str] = [p.department for p in people]
        self.team: list[str] = [p.team for p in people]
        self.taken = set(self.ids)

    def add(self, stem: str, name: str, parent: int, role: Role, dept: str, team: str) -> int:
        new_id, k = stem, 1
        while new_id in self.taken:
            k += 1
            new_id = f"{stem}~{k}"
        self.taken.add(new_id)
        self.ids.append(new_id)
        self.names.append(name)
        self.parent.append(parent)
        self.role.append(int(role))
        self.dept.append(dept)
        self.team.append(team)
        return len(self.ids) - 1

    def children(self) -> list[list[int]]:
        kids: list[list[int]] = [[] for _ in self.ids]
        for i, p in enumerate(self.parent):
            if p >= 0:
                kids[p].append(i)
        return kids


def _split_teams(rows: _Rows, cap: int) -> None:
    """Teams over the cap split into ``ceil(n / cap)`` balanced teams; the old lead keeps the first."""
    kids = rows.children()
    for lead in range(len(kids)):
        if rows.role[lead] != Role.LEAD:
            continue
        members = [c for c in kids[lead] if rows.role[c] == Role.ENGINEER]
        if len(members) <= cap:
            continue
        n_teams = -(-len(members) // cap)
        chunk = balanced_parents(len(members), n_teams, 0).tolist()
        team = rows.team[lead] or f"team of {rows.names[lead]}"
        if not rows.team[lead]:
            rows.team[lead] = team
            for m in members:
                rows.team[m] = team
        new_leads = [lead] + [
            rows.add(f"{rows.ids[lead]}+lead{k + 1}", f"new lead {k + 1} ({team})", rows.parent[lead], Role.LEAD,
                     rows.dept[lead], f"{team}/{k + 1}")
            for k in range(1, n_teams)
        ]
        for m, k in zip(members, chunk):
            if k:
                rows.parent[m] = new_leads[k]
                rows.team[m] = f"{team}/{k + 1}"


def _insert_managers(rows: _Rows, span: int) -> None:
    """Anyone with more than ``span`` reports gets layers of new managers (founders' tier exempt)."""
    kids = rows.children()
    for boss in range(len(kids)):
        below = [c for c in kids[boss] if rows.role[c] != Role.FOUNDER]
        if len(below) <= span:
            continue
        layers: list[int] = []
        groups = len(below)
        while groups > span:
            groups = -(-groups // span)
            layers.append(groups)
        above = [boss]
        for layer, count in enumerate(reversed(layers), start=1):
            owners = balanced_parents(count, len(above), 0).tolist()
            dept = rows.dept[boss] or rows.dept[below[0]]
            above = [
                rows.add(f"{rows.ids[boss]}+mgr{layer}.{j + 1}",
                         f"new manager {layer}.{j + 1} under {rows.names[boss]}", above[o], Role.MANAGER, dept, "")
                for j, o in enumerate(owners)
            ]
        for c, o in zip(below, balanced_parents(len(below), len(above), 0).tolist()):
            rows.parent[c] = above[o]


def table_from_people(
    people: Sequence[PersonLike], max_team_size: int | None = None, max_span: int | None = None
) -> OrgTable:
    """Lay out an imported chart as an `OrgTable`, applying the cap and span what-ifs.

    Parameters
    ----------
    people : a forest (checked by `people_problems`); roots must be founders.
    max_team_size : most engineers under one lead; None = keep teams as they are.
    max_span : most direct reports per person (the founders' tier exempt); None = no limit.

    Notes
    -----
    The first root is row 0; other roots report to it and, like every founder, sit at level 0
    (the founders' tier of `orgmodel.layout.layout`); those edges are not counted in spans
    (``OrgTable.peer_founders``). Rows are in breadth-first order, so a
    manager's row comes before their reports'. The cap is ``min(max_team_size, max_span)`` as in
    the generated layout (a lead is a manager too). O(N) Python.
    """
    with gc_paused():
        return _table_from_people(people, max_team_size, max_span)


def _table_from_people(people: Sequence[PersonLike], max_team_size: int | None, max_span: int | None) -> OrgTable:
    rows = _Rows(people)
    roots = [i for i, p in enumerate(rows.parent) if p < 0]
    for r in roots[1:]:
        rows.parent[r] = roots[0]
    cap = max_team_size if max_span is None else (max_span if max_team_size is None else min(max_team_size, max_span))
    if cap is not None:
        _split_teams(rows, cap)
    if max_span is not None:
        _insert_managers(rows, max_span)
    kids = rows.children()
    order = [roots[0]]
    for v in order:  # breadth-first: the list grows while it is walked
        order.extend(kids[v])
    new_row = {v: i for i, v in enumerate(order)}
    founder = int(Role.FOUNDER)
    leaders = {p for v, p in enumerate(rows.parent)  # a manager or founder leading their own engineers
               if p >= 0 and rows.role[v] == Role.ENGINEER and rows.team[v] and rows.team[v] == rows.team[p]}
    parent = [-1] * len(order)
    level = [0] * len(order)
    dept_index: dict[str, int] = {}
    team_index: dict[str, int] = {}
    department = [-1] * len(order)
    team = [-1] * len(order)
    for i, v in enumerate(order):
        p = rows.parent[v]
        if p >= 0:
            parent[i] = new_row[p]
            level[i] = 0 if rows.role[v] == founder else level[parent[i]] + 1
        if rows.dept[v] and rows.role[v] != founder:
            department[i] = dept_index.setdefault(rows.dept[v], len(dept_index))
        if rows.team[v] and (rows.role[v] in (Role.LEAD, Role.ENGINEER) or v in leaders):
            team[i] = team_index.setdefault(rows.team[v], len(team_index))
    return OrgTable(
        parent=np.array(parent, dtype=np.int64),
        role=np.array([rows.role[v] for v in order], dtype=np.int8),
        department=np.array(department, dtype=np.int64),
        team=np.array(team, dtype=np.int64),
        level=np.array(level, dtype=np.int64),
        department_names=tuple(dept_index),
        team_names=tuple(team_index),
        founder_names=(),
        names=tuple(rows.names[v] for v in order),
        ids=tuple(rows.ids[v] for v in order),
        peer_founders=len(roots) > 1,
    )
