"""Control loss (Williamson 1967): the share of intent that survives the hops down to engineers."""

from __future__ import annotations

import numpy as np

from orgmodel.orgtable import OrgTable, Role

__all__ = ["fidelity_at_engineers"]


def fidelity_at_engineers(table: OrgTable, fidelity_per_hop: float) -> float:
    """Mean share of a founder's intent that reaches an engineer (1.0 if there are none).

    Notes
    -----
    Williamson (1967): each hierarchical level transmits a fraction ``alpha`` of the intent of
    the level above, so after ``n`` hops ``alpha^n`` remains. Here ``n`` is the engineer's
    ``level`` (hops below their founder) and the figure is ``mean_e alpha^level(e)``.
    """
    hops = table.level[table.role == Role.ENGINEER]
    if hops.size == 0:
        return 1.0
    return float(np.mean(np.power(float(fidelity_per_hop), hops.astype(np.float64))))
