"""Issue 26's preference terms: straight preferred, caps below the preference, conversion ratios,
accruing dividends, fees and a carve-out ahead of the waterfall, options at exit.

Sources are named in each test; numbers not from a source are worked by hand in docs/model.md.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from orgmodel.equity.accrual import accrued_usd, year_fraction
from orgmodel.equity.analysis import analyse_equity
from orgmodel.equity.settings import FundingRound
from orgmodel.equity.stakes import compute_stakes
from orgmodel.equity.waterfall import ExitTerms, OptionTranche, PreferredClass, exit_waterfall, waterfall_of
from orgmodel.orgtable import Role
from tests.test_equity_stakes import small_equity

# The published cases: an investor holding 40% as converted (6M common, 4M preferred) for
# US$10M. Straight preferred with an 8% cumulative dividend compounded for 7 years holds
# 10M x 1.08^7 = US$17.14M of preference; convertible preferred converts at US$50M for 40% = US$20M.
STRAIGHT_PREF = 10e6 * 1.08**7


def test_straight_preferred_takes_its_preference_where_convertible_converts() -> None:
    # issue 26 (a published case): straight preferred US$17.1M at a US$50M exit, against US$20M converting
    straight = exit_waterfall(50e6, 6e6, [PreferredClass("A", 4e6, STRAIGHT_PREF, convertible=False)])
    convertible = exit_waterfall(50e6, 6e6, [PreferredClass("A", 4e6, STRAIGHT_PREF)])
    assert straight.classes[1].proceeds_usd == pytest.approx(17.138e6, rel=1e-4)
    assert not straight.classes[1].converts and not straight.classes[1].convertible
    assert straight.classes[0].proceeds_usd == pytest.approx(50e6 - STRAIGHT_PREF)
    assert convertible.classes[1].proceeds_usd == pytest.approx(20e6) and convertible.classes[1].converts


def test_non_convertible_capped_participation_is_held_at_its_cap() -> None:
    # issue 26 (a published case): 1x participating with a 3x cap (US$30M), 40% as converted; at US$100M
    # the straight class is held at US$30M, the convertible one converts for 40% = US$40M
    terms = {"participating": True, "cap_usd": 30e6}
    straight = exit_waterfall(100e6, 6e6, [PreferredClass("A", 4e6, 10e6, convertible=False, **terms)])
    convertible = exit_waterfall(100e6, 6e6, [PreferredClass("A", 4e6, 10e6, **terms)])
    assert straight.classes[1].proceeds_usd == pytest.approx(30e6) and straight.classes[1].cap_binds
    assert convertible.classes[1].proceeds_usd == pytest.approx(40e6) and convertible.classes[1].converts
    # below the cap it participates: 10M + 40% of the other 40M = 26M at a US$50M exit
    at_50 = exit_waterfall(50e6, 6e6, [PreferredClass("A", 4e6, 10e6, convertible=False, **terms)])
    assert at_50.classes[1].proceeds_usd == pytest.approx(26e6)


def test_a_straight_class_has_no_conversion_breakpoint() -> None:
    terms = ExitTerms(6e6, (), (PreferredClass("A", 4e6, 10e6, participating=True, cap_usd=30e6, convertible=False),))
    assert [k for _, k, _ in terms.price_kinks()] == ["cap_binds"]
    plain = ExitTerms(6e6, (), (PreferredClass("A", 4e6, 10e6, convertible=False),))
    assert plain.price_kinks() == []


def test_cumulative_simple_dividend_adds_to_the_preference() -> None:
    # "Series A Preferred Share Analysis" (Scribd 662121854, a non-participating cumulative preferred
    # model): US$10M of Series A for 20% with an 8% cumulative dividend, sold for US$50M after two years:
    # the preferred takes 10M + 2 x 0.8M = US$11.6M (more than its 20% as converted) and common US$38.4M
    rnd = FundingRound.model_validate({"name": "A", "date": "2020-01-01", "amount_usd": 10e6,
                                       "post_money_usd": 50e6, "dividend_pct": 8})
    exit_on = dt.date(2022, 1, 1)  # 731 days: actual/365 gives 2.0027 years
    assert rnd.dividends_usd(exit_on) == pytest.approx(10e6 * 0.08 * 731 / 365)
    by_anniversary = rnd.model_copy(update={"dividend_day_count": "30/360"})
    assert by_anniversary.dividends_usd(exit_on) == pytest.approx(1.6e6)  # 30/360: two whole years
    w = exit_waterfall(50e6, 4.0, [PreferredClass("A", 1.0, 10e6 + 1.6e6)])  # the source's two whole years
    assert [c.proceeds_usd for c in w.classes] == pytest.approx([38.4e6, 11.6e6])
    one_year = exit_waterfall(50e6, 4.0, [PreferredClass("A", 1.0, 10.8e6)])
    assert one_year.classes[1].proceeds_usd == pytest.approx(10.8e6)


def test_compound_dividend_and_day_counts() -> None:
    assert accrued_usd(10e6, 8, 7, "compound") == pytest.approx(STRAIGHT_PREF - 10e6)
    assert accrued_usd(10e6, 8, 7, "simple") == pytest.approx(5.6e6)
    assert year_fraction(dt.date(2020, 1, 31), dt.date(2020, 7, 31), "30/360") == pytest.approx(0.5)
    assert year_fraction(dt.date(2020, 1, 1), dt.date(2021, 1, 1), "actual/365") == pytest.approx(366 / 365)
    assert year_fraction(dt.date(2020, 1, 1), dt.date(2021, 1, 1), "actual/360") == pytest.approx(366 / 360)
    assert year_fraction(dt.date(2021, 1, 1), dt.date(2020, 1, 1)) == 0.0


def test_conversion_ratio_scales_the_as_converted_shares() -> None:
    # hand-worked: 8M common; A 1M preferred shares for US$10M (1x, non-participating). At US$100M,
    # 1:1 converts for 1/9 = US$11.1M; 2:1 (after an anti-dilution adjustment) for 2/10 = US$20M
    scenario = small_equity(rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6,
                                     "conversion_ratio": 2}])
    s = compute_stakes(scenario)
    [a] = s.terms.preferred
    assert a.shares == pytest.approx(2 * s.cap.series_shares[1])
    for ratio, expected in ((1, 1 / 9), (2, 2 / 10)):
        w = exit_waterfall(100e6, 8e6, [PreferredClass("A", 1e6 * ratio, 10e6)])
        assert w.classes[1].proceeds_usd == pytest.approx(100e6 * expected)


def test_fees_and_carve_out_come_first_and_everything_is_paid() -> None:
    # hand-worked: US$100M exit, fees US$1M + 2% = US$3M, carve-out 10% of the other US$97M = US$9.7M;
    # the holders share US$87.3M: 8M common and A's 2M shares convert at 87.3 / 10 = US$8.73
    terms = ExitTerms(8e6, (), (PreferredClass("A", 2e6, 10e6),), fees_usd=1e6, fees_pct=2, carve_out_pct=10)
    w = waterfall_of(terms, 100e6)
    assert (w.fees_usd, w.carve_out_usd) == pytest.approx((3e6, 9.7e6))
    assert w.common_per_share_usd == pytest.approx(8.73)
    assert sum(c.proceeds_usd for c in w.classes) + w.fees_usd + w.carve_out_usd == pytest.approx(100e6)
    assert terms.gross_exit(87.3e6) == pytest.approx(100e6)
    # at US$10M: fees 1.2M, carve 0.88M, 7.92M to A's preference, nothing to common
    low = waterfall_of(terms, 10e6)
    assert [c.proceeds_usd for c in low.classes] == pytest.approx([0.0, 7.92e6])


def test_fees_reach_the_report_and_the_groups_sum_to_the_exit() -> None:
    scenario = small_equity(transaction_fees_pct=2, transaction_fees_usd=1e6, carve_out_pct=5, escrow_pct=10)
    r = analyse_equity(scenario)
    g = r.exit_proceeds_usd
    # escrow: 10% of what the holders share (100M - 3M - 4.85M) is held back at closing, paid later
    assert r.exit_escrow_usd == pytest.approx(0.1 * (100e6 - 3e6 - 0.05 * 97e6))
    assert g.fees == pytest.approx(3e6) and g.carve_out == pytest.approx(0.05 * 97e6)
    assert g.founders + g.employees + g.investors + g.fees + g.carve_out == pytest.approx(100e6)
    for b in r.breakpoints:  # breakpoints are gross exit values: the waterfall's price is the kink's there
        w = analyse_equity(scenario, exit_valuation_usd=b.exit_valuation_usd)
        assert w.exit_common_per_share_usd == pytest.approx(b.common_per_share_usd, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize(("treatment", "acceleration"), [("accelerate", 0), ("assume", 0), ("cancel", 0),
                                                         ("cancel", 50)])
def test_unvested_options_at_exit(treatment: str, acceleration: float) -> None:
    # hand-worked: the small org's 1M options granted at founding (2020-01-01), 4 years with a 1-year
    # cliff; exit on 2022-01-01 (731 days: v = 731 / 365.25 / 4). Accelerate or assume: all 1M share
    # the exit; cancel: only v x 1M, plus the accelerated share of the rest. At US$100M every share
    # gets (100M + 2 O) / (9M + 2.5M + O) with O options exercised at US$2.
    scenario = small_equity(vesting_years=4, cliff_years=1, exit_date="2022-01-01", unvested_at_exit=treatment,
                            acceleration_pct=acceleration)
    v = 731 / 365.25 / 4
    options = 1e6 if treatment != "cancel" else 1e6 * (v + acceleration / 100 * (1 - v))
    s = compute_stakes(scenario)
    assert sum(o.shares for o in s.terms.options) == pytest.approx(options)
    price = (100e6 + 2 * options) / (11.5e6 + options)
    assert s.waterfall.common_per_share_usd == pytest.approx(price)
    eng = np.flatnonzero(s.table.role == Role.ENGINEER)
    np.testing.assert_allclose(s.exit_value_usd[eng], options / 27 * (price - 2))
    r = analyse_equity(scenario)
    g = r.exit_proceeds_usd
    assert g.founders + g.employees + g.investors == pytest.approx(100e6)


def test_net_exercise_pays_the_same_as_cash_exercise() -> None:
    # 10M common, 2M options at US$2, US$40M exit: cash exercise p = (40 + 4) / 12 = 3.667, options net
    # 2M x 1.667 = 3.33M. Net exercise surrenders K / p of each option: 2M (1 - 2 / p) shares, and
    # the 40M is shared by 10M + 2M (1 - 2 / p) shares: the same p (p (10M + 2M) - 4M = 40M), the same 3.33M
    cash = exit_waterfall(40e6, 10e6, [], [OptionTranche("o", 2e6, 2.0)])
    p = cash.common_per_share_usd
    net_shares = 2e6 * (1 - 2.0 / p)
    assert 40e6 / (10e6 + net_shares) == pytest.approx(p)
    assert cash.options_net_usd == pytest.approx(net_shares * p)


def test_exit_date_before_the_figures_is_refused() -> None:
    with pytest.raises(ValueError, match="exit_date"):
        small_equity(exit_date="2020-03-01")
