"""Edge cases by hand and size limits: tiny, empty and oversized organisations.

Every case either gives a full report with finite figures (None only where a section says why)
or is refused with an `InputError` naming the field, fast. Known engine bugs are pinned as
strict xfails so they turn red the moment they are fixed (then drop the mark).
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest

from orgmodel.errors import InputError
from orgmodel.limits import MAX_DEPARTMENTS, MAX_FOUNDERS, MAX_HEADCOUNT, MAX_ROUNDS, MAX_SWEEP_POINTS
from orgmodel.loading import load_preset, parse_scenario, validate_scenario
from orgmodel.report import build_report
from orgmodel.review.analysis import analyse_review
from orgmodel.review.sweep import sweep_team_size

BASE: dict[str, Any] = load_preset("xiaomi-2012").model_dump(mode="json")


def scenario_with(**org: Any) -> dict[str, Any]:
    """The Xiaomi preset (all engine sections) with its org replaced by ``org`` fields."""
    mapping = copy.deepcopy(BASE)
    mapping["org"].update(org)
    return mapping


def _finite(node: Any) -> list[str]:
    if isinstance(node, bool):
        return []
    if isinstance(node, float):
        return [] if math.isfinite(node) else ["nonfinite"]
    if isinstance(node, dict):
        return [x for v in node.values() for x in _finite(v)]
    if isinstance(node, list):
        return [x for v in node for x in _finite(v)]
    return []


def report_of(mapping: dict[str, Any]) -> dict[str, Any]:
    data = build_report(validate_scenario(mapping)).model_dump(mode="json")
    assert not _finite(data)
    return data


def test_one_person_organisation() -> None:
    data = report_of(scenario_with(founders=[{"name": "Solo"}], departments=[]))
    assert data["structure"]["headcount"] == 1 and data["structure"]["engineers"] == 0
    assert any("No engineers" in n for n in data["decisions"]["notes"])


def test_no_engineers_review_says_why_figures_are_missing() -> None:
    data = report_of(scenario_with(founders=[{"name": "Solo"}], departments=[]))
    assert data["review"]["mean_working_hours"] is not None or data["review"]["notes"]


def test_a_department_with_no_engineers() -> None:
    data = report_of(scenario_with(
        founders=[{"name": "A"}, {"name": "B"}],
        departments=[{"name": "Empty", "head": "B", "engineers": 0}, {"name": "Eng", "head": "A", "engineers": 9}],
    ))
    assert data["structure"]["engineers"] == 9


@pytest.mark.parametrize("leads_review", [True, False])
def test_a_team_of_one_says_it_has_no_peer_reviewer(leads_review: bool) -> None:
    mapping = scenario_with(founders=[{"name": "A"}], departments=[{"name": "X", "head": "A", "engineers": 1}])
    mapping["review"]["leads_review"] = leads_review
    result = analyse_review(validate_scenario(mapping))
    assert any("no peer reviewer" in note for note in result.notes)
    assert result.mean_working_hours is not None and math.isfinite(result.mean_working_hours)


def test_zero_review_load() -> None:
    mapping = scenario_with()
    mapping["review"]["changes_per_engineer_per_day"] = 0
    review = report_of(mapping)["review"]
    assert review["unstable"] is False and review["reviewer_utilisation"] == 0


def test_full_review_load_is_unstable_with_a_reason() -> None:
    """Load at 100% of reviewers' time or more: figures None, unstable True and a reason."""
    mapping = scenario_with(max_team_size=2)
    hours = mapping["work"]["hours_per_day"]
    mapping["review"].update(changes_per_engineer_per_day=hours / 0.5, hours_per_review=0.5, reviewers_per_change=1)
    review = report_of(mapping)["review"]
    assert review["unstable"] is True and review["unstable_reason"]
    assert review["mean_working_hours"] is None


def test_a_founder_heading_nothing() -> None:
    data = report_of(scenario_with(
        founders=[{"name": "A"}, {"name": "Idle"}], departments=[{"name": "X", "head": "A", "engineers": 5}]
    ))
    assert data["structure"]["founders"] == 2


