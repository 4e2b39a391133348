"""Equity inputs (``equity`` section of a scenario): founders, rounds, option pool, buybacks, pay.

Share counts are in arbitrary units (only ratios matter); money is in US dollars; times in years.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from orgmodel.equity.accrual import Compounding, DayCount, accrued_usd, year_fraction
from orgmodel.limits import MAX_FOUNDERS, MAX_HEADCOUNT, MAX_ROUNDS
from orgmodel.model_base import StrictModel

__all__ = ["Convertible", "EquitySettings", "FundingRound", "Investor", "PayChoice", "RoleLabel", "Secondary"]

RoleLabel = Literal["founder", "manager", "lead", "engineer"]
UnvestedAtExit = Literal["accelerate", "assume", "cancel"]
Weight = Annotated[float, Field(ge=0, le=1e6)]
SalaryUsd = Annotated[float, Field(ge=0, le=1e8)]

_DEFAULT_WEIGHTS: dict[RoleLabel, float] = {"founder": 0.0, "manager": 4.0, "lead": 2.0, "engineer": 1.0}
_DEFAULT_SALARIES: dict[RoleLabel, float] = {
    "founder": 150_000.0,
    "manager": 180_000.0,
    "lead": 160_000.0,
    "engineer": 130_000.0,
}


class PayChoice(StrictModel):
    """One way staff may split their pay between cash and equity, and the share of staff choosing it.

    ``equity_multiplier`` scales the person's option grant (0 = all cash, 1 = the standard grant);
    ``salary_multiplier`` scales their salary to match (less cash for more stock).
    """

    name: str = Field(min_length=1, max_length=80)
    share_of_staff: float = Field(ge=0, le=1, description="share of non-founders making this choice")
    equity_multiplier: float = Field(ge=0, le=100, description="x the standard option grant")
    salary_multiplier: float = Field(default=1.0, ge=0, le=10, description="x the role's salary")


class Investor(StrictModel):
    """One named investor in a round: their part of the round's outside money."""

    name: str = Field(min_length=1, max_length=120)
    amount_usd: float = Field(gt=0, le=1e12, description="what they put into the round, US$")
    email: str | None = Field(default=None, max_length=200, description="for matching an imported cap table")
    pro_rata: bool = Field(
        default=False,
        description="takes its pro-rata part (its share of all shares before the round) of every later round "
        "that does not name it",
    )


class Convertible(StrictModel):
    """A SAFE or a convertible note: money in now, shares at the next priced round.

    A SAFE is the post-money SAFE: its ``valuation_cap_usd`` is a post-money cap on the company
    capitalization *including* every converting instrument; a note's cap is a pre-money cap on the
    capitalization before the conversions. A note converts its principal plus simple interest
    (``interest_pct`` a year by ``day_count``) to the round's date; a SAFE bears none. Either
    converts at the lower of its cap price and the round price less ``discount_pct`` (the round
    price when it has neither). An ``mfn`` instrument takes the lowest cap and the highest
    discount of the instruments issued after it that convert in the same round.
    """

    name: str = Field(min_length=1, max_length=120)
    kind: Literal["safe", "note"] = Field(default="safe", description="post-money SAFE or convertible note")
    date: dt.date
    amount_usd: float = Field(gt=0, le=1e12, description="purchase amount (SAFE) or principal (note), US$")
    valuation_cap_usd: float | None = Field(
        default=None, description="SAFE: post-money valuation cap; note: pre-money cap, US$; null = none"
    )
    discount_pct: float = Field(default=0.0, ge=0, lt=100, description="% off the round's price per share")
    mfn: bool = Field(default=False, description="most favoured nation: takes better terms issued after it")
    interest_pct: float = Field(default=0.0, ge=0, le=100, description="note only: simple interest, % a year")
    day_count: DayCount = Field(default="actual/365", description="note only: how interest counts days")
    converts_in: str | None = Field(
        default=None, max_length=80, description="the round it converts in; null = the first on or after its date"
    )
    email: str | None = Field(default=None, max_length=200, description="the holder's e-mail, for matching")

    @model_validator(mode="after")
    def _terms(self) -> Convertible:
        what = f"{self.kind} {self.name!r}"
        if self.valuation_cap_usd is not None and not 0 < self.valuation_cap_usd <= 1e13:
            raise ValueError(
                f"{what}: valuation_cap_usd = {self.valuation_cap_usd:,.0f} must be above 0 (and at most 1e13); "
                "null for no cap"
            )
        if self.kind == "safe" and self.interest_pct > 0:
            raise ValueError(f"{what}: interest_pct = {self.interest_pct:g}, but a SAFE bears no interest; "
                             "use kind: note")
        return self

    def amount_at(self, when: dt.date) -> float:
        """What converts on ``when``: the purchase amount, or the note's principal plus interest, US$."""
        years = year_fraction(self.date, when, self.day_count)
        return self.amount_usd + accrued_usd(self.amount_usd, self.interest_pct, years)


