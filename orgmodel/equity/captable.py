"""The cap table: shares by holder class after founding and after each priced round."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from orgmodel.equity.settings import FundingRound

__all__ = ["CapTable", "build_cap_table", "pool_top_up_shares"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class CapTable:
    """Shares issued at each stage: stage 0 is the founding, stage k the k-th round.

    Per-stage arrays hold what that stage *adds*; the ``*_total`` properties are cumulative.
    Shares are continuous (fractional shares allowed): only ratios matter.

    Attributes
    ----------
    names, dates : stage names ("founding", then round names) and dates.
    price_usd : price per share at each stage, US$. Stage 0 (no price yet) carries the first
        round's price: the exercise price of options granted from the initial pool.
    pre_money_usd, post_money_usd, amount_usd : round terms (NaN / 0 at founding).
    founder_shares : founders' common shares (issued at founding only).
    pool_added : option-pool tranche of each stage (initial pool, then top-ups).
    granted_added : options granted from each tranche (``granted_share`` of it).
    investor_added : shares bought by outside investors.
    buy_in_added : shares bought by the staff in the round (same class as the investors').
    preference_usd : liquidation preference of each round's class (0 at founding).
    """

    names: tuple[str, ...]
    dates: tuple[dt.date, ...]
    price_usd: FloatArray
    pre_money_usd: FloatArray
    post_money_usd: FloatArray
    amount_usd: FloatArray
    founder_shares: float
    pool_added: FloatArray
    granted_added: FloatArray
    investor_added: FloatArray
    buy_in_added: FloatArray
    preference_usd: FloatArray

    def __len__(self) -> int:
        return len(self.names)

    @cached_property
    def pool_total(self) -> FloatArray:
        """Options in the pool (granted or not) after each stage."""
        return np.cumsum(self.pool_added)

    @cached_property
    def granted_total(self) -> FloatArray:
        """Options granted after each stage."""
        return np.cumsum(self.granted_added)

    @cached_property
    def investor_total(self) -> FloatArray:
        return np.cumsum(self.investor_added)

    @cached_property
    def buy_in_total(self) -> FloatArray:
        return np.cumsum(self.buy_in_added)

    @cached_property
    def total(self) -> FloatArray:
        """All shares, fully diluted (founders, pool, investors, staff buy-in) after each stage."""
        return self.founder_shares + self.pool_total + self.investor_total + self.buy_in_total

    @cached_property
    def series_shares(self) -> FloatArray:
        """Shares of each stage's preferred class (investors + staff buy-in; 0 at founding)."""
        return self.investor_added + self.buy_in_added

    def ownership(self) -> dict[str, FloatArray]:
        """Fraction of all shares held by each class after each stage; the fractions sum to 1.

        ``options_granted`` are granted options (to founders or staff), ``pool_unallocated`` the
        rest of the pool.
        """
        t = self.total
        return {
            "founders_common": self.founder_shares / t,
            "options_granted": self.granted_total / t,
            "staff_buy_in": self.buy_in_total / t,
            "investors": self.investor_total / t,
            "pool_unallocated": (self.pool_total - self.granted_total) / t,
        }


def pool_top_up_shares(
    total_shares: float, unallocated: float, new_money_fraction: float, target_fraction: float
) -> float:
    """Options to add before a round so the unallocated pool is ``target_fraction`` of post-money.

    Parameters
    ----------
    total_shares : all shares before the round, N.
    unallocated : unallocated pool before the round, U.
    new_money_fraction : f = amount / post-money, the new money's share of post-money shares.
    target_fraction : t, the pool's target share of post-money shares.

    Returns
    -------
    float
        T >= 0 new options (0 when the pool is already big enough).

    Notes
    -----
    Pre-money shuffle: the top-up is counted in the pre-money, so the new money still buys
    ``f`` of the post-money shares, ``X = f / (1 - f) * (N + T)``, and the post-money total is
    ``(N + T) / (1 - f)``. Solving ``U + T = t (N + T) / (1 - f)`` for T gives
    ``T = (t N - (1 - f) U) / (1 - f - t)``.
    """
    denom = 1.0 - new_money_fraction - target_fraction
    if denom <= 0:
        raise ValueError(
            f"pool top-up to {100 * target_fraction:g}% plus the new money's "
            f"{100 * new_money_fraction:.3g}% leaves nothing for existing holders; lower pool_top_up_pct"
        )
    return max(0.0, (target_fraction * total_shares - (1.0 - new_money_fraction) * unallocated) / denom)


def build_cap_table(
    founder_shares: float,
    rounds: Sequence[FundingRound],
    *,
    founded: dt.date,
    pool_initial_pct: float = 0.0,
    granted_share: float = 0.0,
) -> CapTable:
    """Issue shares at founding and in each round; return the cap table.

    Parameters
    ----------
    founder_shares : founders' common shares at founding (any unit).
    rounds : priced rounds in date order.
    founded : founding date.
    pool_initial_pct : option pool at founding, % of all shares then.
    granted_share : share of each pool tranche granted (at that tranche's price).

    Notes
    -----
    Founding: pool ``P0 = F p / (1 - p)`` so that it is ``p`` of ``F + P0``.
    Round k (amount I, post-money V): ``f = I / V``; optional top-up T (see
    `pool_top_up_shares`); new shares ``X = f / (1 - f) (N + T)``, of which the staff's
    buy-in ``X * buy_in / I``; price per share ``V_pre / (N + T) = V / (N + T + X)``.
    """
    if not 0 <= pool_initial_pct < 100:
        raise ValueError(f"pool_initial_pct = {pool_initial_pct:g} must be in [0, 100)")
    if not 0 <= granted_share <= 1:
        raise ValueError(f"granted_share = {granted_share:g} must be in [0, 1]")
    if not rounds:
        raise ValueError("a cap table needs at least one priced round")
    n = len(rounds) + 1
    price = np.zeros(n)
    pre = np.full(n, np.nan)
    post = np.full(n, np.nan)
    amount = np.zeros(n)
    pool = np.zeros(n)
    investors = np.zeros(n)
    buy_in = np.zeros(n)
    preference = np.zeros(n)

    p0 = pool_initial_pct / 100.0
    pool[0] = founder_shares * p0 / (1.0 - p0)
    total = founder_shares + pool[0]
    unallocated = pool[0] * (1.0 - granted_share)
    for k, r in enumerate(rounds, start=1):
        f = r.amount_usd / r.post_usd
        top_up = 0.0
        if r.pool_top_up_pct is not None:
            top_up = pool_top_up_shares(total, unallocated, f, r.pool_top_up_pct / 100.0)
        new = f / (1.0 - f) * (total + top_up)
        buy = new * r.employee_buy_in_usd / r.amount_usd
        pool[k], investors[k], buy_in[k] = top_up, new - buy, buy
        price[k] = r.pre_usd / (total + top_up)
        pre[k], post[k], amount[k] = r.pre_usd, r.post_usd, r.amount_usd
        preference[k] = r.preference_multiple * r.amount_usd
        total += top_up + new
        unallocated += top_up * (1.0 - granted_share)
    price[0] = price[1]
    return CapTable(
        names=("founding", *(r.name for r in rounds)),
        dates=(founded, *(r.date for r in rounds)),
        price_usd=price,
        pre_money_usd=pre,
        post_money_usd=post,
        amount_usd=amount,
        founder_shares=float(founder_shares),
        pool_added=pool,
        granted_added=pool * granted_share,
        investor_added=investors,
        buy_in_added=buy_in,
        preference_usd=preference,
    )
