"""Money that grows with time: cumulative dividends on a preference, interest on a convertible note."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

__all__ = ["Compounding", "DayCount", "accrued_usd", "year_fraction"]

DayCount = Literal["actual/365", "actual/360", "30/360"]
Compounding = Literal["simple", "compound"]


def _thirty_360(start: dt.date, end: dt.date) -> float:
    """US (NASD) 30/360: each month 30 days, a year 360 (the day-31 and February rules)."""
    d1, d2 = start.day, end.day
    last_feb = start.month == 2 and start.day == calendar.monthrange(start.year, 2)[1]
    if last_feb:
        d1 = 30
    if d1 == 31:
        d1 = 30
    if d2 == 31 and d1 == 30:
        d2 = 30
    return ((end.year - start.year) * 360 + (end.month - start.month) * 30 + (d2 - d1)) / 360.0


def year_fraction(start: dt.date, end: dt.date, day_count: DayCount = "actual/365") -> float:
    """Years from ``start`` to ``end`` by ``day_count`` (0 when ``end`` is not after ``start``).

    ``actual/365``: days / 365; ``actual/360``: days / 360; ``30/360``: the US 30/360 count.
    """
    if end <= start:
        return 0.0
    if day_count == "30/360":
        return _thirty_360(start, end)
    return (end - start).days / (360.0 if day_count == "actual/360" else 365.0)


def accrued_usd(principal_usd: float, rate_pct: float, years: float, compounding: Compounding = "simple") -> float:
    """What ``principal_usd`` earns at ``rate_pct`` % a year over ``years`` (US$, the principal not included).

    Simple: ``P r t``; compound (yearly): ``P ((1 + r)^t - 1)``, fractional years included.
    """
    r = rate_pct / 100.0
    if years <= 0 or r == 0:
        return 0.0
    if compounding == "compound":
        return principal_usd * ((1.0 + r) ** years - 1.0)
    return principal_usd * r * years
