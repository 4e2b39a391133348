"""Yearly buybacks: the company buys a share of vested, held options at the latest round price."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.equity.captable import CapTable
from orgmodel.equity.vesting import vested_fraction, years_between

__all__ = ["BuybackEvent", "OptionBook", "option_book"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class BuybackEvent:
    """One buyback: on ``date`` at ``price_usd`` a share, ``shares`` bought for ``cash_usd``."""

    date: dt.date
    price_usd: float
    shares: float
    cash_usd: float
    by_tranche: tuple[float, ...] = ()
    """Options bought back from each stage's tranche (sums to ``shares``)."""


@dataclass(frozen=True, eq=False)
class OptionBook:
    """One holder's options by tranche (a grant of ``granted`` per stage), after buybacks.

    All arrays are indexed by cap-table stage. Scale by the holder's share of the grants.
    """

    granted: FloatArray
    strike_usd: FloatArray
    vested: FloatArray
    """Vested at ``as_of`` (including those since sold)."""
    sold: FloatArray
    """Bought back by ``as_of`` (always vested)."""
    cash_usd: float
    events: tuple[BuybackEvent, ...]

    @property
    def held(self) -> FloatArray:
        return self.granted - self.sold

    @property
    def vested_held(self) -> FloatArray:
        return self.vested - self.sold

    def value_usd(self, price_usd: float, vested_only: bool = False) -> float:
        """Intrinsic value of the options still held: ``sum_s H_s max(price - K_s, 0)``."""
        held = self.vested_held if vested_only else self.held
        return float(held @ np.maximum(price_usd - self.strike_usd, 0.0))


def option_book(
    cap: CapTable,
    granted: FloatArray,
    *,
    as_of: dt.date,
    vesting_years: float,
    cliff_years: float,
    buyback_rate_per_year: float = 0.0,
    buyback_first_year: int | None = None,
) -> OptionBook:
    """Vest a holder's tranches to ``as_of`` and run the yearly buybacks on them.

    Parameters
    ----------
    cap : the cap table (stage dates and prices).
    granted : the holder's options per stage (tranche), granted at the stage's date and price.
    as_of : date of the figures.
    vesting_years, cliff_years : vesting schedule from each tranche's grant date.
    buyback_rate_per_year : share r of vested, held, in-the-money options bought each 31 Dec.
    buyback_first_year : first buyback year (default: the first round's year).

    Notes
    -----
    On 31 Dec of each year y (first year to ``as_of``), with ``P_y`` the latest round price on
    or before that day: ``sold_s += r (G_s v(t_y - d_s) - sold_s)`` for tranches with
    ``P_y > K_s``, and the holder receives ``sum_s r (...) (P_y - K_s)``. Bought-back options
    return to the unallocated pool, so no one else's share count changes.
    """
    dates = cap.dates
    granted = np.asarray(granted, dtype=float)
    strike = cap.price_usd
    elapsed = np.array([years_between(d, as_of) for d in dates])
    vested = granted * vested_fraction(elapsed, vesting_years, cliff_years) * (elapsed >= 0)
    sold = np.zeros_like(granted)
    events: list[BuybackEvent] = []
    cash = 0.0
    if buyback_rate_per_year > 0 and len(dates) > 1:
        first = buyback_first_year if buyback_first_year is not None else dates[1].year
        for year in range(first, as_of.year + 1):
            day = dt.date(year, 12, 31)
            if day > as_of:
                break
            priced = [k for k in range(1, len(dates)) if dates[k] <= day]
            if not priced:
                continue
            price = float(strike[priced[-1]])
            t = np.array([years_between(d, day) for d in dates])
            v = granted * vested_fraction(t, vesting_years, cliff_years) * (t >= 0)
            sell = buyback_rate_per_year * np.maximum(v - sold, 0.0) * (price > strike)
            paid = float(sell @ np.maximum(price - strike, 0.0))
            sold += sell
            cash += paid
            events.append(BuybackEvent(date=day, price_usd=price, shares=float(sell.sum()), cash_usd=paid,
                                       by_tranche=tuple(float(x) for x in sell)))
    return OptionBook(
        granted=granted, strike_usd=strike, vested=vested, sold=sold, cash_usd=cash, events=tuple(events)
    )