class Secondary(StrictModel):
    """A secondary sale: a founder sells some of their common shares to a buyer (no new shares)."""

    date: dt.date
    seller: str = Field(min_length=1, max_length=120, description="a founder on the org chart, by name")
    buyer: str = Field(min_length=1, max_length=120)
    shares: float = Field(gt=0, le=1e15, description="common shares sold")
    price_usd: float = Field(ge=0, le=1e9, description="price per share paid to the seller, US$")
    buyer_email: str | None = Field(default=None, max_length=200)


class FundingRound(StrictModel):
    """A priced round: ``amount_usd`` raised at a pre- or a post-money valuation (exactly one).

    ``employee_buy_in_usd`` is the part of ``amount_usd`` the organisation's own staff put in at
    the round's price; ``pool_top_up_pct`` tops the unallocated option pool up to that share of
    the post-money shares before the round closes (pre-money shuffle: the new investor is not
    diluted by it).
    """

    name: str = Field(min_length=1, max_length=80)
    date: dt.date
    amount_usd: float = Field(gt=0, le=1e12, description="new money raised, US$")
    pre_money_usd: float | None = Field(default=None, gt=0, le=1e13)
    post_money_usd: float | None = Field(default=None, gt=0, le=1e13)
    employee_buy_in_usd: float = Field(
        default=0.0, ge=0, le=1e12, description="part of amount_usd invested by the staff, US$"
    )
    pool_top_up_pct: float | None = Field(
        default=None, ge=0, lt=100,
        description="unallocated option pool topped up to this % of post-money shares (pre-money)",
    )
    preference_multiple: float = Field(
        default=1.0, ge=0, le=10, description="liquidation preference, x amount_usd"
    )
    participating: bool = Field(
        default=False,
        description="true: takes its preference and then shares the rest as converted (up to the cap); "
        "false: takes the preference or converts, whichever pays more",
    )
    participation_cap_multiple: float | None = Field(
        default=None, gt=0, le=100,
        description="participating class's total return (preference + participation) cap, x amount_usd; "
        "null = uncapped",
    )
    seniority: int = Field(
        default=0, ge=0, le=100, description="liquidation seniority: higher is paid first; equal = pari passu"
    )
    convertible: bool = Field(
        default=True,
        description="false: straight (non-convertible) preferred; it takes its preference (and its "
        "participation, if participating, up to the cap) and never converts to common",
    )
    conversion_ratio: float = Field(
        default=1.0, gt=0, le=1000, description="common shares each preferred share converts into"
    )
    dividend_pct: float = Field(
        default=0.0, ge=0, le=100,
        description="cumulative dividend, % a year of amount_usd, accruing from the round's date to the exit "
        "and added to the preference (forfeited on conversion); 0 = none",
    )
    dividend_compounding: Compounding = Field(
        default="simple", description="simple: amount x rate x years; compound: yearly on the accrued total"
    )
    dividend_day_count: DayCount = Field(
        default="actual/365",
        description="how dividend years are counted: actual/365, actual/360 or 30/360 (whole years on anniversaries)",
    )
    pool_top_up_basis: Literal["pre_money", "post_money"] = Field(
        default="pre_money",
        description="pre_money: the top-up is in the pre-money (existing holders pay for it); post_money: it is "
        "in the post-money (the new investor is diluted by it too)",
    )
    investors: list[Investor] | None = Field(
        default=None, max_length=200,
        description="named investors and their parts of the outside money (the rest is one 'other investors' "
        "holder); null = one holder for the round",
    )

    @model_validator(mode="after")
    def _one_valuation(self) -> FundingRound:
        if (self.pre_money_usd is None) == (self.post_money_usd is None):
            raise ValueError(
                f"round {self.name!r}: give exactly one of pre_money_usd and post_money_usd"
            )
        if self.post_money_usd is not None and self.post_money_usd <= self.amount_usd:
            raise ValueError(
                f"round {self.name!r}: post_money_usd = {self.post_money_usd:,.0f} must exceed "
                f"amount_usd = {self.amount_usd:,.0f} (the pre-money value must be positive)"
            )
        if self.participation_cap_multiple is not None and not self.participating:
            raise ValueError(
                f"round {self.name!r}: participation_cap_multiple = {self.participation_cap_multiple:g} "
                "applies only to a participating class; set participating: true or the cap to null"
            )
        if self.employee_buy_in_usd > self.amount_usd:
            raise ValueError(
                f"round {self.name!r}: employee_buy_in_usd = {self.employee_buy_in_usd:,.0f} is more "
                f"than amount_usd = {self.amount_usd:,.0f}; the buy-in is part of the round"
            )
        named = sum(i.amount_usd for i in self.investors or ())
        if named > self.amount_usd - self.employee_buy_in_usd + 1e-6:
            raise ValueError(
                f"round {self.name!r}: its investors put in US${named:,.0f}, more than the round's outside money "
                f"(amount_usd - employee_buy_in_usd = US${self.amount_usd - self.employee_buy_in_usd:,.0f})"
            )
        return self

    @property
    def pre_usd(self) -> float:
        """Pre-money valuation, US$."""
        return self.pre_money_usd if self.pre_money_usd is not None else self.post_usd - self.amount_usd

    def dividends_usd(self, exit_date: dt.date) -> float:
        """Cumulative dividends accrued from the round's date to ``exit_date`` (by ``dividend_day_count``), US$."""
        years = year_fraction(self.date, exit_date, self.dividend_day_count)
        return accrued_usd(self.amount_usd, self.dividend_pct, years, self.dividend_compounding)

    def preference_usd(self, exit_date: dt.date) -> float:
        """Liquidation preference at ``exit_date``: ``preference_multiple x amount_usd`` plus dividends, US$."""
        return self.preference_multiple * self.amount_usd + self.dividends_usd(exit_date)

    @property
    def post_usd(self) -> float:
        """Post-money valuation, US$."""
        if self.post_money_usd is not None:
            return self.post_money_usd
        assert self.pre_money_usd is not None
        return self.pre_money_usd + self.amount_usd


