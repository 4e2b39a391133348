"""Exit money is conserved: every dollar goes to exactly one holder group."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.equity.analysis import analyse_equity
from orgmodel.equity.proceeds import party_proceeds
from orgmodel.equity.stakes import compute_stakes
from orgmodel.equity.waterfall import OptionTranche, PreferredClass, exit_waterfall
from orgmodel.loading import validate_scenario
from orgmodel.scenario import Scenario
from tests.conftest import small_mapping

# 10M founders' common; 2M options struck at US$2; series A 2M shares with a US$4M preference (US$2 a share).
OPTIONS = [OptionTranche("options", 2e6, 2.0)]
A = [PreferredClass("A", 2e6, 4e6)]


def test_options_below_water_lapse_and_common_takes_the_rest() -> None:
    # US$14M: if A takes its US$4M, common is (14 - 4) / 10M = US$1 < US$2 strike: options lapse,
    # A's US$4M beats converting (2M x 1 = 2M). Founders 10M, A 4M: all 14M paid.
    w = exit_waterfall(14e6, 10e6, A, OPTIONS)
    assert w.common_per_share_usd == pytest.approx(1.0)
    assert [c.proceeds_usd for c in w.classes] == pytest.approx([10e6, 4e6])
    assert w.options_net_usd == 0.0 and w.options_exercise_usd == 0.0


def test_options_in_the_money_pay_their_strike_into_the_pot() -> None:
    # US$40M: everyone in: pot 40M + 2M x US$2 = 44M over 10 + 2 + 2 = 14M shares, p = 3.142857 > 2.
    # founders 31.43M, options net 2M x 1.142857 = 2.29M, A converts: 6.29M. Sum 40M.
    w = exit_waterfall(40e6, 10e6, A, OPTIONS)
    p = 44e6 / 14e6
    assert w.common_per_share_usd == pytest.approx(p)
    assert w.options_net_usd == pytest.approx(2e6 * (p - 2))
    assert w.options_exercise_usd == pytest.approx(4e6)
    assert [c.proceeds_usd for c in w.classes] == pytest.approx([10e6 * p, 2e6 * p])
    assert w.classes[1].converts
    assert sum(c.proceeds_usd for c in w.classes) + w.options_net_usd == pytest.approx(40e6)


def test_hierarchical_60m_founders_keep_20m(hierarchical: Scenario) -> None:
    # both series take their US$10M + US$30M; common price (60 - 40) / 10M founders' shares = US$2.00,
    # below every strike (US$2.39 and up): options lapse, founders get US$20M, staff nothing.
    r = analyse_equity(hierarchical, exit_valuation_usd=60e6)
    assert r.exit_common_per_share_usd == pytest.approx(2.0)
    g = r.exit_proceeds_usd
    assert (g.founders, g.employees, g.investors) == pytest.approx((20e6, 0.0, 40e6))


@pytest.mark.parametrize("exit_usd", [30e6, 60e6, 200e6, 500e6, 5e9])
@pytest.mark.parametrize("name", ["hierarchical", "xiaomi"])
def test_presets_pay_out_the_whole_exit(name: str, exit_usd: float, request: pytest.FixtureRequest) -> None:
    r = analyse_equity(request.getfixturevalue(name), exit_valuation_usd=exit_usd)
    g = r.exit_proceeds_usd
    assert g.founders + g.employees + g.investors == pytest.approx(exit_usd, rel=1e-12)
    staff_rows = sum(s.exit_value_usd * s.count for s in r.stakes if s.role != "founder")
    assert staff_rows == pytest.approx(g.employees, rel=1e-9)  # everyone who bought in is on the chart


round_terms = st.fixed_dictionaries({
    "amount_usd": st.floats(1e5, 1e9),
    "pre_money_usd": st.floats(1e5, 1e11),
    "buy_in": st.floats(0, 1),
    "pool_top_up_pct": st.one_of(st.none(), st.floats(0, 30)),
    "preference_multiple": st.floats(0, 3),
    "participating": st.booleans(),
    "cap_extra": st.one_of(st.none(), st.floats(0, 5)),
    "seniority": st.integers(0, 3),
})


def generated(rounds: list[dict[str, Any]], pool: float, granted: float, people: int) -> Scenario:
    spec = []
    for k, r in enumerate(rounds):
        cap = None if r["cap_extra"] is None or not r["participating"] else r["preference_multiple"] + r["cap_extra"]
        spec.append({
            "name": f"R{k}", "date": f"{2020 + k}-06-01", "amount_usd": r["amount_usd"],
            "pre_money_usd": r["pre_money_usd"], "employee_buy_in_usd": r["amount_usd"] * r["buy_in"],
            "pool_top_up_pct": r["pool_top_up_pct"], "preference_multiple": r["preference_multiple"],
            "participating": r["participating"], "participation_cap_multiple": cap, "seniority": r["seniority"],
        })
    return validate_scenario({**small_mapping(), "equity": {
        "founded": "2019-01-01", "rounds": spec, "pool_initial_pct": pool, "pool_granted_share": granted,
        "buy_in_people": people, "vesting_years": 4, "cliff_years": 1, "buyback_rate_per_year": 0.1,
    }})


@settings(max_examples=60, deadline=None)
@given(
    rounds=st.lists(round_terms, min_size=1, max_size=4),
    pool=st.floats(0, 30), granted=st.floats(0, 1), people=st.integers(1, 30),
    exits=st.lists(st.floats(0, 1e12), min_size=1, max_size=8),
)
def test_every_exit_dollar_goes_to_exactly_one_holder_group_and_no_group_loses_as_the_exit_grows(
    rounds: list[dict[str, Any]], pool: float, granted: float, people: int, exits: list[float]
) -> None:
    try:
        scenario = generated(rounds, pool, granted, people)
        s = compute_stakes(scenario)
    except ValueError:  # a pool top-up that leaves nothing for existing holders: refused, fine
        return
    e = np.sort(np.array(exits))
    g = party_proceeds(s, e)
    for col in (g.founders, g.employees, g.investors):
        assert (col >= -1e-9 * np.maximum(e, 1.0)).all()
        assert (np.diff(col) >= -1e-9 * e[-1] - 1e-6).all()  # no group's take falls as the exit grows
    np.testing.assert_allclose(g.founders + g.employees + g.investors, e, rtol=1e-9, atol=1e-6)
