"""The exit range: who gets what across exit values, and where the payout regime changes."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field

from orgmodel.equity.proceeds import PartyProceeds, party_proceeds
from orgmodel.equity.stakes import Stakes
from orgmodel.model_base import Result
from orgmodel.orgtable import Role

__all__ = ["Breakpoint", "ExitPoint", "breakpoints", "exit_grid", "exit_range", "exit_values", "usd_short"]

FloatArray = NDArray[np.float64]
BreakKind = Literal["preference_paid", "options_in_money", "converts", "cap_binds"]
POINTS = 25


class ExitPoint(Result):
    """One exit value of the range and what it pays."""

    exit_valuation_usd: float = Field(description="sale price of the company, US$")
    common_per_share_usd: float = Field(description="what one common (or converted) share gets, US$")
    proceeds_usd: PartyProceeds = Field(description="by holder group, US$; sums to exit_valuation_usd")
    median_engineer_stake_usd: float | None = Field(description="median engineer's exit proceeds, net of strike, US$")


class Breakpoint(Result):
    """An exit value where the payout regime changes."""

    exit_valuation_usd: float = Field(description="US$")
    common_per_share_usd: float = Field(description="the common price there, US$")
    kind: BreakKind
    holder: str = Field(description="the class(es) or option tranche concerned")
    description: str


def usd_short(x: float) -> str:
    """US$ with a k/M/B suffix and three significant figures (``US$1.48M``)."""
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= scale:
            return f"US${x / scale:.3g}{suffix}"
    return f"US${x:.3g}"


def breakpoints(s: Stakes) -> list[Breakpoint]:
    """Exit values where a preference is fully paid, options come into the money, a class converts or a cap binds.

    Notes
    -----
    Below the preference stack the breakpoints are the cumulative preferences by seniority (highest
    first); above it, each kink price ``b`` of ``N(p)`` (a strike, ``L / S`` for a
    non-participating class, ``(Cap - L) / S`` and ``Cap / S`` for a capped participating one)
    is reached at the exit ``E`` whose holders' share (after fees and carve-out) is ``N(b)``
    (see `ExitTerms`).
    """
    terms = s.terms
    out: list[Breakpoint] = []
    classes = [c for c in terms.preferred if c.preference_usd > 0]
    levels = sorted({c.seniority for c in classes}, reverse=True)
    paid = 0.0
    for i, level in enumerate(levels):
        names = [c.name for c in classes if c.seniority == level]
        amount = sum(c.preference_usd for c in classes if c.seniority == level)
        paid += amount
        who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        text = f"{who}'s {usd_short(amount)} of preference {'is' if len(names) == 1 else 'are'} paid in full"
        if len(levels) > 1:
            text += f" (seniority {level})"
        elif len(names) > 1:
            text += " (pari passu)"
        text += "; common starts to be paid above this" if i == len(levels) - 1 else ""
        out.append(Breakpoint(exit_valuation_usd=terms.gross_exit(paid), common_per_share_usd=0.0,
                              kind="preference_paid",
                              holder=who, description=text))
    for price, kind, idx in terms.price_kinks():
        exit_usd = terms.gross_exit(float(terms.net_total(price)))
        if kind == "options_in_money":
            o = terms.options[idx]
            holder = o.name
            text = (f"{o.name} (strike {usd_short(o.strike_usd)}) come into the money: "
                    "exercised from here, they share in every further dollar")
        else:
            c = terms.preferred[idx]
            holder = c.name
            if kind == "cap_binds":
                assert c.cap_usd is not None
                text = (f"{c.name} reaches its cap of {usd_short(max(c.cap_usd, c.preference_usd))}: its take "
                        + ("stays flat until converting pays more" if c.convertible
                           else "stays flat from here (straight preferred: it never converts)"))
            elif c.participating:
                text = (f"{c.name} converts to common: its as-converted share now beats its "
                        f"{usd_short(c.cap_usd or 0)} cap")
            else:
                text = (f"{c.name} converts to common: {usd_short(price)} a share beats its "
                        f"{usd_short(c.preference_usd)} preference")
        out.append(Breakpoint(exit_valuation_usd=exit_usd, common_per_share_usd=float(price), kind=kind,
                              holder=holder, description=text))
    return sorted(out, key=lambda b: float(f"{b.exit_valuation_usd:.12g}"))  # near-ties keep their order


def exit_grid(s: Stakes, marks: list[Breakpoint], points: int = POINTS) -> FloatArray:
    """``points`` log-spaced exit values (US$) from 1/10 of the lower of the preference stack and the
    exit scenario to 10x the higher of the exit scenario and the last breakpoint."""
    scenario_exit = s.settings.exit_valuation_usd
    stack = s.terms.stack_usd
    low = 0.1 * (min(stack, scenario_exit) if stack > 0 else scenario_exit)
    high = 10.0 * max([scenario_exit] + [b.exit_valuation_usd for b in marks])
    return np.geomspace(low, high, points)


def exit_values(s: Stakes, exits: ArrayLike, rows: ArrayLike | None = None) -> FloatArray:
    """Each person's exit proceeds net of strike (rows x exits, US$).

    ``common_i p + a_i sum_s H_s max(p - K_s, 0) + sum_k b_ik v_k`` with ``v_k`` the per-share
    proceeds of round k's class and ``b_ik`` the person's buy-in shares in it.
    """
    r = np.arange(len(s.table)) if rows is None else np.asarray(rows, dtype=np.int64)
    g = party_proceeds(s, exits)
    price = g.price_usd
    gain_staff = np.maximum(price[:, None] - s.staff_book.strike_usd, 0.0) @ s.staff_exit_held
    gain_founders = np.maximum(price[:, None] - s.founder_book.strike_usd, 0.0) @ s.founder_exit_held
    gain = np.where(s.founder[r, None], gain_founders[None, :], gain_staff[None, :])
    buy = g.class_per_share_usd @ s.buy_in_shares_each[1:]
    return (s.founder_common[r, None] * price[None, :] + s.option_share[r, None] * gain
            + s.bought_in[r, None] * buy[None, :])


def exit_range(s: Stakes, marks: list[Breakpoint] | None = None, points: int = POINTS) -> list[ExitPoint]:
    """Proceeds by group and the median engineer's proceeds at ``points`` log-spaced exit values."""
    marks = breakpoints(s) if marks is None else marks
    exits = exit_grid(s, marks, points)
    g = party_proceeds(s, exits)
    engineers = np.flatnonzero(s.table.role == Role.ENGINEER)
    medians: list[float | None] = [None] * exits.size
    if engineers.size:
        # people in a group hold identical stakes: a weighted median over the groups
        first = s.group_first_row[np.unique(s.group[engineers])]
        counts = np.bincount(s.group[engineers], minlength=s.group_count.size)[s.group[first]]
        values = exit_values(s, exits, first)
        for j in range(exits.size):
            order = np.argsort(values[:, j], kind="stable")
            cum = np.cumsum(counts[order])
            n = int(cum[-1])
            lo = values[order[np.searchsorted(cum, (n + 1) // 2)], j]
            hi = values[order[np.searchsorted(cum, n // 2 + 1)], j]
            medians[j] = float((lo + hi) / 2)
    return [
        ExitPoint(exit_valuation_usd=float(exits[j]), common_per_share_usd=float(g.price_usd[j]),
                  proceeds_usd=g.at(j), median_engineer_stake_usd=medians[j])
        for j in range(exits.size)
    ]