class EquitySettings(StrictModel):
    """Cap table, rounds, option pool, vesting, buybacks and salaries of one organisation."""

    founded: dt.date = Field(description="founding date: founders' shares and the initial pool")
    as_of: dt.date | None = Field(
        default=None,
        description="date the figures are at; rounds after it are ignored; null = the last round's date",
    )
    founder_shares: float = Field(
        default=10_000_000, ge=1, le=1e15, description="founders' common shares at founding (at least one share)"
    )
    founder_split: dict[str, Weight] | None = Field(
        default=None, max_length=MAX_FOUNDERS,
        description="founder name -> weight of their founding shares; null = equal split",
    )
    rounds: list[FundingRound] = Field(min_length=1, max_length=MAX_ROUNDS)
    convertibles: list[Convertible] = Field(
        default_factory=list, max_length=200,
        description="SAFEs and convertible notes; each converts in the first priced round on or after its date",
    )
    secondaries: list[Secondary] = Field(
        default_factory=list, max_length=100,
        description="founders' common shares sold to buyers (on or before as_of); the share count is unchanged",
    )
    next_round: FundingRound | None = Field(
        default=None,
        description="a stated next priced round for the fully diluted pre- and post-money tables (outstanding "
        "SAFEs and notes converted in it); null = no such table",
    )
    buy_in_people: int = Field(
        default=0, ge=0, le=MAX_HEADCOUNT,
        description="the first N non-founders (most senior first) split every round's staff buy-in equally",
    )
    pool_initial_pct: float = Field(
        default=10.0, ge=0, lt=100, description="option pool at founding, % of all shares then"
    )
    pool_granted_share: float = Field(
        default=0.8, ge=0, le=1,
        description="share of each pool tranche (initial pool, top-ups) granted to current staff",
    )
    grant_weight_by_role: dict[RoleLabel, Weight] = Field(
        default_factory=lambda: dict(_DEFAULT_WEIGHTS),
        description="relative option grant per person by role (missing role = 0)",
    )
    grant_weight_by_level: dict[int, Weight] | None = Field(
        default=None, max_length=100,
        description="level -> multiplier on the role weight (missing level = 1); null = none",
    )
    vesting_years: float = Field(default=4.0, ge=0, le=20, description="years to vest fully")
    cliff_years: float = Field(default=1.0, ge=0, le=20, description="nothing vests before this")
    buyback_rate_per_year: float = Field(
        default=0.0, ge=0, le=1,
        description="share of staff's vested, held options bought back each 31 Dec at the latest round price",
    )
    buyback_first_year: int | None = Field(
        default=None, ge=1900, le=2200, description="first buyback year; null = the first round's year"
    )
    exit_valuation_usd: float = Field(default=1e9, gt=0, le=1e13, description="exit scenario, US$")
    exit_date: dt.date | None = Field(
        default=None,
        description="date of the exit scenario: dividends accrue and options vest to it; null = the as_of date",
    )
    transaction_fees_usd: float = Field(
        default=0.0, ge=0, le=1e12, description="fixed deal costs (bankers, lawyers) paid from the exit first, US$"
    )
    transaction_fees_pct: float = Field(
        default=0.0, ge=0, le=100, description="deal costs as % of the exit value, paid from the exit first"
    )
    carve_out_pct: float = Field(
        default=0.0, ge=0, le=100,
        description="management carve-out: % of the exit after fees paid to management ahead of the preferences",
    )
    escrow_pct: float = Field(
        default=0.0, ge=0, le=100,
        description="% of what the holders get held in escrow at closing and paid later (released in full: it "
        "changes when holders are paid, not how much)",
    )
    unvested_at_exit: UnvestedAtExit = Field(
        default="accelerate",
        description="options unvested at the exit: accelerate (all vest: single trigger), assume (the buyer "
        "takes them over: they still share the exit, double trigger), cancel (they lapse)",
    )
    acceleration_pct: float = Field(
        default=0.0, ge=0, le=100,
        description="% of unvested options that vest at the exit anyway when they are cancelled "
        "(partial single-trigger acceleration)",
    )
    salary_by_role_usd: dict[RoleLabel, SalaryUsd] = Field(
        default_factory=lambda: dict(_DEFAULT_SALARIES), description="annual salary by role, US$"
    )
    pay_mix: list[PayChoice] | None = Field(
        default=None, max_length=10,
        description="staff's own cash/equity choices (shares sum to 1), assigned to people at random "
        "from the scenario's seed; null = everyone takes the standard grant and salary",
    )

    @field_validator("rounds")
    @classmethod
    def _rounds_in_order(cls, rounds: list[FundingRound]) -> list[FundingRound]:
        seen: set[str] = set()
        for i, r in enumerate(rounds):
            if r.name in seen:
                raise ValueError(f"round name {r.name!r} appears twice; names must be unique")
            seen.add(r.name)
            if i and r.date < rounds[i - 1].date:
                raise ValueError(
                    f"rounds.{i} ({r.name!r}, {r.date}) is dated before rounds.{i - 1} "
                    f"({rounds[i - 1].name!r}, {rounds[i - 1].date}); list rounds in date order"
                )
        return rounds

    @model_validator(mode="after")
    def _consistent(self) -> EquitySettings:
        if self.rounds[0].date < self.founded:
            raise ValueError(
                f"rounds.0 ({self.rounds[0].name!r}) is dated {self.rounds[0].date}, before founded = {self.founded}"
            )
        if self.as_of is not None and self.as_of < self.rounds[0].date:
            raise ValueError(
                f"as_of = {self.as_of} is before the first round ({self.rounds[0].date}): no price yet"
            )
        if self.cliff_years > self.vesting_years:
            raise ValueError(
                f"cliff_years = {self.cliff_years:g} is longer than vesting_years = {self.vesting_years:g}"
            )
        if any(r.employee_buy_in_usd > 0 for r in self.rounds) and self.buy_in_people == 0:
            raise ValueError("a round has employee_buy_in_usd > 0 but buy_in_people = 0: say who bought in")
        if self.pay_mix is not None:
            total = sum(c.share_of_staff for c in self.pay_mix)
            if abs(total - 1.0) > 1e-6:
                raise ValueError(f"pay_mix shares of staff sum to {total:g}; they must sum to 1")
        self._check_convertibles()
        if self.next_round is not None and self.next_round.date < self.as_of_date:
            raise ValueError(f"next_round ({self.next_round.name!r}, {self.next_round.date}) is dated before the "
                             f"figures' date {self.as_of_date}; a next round comes after it")
        if self.next_round is not None and self.next_round.name in {r.name for r in self.rounds}:
            raise ValueError(f"next_round's name {self.next_round.name!r} is already a round's")
        for i, sale in enumerate(self.secondaries):
            if sale.date < self.founded:
                raise ValueError(f"secondaries.{i} ({sale.seller!r} to {sale.buyer!r}): dated {sale.date}, before "
                                 f"founded = {self.founded}")
        if self.exit_date is not None and self.exit_date < self.as_of_date:
            raise ValueError(f"exit_date = {self.exit_date} is before the figures' date ({self.as_of_date})")
        if self.founder_split is not None and sum(self.founder_split.values()) <= 0:
            raise ValueError("founder_split weights sum to 0; give at least one positive weight")
        return self

    def _check_convertibles(self) -> None:
        names = {r.name for r in self.rounds}
        seen: set[str] = set()
        for i, c in enumerate(self.convertibles):
            what = f"convertibles.{i} ({c.kind} {c.name!r}, {c.date})"
            if c.name in seen or c.name in names:
                raise ValueError(f"{what}: the name is used twice (by a round or another convertible)")
            seen.add(c.name)
            if c.date < self.founded:
                raise ValueError(f"{what}: dated before founded = {self.founded}")
            if c.converts_in is not None and c.converts_in not in names:
                raise ValueError(f"{what}: converts_in = {c.converts_in!r} is not a round ({', '.join(sorted(names))})")
            if self.conversion_round(c) is None and not self._converts_in_next(c):
                raise ValueError(
                    f"{what}: no priced round on or after its date to convert in; add the round (or a next_round) "
                    "or remove it"
                )

    def _converts_in_next(self, c: Convertible) -> bool:
        return c.converts_in is None and self.next_round is not None and self.next_round.date >= c.date

    def conversion_round(self, c: Convertible) -> int | None:
        """Index in ``rounds`` of the round ``c`` converts in (None: none of the rounds)."""
        for k, r in enumerate(self.rounds):
            if (r.name == c.converts_in) if c.converts_in is not None else r.date >= c.date:
                return k if r.date >= c.date else None
        return None

    def rounds_to_date(self) -> list[FundingRound]:
        """Rounds on or before ``as_of`` (all rounds when ``as_of`` is null)."""
        if self.as_of is None:
            return list(self.rounds)
        as_of = self.as_of
        return [r for r in self.rounds if r.date <= as_of]

    @property
    def as_of_date(self) -> dt.date:
        """The date the figures are at: ``as_of`` or the last round's date."""
        return self.as_of if self.as_of is not None else self.rounds[-1].date

    @property
    def exit_on(self) -> dt.date:
        """The exit scenario's date: ``exit_date`` or the figures' date."""
        return self.exit_date if self.exit_date is not None else self.as_of_date
