"""Why each default of the equity settings is what it is: the engine's default provenance.

The engine declares this map in its registry line; the Assumptions page labels a value equal to the
library's default with the entry covering its path (see `orgmodel.provenance`).
"""

from __future__ import annotations

from orgmodel.engines import SettingGroup
from orgmodel.source import Provenance
from orgmodel.source import assumption as _a

__all__ = ["PROVENANCE", "SETTING_GROUPS"]

PROVENANCE: dict[str, Provenance] = {
    "equity": _a("No equity section: equity figures are not computed."),
    "equity.as_of": _a("Figures at the last round's date by default (null)."),
    "equity.founder_shares": _a("Share unit only: ten million founders' shares; every figure depends on ratios."),
    "equity.founder_split": _a("Equal split of the founding shares among the founders by default (null)."),
    "equity.rounds.*.pre_money_usd": _a("Not given: the round is priced by its post-money valuation."),
    "equity.rounds.*.post_money_usd": _a("Not given: the round is priced by its pre-money valuation."),
    "equity.rounds.*.employee_buy_in_usd": _a("No staff money in the round by default."),
    "equity.rounds.*.pool_top_up_pct": _a("No pool top-up before the round by default (null)."),
    "equity.rounds.*.preference_multiple": _a("A 1x non-participating liquidation preference by default, the most "
                                              "common venture term."),
    "equity.rounds.*.participating": _a("Non-participating by default: the round takes its preference or converts, "
                                        "whichever pays more, the most common venture term."),
    "equity.rounds.*.participation_cap_multiple": _a("No cap by default (null); used only for a participating round."),
    "equity.rounds.*.seniority": _a("All rounds pari passu (seniority 0) by default."),
    "equity.buy_in_people": _a("No staff buy-in by default (0 people)."),
    "equity.pool_initial_pct": _a("A 10% option pool at founding by default, a common size."),
    "equity.pool_granted_share": _a("80% of each pool tranche granted to current staff by default, 20% kept for "
                                    "later hires."),
    "equity.grant_weight_by_role": _a("Grants weighted to rank by default: a manager four times an engineer's "
                                      "grant, a lead twice; founders hold founders' shares, not options."),
    "equity.grant_weight_by_level": _a("No per-level multiplier on grants by default (null)."),
    "equity.vesting_years": _a("Conventional 4-year vesting by default."),
    "equity.cliff_years": _a("Conventional 1-year cliff by default."),
    "equity.buyback_rate_per_year": _a("No buybacks by default: most private companies offer no liquidity before "
                                       "an exit."),
    "equity.buyback_first_year": _a("Buybacks start in the first round's year by default (null)."),
    "equity.exit_valuation_usd": _a("A US$1B exit by default: a round illustrative figure."),
    "equity.salary_by_role_usd": _a("Placeholder annual salaries by default (US$130k-180k, a rough level for "
                                    "engineers in the United States); not measured."),
    "equity.pay_mix": _a("No pay choice by default (null): everyone takes the standard grant and salary."),
    "equity.pay_mix.*.salary_multiplier": _a("The role's standard salary (x1) by default."),

    "equity.rounds.*.convertible": _a("Convertible preferred by default (it converts to common when that pays more), "
                                      "the most common venture term."),
    "equity.rounds.*.conversion_ratio": _a("Converts one for one into common by default, the usual ratio before any "
                                           "anti-dilution adjustment."),
    "equity.rounds.*.dividend_pct": _a("No accruing dividend on the preference by default, as in most venture rounds."),
    "equity.rounds.*.dividend_compounding": _a("Simple (not compounding) interest when a dividend is set, the more "
                                               "common term."),
    "equity.rounds.*.pool_top_up_basis": _a("A pool top-up counted in the pre-money by default (the 'option pool "
                                            "shuffle'), the usual term sheet."),
    "equity.rounds.*.investors": _a("The round's investors are one block by default (null): no named holders."),
    "equity.rounds.*.investors.*.email": _a("No e-mail by default: a label for matching holders to people."),
    "equity.rounds.*.investors.*.pro_rata": _a("No pro-rata right by default."),
    "equity.rounds.*.dividend_day_count": _a("A dividend accrues actual/365 by default, the common US convention."),
    "equity.next_round.dividend_day_count": _a("A dividend accrues actual/365 by default, the common US "
                                               "convention."),
    "equity.convertibles": _a("No SAFEs or convertible notes by default."),
    "equity.convertibles.*.kind": _a("A post-money SAFE by default, the YC standard since 2018."),
    "equity.convertibles.*.valuation_cap_usd": _a("No valuation cap by default (null): the discount alone prices the "
                                                  "conversion."),
    "equity.convertibles.*.discount_pct": _a("No discount by default."),
    "equity.convertibles.*.mfn": _a("No most-favoured-nation clause by default."),
    "equity.convertibles.*.interest_pct": _a("No interest by default (a SAFE bears none; a note's rate must "
                                             "be given)."),
    "equity.convertibles.*.day_count": _a("Interest accrues actual/365 by default, the common convention for"
                                          " US notes."),
    "equity.convertibles.*.converts_in": _a("Converts in the next priced round after its date by default (null)."),
    "equity.convertibles.*.email": _a("No e-mail by default: a label for matching holders to people."),
    "equity.secondaries": _a("No secondary sales by default."),
    "equity.secondaries.*.buyer_email": _a("No e-mail by default: a label for matching holders to people."),
    "equity.next_round": _a("No next priced round stated by default (null): no fully diluted table after it."),
    "equity.next_round.pre_money_usd": _a("Not given: the round is priced by its post-money valuation."),
    "equity.next_round.post_money_usd": _a("Not given: the round is priced by its pre-money valuation."),
    "equity.next_round.employee_buy_in_usd": _a("No staff money in the round by default."),
    "equity.next_round.pool_top_up_pct": _a("No pool top-up before the round by default (null)."),
    "equity.next_round.preference_multiple": _a("A 1x liquidation preference by default, the most common "
                                                "venture term."),
    "equity.next_round.participating": _a("Non-participating by default, the most common venture term."),
    "equity.next_round.participation_cap_multiple": _a("No cap by default (null); used only for a "
                                                       "participating round."),
    "equity.next_round.seniority": _a("Pari passu with the other rounds (seniority 0) by default."),
    "equity.next_round.convertible": _a("Convertible preferred by default (it converts to common when that pays more),"
                                        " the most common venture term."),
    "equity.next_round.conversion_ratio": _a("Converts one for one into common by default, the usual ratio before any "
                                             "anti-dilution adjustment."),
    "equity.next_round.dividend_pct": _a("No accruing dividend on the preference by default, as in most "
                                         "venture rounds."),
    "equity.next_round.dividend_compounding": _a("Simple (not compounding) interest when a dividend is set, the more "
                                                 "common term."),
    "equity.next_round.pool_top_up_basis": _a("A pool top-up counted in the pre-money by default (the 'option pool "
                                              "shuffle'), the usual term sheet."),
    "equity.next_round.investors": _a("The round's investors are one block by default (null): no named holders."),
    "equity.next_round.investors.*.email": _a("No e-mail by default: a label for matching holders to people."),
    "equity.next_round.investors.*.pro_rata": _a("No pro-rata right by default."),
    "equity.exit_date": _a("The exit is valued at as_of by default (null): no dividend accrues past it."),
    "equity.transaction_fees_usd": _a("No fixed transaction fees by default."),
    "equity.transaction_fees_pct": _a("No transaction fees as a share of the exit by default."),
    "equity.carve_out_pct": _a("No management carve-out by default."),
    "equity.escrow_pct": _a("Nothing held in escrow by default."),
    "equity.unvested_at_exit": _a("Unvested options accelerate at exit by default, as in this model before these "
                                  "terms existed."),
    "equity.acceleration_pct": _a("No partial acceleration by default; used only when unvested grants are assumed or "
                                  "cancelled."),
}
"""Schema path (``*`` = any list index or dict key) -> why the library's default is what it is."""