@pytest.mark.parametrize(
    ("org", "message"),
    [
        ({"departments": [{"name": "X", "head": "Nobody", "engineers": 3}]}, "'Nobody' is not a founder"),
        ({"founders": [{"name": "A"}, {"name": "A"}]}, "founder name 'A' appears twice"),
        ({"departments": [{"name": "X", "head": "Lei Jun", "engineers": 1}] * 2}, "department name 'X' appears twice"),
        ({"founders": []}, "org.founders"),
        ({"max_team_size": 0}, "org.max_team_size = 0"),
        ({"max_team_size": -4}, "org.max_team_size = -4"),
        ({"max_span": 1}, "org.max_span = 1"),
        ({"departments": [{"name": "X", "head": "Lei Jun", "engineers": -1}]}, "engineers = -1"),
        ({"departments": [{"name": "X", "head": "Lei Jun", "engineers": 10**12}]}, "engineers = 1000000000000"),
        ({"departments": [{"name": "", "head": "Lei Jun", "engineers": 1}]}, "departments.0.name"),
    ],
)
def test_bad_organisations_are_refused_naming_the_field(org: dict[str, Any], message: str) -> None:
    with pytest.raises(InputError, match=message.replace(".", r"\.").replace("(", r"\(")):
        validate_scenario(scenario_with(**org))


def _refused(mapping: dict[str, Any], message: str) -> None:
    """Refused with ``message`` (a length or cap check that runs before any item is validated)."""
    with pytest.raises(InputError) as info:
        validate_scenario(mapping)
    assert message in str(info.value), str(info.value)


def test_a_million_departments_are_refused_by_length_before_items() -> None:
    depts = [{"name": "d", "head": "Lei Jun", "engineers": 1}] * 1_000_000
    limit = f"org.departments: 1,000,000 items; the limit is {MAX_DEPARTMENTS}"
    _refused(scenario_with(departments=depts), limit)


def test_too_many_founders_and_rounds_are_refused_by_length() -> None:
    _refused(scenario_with(founders=[{"name": "A"}] * 10**5), f"the limit is {MAX_FOUNDERS}")
    mapping = scenario_with()
    mapping["equity"]["rounds"] = mapping["equity"]["rounds"] * 10**4
    _refused(mapping, f"equity.rounds: 50,000 items; the limit is {MAX_ROUNDS}")


def test_total_headcount_over_the_cap_is_refused() -> None:
    depts = [{"name": f"d{i}", "head": "Lei Jun", "engineers": MAX_HEADCOUNT} for i in range(3)]
    _refused(scenario_with(departments=depts), f"more than the {MAX_HEADCOUNT:,}")


def test_a_million_departments_in_yaml_are_refused_by_the_byte_cap() -> None:
    text = "org:\n  departments:\n" + "  - {name: d, head: A, engineers: 1}\n" * 1_000_000
    with pytest.raises(InputError, match="the limit is 1,000,000 bytes"):
        parse_scenario(text)


def test_sweep_points_over_the_cap_are_refused() -> None:
    with pytest.raises(ValueError, match=str(MAX_SWEEP_POINTS)):
        sweep_team_size(validate_scenario(BASE), list(range(1, MAX_SWEEP_POINTS + 2)))


def test_tiny_founder_shares_are_refused_by_validation() -> None:
    mapping = scenario_with()
    mapping["equity"]["founder_shares"] = 1e-300
    with pytest.raises(InputError, match=r"equity\.founder_shares = 1e-300: must be greater than or equal to 1"):
        validate_scenario(mapping)


def test_a_meeting_outside_a_short_working_day_is_refused_naming_the_field() -> None:
    mapping = scenario_with()
    mapping["work"].update(start_hour=8, hours_per_day=1)  # the founder's meeting_hour 10 is outside [8, 9)
    with pytest.raises(InputError, match=r"decisions\.founder\.meeting_hour = 10 is outside the working day \[8, 9\)"):
        validate_scenario(mapping)
    mapping["decisions"]["founder"]["meeting_hour"] = 8.5  # inside the day: analysed, every figure finite
    assert not _finite(build_report(validate_scenario(mapping)).model_dump(mode="json"))


def test_a_tiny_effort_cv_is_analysed() -> None:
    mapping = scenario_with()
    mapping["review"]["approval_cv"] = 1e-170
    mapping["review"]["review_cv"] = 1e-170
    assert not _finite(build_report(validate_scenario(mapping)).model_dump(mode="json"))
