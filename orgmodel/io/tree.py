"""An org chart given as people and their managers: checks, and its layout as an `OrgTable`.

`people_problems` finds what keeps ``org.people`` from being one forest of known people;
`table_from_people` lays it out, applying ``max_team_size`` and ``max_span`` as what-ifs:
a lead with more engineers than the cap has the team split into balanced teams under new leads
(siblings of the old lead), and anyone with more direct reports than the span gets layers of new
middle managers between them and their reports (the founders' tier stays exempt, as in
`orgmodel.orgtable.layout`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple, Protocol

import numpy as np

from orgmodel.limits import MAX_ORG_DEPTH
from orgmodel.orgtable import OrgTable, Role, balanced_parents

__all__ = [
    "PersonLike", "PersonRow", "find_cycles", "gc_paused", "manager_chain_depths", "people_problems",
    "table_from_people",
]


class PersonLike(Protocol):
    """What a person needs for the checks and the layout: `orgmodel.scenario.Person` or `PersonRow`."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def manager_id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def team(self) -> str: ...


class PersonRow(NamedTuple):
    """A person as the importer reads them (validated as `orgmodel.scenario.Person` in a scenario)."""

    id: str
    name: str
    manager_id: str
    role: str
    department: str
    team: str

ROLE_CODE = {r.label: int(r) for r in Role}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while per-person lists are built.

    Building 100,000 small lists and dicts triggers a full collection of every live object many
    times over (each pass walks the whole heap); the structures built here hold no cycles, so
    pausing it is safe. With it (and one validation pass) the 15,000-person import and report of
    benchmarks/bench_import.py went from 1.44 s to 0.67 s.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def find_cycles(parent: Sequence[int], limit: int = 5) -> list[list[int]]:
    """Up to ``limit`` manager cycles in a parent array (-1 = no manager), each as its rows.

    O(N): each row is walked up once; a walk that meets a row of the same walk closes a cycle.
    """
    n = len(parent)
    state = [0] * n  # 0 new, 1 on the current walk, 2 done
    cycles: list[list[int]] = []
    for start in range(n):
        if state[start]:
            continue
        path: list[int] = []
        v = start
        while v >= 0 and state[v] == 0:
            state[v] = 1
            path.append(v)
            v = parent[v]
        if v >= 0 and state[v] == 1 and len(cycles) < limit:
            cycles.append(path[path.index(v):])
        for u in path:
            state[u] = 2
    return cycles


def manager_chain_depths(parent: Sequence[int]) -> list[int]:
    """Edges from each row up to its root (the chart must have no cycle). O(N)."""
    n = len(parent)
    depth = [-1] * n
    for start in range(n):
        if depth[start] >= 0:
            continue
        path = []
        v = start
        while v >= 0 and depth[v] < 0:
            path.append(v)
            v = parent[v]
        base = depth[v] if v >= 0 else -1
        for u in reversed(path):
            base += 1
            depth[u] = base
    return depth


def people_problems(people: Sequence[PersonLike], limit: int = 20) -> list[str]:
    """What stops ``people`` being a forest: duplicate ids, unknown managers, cycles, depth, root roles."""
    with gc_paused():
        return _people_problems(people, limit)


def _people_problems(people: Sequence[PersonLike], limit: int) -> list[str]:
    problems: list[str] = []
    index: dict[str, int] = {}
    for i, p in enumerate(people):
        if p.id in index:
            problems.append(f"people.{i}.id = {p.id!r} appears twice; ids must be unique")
        index.setdefault(p.id, i)
    parent = []
    for i, p in enumerate(people):
        if not p.manager_id:
            parent.append(-1)
            if p.role != "founder":
                problems.append(f"people.{i} ({p.id!r}) has no manager, so is at the top: role must be founder")
            continue
        m = index.get(p.manager_id)
        if m is None:
            problems.append(f"people.{i}.manager_id = {p.manager_id!r} is not the id of anyone in people")
            m = -1
        elif m == i:
            problems.append(f"people.{i} ({p.id!r}) is their own manager")
            m = -1
        parent.append(m)
        if len(problems) >= limit:
            return problems
    if not people:
        problems.append("people is empty: an organisation needs at least one person")
    for cycle in find_cycles(parent):
        problems.append("a manager cycle: " + " -> ".join(repr(people[r].id) for r in cycle[:10]))
    if not problems and max(manager_chain_depths(parent), default=0) > MAX_ORG_DEPTH:
        problems.append(f"manager chains are more than {MAX_ORG_DEPTH} levels deep; the limit is {MAX_ORG_DEPTH}")
    return problems[:limit]


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
    (the founders' tier of `orgmodel.orgtable.layout`); those edges are not counted in spans
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
