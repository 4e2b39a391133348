"""The cap table: shares by holder class after founding and after each priced round (SAFEs and notes
converting in them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from orgmodel.equity.settings import Convertible, FundingRound

__all__ = ["CapTable", "Conversion", "RoundShares", "build_cap_table", "conversion_stages", "pool_top_up_shares",
           "price_round"]


@dataclass(frozen=True)
class Conversion:
    """A SAFE or note converted at ``stage``: ``amount_usd`` (with a note's interest) bought ``shares`` at
    ``price_usd`` a share, a shadow series of that round's preferred."""

    name: str
    kind: str
    stage: int
    amount_usd: float
    shares: float
    price_usd: float
    cap_usd: float | None
    discount_pct: float


@dataclass(frozen=True)
class RoundShares:
    """What a priced round issues: pool top-up, new money's shares, each conversion's shares; its price."""

    top_up: float
    new: float
    converted: tuple[float, ...]
    conversion_prices: tuple[float, ...]
    price_usd: float

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
    converted_added: FloatArray | None = None
    """Shares issued to SAFEs and notes converting at each stage (none at founding)."""
    conversions: tuple[Conversion, ...] = ()
    outstanding: tuple[str, ...] = ()
    """SAFEs and notes not yet converted at the last stage (they are not in the share counts)."""

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
    def converted_total(self) -> FloatArray:
        """Shares of converted SAFEs and notes after each stage."""
        added = self.converted_added if self.converted_added is not None else np.zeros(len(self.names))
        return np.cumsum(added)

    @cached_property
    def total(self) -> FloatArray:
        """All shares, fully diluted (founders, pool, investors, staff buy-in, conversions) after each stage."""
        return self.founder_shares + self.pool_total + self.investor_total + self.buy_in_total + self.converted_total

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
            "investors": (self.investor_total + self.converted_total) / t,
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


def conversion_stages(rounds: Sequence[FundingRound], convertibles: Sequence[Convertible]) -> list[int | None]:
    """The stage (1-based round index in ``rounds``) each instrument converts at; None = outstanding."""
    out: list[int | None] = []
    for c in convertibles:
        stage = None
        for k, r in enumerate(rounds, start=1):
            if (r.name == c.converts_in) if c.converts_in is not None else r.date >= c.date:
                stage = k if r.date >= c.date else None
                break
        out.append(stage)
    return out


def _mfn_terms(items: Sequence[Convertible]) -> list[tuple[float | None, float]]:
    """Each instrument's (cap, discount) after MFN: an MFN one takes the lowest cap and the highest
    discount of those issued after it (in the same round)."""
    out = []
    for c in items:
        cap, disc = c.valuation_cap_usd, c.discount_pct
        if c.mfn:
            later = [d for d in items if d.date > c.date]
            caps = [d.valuation_cap_usd for d in later if d.valuation_cap_usd is not None]
            if caps:
                cap = min(caps) if cap is None else min(cap, *caps)
            disc = max([disc, *(d.discount_pct for d in later)])
        out.append((cap, disc))
    return out


def price_round(total: float, unallocated: float, r: FundingRound, items: Sequence[Convertible] = ()) -> RoundShares:
    """Shares a round issues with the SAFEs and notes ``items`` converting in it.

    Notes
    -----
    With ``N`` shares before the round, ``U`` of them the unallocated pool, ``f = I / V`` and
    ``X`` the conversions' shares: pre-money pool (default) ``T = top-up(N + X)`` (see
    `pool_top_up_shares`), price ``P = V_pre / (N + X + T)``, new shares ``f / (1 - f) (N + X + T)``;
    post-money pool: ``P = V_pre / (N + X)``, new shares ``f / (1 - f) (N + X)``, then the pool is
    topped up to ``t`` of the total after the round, ``T = t (N + X + new + T) - U`` (so the new
    investor is diluted by it too, to about ``f (1 - t)``). Instrument i
    converts ``A_i`` at ``min(cap price, (1 - d_i) P)`` (``P`` with neither): a SAFE's cap price is
    ``Cap_i / (N + X)`` (post-money SAFE: its capitalization includes every conversion), a note's
    ``Cap_i / N``. ``X = sum_i A_i / price_i(X)`` is solved by Newton's method (piecewise linear).
    """
    f = r.amount_usd / r.post_usd
    t = None if r.pool_top_up_pct is None else r.pool_top_up_pct / 100.0
    terms = _mfn_terms(items)
    amounts = [c.amount_at(r.date) for c in items]

    def issue(x: float) -> tuple[list[float], list[float], float, float, float]:
        if r.pool_top_up_basis == "post_money" and t is not None:
            base = total + x
            price = r.pre_usd / base
            new = f / (1.0 - f) * base
            after = max((base + new - unallocated) / (1.0 - t), base + new)
            top_up = after - base - new
        else:
            top_up = pool_top_up_shares(total + x, unallocated, f, t) if t is not None else 0.0
            new = f / (1.0 - f) * (total + x + top_up)
            price = r.pre_usd / (total + x + top_up)
        prices = []
        for c, (cap, disc) in zip(items, terms, strict=True):
            options = [price * (1.0 - disc / 100.0)]
            if cap is not None:
                options.append(cap / (total + x) if c.kind == "safe" else cap / total)
            prices.append(min(options))
        shares = [a / q for a, q in zip(amounts, prices, strict=True)]
        return shares, prices, top_up, new, price

    x = _solve_conversions(lambda v: sum(issue(v)[0]), total, r.name)
    shares, prices, top_up, new, price = issue(x)
    return RoundShares(top_up, new, tuple(shares), tuple(prices), price)


def _solve_conversions(shares_at: Callable[[float], float], total: float, name: str) -> float:
    """The fixed point ``X = shares_at(X)`` (Newton's method on a piecewise linear map)."""
    x = 0.0
    for _ in range(200):
        fx = shares_at(x)
        gap = fx - x
        if abs(gap) <= 1e-12 * (total + x):
            return x
        h = 1e-6 * (total + x)
        slope = (shares_at(x + h) - fx) / h
        if slope >= 1.0:
            raise ValueError(f"round {name!r}: the SAFEs and notes converting in it would take the whole company "
                             "(their caps or discounts are too low for its price)")
        x = max(0.0, x + gap / (1.0 - slope))
    raise ValueError(f"round {name!r}: the conversions of its SAFEs and notes did not settle")


def _conversions(k: int, r: FundingRound, items: Sequence[Convertible], issued: RoundShares) -> list[Conversion]:
    return [Conversion(c.name, c.kind, k, c.amount_at(r.date), x, q, cap_usd, disc)
            for c, (cap_usd, disc), q, x in zip(items, _mfn_terms(items), issued.conversion_prices, issued.converted,
                                                strict=True)]


def build_cap_table(
    founder_shares: float,
    rounds: Sequence[FundingRound],
    *,
    founded: dt.date,
    pool_initial_pct: float = 0.0,
    granted_share: float = 0.0,
    convertibles: Sequence[Convertible] = (),
) -> CapTable:
    """Issue shares at founding and in each round; return the cap table.

    Parameters
    ----------
    founder_shares : founders' common shares at founding (any unit).
    rounds : priced rounds in date order.
    founded : founding date.
    pool_initial_pct : option pool at founding, % of all shares then.
    granted_share : share of each pool tranche granted (at that tranche's price).
    convertibles : SAFEs and notes; each converts at its round (`conversion_stages`, `price_round`).

    Notes
    -----
    Founding: pool ``P0 = F p / (1 - p)`` so that it is ``p`` of ``F + P0``.
    Round k (amount I, post-money V): ``f = I / V``; optional top-up T (see
    `pool_top_up_shares`); new shares ``X = f / (1 - f) (N + T)``, of which the staff's
    buy-in ``X * buy_in / I``; price per share ``V_pre / (N + T) = V / (N + T + X)``; with
    conversions or a post-money pool, see `price_round`.
    """
    if not 0 <= pool_initial_pct < 100:
        raise ValueError(f"pool_initial_pct = {pool_initial_pct:g} must be in [0, 100)")
    if not 0 <= granted_share <= 1:
        raise ValueError(f"granted_share = {granted_share:g} must be in [0, 1]")
    if not rounds:
        raise ValueError("a cap table needs at least one priced round")
    n = len(rounds) + 1
    price, amount, pool, investors, buy_in, preference, converted = (np.zeros(n) for _ in range(7))
    pre, post = np.full(n, np.nan), np.full(n, np.nan)
    stages = conversion_stages(rounds, convertibles)
    conversions: list[Conversion] = []

    p0 = pool_initial_pct / 100.0
    pool[0] = founder_shares * p0 / (1.0 - p0)
    total = founder_shares + pool[0]
    unallocated = pool[0] * (1.0 - granted_share)
    for k, r in enumerate(rounds, start=1):
        items = [c for c, stage in zip(convertibles, stages, strict=True) if stage == k]
        issued = price_round(total, unallocated, r, items)
        new, top_up = issued.new, issued.top_up
        buy = new * r.employee_buy_in_usd / r.amount_usd
        pool[k], investors[k], buy_in[k] = top_up, new - buy, buy
        converted[k] = sum(issued.converted)
        conversions += _conversions(k, r, items, issued)
        price[k] = issued.price_usd
        pre[k], post[k], amount[k] = r.pre_usd, r.post_usd, r.amount_usd
        preference[k] = r.preference_multiple * r.amount_usd
        total += top_up + new + converted[k]
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
        converted_added=converted,
        conversions=tuple(conversions),
        outstanding=tuple(c.name for c, stage in zip(convertibles, stages, strict=True) if stage is None),
    )
