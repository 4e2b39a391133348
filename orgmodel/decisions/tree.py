"""Level-by-level passes over an `OrgTable`: subtree sums up, path sums down, founder of each row.

Every department hangs below a founder (level 0); these passes stop at the founders, so a
founder's subtree is their own department and a path ends at the person's founder.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.orgtable import OrgTable

__all__ = ["LevelOrder"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class LevelOrder:
    """Rows grouped by ``level``; ``below[k]`` are the rows at level ``k + 1``."""

    parent: IntArray
    below: tuple[IntArray, ...]
    top: IntArray
    """Row of each person's founder (the level-0 ancestor); founders map to themselves."""

    @classmethod
    def of(cls, table: OrgTable) -> LevelOrder:
        level = np.asarray(table.level, dtype=np.int64)
        parent = np.asarray(table.parent, dtype=np.int64)
        n = len(parent)
        if n == 0:
            return cls(parent, (), np.empty(0, dtype=np.int64))
        order = np.argsort(level, kind="stable")
        counts = np.bincount(level, minlength=int(level.max()) + 1)
        groups = np.split(order, np.cumsum(counts)[:-1])
        below = tuple(g.astype(np.int64) for g in groups[1:])
        for rows in below:
            if rows.size and np.any(level[parent[rows]] != level[rows] - 1):
                raise ValueError("level must be one more than the manager's level below the founders")
        top = np.arange(n, dtype=np.int64)
        for rows in below:
            top[rows] = top[parent[rows]]
        return cls(parent, below, top)

    def subtree_sum(self, values: FloatArray) -> FloatArray:
        """Sum of ``values`` over each row's subtree (itself included), cut at the founders.

        Notes
        -----
        One ``bincount`` per level, deepest first: ``S(v) = x(v) + sum_{c child of v} S(c)``.
        """
        out = np.array(values, dtype=np.float64, copy=True)
        n = out.shape[0]
        for rows in reversed(self.below):
            out += np.bincount(self.parent[rows], weights=out[rows], minlength=n)
        return out

    def path_sum(self, at_founder: FloatArray, step: FloatArray) -> FloatArray:
        """``P(v) = P(parent(v)) + step(v)`` top-down, with ``P(founder) = at_founder(founder)``."""
        out = np.array(at_founder, dtype=np.float64, copy=True)
        for rows in self.below:
            out[rows] = out[self.parent[rows]] + step[rows]
        return out

    def path_any(self, at_founder: NDArray[np.bool_], step: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """``A(v) = A(parent(v)) or step(v)`` top-down, with ``A(founder) = at_founder(founder)``."""
        out = np.array(at_founder, dtype=bool, copy=True)
        for rows in self.below:
            out[rows] = out[self.parent[rows]] | step[rows]
        return out

    def sibling_rank(self) -> IntArray:
        """1-based position of each row among its manager's reports (row order); 0 for the root."""
        n = self.parent.shape[0]
        rank = np.zeros(n, dtype=np.int64)
        has = np.flatnonzero(self.parent >= 0)
        if has.size == 0:
            return rank
        order = has[np.argsort(self.parent[has], kind="stable")]
        p = self.parent[order]
        first = np.r_[True, p[1:] != p[:-1]]
        group_start = np.maximum.accumulate(np.where(first, np.arange(order.size), 0))
        rank[order] = np.arange(order.size) - group_start + 1
        return rank
