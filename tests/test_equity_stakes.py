"""Per-person stakes: a hand-worked small org, conservation of shares and exit money, speed."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.equity.stakes import compute_stakes
from orgmodel.layout import layout
from orgmodel.loading import validate_scenario
from orgmodel.orgtable import Role
from orgmodel.scenario import Scenario
from tests.conftest import small_mapping


def small_equity(**equity: Any) -> Scenario:
    """The conftest org (2 founders, 5 leads, 17 engineers) with one round, all options vested at once.

    Founders 9M shares; pool 10% -> 1M options, all granted at founding, struck at round A's price;
    round A: US$5M at US$20M pre -> price 20M / 10M = US$2, 2.5M new shares, 12.5M in all.
    """
    section: dict[str, Any] = {
        "founded": "2020-01-01",
        "founder_shares": 9e6,
        "rounds": [{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6}],
        "pool_initial_pct": 10,
        "pool_granted_share": 1.0,
        "grant_weight_by_role": {"founder": 0, "manager": 4, "lead": 2, "engineer": 1},
        "vesting_years": 0,
        "cliff_years": 0,
        "exit_valuation_usd": 100e6,
        "salary_by_role_usd": {"founder": 100e3, "lead": 100e3, "engineer": 50e3},
    }
    section.update(equity)
    return validate_scenario({**small_mapping(), "equity": section})


def test_hand_worked_small_org() -> None:
    # weights: 5 leads x 2 + 17 engineers x 1 = 27, so an engineer holds 1M / 27 options struck at US$2.
    # At round A (US$2 a share) options are worth nothing net of the strike.
    # Exit US$100M: A's US$5M preference is US$2 a share, below what converting pays, so A converts;
    # the options (strike US$2) are in the money and exercise, paying 1M x US$2 into the proceeds:
    # every share gets (100M + 2M) / 12.5M = US$8.16, and an engineer nets 1M / 27 x (8.16 - 2) = US$228,148.
    s = compute_stakes(small_equity())
    eng = np.flatnonzero(s.table.role == Role.ENGINEER)
    lead = np.flatnonzero(s.table.role == Role.LEAD)
    np.testing.assert_allclose(s.shares[eng], 1e6 / 27)
    np.testing.assert_allclose(s.shares[lead], 2e6 / 27)
    np.testing.assert_allclose(s.stake_usd[eng], 0.0, atol=1e-6)
    np.testing.assert_allclose(s.exit_value_usd[eng], 1e6 / 27 * 6.16)
    np.testing.assert_allclose(s.exercise_cost_usd[eng], 1e6 / 27 * 2)
    np.testing.assert_allclose(s.shares[:2], 4.5e6)  # equal split of 9M
    np.testing.assert_allclose(s.exit_value_usd[:2], 4.5e6 * 8.16)
    np.testing.assert_allclose(s.ownership_pct[:2], 36.0)


def test_buy_in_goes_to_the_first_non_founders_most_senior_first() -> None:
    # US$1M of round A from 3 people: 1/5 of A's 2.5M shares = 500k, 166,667 each, worth US$333,333
    # at the round price; the 3 are leads (more senior than engineers).
    s = compute_stakes(small_equity(
        rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6,
                 "employee_buy_in_usd": 1e6}],
        buy_in_people=3,
    ))
    rows = np.flatnonzero(s.bought_in)
    assert rows.size == 3 and (s.table.role[rows] == Role.LEAD).all()
    np.testing.assert_allclose(s.stake_usd[rows], 1e6 / 3)
    np.testing.assert_allclose(s.stake_to_salary[rows], 1e6 / 3 / 100e3)


def test_founder_split_and_unknown_founders() -> None:
    s = compute_stakes(small_equity(founder_split={"A": 3, "B": 1}))
    np.testing.assert_allclose(s.founder_common[:2], [6.75e6, 2.25e6])
    with pytest.raises(ValueError, match="'Zed'"):
        compute_stakes(small_equity(founder_split={"Zed": 1}))


def test_no_equity_section_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no equity section"):
        compute_stakes(validate_scenario(small_mapping()))


def test_people_in_a_group_hold_identical_stakes(xiaomi: Scenario, hierarchical: Scenario) -> None:
    for scenario in (xiaomi, hierarchical):
        s = compute_stakes(scenario)
        assert s.group_count.sum() == len(s.table)
        for column in (s.shares, s.stake_usd, s.exit_value_usd, s.buyback_cash_usd):
            spread = np.zeros(s.group_count.size)
            np.maximum.at(spread, s.group, np.abs(column - column[s.group_first_row[s.group]]))
            assert spread.max() <= 1e-9 * max(1.0, float(np.abs(column).max()))


def test_shares_and_exit_money_are_conserved(xiaomi: Scenario) -> None:
    s = compute_stakes(xiaomi)
    cap = s.cap
    sold = s.staff_option_share * s.staff_book.sold.sum()
    unallocated = cap.pool_total[-1] - cap.granted_total[-1] + sold
    assert s.shares.sum() + cap.investor_total[-1] + unallocated == pytest.approx(cap.total[-1], rel=1e-12)
    # exit: people's proceeds net of the strike (which was paid into the pot) plus the investors'
    # part of each class = exit value; no dollar to the cancelled pool, none lost to the strike
    per_share = np.array([0.0] + [c.per_share_usd for c in s.waterfall.classes[1:]])
    investors = float(cap.investor_added @ per_share)
    assert float(s.exit_value_usd.sum()) + investors == pytest.approx(s.settings.exit_valuation_usd, rel=1e-9)
    assert (s.vested_shares <= s.shares * (1 + 1e-12)).all()
    assert s.buyback_cash_usd.sum() == pytest.approx(s.staff_option_share * s.staff_book.cash_usd)


@settings(max_examples=25, deadline=None)
@given(scale=st.floats(1.0, 50.0))
def test_exit_price_is_the_pot_with_strikes_over_the_shares_when_nothing_binds(xiaomi: Scenario, scale: float) -> None:
    # everyone converts and every option is in the money: each share outstanding (the pool cancelled)
    # gets (E + strikes of the options held) / shares outstanding
    base = compute_stakes(xiaomi)
    exit_usd = base.settings.exit_valuation_usd * scale
    s = compute_stakes(xiaomi, exit_valuation_usd=exit_usd)
    assert not s.waterfall.preferences_bind
    held = sum(o.shares for o in s.terms.options)
    strikes = sum(o.shares * o.strike_usd for o in s.terms.options)
    outstanding = s.cap.founder_shares + held + s.cap.series_shares.sum()
    assert s.waterfall.common_per_share_usd == pytest.approx((exit_usd + strikes) / outstanding, rel=1e-12)
    gross = s.exit_value_usd + s.exercise_cost_usd
    np.testing.assert_allclose(gross, s.shares * (exit_usd + strikes) / outstanding, rtol=1e-9)


def test_equal_grants_have_gini_zero() -> None:
    from orgmodel.equity.gini import gini

    s = compute_stakes(small_equity(grant_weight_by_role={"lead": 1, "engineer": 1}, exit_valuation_usd=1e9))
    staff = ~s.founder
    assert gini(s.exit_value_usd[staff]) == pytest.approx(0.0, abs=1e-12)


def test_vested_never_exceeds_granted_under_a_cliff() -> None:
    s = compute_stakes(small_equity(vesting_years=4, cliff_years=1, as_of="2021-03-01", buyback_rate_per_year=0.3))
    assert (s.vested_shares <= s.shares + 1e-9).all()
    assert (s.staff_book.sold <= s.staff_book.vested + 1e-9).all()
    # 31 Dec 2020 is before the 1-year cliff: nothing vested, nothing bought back
    assert s.buyback_cash_usd.sum() == 0.0


def test_runs_on_100k_people(xiaomi: Scenario) -> None:
    big = xiaomi.model_copy(deep=True)
    big.org.departments[0].engineers = 100_000
    table = layout(big)
    s = compute_stakes(big, table)
    assert s.shares.size == len(table) > 100_000
