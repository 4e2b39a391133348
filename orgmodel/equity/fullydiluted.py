"""Fully diluted pre- and post-money tables of a stated next round, with SAFEs and notes converted in it."""

from __future__ import annotations

from pydantic import Field

from orgmodel.equity.captable import CapTable, build_cap_table
from orgmodel.equity.stakes import Stakes
from orgmodel.model_base import Result

__all__ = ["ConversionRow", "FullyDiluted", "FullyDilutedRow", "fully_diluted"]


class FullyDilutedRow(Result):
    """One holder class before and after the next round's new money."""

    holder: str
    pre_money_shares: float = Field(description="after the conversions and the pool top-up, before the new money")
    pre_money_pct: float
    post_money_shares: float
    post_money_pct: float


class ConversionRow(Result):
    """A SAFE or note converted in a round: the money converting, its price and shares."""

    name: str
    kind: str
    round: str
    amount_usd: float = Field(description="purchase amount, or a note's principal and interest, US$")
    price_per_share_usd: float
    shares: float
    cap_usd: float | None = Field(description="the cap it used (after MFN), US$; null = none")
    discount_pct: float


class FullyDiluted(Result):
    """The cap table as cap-table tools show a round: fully diluted before and after its new money."""

    round: str
    date: str
    amount_usd: float
    pre_money_usd: float
    post_money_usd: float
    price_per_share_usd: float
    pre_money_shares: float
    post_money_shares: float
    conversions: list[ConversionRow] = Field(description="every SAFE and note converted by this round")
    rows: list[FullyDilutedRow]


def _rows(cap: CapTable) -> list[tuple[str, float, float]]:
    """(holder, pre-money shares, post-money shares) at the last stage k."""
    k = len(cap) - 1
    rows = [("founders' common", cap.founder_shares, cap.founder_shares),
            ("option pool (granted and unallocated)", float(cap.pool_total[k]), float(cap.pool_total[k]))]
    buy_in = float(cap.buy_in_total[k - 1])
    if buy_in > 0:
        rows.append(("staff buy-in (earlier rounds)", buy_in, buy_in))
    for j in range(1, k):
        rows.append((f"{cap.names[j]} investors", float(cap.investor_added[j]), float(cap.investor_added[j])))
    rows += [(f"{c.name} ({c.kind})", c.shares, c.shares) for c in cap.conversions]
    new = float(cap.investor_added[k] + cap.buy_in_added[k])
    rows.append((f"{cap.names[k]} new money", 0.0, new))
    return rows


def fully_diluted(s: Stakes) -> FullyDiluted | None:
    """The stated ``next_round``'s fully diluted pre- and post-money tables (None without one).

    Notes
    -----
    The cap table to ``as_of`` with the next round added: SAFEs and notes still outstanding convert in
    it (`captable.price_round`). Pre-money = every share after the conversions and the pool top-up,
    before the new money; post-money adds the new money's shares. Each column sums to 100%.
    """
    st = s.settings
    if st.next_round is None:
        return None
    granted_share = st.pool_granted_share if float(s.option_share.sum()) > 0 else 0.0
    cap = build_cap_table(st.founder_shares, [*st.rounds_to_date(), st.next_round], founded=st.founded,
                          pool_initial_pct=st.pool_initial_pct, granted_share=granted_share,
                          convertibles=st.convertibles)
    k = len(cap) - 1
    post_total = float(cap.total[k])
    pre_total = post_total - float(cap.investor_added[k] + cap.buy_in_added[k])
    r = st.next_round
    return FullyDiluted(
        round=r.name, date=r.date.isoformat(), amount_usd=r.amount_usd, pre_money_usd=r.pre_usd,
        post_money_usd=r.post_usd, price_per_share_usd=float(cap.price_usd[k]),
        pre_money_shares=pre_total, post_money_shares=post_total,
        conversions=[ConversionRow(name=c.name, kind=c.kind, round=cap.names[c.stage], amount_usd=c.amount_usd,
                                   price_per_share_usd=c.price_usd, shares=c.shares, cap_usd=c.cap_usd,
                                   discount_pct=c.discount_pct) for c in cap.conversions],
        rows=[FullyDilutedRow(holder=h, pre_money_shares=pre, pre_money_pct=100 * pre / pre_total,
                              post_money_shares=post, post_money_pct=100 * post / post_total)
              for h, pre, post in _rows(cap)],
    )
