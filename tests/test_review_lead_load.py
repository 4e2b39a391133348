"""A lead who both reviews and signs off: the two loads are one person's time."""

from __future__ import annotations

import pytest

from orgmodel.loading import validate_scenario
from orgmodel.review.analysis import analyse_review
from tests.conftest import small_mapping


def scenario(changes_per_day: float, leads_review: bool = True):  # type: ignore[no-untyped-def]
    # one team: 4 engineers + a lead; 8-hour days; 1 reviewer per change, 1 h per review, 1 h per sign-off
    mapping = small_mapping(founders=[{"name": "A"}], departments=[{"name": "X", "head": "A", "engineers": 4}])
    mapping["review"] = {
        "changes_per_engineer_per_day": changes_per_day, "reviewers_per_change": 1, "hours_per_review": 1.0,
        "policy": "review_first", "approvals": ["lead"], "hours_per_approval": 1.0, "leads_review": leads_review,
    }
    return validate_scenario(mapping)


def test_reviews_and_sign_offs_together_overload_the_lead() -> None:
    # 4 x 1.2 = 4.8 changes a day; sign-offs: 4.8 h of the lead's 8 h = 0.6; reviews: 4.8 h over
    # 5 reviewers = 0.12 each. Separately both are stable; together the lead is at 0.72 -> fine.
    fine = analyse_review(scenario(1.2))
    assert not fine.unstable
    # 4 x 1.5 = 6 a day: sign-offs 0.75, reviews 0.15 each: the lead at 0.90 -> stable, but noted
    busy = analyse_review(scenario(1.5))
    assert not busy.unstable and any("reviews and sign-offs together" in n for n in busy.notes)
    # 4 x 1.7 = 6.8 a day: sign-offs 0.85, reviews 0.17 on average, but the lead, eligible for
    # every change, takes more: 0.199 of its time by the exact chain (0.1994 in the reference
    # simulator, 200k changes) -> the lead at 1.05 -> the queue never clears
    over = analyse_review(scenario(1.7))
    assert over.unstable and over.p90_working_hours is None
    assert "reviews and sign-offs together take 105%" in (over.unstable_reason or "")


def test_a_lead_who_does_not_review_only_carries_sign_offs() -> None:
    assert not analyse_review(scenario(1.7, leads_review=False)).unstable


@pytest.mark.parametrize("changes", [0.0, 0.5])
def test_light_load_has_no_note(changes: float) -> None:
    assert not any("together" in n for n in analyse_review(scenario(changes)).notes)
