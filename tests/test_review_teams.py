"""Reviewer pools and approver loads from the org table."""

import numpy as np
import pytest

from orgmodel.layout import layout
from orgmodel.review.settings import ReviewSettings
from orgmodel.review.teams import review_teams
from orgmodel.scenario import Scenario


def scenario(max_span, approvals):
    return Scenario.model_validate({
        "name": "t", "org": {"founders": [{"name": "A"}, {"name": "B"}],
                             "departments": [{"name": "X", "head": "B", "engineers": 72},
                                             {"name": "Y", "head": "A", "engineers": 1}],
                             "max_team_size": 6, "max_span": max_span},
        "work": {"days_per_week": 5, "hours_per_day": 8},
        "review": {"changes_per_engineer_per_day": 2.0, "hours_per_review": 0.5, "approvals": approvals},
    })


def test_pools_and_approver_rates():
    sc = scenario(6, ["lead", "manager", "head"])
    assert sc.review is not None
    teams = review_teams(layout(sc), sc.review, 8.0)
    assert teams.size.tolist() == [6] * 12 + [1]
    assert teams.eligible.tolist() == [6] * 12 + [1]  # 5 teammates + lead; the lone engineer's lead
    assert teams.reviewers.tolist() == [7] * 12 + [1]
    assert np.allclose(teams.change_rate[:12], 6 * 2 / 8)
    lead, manager, head = teams.approver_rate[:12].T  # 12 leads -> 2 managers of 6 leads each
    assert np.allclose(lead, 1.5) and np.allclose(manager, 6 * 1.5) and np.allclose(head, 12 * 1.5)
    assert teams.approvers[12, 1] == -1  # department Y has no manager
    reps, group = teams.groups()
    assert reps.size == 2 and group[:12].tolist() == [group[0]] * 12


def test_leads_not_reviewing():
    sc = scenario(None, [])
    assert sc.review is not None
    settings = sc.review.model_copy(update={"leads_review": False})
    teams = review_teams(layout(sc), settings, 8.0)
    assert teams.eligible[-1] == 0 and teams.reviewers[-1] == 0 and teams.reviews_per_change[-1] == 0


def test_settings_ranges_name_the_field():
    with pytest.raises(ValueError, match="hours_per_review"):
        ReviewSettings(changes_per_engineer_per_day=1, hours_per_review=-1)
