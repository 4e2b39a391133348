"""Turnaround against team size."""

from pathlib import Path

import pytest
import yaml

from orgmodel.review.sweep import sweep_team_size
from orgmodel.scenario import Scenario

PRESETS = Path(__file__).resolve().parents[1] / "presets"


def xiaomi(**review):
    data = yaml.safe_load((PRESETS / "xiaomi-2012.yaml").read_text())
    data["review"] = {**data["review"], **review}
    return Scenario.model_validate(data)


def test_sweep_on_preset_is_complete():
    sc = xiaomi()
    result = sweep_team_size(sc, list(range(3, 31)))
    assert [p.value for p in result.points] == list(range(3, 31))
    channels = [p.channels_within_teams for p in result.points]
    assert channels == sorted(channels)
    assert "org.max_team_size" in result.to_text()


def test_lead_signoff_makes_bigger_teams_slower():
    sc = xiaomi(approvals=["lead"], hours_per_approval=0.5, changes_per_engineer_per_day=2.0)
    points = sweep_team_size(sc, [4, 8, 30]).points
    means = [p.mean_working_hours for p in points]
    assert means[0] < means[1]
    assert points[2].unstable and points[2].mean_working_hours is None and "unstable" in \
        sweep_team_size(sc, [30]).to_text()


def test_span_sweep_and_bad_param():
    sc = xiaomi(approvals=["manager"])
    assert len(sweep_team_size(sc, [3, 6], param="org.max_span").points) == 2
    with pytest.raises(ValueError, match="cannot be swept"):
        sweep_team_size(sc, [3], param="org.founders")
    with pytest.raises(ValueError, match="max_team_size"):
        sweep_team_size(sc, [0])
