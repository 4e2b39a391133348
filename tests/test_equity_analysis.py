"""The equity summary on both presets: keys, dilution, overrides, errors."""

from __future__ import annotations

import pytest

from orgmodel.equity.analysis import analyse_equity
from orgmodel.layout import layout
from orgmodel.loading import validate_scenario
from orgmodel.scenario import Scenario
from tests.conftest import small_mapping

KEYS = {
    "valuation_usd", "employee_ownership_pct", "employees_with_equity_pct", "median_engineer_stake_usd",
    "median_stake_to_salary", "stake_gini", "founders_ownership_pct", "investors_ownership_pct",
    "dilution", "by_level", "by_role", "waterfall", "stakes", "notes",
}


def test_json_has_the_public_keys(xiaomi: Scenario) -> None:
    data = analyse_equity(xiaomi).model_dump(mode="json")
    assert set(data) >= KEYS
    assert sum(g["count"] for g in data["stakes"]) == data["headcount"]


@pytest.mark.parametrize("name", ["xiaomi", "hierarchical"])
def test_ownership_adds_up_after_every_round(name: str, request: pytest.FixtureRequest) -> None:
    r = analyse_equity(request.getfixturevalue(name))
    for row in r.dilution:
        total = row.founders_pct + row.employees_pct + row.investors_pct + row.pool_unallocated_pct
        assert total == pytest.approx(100.0)
    now = r.founders_ownership_pct + r.employee_ownership_pct + r.investors_ownership_pct + r.pool_unallocated_pct
    assert now == pytest.approx(100.0)
    assert 0.0 <= r.stake_gini <= 1.0
    assert sum(t.people for t in r.by_role) == sum(t.people for t in r.by_level) == r.headcount


def test_xiaomi_staff_buy_in_is_11m_of_a_250m_post_money(xiaomi: Scenario) -> None:
    # L75 + technode: the staff's US$11M in round A at US$250M post-money is 11 / 250 = 4.4% of it;
    # the 56 participants each hold 1/56 of it, US$196,429 at round A's price.
    r = analyse_equity(xiaomi)
    a = next(row for row in r.dilution if row.round == "A")
    founding = r.dilution[0]
    options_a = founding.employees_pct * founding.total_shares / a.total_shares  # no top-up in A
    assert a.employees_pct - options_a == pytest.approx(4.4)
    assert r.buy_in_participants == 56
    assert r.as_of_round == "C" and r.valuation_usd == 4e9


def test_overrides_change_the_exit_and_the_buybacks(xiaomi: Scenario) -> None:
    # an exit below the US$347M of preferences of rounds A-C: preferences bind, common gets nothing
    low = analyse_equity(xiaomi, exit_valuation_usd=300e6)
    assert low.exit_preferences_bind and low.exit_common_per_share_usd == 0.0
    assert analyse_equity(xiaomi, buyback_rate_per_year=0.0).buyback_cash_usd == 0.0
    assert analyse_equity(xiaomi, buyback_rate_per_year=0.2).buyback_cash_usd > 0.0
    with pytest.raises(ValueError, match="exit_valuation_usd"):
        analyse_equity(xiaomi, exit_valuation_usd=-1.0)


def test_table_can_be_passed_in(hierarchical: Scenario) -> None:
    assert analyse_equity(hierarchical, layout(hierarchical)) == analyse_equity(hierarchical)


def test_missing_equity_section_raises() -> None:
    with pytest.raises(ValueError, match="equity"):
        analyse_equity(validate_scenario(small_mapping()))
