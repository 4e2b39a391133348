"""Ranges (issue 24): every numeric assumption has a plausible range inside its field's bounds, or a reason
not to; a scenario file's range wins over the default; a bad range is refused naming the input."""

from __future__ import annotations

from typing import Any

import pytest

from orgmodel.errors import InputError
from orgmodel.loading import load_preset, parse_scenario, preset_names, scenario_to_yaml, validate_scenario
from orgmodel.provenance import DEFAULT_PROVENANCE, default_values, most_specific
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.inputs import bounds_problem, field_bounds, ranged_inputs, unranged_assumptions
from orgmodel.sensitivity.ranges import DEFAULT_RANGES, NOT_RANGED, Range


@pytest.mark.parametrize("name", preset_names())
def test_every_numeric_assumption_of_a_preset_has_a_range(name: str) -> None:
    scenario = load_preset(name)
    assert unranged_assumptions(scenario) == [], (
        f"{name}: assumptions with no range; add one to orgmodel.sensitivity.ranges.DEFAULT_RANGES "
        "(or, if it is no quantity, a reason to NOT_RANGED)")
    assert len(ranged_inputs(scenario)) > 50


def test_a_missing_range_is_caught(xiaomi: Scenario) -> None:
    trimmed = {k: v for k, v in DEFAULT_RANGES.items() if k != "review.hours_per_review"}
    ranged = {i.path for i in ranged_inputs(xiaomi, defaults=trimmed)}
    assert "review.hours_per_review" not in ranged
    assert unranged_assumptions(xiaomi, trimmed) == ["review.hours_per_review"]


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def test_every_numeric_library_default_labelled_an_assumption_has_a_range() -> None:
    missing = []
    for key, entry in DEFAULT_PROVENANCE.items():
        values = default_values(key.replace("*", "founder" if key.startswith("decisions.*") else "0"))
        numeric = entry.kind in ("assumption", "illustrative") and any(_is_number(v) for v in values)
        if numeric and most_specific(key, DEFAULT_RANGES) is None and most_specific(key, NOT_RANGED) is None:
            missing.append(key)
    assert missing == []


@pytest.mark.parametrize("key", sorted(DEFAULT_RANGES))
def test_default_ranges_are_ordered_and_inside_the_fields_bounds(key: str) -> None:
    rng = Range.model_validate(DEFAULT_RANGES[key].model_dump())  # the table is built without validation
    assert rng.low <= rng.high and rng.reason
    path = key.replace("*", "founder" if key.startswith("decisions.*") else "0")
    if key.startswith("equity.grant_weight_by_role.") or key.startswith("equity.salary_by_role_usd."):
        path = key.replace("*", "engineer")
    low, high, _, _ = field_bounds(path)
    assert low is not None or high is not None, f"{key}: no bounds found, so the check would be empty"
    if not rng.relative:
        assert bounds_problem(path, rng.low, rng.high) is None


def test_bounds_are_read_from_the_field() -> None:
    assert field_bounds("review.hours_per_review") == (0.0, 40.0, False, True)
    assert field_bounds("review.absences.0.share") == (0.0, 0.95, True, False)
    assert field_bounds("equity.salary_by_role_usd.engineer")[:2] == (0.0, 1e8)
    assert bounds_problem("review.hours_per_review", 0.0, 1.0) == "low = 0 is below the field's bound (> 0)"


def test_a_scenario_range_wins_over_the_default(xiaomi: Scenario) -> None:
    data = xiaomi.model_dump(mode="json")
    data["ranges"] = {"review.hours_per_review": {"low": 0.4, "high": 0.6, "distribution": "triangular"}}
    scenario = validate_scenario(data)
    by_path = {i.path: i for i in ranged_inputs(scenario)}
    item = by_path["review.hours_per_review"]
    assert (item.low, item.high, item.distribution, item.origin, item.mode) == (0.4, 0.6, "triangular", "scenario", 0.5)
    assert by_path["review.switch_delay_hours"].origin == "default"
    only = ranged_inputs(scenario, only_scenario=True)
    assert [i.path for i in only] == ["review.hours_per_review"]
    again = parse_scenario(scenario_to_yaml(scenario))
    assert again.ranges == scenario.ranges


def _refusal(xiaomi: Scenario, ranges: dict[str, Any]) -> str:
    data = xiaomi.model_dump(mode="json")
    data["ranges"] = ranges
    with pytest.raises(InputError) as err:
        ranged_inputs(validate_scenario(data))
    return str(err.value)


def test_bad_ranges_are_refused_naming_the_input(xiaomi: Scenario) -> None:
    data = xiaomi.model_dump(mode="json")
    data["ranges"] = {"review.hours_per_review": {"low": 2, "high": 1}}
    with pytest.raises(InputError, match=r"ranges\.review\.hours_per_review.*low = 2 is above high = 1"):
        validate_scenario(data)
    assert "below the field's bound (> 0)" in _refusal(xiaomi, {"review.hours_per_review": {"low": -1, "high": 1}})
    fact = _refusal(xiaomi, {"review.reviewers_per_change": {"low": 1, "high": 2}})
    assert "review.reviewers_per_change is a fact" in fact and "keeps its value" in fact
    assert "is not a number" in _refusal(xiaomi, {"decisions.decided_by": {"low": 1, "high": 2}})
    assert "names no numeric input" in _refusal(xiaomi, {"review.hours_per_reveiw": {"low": 1, "high": 2}})
    with pytest.raises(ValueError, match="loguniform range needs low > 0"):
        Range(low=0, high=1, distribution="loguniform")


def test_a_fact_takes_a_range_its_source_gives(xiaomi: Scenario) -> None:
    data = xiaomi.model_dump(mode="json")
    data["ranges"] = {"decisions.feedback_posts_per_day": {"low": 100, "high": 200, "from_source": True}}
    item = next(i for i in ranged_inputs(validate_scenario(data)) if i.path == "decisions.feedback_posts_per_day")
    assert (item.kind, item.low, item.high) == ("fact", 100, 200)


def test_relative_and_whole_number_ranges_resolve_against_the_value(xiaomi: Scenario) -> None:
    by_path = {i.path: i for i in ranged_inputs(xiaomi)}
    dept = by_path["org.departments.0.engineers"]
    assert (dept.value, dept.low, dept.high, dept.integer) == (105, 84, 126, True)
    assert by_path["work.start_hour"].integer is False
    assert "work.days_per_week" not in by_path  # a fact in the Xiaomi preset (L56)
