"""The organisation as columns: one row per person, numpy arrays for parent, role, team, level.

`OrgTable` is the compact form every engine works on (a million people fit in a few arrays);
`build.build_org` turns it into the networkx graph. `layout` builds it from a scenario:
teams split as soon as they pass the cap, and middle managers appear only where a span limit
forces them, so layers emerge from the span rather than being typed in.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from orgmodel.scenario import ImportInfo, Scenario

__all__ = ["OrgTable", "Role", "balanced_parents", "layout"]

IntArray = NDArray[np.int64]


class Role(IntEnum):
    """What a person does in the tree. Leads head one team; managers head managers or leads."""

    FOUNDER = 0
    MANAGER = 1
    LEAD = 2
    ENGINEER = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> Role:
        try:
            return cls[label.strip().upper()]
        except KeyError:
            allowed = ", ".join(r.label for r in cls)
            raise ValueError(f"role {label!r} is not one of: {allowed}") from None


ROLE_LABELS: tuple[str, ...] = tuple(r.label for r in Role)


@dataclass(frozen=True, eq=False)
class OrgTable:
    """One row per person. Row 0 is the root (the CEO); ``parent`` is -1 there only.

    Attributes
    ----------
    parent : manager's row, -1 for the root.
    role : `Role` code per row.
    department : index into ``department_names``, -1 for founders.
    team : index into ``team_names`` for leads and engineers, -1 otherwise.
    level : 0 for founders, one more than the manager's level below them.
    founder_names : names of founder rows ``0..F-1`` (a laid-out table keeps founders first).
    names : person names, or None to generate them from role, department and team.
    ids : external ids (from an uploaded CSV), or None to use the row number.
    imported : how an imported chart (``org.people``) was read, or None.
    """

    parent: IntArray
    role: NDArray[np.int8]
    department: IntArray
    team: IntArray
    level: IntArray
    department_names: tuple[str, ...]
    team_names: tuple[str, ...]
    founder_names: tuple[str, ...] = ()
    names: tuple[str, ...] | None = None
    ids: tuple[Hashable, ...] | None = None
    imported: ImportInfo | None = None
    vacant: NDArray[np.bool_] | None = None
    """True for an open role (a position with no person yet); None when there are none."""
    dotted: IntArray | None = None
    """Dotted lines as (row, secondary manager's row) pairs, shape (k, 2); None when there are none."""

    def __len__(self) -> int:
        return int(self.parent.shape[0])

    @property
    def headcount(self) -> int:
        return len(self)

    def count(self, role: Role) -> int:
        """People with this role."""
        return int(np.count_nonzero(self.role == role))

    @cached_property
    def team_sizes(self) -> IntArray:
        """Engineers in each team (the lead not counted), indexed like ``team_names``."""
        eng = self.team[(self.role == Role.ENGINEER) & (self.team >= 0)]
        return np.bincount(eng, minlength=len(self.team_names)).astype(np.int64)

    @cached_property
    def team_department(self) -> IntArray:
        """Department index of each team (-1 if its members carry none)."""
        out = np.full(len(self.team_names), -1, dtype=np.int64)
        members = self.team >= 0
        out[self.team[members]] = self.department[members]
        return out

    @cached_property
    def depth(self) -> IntArray:
        """Edges from the root to each row (founders below the CEO are at depth 1)."""
        depth = np.zeros(len(self), dtype=np.int64)
        unresolved = self.parent >= 0
        known = ~unresolved
        safe_parent = np.where(unresolved, self.parent, 0)
        while unresolved.any():
            ready = unresolved & known[safe_parent]
            if not ready.any():
                raise ValueError("the manager chain loops: not a tree")
            depth[ready] = depth[self.parent[ready]] + 1
            known |= ready
            unresolved &= ~ready
        return depth

    @cached_property
    def direct_reports(self) -> IntArray:
        """Number of direct reports per row."""
        has_parent = self.parent >= 0
        return np.bincount(self.parent[has_parent], minlength=len(self)).astype(np.int64)

    def name_of(self, row: int) -> str:
        """A person's name; generated ones read like ``engineer MIUI/3 #2``."""
        if self.names is not None:
            return self.names[row]
        role = Role(int(self.role[row]))
        if role is Role.FOUNDER:
            return self.founder_names[row] if row < len(self.founder_names) else f"founder #{row}"
        dept = self.department_names[self.department[row]] if self.department[row] >= 0 else ""
        if role is Role.MANAGER:
            return f"manager {dept} #{row}"
        return f"{role.label} {self.team_names[self.team[row]]} #{row}"

    def id_of(self, row: int) -> str:
        return str(self.ids[row]) if self.ids is not None else str(row)


def balanced_parents(n_children: int, n_parents: int, first_parent: int) -> IntArray:
    """Assign ``n_children`` to ``n_parents`` in contiguous chunks whose sizes differ by at most 1."""
    if n_children == 0:
        return np.empty(0, dtype=np.int64)
    return first_parent + (np.arange(n_children, dtype=np.int64) * n_parents) // n_children


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
        from orgmodel.edits.table import people_table

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
