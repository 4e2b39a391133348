"""Vesting: the share of a grant that has vested after some years, with a cliff."""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["DAYS_PER_YEAR", "vested_fraction", "years_between"]

DAYS_PER_YEAR = 365.25


def years_between(start: dt.date, end: dt.date) -> float:
    """Years from ``start`` to ``end`` (negative if ``end`` is earlier), 365.25 days each."""
    return (end - start).days / DAYS_PER_YEAR


def vested_fraction(years: ArrayLike, vesting_years: float, cliff_years: float) -> NDArray[np.float64]:
    """Share of a grant vested ``years`` after the grant; linear after a cliff.

    Notes
    -----
    ``v(t) = 0`` for ``t < cliff``, else ``min(1, t / vesting_years)`` (so at the cliff the
    first ``cliff / vesting_years`` vests at once); ``vesting_years = 0`` vests at grant.
    """
    t = np.asarray(years, dtype=float)
    if vesting_years <= 0:
        return np.where(t >= 0, 1.0, 0.0)
    return np.where(t < cliff_years, 0.0, np.clip(t / vesting_years, 0.0, 1.0))
