"""Equity settings: every bad input names the field and the limit."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from orgmodel.equity.settings import EquitySettings, FundingRound


def section(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "founded": "2020-01-01",
        "rounds": [{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "post_money_usd": 25e6}],
    }
    base.update(kw)
    return base


def test_pre_or_post_money_exactly_one() -> None:
    assert FundingRound(name="A", date="2020-01-01", amount_usd=5, pre_money_usd=20).post_usd == 25  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="exactly one"):
        FundingRound(name="A", date="2020-01-01", amount_usd=5, pre_money_usd=20, post_money_usd=25)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="exactly one"):
        FundingRound(name="A", date="2020-01-01", amount_usd=5)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="must exceed"):
        FundingRound(name="A", date="2020-01-01", amount_usd=5, post_money_usd=5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pool_initial_pct": 100}, "pool_initial_pct"),
        ({"buyback_rate_per_year": 1.5}, "buyback_rate_per_year"),
        ({"cliff_years": 5, "vesting_years": 4}, "cliff_years"),
        ({"as_of": "2020-03-01"}, "before the first round"),
        ({"founded": "2021-01-01"}, "before founded"),
        ({"grant_weight_by_role": {"engineer": -1}}, "grant_weight_by_role.engineer"),
        ({"grant_weight_by_role": {"intern": 1}}, "intern"),
        ({"salary_by_role_usd": {"lead": 1e9}}, "salary_by_role_usd.lead"),
        ({"founder_split": {"A": 0}}, "founder_split"),
        ({"rounds": [{"name": "A", "date": "2020-06-01", "amount_usd": 5, "post_money_usd": 25,
                      "employee_buy_in_usd": 1}]}, "buy_in_people"),
        ({"rounds": [{"name": "A", "date": "2020-06-01", "amount_usd": 5, "post_money_usd": 25,
                      "employee_buy_in_usd": 6}], "buy_in_people": 2}, "part of the round"),
        ({"rounds": [{"name": "A", "date": "2021-06-01", "amount_usd": 5, "post_money_usd": 25},
                     {"name": "B", "date": "2020-06-01", "amount_usd": 5, "post_money_usd": 50}]}, "date order"),
        ({"rounds": [{"name": "A", "date": "2020-06-01", "amount_usd": 5, "post_money_usd": 25}] * 2}, "twice"),
        ({"rounds": []}, "rounds"),
    ],
)
def test_bad_inputs_name_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        EquitySettings.model_validate(section(**changes))


def test_rounds_after_as_of_are_ignored() -> None:
    s = EquitySettings.model_validate(section(
        as_of="2021-01-01",
        rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5, "post_money_usd": 25},
                {"name": "B", "date": "2022-06-01", "amount_usd": 5, "post_money_usd": 50}],
    ))
    assert [r.name for r in s.rounds_to_date()] == ["A"]
    assert EquitySettings.model_validate(section()).as_of_date.isoformat() == "2020-06-01"
