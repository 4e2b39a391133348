"""One person's stake as an offer letter would put it: grants, vesting, buy-in, value now and at exit."""

from __future__ import annotations

import numpy as np
from pydantic import Field

from orgmodel.equity.exitrange import breakpoints, exit_grid, exit_values, usd_short
from orgmodel.equity.stakes import Stakes, compute_stakes
from orgmodel.errors import InputError
from orgmodel.model_base import Result
from orgmodel.orgtable import ROLE_LABELS, OrgTable, Role
from orgmodel.scenario import Scenario

__all__ = ["BuyInLine", "GrantLine", "OfferSummary", "PersonExit", "find_person", "offer_summary"]


class GrantLine(Result):
    """One option grant (a pool tranche's share for this person)."""

    granted_at: str = Field(description="stage (founding or round) the grant was made at")
    date: str
    options: float = Field(description="options granted")
    strike_usd: float = Field(description="exercise price per option, US$")
    vested_options: float = Field(description="vested by as_of (including those bought back)")
    bought_back_options: float
    held_options: float
    value_now_usd: float = Field(description="held options x (round price - strike), at least 0, US$")


class BuyInLine(Result):
    """Shares the person bought in a round with their own money."""

    round: str
    date: str
    shares: float
    price_usd: float = Field(description="the round's price per share, US$")
    cost_usd: float
    value_now_usd: float = Field(description="at the as_of round price, US$")


class PersonExit(Result):
    """The person's proceeds at one exit value."""

    exit_valuation_usd: float = Field(description="US$")
    value_usd: float = Field(description="proceeds net of strike, US$")
    years_of_salary: float | None = Field(description="value / annual salary; null without a salary")


class OfferSummary(Result):
    """Everything about one person's stake, at ``as_of`` and across exit values."""

    person_id: str
    name: str
    role: str
    level: int
    chosen_as: str = Field(description="'person', or the role whose median holder this is")
    pay_choice: str | None
    salary_usd: float = Field(description="annual, US$")
    as_of: str
    price_per_share_usd: float
    valuation_usd: float
    founder_shares: float
    grants: list[GrantLine]
    buy_in: list[BuyInLine]
    vesting: str = Field(description="the vesting schedule in words")
    shares: float = Field(description="held after buybacks: common, options and buy-in")
    ownership_pct: float = Field(description="% of all shares, fully diluted")
    vested_shares: float
    vested_pct: float = Field(description="vested share of the shares held, %")
    value_now_usd: float = Field(description="at the as_of round price, options net of strike, US$")
    vested_value_usd: float
    exercise_cost_usd: float = Field(description="strike of all options held, US$")
    buy_in_cost_usd: float
    buyback_cash_usd: float = Field(description="paid to this person by buybacks so far, US$")
    exit_valuation_usd: float = Field(description="the scenario's exit, US$")
    value_at_exit_usd: float = Field(description="proceeds at the scenario's exit, net of strike, US$")
    at_exits: list[PersonExit]
    letter: list[str] = Field(description="the summary as plain sentences")


