"""The cost engine against a hand-worked case, its salary sources and open roles from their start dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from orgmodel.compare import compare_reports
from orgmodel.cost.analysis import CostResult, year_share
from orgmodel.layout import layout
from orgmodel.loading import load_preset, validate_scenario
from orgmodel.orgtable import Role
from orgmodel.report import build_report


def hand_case(**cost: Any) -> dict[str, Any]:
    """CEO 1 -> lead 2 -> engineers 3, 4; no equity section. Salaries 200k / 150k / 100k, x1.5 loaded."""
    people = "id,name,manager_id,role,department,team\n1,Ceo,,founder,,\n2,Lia,1,lead,A,T\n3,Ann,2,engineer,A,T\n" \
             "4,Bob,2,engineer,A,T\n"
    return {"name": "hand", "org": {"founders": [{"name": "Ceo"}], "max_team_size": 10, "people": people},
            "work": {"days_per_week": 5, "hours_per_day": 8},
            "cost": {"overhead_multiplier": 1.5, "period_start": "2027-01-01",
                     "salary_by_role_usd": {"founder": 200_000, "lead": 150_000, "engineer": 100_000}, **cost}}


def cost_of(data: dict[str, Any]) -> CostResult:
    result = build_report(validate_scenario(data)).section("cost")
    assert isinstance(result, CostResult)
    return result


def test_payroll_and_management_share_by_hand() -> None:
    c = cost_of(hand_case())
    # loaded: 1.5 x (200k + 150k + 2 x 100k) = 825k; managers (with reports): CEO and lead, 1.5 x 350k = 525k
    assert c.salaries_usd_per_year == 550_000
    assert c.payroll_usd_per_year == pytest.approx(825_000)
    assert c.management_share == pytest.approx(525_000 / 825_000)
    assert c.cost_per_engineer_usd == pytest.approx(825_000 / 2)
    assert c.salary_source == "cost settings"


def test_open_roles_cost_from_their_start_dates() -> None:
    data = hand_case()
    data["edits"] = [{"open_role": "engineer", "under": 2, "start": "2027-10-01"},
                     {"open_role": "lead", "under": 1, "start": "2026-05-01"}]
    c = cost_of(data)
    # 2027-10-01 leaves 92 of 365 days: 1.5 x 100k x 92/365; a role open before the period costs it all
    assert c.open_roles == 2 and c.payroll_usd_per_year == pytest.approx(825_000)
    assert c.open_roles_usd_per_year == pytest.approx(1.5 * 100_000 + 1.5 * 150_000)
    assert c.open_roles_usd_in_period == pytest.approx(150_000 * 92 / 365 + 225_000)
    assert c.total_usd_in_period == pytest.approx(825_000 + 150_000 * 92 / 365 + 225_000)
    assert year_share(dt.date(2028, 2, 1), dt.date(2027, 1, 1)) == 0.0


def test_salaries_by_person_then_equity_then_defaults() -> None:
    c = cost_of(hand_case(salary_by_person_usd={"3": 300_000}))
    assert c.salaries_usd_per_year == 750_000 and "per person" in c.salary_source
    xiaomi = load_preset("xiaomi-2012")
    got = build_report(xiaomi).section("cost")
    assert isinstance(got, CostResult) and got.salary_source == "equity settings"
    # 345 engineers x 40k + 47 leads x 55k + 8 partners x 60k = 16.865M, x1.4 loaded
    assert got.salaries_usd_per_year == 16_865_000 and got.payroll_usd_per_year == pytest.approx(1.4 * 16_865_000)
    no_equity = validate_scenario({**xiaomi.model_dump(mode="json"), "equity": None})
    fallback = build_report(no_equity).section("cost")
    assert isinstance(fallback, CostResult) and fallback.salary_source.startswith("defaults")


def test_cost_is_in_compare_with_its_delta() -> None:
    a = load_preset("hierarchical-400")
    table = layout(a)
    engineer = next(r for r in range(len(table)) if table.role[r] == Role.ENGINEER)
    b = validate_scenario({**a.model_dump(mode="json"), "edits": [{"remove": engineer}]})
    row = next(r for r in compare_reports(build_report(a), build_report(b)).rows if r.key == "payroll_usd_per_year")
    assert row.delta == pytest.approx(-1.4 * 40_000)  # an engineer's loaded salary


def test_a_dotted_line_costs_both_peoples_time_by_hand() -> None:
    data = hand_case(dotted_line_hours_per_week=4)
    data["edits"] = [{"dotted": 3, "to": 1}]
    # 4 h of a 40-hour week from the engineer (1.5 x 100k) and the CEO (1.5 x 200k): 0.1 x 450k = 45k a year
    assert cost_of(data).matrix_usd_per_year == pytest.approx(45_000)
    assert cost_of(hand_case()).matrix_usd_per_year == 0
