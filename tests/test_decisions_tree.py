"""Level-by-level passes: subtree sums, path sums, founder of each row, sibling rank."""

from __future__ import annotations

import numpy as np

from orgmodel.decisions.tree import LevelOrder
from tests.test_decisions_control import chain_table


def test_subtree_and_path_sums_by_hand() -> None:
    table = chain_table()  # CEO(0) - manager(1) - lead(2) - eng(3); CEO(0) - lead(4) - eng(5); founder(6)
    order = LevelOrder.of(table)
    ones = np.ones(len(table))
    assert order.subtree_sum(ones).tolist() == [6, 3, 2, 1, 2, 1, 1]
    assert order.top.tolist() == [0, 0, 0, 0, 0, 0, 6]
    depth = order.path_sum(np.zeros(len(table)), ones)
    assert depth.tolist() == table.level.tolist()
    assert order.sibling_rank().tolist() == [0, 1, 1, 1, 2, 1, 3]


def test_subtree_sums_stop_at_founders() -> None:
    table = chain_table()
    eng = (table.role == 3).astype(float)
    eng[6] = 0
    sums = LevelOrder.of(table).subtree_sum(eng)
    assert sums[0] == 2 and sums[6] == 0
