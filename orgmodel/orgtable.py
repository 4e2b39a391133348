"""The organisation as columns: one row per person, numpy arrays for parent, role, team, level.

`OrgTable` is the compact form every engine works on (a million people fit in a few arrays);
`build.build_org` turns it into the networkx graph and `orgmodel.layout.layout` builds it from a
scenario. A leaf module: it knows people only through `orgmodel.people` (the role names and
`ImportInfo`), never the scenario.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    pass

from orgmodel.people import ROLE_LABELS, ImportInfo, RoleLabel

__all__ = ["ROLE_LABELS", "OrgTable", "Role", "balanced_parents"]

IntArray = NDArray[np.int64]


class Role(IntEnum):
    """What a person does in the tree. Leads head one team; managers head managers or leads."""

    FOUNDER = 0
    MANAGER = 1
    LEAD = 2
    ENGINEER = 3

    @property
    def label(self) -> RoleLabel:
        return ROLE_LABELS[self.value]

    @classmethod
    def from_label(cls, label: str) -> Role:
        try:
            return cls[label.strip().upper()]
        except KeyError:
            allowed = ", ".join(r.label for r in cls)
            raise ValueError(f"role {label!r} is not one of: {allowed}") from None


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
    peer_founders : True when the founders' tier is several people with no manager in a file:
        they sit under the first only to make one tree, so those edges are not reports (`span_reports`).
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
    peer_founders: bool = False
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

    @cached_property
    def span_reports(self) -> IntArray:
        """Direct reports counted in spans: ``direct_reports``, less founders under a founder when
        ``peer_founders`` (three roots of two reports each give spans 2, 2, 2, as the file's forest has)."""
        if not self.peer_founders:
            return self.direct_reports
        peers = (self.parent >= 0) & (self.role == Role.FOUNDER)
        return self.direct_reports - np.bincount(self.parent[peers], minlength=len(self)).astype(np.int64)

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
