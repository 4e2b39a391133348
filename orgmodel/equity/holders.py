"""Who holds what, by holder: each founder, the staff, each named investor, each SAFE or note, each
secondary buyer; and what each gets at any exit value (fees and the carve-out as two more lines)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field

from orgmodel.equity.proceeds import party_proceeds
from orgmodel.equity.stakes import Stakes
from orgmodel.model_base import Result

__all__ = ["Holder", "HolderProceeds", "holder_proceeds", "holders", "round_investors"]

FloatArray = NDArray[np.float64]
HolderKind = Literal["founder", "staff", "investor", "convertible", "secondary", "fees", "carve_out"]


class Holder(Result):
    """One holder at the exit scenario: shares held now and what the exit pays them."""

    name: str
    kind: HolderKind
    security: str = Field(description="what they hold: common, options and buy-in, a round's class, a SAFE or note")
    shares: float = Field(description="shares or options held at as_of (0 for fees and the carve-out)")
    ownership_pct: float = Field(description="% of all shares, fully diluted, at as_of")
    exit_proceeds_usd: float = Field(description="what the exit scenario pays them, net of strike, US$")


@dataclass(frozen=True)
class HolderProceeds:
    """Holders (one line each) and their proceeds at each exit value: ``usd[holder, exit]``; the
    columns sum to the exits."""

    names: list[str]
    kinds: list[HolderKind]
    securities: list[str]
    shares: FloatArray
    exit_usd: FloatArray
    usd: FloatArray


def round_investors(s: Stakes) -> list[tuple[int, str, float, bool]]:
    """(stage, holder name, share of the stage's outside investors' shares, named) for every round.

    Named investors take their amounts; an earlier investor with ``pro_rata`` not named in a later
    round takes its pro-rata part of that round's money, ``its shares / all shares before the round
    x amount_usd`` (all such takers scaled down together to the money not named); the rest of the
    outside money is one "other investors" holder.
    """
    cap = s.cap
    out: list[tuple[int, str, float, bool]] = []
    held: dict[str, float] = {}
    rights: set[str] = set()
    for k, r in enumerate(s.settings.rounds_to_date(), start=1):
        outside = r.amount_usd - r.employee_buy_in_usd
        if outside <= 0:
            continue
        named = {inv.name: inv.amount_usd for inv in r.investors or ()}
        takes = {n: held[n] / float(cap.total[k - 1]) * r.amount_usd for n in sorted(rights - named.keys())}
        room = max(outside - sum(named.values()), 0.0)
        scale = min(1.0, room / sum(takes.values())) if sum(takes.values()) > 0 else 1.0
        amounts = {**named, **{n: a * scale for n, a in takes.items()}}
        for name, amount in amounts.items():
            out.append((k, name, amount / outside, True))
            held[name] = held.get(name, 0.0) + amount / outside * float(cap.investor_added[k])
        rest = outside - sum(amounts.values())
        if rest > 1e-9 * outside:
            out.append((k, f"{r.name} investors" if not amounts else f"other {r.name} investors", rest / outside,
                        False))
        rights |= {inv.name for inv in r.investors or () if inv.pro_rata}
    return out


def holder_proceeds(s: Stakes, exit_usd: ArrayLike) -> HolderProceeds:
    """Every holder's proceeds (US$, net of strike) at exit values ``exit_usd`` (vectorised).

    Founders on the chart one by one (common ``c_i p`` and their options), the founders' common held
    off the chart, the staff together (`party_proceeds`' employees), each round's named investors
    (their part of the outside money of its investors' shares) and the rest, each converted SAFE or
    note (its shadow class), each secondary buyer (``shares x p``), fees and the carve-out.
    """
    e = np.atleast_1d(np.asarray(exit_usd, dtype=float))
    g = party_proceeds(s, e)
    _, _, _, classes = s.terms.payouts(e)
    price = g.price_usd
    gain = np.maximum(price[:, None] - s.founder_book.strike_usd, 0.0) @ s.founder_exit_held
    rows: list[tuple[str, HolderKind, str, float, FloatArray]] = []
    t = s.table
    for r in np.flatnonzero(s.founder):
        rows.append((t.name_of(int(r)), "founder", "common and options", float(s.shares[r]),
                     s.founder_common[r] * price + s.option_share[r] * gain))
    off = float(s.cap.founder_shares - s.founder_common.sum() - s.secondary_shares.sum())
    if off > 1e-9 * s.cap.founder_shares:
        rows.append(("founders not on the chart", "founder", "common", off, off * price))
    staff = ~s.founder
    rows.append(("staff", "staff", "options and buy-in", float(s.shares[staff].sum()), g.employees))
    cap, rounds = s.cap, len(s.cap) - 1
    staff_frac = np.divide(cap.buy_in_added[1:], cap.series_shares[1:], out=np.zeros(rounds),
                           where=cap.series_shares[1:] > 0)
    for k, name, part, _ in round_investors(s):
        rows.append((name, "investor", cap.names[k], part * float(cap.investor_added[k]),
                     part * classes[:, k - 1] * (1.0 - staff_frac[k - 1])))
    for j, c in enumerate(cap.conversions):
        rows.append((c.name, "convertible", f"{c.kind} into {cap.names[c.stage]}", c.shares, classes[:, rounds + j]))
    first = rounds + len(cap.conversions)  # then the SAFEs and notes outstanding at the exit
    for j, name in enumerate(n for n in cap.outstanding if any(
            c.name == n and c.date <= s.settings.as_of_date for c in s.settings.convertibles)):
        rows.append((name, "convertible", "outstanding at the exit", 0.0, classes[:, first + j]))
    for sale, held in zip(s.settings.secondaries, s.secondary_shares, strict=True):
        if held > 0:
            rows.append((sale.buyer, "secondary", "common (bought from a founder)", float(held), held * price))
    rows.append(("transaction fees", "fees", "-", 0.0, g.fees))
    rows.append(("management carve-out", "carve_out", "-", 0.0, g.carve_out))
    return HolderProceeds(
        names=[x[0] for x in rows], kinds=[x[1] for x in rows], securities=[x[2] for x in rows],
        shares=np.array([x[3] for x in rows]), exit_usd=e, usd=np.array([x[4] for x in rows]),
    )


def holders(s: Stakes) -> list[Holder]:
    """Every holder at the exit scenario (`holder_proceeds` at ``exit_valuation_usd``)."""
    h = holder_proceeds(s, s.settings.exit_valuation_usd)
    total = float(s.cap.total[-1])
    return [
        Holder(name=n, kind=k, security=sec, shares=float(sh), ownership_pct=100.0 * float(sh) / total,
               exit_proceeds_usd=float(usd[0]))
        for n, k, sec, sh, usd in zip(h.names, h.kinds, h.securities, h.shares, h.usd, strict=True)
    ]
