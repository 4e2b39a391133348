"""Control loss: fidelity^hops averaged over engineers (Williamson 1967)."""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.decisions.control import fidelity_at_engineers
from orgmodel.orgtable import OrgTable, Role


def chain_table() -> OrgTable:
    """CEO(0) - manager(1) - lead(2) - engineer(3); CEO - lead(4) - engineer(5); founder(6) under CEO."""
    F, M, L, E = Role.FOUNDER, Role.MANAGER, Role.LEAD, Role.ENGINEER
    return OrgTable(
        parent=np.array([-1, 0, 1, 2, 0, 4, 0]),
        role=np.array([F, M, L, E, L, E, F], dtype=np.int8),
        department=np.array([-1, 0, 0, 0, 0, 0, -1]),
        team=np.array([-1, -1, 0, 0, 1, 1, -1]),
        level=np.array([0, 1, 2, 3, 1, 2, 0]),
        department_names=("D",),
        team_names=("D/1", "D/2"),
        founder_names=("CEO", "", "", "", "", "", "Partner"),
    )


def test_fidelity_by_hand() -> None:
    f = 0.8
    assert fidelity_at_engineers(chain_table(), f) == pytest.approx((f**3 + f**2) / 2)


def test_perfect_relay_and_no_engineers() -> None:
    assert fidelity_at_engineers(chain_table(), 1.0) == 1.0
    table = chain_table()
    only_founders = OrgTable(
        parent=table.parent[:1], role=table.role[:1], department=table.department[:1],
        team=table.team[:1], level=table.level[:1], department_names=(), team_names=(),
    )
    assert fidelity_at_engineers(only_founders, 0.5) == 1.0
