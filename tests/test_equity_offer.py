"""Per-person offer summary: grants, vesting, buy-in, value now and at exit, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.equity.offer import offer_summary
from orgmodel.equity.stakes import compute_stakes
from orgmodel.errors import InputError
from orgmodel.orgtable import Role
from orgmodel.scenario import Scenario
from tests.test_equity_stakes import small_equity


def test_hand_worked_engineer_with_a_buy_in() -> None:
    # small org: 1M options at founding, struck at round A's US$2, vested at once; weights 5 leads x 2 +
    # 17 engineers x 1 = 27. Three leads bought US$1M of round A (2.5M shares x 1/5 = 500k, 166,667 each).
    scenario = small_equity(
        rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6,
                 "employee_buy_in_usd": 1e6}],
        buy_in_people=3,
    )
    s = compute_stakes(scenario)
    lead = int(np.flatnonzero(s.bought_in)[0])
    o = offer_summary(scenario, s.table.id_of(lead))
    assert o.role == "lead" and o.chosen_as == "person"
    [grant] = o.grants
    assert grant.options == pytest.approx(2e6 / 27) and grant.strike_usd == pytest.approx(2.0)
    assert grant.vested_options == pytest.approx(2e6 / 27) and grant.value_now_usd == pytest.approx(0.0, abs=1e-6)
    [buy] = o.buy_in
    assert buy.shares == pytest.approx(500e3 / 3) and buy.cost_usd == pytest.approx(1e6 / 3)
    assert o.value_now_usd == pytest.approx(1e6 / 3)
    # exit US$100M: A converts, options in the money: (100M + 1M x 2) / 12.5M = US$8.16 a share
    assert o.value_at_exit_usd == pytest.approx(2e6 / 27 * 6.16 + 500e3 / 3 * 8.16)
    assert o.buy_in_cost_usd == pytest.approx(1e6 / 3)
    assert any("Bought" in line for line in o.letter)


def test_summary_agrees_with_the_stakes_columns(xiaomi: Scenario) -> None:
    s = compute_stakes(xiaomi)
    for who in ("engineer", "lead", "Lei Jun", "9"):
        o = offer_summary(xiaomi, who, stakes=s)
        row = int(o.person_id)
        held = sum(g.held_options for g in o.grants) + sum(b.shares for b in o.buy_in) + o.founder_shares
        assert held == pytest.approx(s.shares[row])
        assert o.value_now_usd == pytest.approx(sum(g.value_now_usd for g in o.grants)
                                                + sum(b.value_now_usd for b in o.buy_in)
                                                + o.founder_shares * o.price_per_share_usd)
        values = [p.value_usd for p in o.at_exits]
        assert values == sorted(values) and len(values) >= 20


def test_a_role_picks_its_median_holder(hierarchical: Scenario) -> None:
    s = compute_stakes(hierarchical)
    o = offer_summary(hierarchical, "engineer", stakes=s)
    engineers = s.stake_usd[s.table.role == Role.ENGINEER]
    assert o.chosen_as == "engineer"
    assert o.value_now_usd == pytest.approx(np.sort(engineers)[(engineers.size - 1) // 2])


def test_unknown_person_names_the_field(hierarchical: Scenario) -> None:
    with pytest.raises(InputError, match=r"person = 'nobody'.*0 to 399"):
        offer_summary(hierarchical, "nobody")