SETTING_GROUPS: tuple[SettingGroup, ...] = (
    SettingGroup("equity_policy", "equity policy (pool, grants, vesting, buybacks, pay)", (
        "equity.founder_shares",
        "equity.founder_split",
        "equity.pool_initial_pct",
        "equity.pool_granted_share",
        "equity.grant_weight_by_role",
        "equity.grant_weight_by_level",
        "equity.vesting_years",
        "equity.cliff_years",
        "equity.buyback_rate_per_year",
        "equity.buyback_first_year",
        "equity.salary_by_role_usd",
        "equity.pay_mix",
        "equity.carve_out_pct",
        "equity.unvested_at_exit",
        "equity.acceleration_pct",
    )),
    SettingGroup("financing", "financing (rounds with staff buy-in, valuation date, exit)", (
        "equity.founded",
        "equity.as_of",
        "equity.rounds",
        "equity.buy_in_people",
        "equity.exit_valuation_usd",
        "equity.exit_date",
        "equity.transaction_fees_usd",
        "equity.transaction_fees_pct",
        "equity.escrow_pct",
        "equity.convertibles",
        "equity.next_round",
        "equity.secondaries",
    )),
)
"""The equity engine's two setting groups. Staff buy-in is financing: the money staff put in is part of
a round (``rounds.*.employee_buy_in_usd``, validated against ``buy_in_people`` and the round's amount),
so who buys in travels with the rounds; so do the investors' pool top-ups."""