def find_person(table: OrgTable, stakes: Stakes, who: str) -> tuple[int, str]:
    """Row of ``who`` (a person id, a name, or a role label) and how it was chosen.

    A role label picks the role's median holder: people of that role sorted by stake (then row),
    the lower middle one.
    """
    text = who.strip()
    if text in ROLE_LABELS:
        rows = np.flatnonzero(table.role == Role.from_label(text))
        if rows.size == 0:
            raise InputError([f"person = {who!r}: nobody in this org has the role {text!r}"], "person")
        order = rows[np.lexsort((rows, stakes.stake_usd[rows]))]
        return int(order[(rows.size - 1) // 2]), text
    n = len(table)
    if table.ids is not None:
        for row, pid in enumerate(table.ids):
            if str(pid) == text:
                return row, "person"
    elif text.isdigit() and int(text) < n:
        return int(text), "person"
    for row in range(n):
        if table.name_of(row) == text:
            return row, "person"
    raise InputError(
        [f"person = {who!r}: not an id, name or role in this org; give a person id (0 to {n - 1} here), "
         f"a name, or one of {', '.join(ROLE_LABELS)}"],
        "person",
    )


def offer_summary(
    scenario: Scenario, who: str, table: OrgTable | None = None, stakes: Stakes | None = None
) -> OfferSummary:
    """Offer-letter summary of one person's (or a role's median holder's) stake.

    Parameters
    ----------
    scenario : a scenario with an equity section.
    who : person id, name, or role label (``engineer`` etc.: that role's median holder).
    table, stakes : the org and its stakes, if already computed.

    Raises
    ------
    InputError
        If ``who`` names nobody in the org.

    Notes
    -----
    The person's options are ``a_i`` of every tranche of the staff (or founders') option book:
    tranche k holds ``a_i G_k`` struck at ``K_k``, vested ``a_i G_k v(t - d_k)``, bought back
    ``a_i sold_k``; its value now is ``held x max(P - K_k, 0)``. Exit values come from
    `exit_values` at the report's exit range (see `exitrange`).
    """
    s = compute_stakes(scenario, table) if stakes is None else stakes
    t = s.table
    row, chosen = find_person(t, s, who)
    cap, st = s.cap, s.settings
    book = s.founder_book if s.founder[row] else s.staff_book
    a = float(s.option_share[row])
    price = s.price_usd
    grants = [
        GrantLine(
            granted_at=cap.names[k], date=cap.dates[k].isoformat(), options=a * float(book.granted[k]),
            strike_usd=float(book.strike_usd[k]), vested_options=a * float(book.vested[k]),
            bought_back_options=a * float(book.sold[k]), held_options=a * float(book.held[k]),
            value_now_usd=a * float(book.held[k]) * max(price - float(book.strike_usd[k]), 0.0),
        )
        for k in range(len(cap)) if a * book.granted[k] > 0
    ]
    buys = [
        BuyInLine(
            round=cap.names[k], date=cap.dates[k].isoformat(), shares=float(s.buy_in_shares_each[k]),
            price_usd=float(cap.price_usd[k]), cost_usd=float(s.buy_in_shares_each[k] * cap.price_usd[k]),
            value_now_usd=float(s.buy_in_shares_each[k]) * price,
        )
        for k in range(1, len(cap)) if s.bought_in[row] and s.buy_in_shares_each[k] > 0
    ]
    salary = float(s.salary_usd[row])
    exits = exit_grid(s, breakpoints(s))
    values = exit_values(s, exits, [row])[0]
    at_exits = [
        PersonExit(exit_valuation_usd=float(e), value_usd=float(v),
                   years_of_salary=float(v / salary) if salary else None)
        for e, v in zip(exits, values, strict=True)
    ]
    shares = float(s.shares[row])
    mix = st.pay_mix
    choice = mix[int(s.pay_choice[row])].name if mix and s.pay_choice[row] >= 0 else None
    vesting = (
        f"{st.vesting_years:g} years from each grant's date, nothing before a {st.cliff_years:g}-year cliff"
        if st.vesting_years > 0 else "vested at grant"
    )
    name = t.name_of(row)
    summary = OfferSummary(
        person_id=t.id_of(row), name=name, role=ROLE_LABELS[int(t.role[row])], level=int(t.level[row]),
        chosen_as=chosen, pay_choice=choice, salary_usd=salary, as_of=s.as_of.isoformat(), price_per_share_usd=price,
        valuation_usd=s.valuation_usd, founder_shares=float(s.founder_common[row]), grants=grants, buy_in=buys,
        vesting=vesting, shares=shares, ownership_pct=float(s.ownership_pct[row]),
        vested_shares=float(s.vested_shares[row]),
        vested_pct=100.0 * float(s.vested_shares[row]) / shares if shares > 0 else 0.0,
        value_now_usd=float(s.stake_usd[row]), vested_value_usd=float(s.vested_value_usd[row]),
        exercise_cost_usd=float(s.exercise_cost_usd[row]), buy_in_cost_usd=sum(b.cost_usd for b in buys),
        buyback_cash_usd=float(s.buyback_cash_usd[row]), exit_valuation_usd=st.exit_valuation_usd,
        value_at_exit_usd=float(s.exit_value_usd[row]), at_exits=at_exits, letter=[],
    )
    return summary.model_copy(update={"letter": _letter(summary)})


def _letter(o: OfferSummary) -> list[str]:
    who = o.name if o.chosen_as == "person" else f"{o.name} (the median {o.chosen_as} by stake)"
    lines = [f"{who}: {o.role}, level {o.level}, salary {usd_short(o.salary_usd)} a year"
             + (f", pay choice '{o.pay_choice}'" if o.pay_choice else "") + "."]
    if o.founder_shares > 0:
        lines.append(f"Founder's shares: {o.founder_shares:,.0f} common shares, fully vested.")
    for g in o.grants:
        lines.append(
            f"Options granted at {g.granted_at} ({g.date}): {g.options:,.0f} at a strike of "
            f"US${g.strike_usd:,.2f}; {g.vested_options:,.0f} vested by {o.as_of}"
            + (f", {g.bought_back_options:,.0f} bought back" if g.bought_back_options > 0 else "") + "."
        )
    if o.grants:
        lines.append(f"Vesting: {o.vesting}.")
    for b in o.buy_in:
        lines.append(
            f"Bought {b.shares:,.0f} shares in round {b.round} at US${b.price_usd:,.2f} for {usd_short(b.cost_usd)} "
            f"of their own money, worth {usd_short(b.value_now_usd)} now."
        )
    if o.shares <= 0:
        lines.append("No shares or options: this person's pay is all cash.")
        return lines
    lines.append(
        f"In all {o.shares:,.0f} shares and options ({o.ownership_pct:.4g}% of the company), {o.vested_pct:.0f}% "
        f"vested; worth {usd_short(o.value_now_usd)} at the {o.as_of} round price of US${o.price_per_share_usd:,.2f} "
        f"(options net of strike), {o.value_now_usd / o.salary_usd:.1f} years of salary."
        if o.salary_usd > 0 else
        f"In all {o.shares:,.0f} shares and options, worth {usd_short(o.value_now_usd)} now."
    )
    if o.buyback_cash_usd > 0:
        lines.append(f"Buybacks have paid {usd_short(o.buyback_cash_usd)} so far.")
    lines.append(f"If the company sells for {usd_short(o.exit_valuation_usd)}: {usd_short(o.value_at_exit_usd)}.")
    return lines
