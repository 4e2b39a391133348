"""The decisions result: presets, the 24-hour claim, unstable managers, speed."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from orgmodel.decisions.analysis import analyse_decisions
from orgmodel.layout import layout
from orgmodel.loading import load_preset
from orgmodel.scenario import Scenario
from tests.test_decisions_escalation import direct, make_scenario


def test_needs_a_decisions_section() -> None:
    raw = make_scenario([3], team=3).model_dump()
    raw["decisions"] = None
    with pytest.raises(ValueError, match="decisions"):
        analyse_decisions(Scenario.model_validate(raw))


def test_meeting_outside_working_hours_is_refused() -> None:
    with pytest.raises(ValueError, match=r"decisions\.lead\.meeting_hour = 20 is outside the working day \[9, 17\)"):
        make_scenario([3], team=3, lead={"meeting_interval_days": 1, "meeting_hour": 20})


def test_xiaomi_mobilises_within_the_articles_24_hours() -> None:
    r = analyse_decisions(load_preset("xiaomi-2012"))
    assert r.mobilisation_within_target and r.mobilisation_p100_calendar_hours < 24
    assert r.mobilisation_p50_calendar_hours <= r.mobilisation_p90_calendar_hours <= r.mobilisation_p100_calendar_hours
    assert not r.unstable and r.escalation_p50_working_hours is not None


def test_hierarchy_misses_it_and_says_why() -> None:
    r = analyse_decisions(load_preset("hierarchical-400"))
    assert not r.mobilisation_within_target and r.mobilisation_p100_calendar_hours > 24
    assert "Managers relay at their weekly meeting" in r.bottleneck


def test_result_is_consistent() -> None:
    s = load_preset("hierarchical-400")
    r = analyse_decisions(s)
    assert r.latency_split is not None and r.escalation_mean_working_hours is not None
    split = r.latency_split
    total = (split.queueing_working_hours + split.deciding_working_hours + split.meetings_working_hours
             + split.hops_working_hours)
    assert total == pytest.approx(r.escalation_mean_working_hours)
    tl = r.mobilisation_timeline
    assert tl[0].share == 0 and tl[-1].share == 1
    assert tl[-1].calendar_hours == pytest.approx(r.mobilisation_p100_calendar_hours)
    assert all(a.calendar_hours <= b.calendar_hours and a.share < b.share for a, b in itertools.pairwise(tl))
    levels = sorted({int(x) for x in layout(s).level[layout(s).role == 3]})
    assert [row.level for row in r.by_origin_level] == levels
    assert r.busiest_manager_utilisation == max(m.utilisation for m in r.busiest_managers)
    assert analyse_decisions(s) == r  # reproducible from the seed


def test_unstable_manager_is_reported_not_timed() -> None:
    s = make_scenario([40], team=8, escalations_per_engineer_per_week=2, share_to_top=0.5,
                      founder=direct(share=0.1), lead=direct(share=1.0))
    r = analyse_decisions(s)
    assert r.unstable and "CEO" in r.unstable_reason
    assert r.escalation_mean_working_hours is None and r.escalation_p90_working_hours is None
    assert all(row.mean_working_hours is None and row.p90_working_hours is None for row in r.by_origin_level)
    top = r.busiest_managers[0]
    assert top.name == "CEO" and top.flag == "unstable" and top.mean_wait_working_hours is None


def test_scales_to_100k_people() -> None:
    s = make_scenario([25_000] * 4, team=8, span=6)
    table = layout(s)
    r = analyse_decisions(s, table)
    assert r.engineers == int(np.count_nonzero(table.role == 3))
