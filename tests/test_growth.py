"""Growth: scaling the engineers, keeping the rules, and where each figure breaks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from orgmodel.cli import main
from orgmodel.errors import InputError
from orgmodel.growth import (
    XIAOMI_HEADCOUNTS,
    Growth,
    _allocate,
    grow,
    headcount_points,
    scaled_scenario,
)
from orgmodel.loading import load_preset
from orgmodel.report import build_report
from orgmodel.scenario import Scenario


def test_headcount_points_are_log_spaced_whole_and_bounded() -> None:
    points = headcount_points(10, 10_000, 4)
    assert points == [10, 100, 1_000, 10_000]
    assert headcount_points(14, 20_000, 40)[0] == 14 and headcount_points(14, 20_000, 40)[-1] == 20_000
    assert headcount_points(5, 5, 10) == [5]
    with pytest.raises(InputError, match="START"):
        headcount_points(100, 10, 5)
    with pytest.raises(InputError, match="--points"):
        headcount_points(10, 100, 0)


def test_allocation_by_largest_remainder() -> None:
    # 10 split 105:48:68 -> exact 4.75, 2.17, 3.08 -> floors 4, 2, 3 (9), one more to the largest remainder (0.75)
    assert _allocate(10, [105, 48, 68]) == [5, 2, 3]
    assert _allocate(7, [0, 0]) == [4, 3]
    for total in (0, 1, 13, 999):
        assert sum(_allocate(total, [3, 1, 1, 5])) == total


def test_scaled_scenario_keeps_rules_and_drops_equity(xiaomi: Scenario) -> None:
    scaled = scaled_scenario(xiaomi, 1_000)
    assert scaled.org.engineers == 1_000
    assert scaled.org.max_team_size == xiaomi.org.max_team_size and scaled.org.max_span == xiaomi.org.max_span
    assert scaled.review == xiaomi.review and scaled.decisions == xiaomi.decisions and scaled.work == xiaomi.work
    assert scaled.equity is None
    shares = [d.engineers / 1_000 for d in scaled.org.departments]
    base = [d.engineers / xiaomi.org.engineers for d in xiaomi.org.departments]
    assert np.allclose(shares, base, atol=1 / 1_000)


def _direct(scenario: Scenario) -> Scenario:
    """The scenario with every role deciding and relaying directly (no meeting queues).

    Growth's scaling and break rules do not depend on meetings; meeting queues near utilisation 1
    take the batch-queue solver up to its iteration cap (slow), which these tests need not pay for.
    """
    assert scenario.decisions is not None
    roles = {r: getattr(scenario.decisions, r).model_copy(update={"meeting_interval_days": None, "relay": "direct"})
             for r in ("founder", "manager", "lead")}
    return scenario.model_copy(update={"decisions": scenario.decisions.model_copy(update=roles)})


@pytest.fixture(scope="module")
def hierarchical_growth() -> Growth:
    return grow(_direct(load_preset("hierarchical-400")), headcount_points(14, 3_000, 12))


def test_headcount_and_levels_grow_monotonically_under_a_span_limit(hierarchical_growth: Growth) -> None:
    points = hierarchical_growth.points
    heads = [p.headcount for p in points]
    assert heads == sorted(heads) and len(set(heads)) == len(heads)
    levels = [float(p.value("structure.levels") or 0) for p in points]
    assert levels == sorted(levels) and levels[-1] > levels[0]
    managers = [float(p.value("structure.managers") or 0) for p in points]
    assert managers == sorted(managers)
    for p in points:  # the headcount reached is the target, or within a team of it
        assert abs(p.headcount - p.target_headcount) <= max(2, 0.02 * p.target_headcount)


def test_breaks_agree_with_the_engines_flags(hierarchical_growth: Growth) -> None:
    growth = hierarchical_growth
    points = growth.points
    breaks = {b.figure: b for b in growth.breaks}
    first = {
        "decisions.escalation_p90_working_hours": next((p for p in points if p.unstable.get("decisions")), None),
        "review.p90_working_hours": next((p for p in points if p.unstable.get("review")), None),
        "decisions.mobilisation_p100_calendar_hours": next(
            (p for p in points if (p.value("decisions.mobilisation_p100_calendar_hours") or 0)
             >= growth.limits["decisions.mobilisation_p100_calendar_hours"]), None),
    }
    for figure, point in first.items():
        if point is None:
            assert figure not in breaks
        else:
            assert breaks[figure].headcount == point.headcount
    assert "decisions.escalation_p90_working_hours" in breaks  # the hierarchy's executives overload within 3,000
    for p in points:  # an overloaded founder or manager is an unstable queue for the engine too
        loads = (p.value("decisions.busiest_founder_utilisation"), p.value("decisions.busiest_middle_manager_utilisation"))
        if any((u or 0) >= 1 for u in loads):
            assert p.unstable["decisions"] and p.value("decisions.escalation_p90_working_hours") is None


def test_every_headline_figure_is_grown_except_those_not_grown(hierarchical_growth: Growth) -> None:
    from orgmodel.engines import headline_figures

    keys = set(hierarchical_growth.points[0].figures)
    assert keys == {f.path for f in headline_figures() if f.section != "equity"}
    assert "time_budget.own_work_hours_per_week" in hierarchical_growth.limits


def test_a_point_is_the_report_of_the_scaled_scenario(xiaomi: Scenario) -> None:
    growth = grow(xiaomi, [400])
    point = growth.points[0]
    report = build_report(xiaomi)  # the preset is 400 people: the scaled org is the preset itself
    assert point.headcount == report.structure.headcount == 400
    assert point.value("structure.levels") == report.structure.levels
    assert point.value("structure.channels_within_teams") == report.structure.channels_within_teams
    assert report.decisions is not None and report.review is not None
    assert point.value("decisions.escalation_p90_working_hours") == report.decisions.escalation_p90_working_hours
    assert point.value("review.p90_working_hours") == report.review.p90_working_hours


def test_founder_utilisation_matches_the_closed_form_in_the_flat_preset(xiaomi: Scenario) -> None:
    # Flat org: leads report to the founder heading the department, so the founder gets only the
    # share s of escalations that must reach the head: rho = r s E_dept h / (f W), with
    # r = 1/week, s = 0.2, h = 0.5 h, f = 0.3 and W = 72 working hours: rho = E_dept / 216.
    growth = grow(_direct(xiaomi), headcount_points(14, 2_000, 6))
    for p in growth.points:
        biggest = max(d.engineers for d in scaled_scenario(xiaomi, p.engineers).org.departments)
        assert p.value("decisions.busiest_founder_utilisation") == pytest.approx(biggest / 216, rel=1e-12)
    breaks = {b.figure: b for b in growth.breaks}
    b = breaks["decisions.busiest_founder_utilisation"]  # 2,000 people: more than 216 engineers in a department
    assert b.value is not None and b.value >= 1
    last_ok = next(p for p in growth.points if p.headcount == b.last_ok_headcount)
    assert (last_ok.value("decisions.busiest_founder_utilisation") or 0) < 1


def test_xiaomi_headcounts_are_sourced_and_ordered() -> None:
    heads = [f.headcount for f in XIAOMI_HEADCOUNTS]
    assert heads == sorted(heads) and heads[0] == 14 and 14_513 in heads
    assert all(f.source and f.when for f in XIAOMI_HEADCOUNTS)


def test_cli_grow_json(capsys: pytest.CaptureFixture[str]) -> None:
    # founders decide directly (no weekly meeting queue: see _direct)
    assert main(["grow", "presets/xiaomi-2012.yaml", "--headcount", "14:2000", "--points", "3",
                 "--set", "decisions.founder.meeting_interval_days=null", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)["growth"]
    assert len(data["points"]) == 3 and isinstance(data["breaks"], list)
    assert {"headcount", "target_headcount", "engineers", "figures", "unstable"} <= set(data["points"][0])
    assert {"structure.levels", "decisions.busiest_founder_utilisation", "decisions.escalation_p90_working_hours",
            "review.p90_working_hours", "time_budget.own_work_hours_per_week"} <= set(data["points"][0]["figures"])


def test_cli_grow_refuses_bad_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grow", "presets/xiaomi-2012.yaml", "--headcount", "100:10"]) == 2
    assert "START" in capsys.readouterr().err
    assert main(["grow", "presets/xiaomi-2012.yaml", "--headcount", "a:b"]) == 2


def test_growth_chart_is_log_headcount_with_breaks_and_gaps() -> None:
    from orgmodel.charts.growth import growth_curves

    fig = growth_curves({"flat": ([14, 400, 2000], [1.0, 2.0, None])}, label="p90", unit="h",
                        breaks={"flat": 2000}, marks=[(400, "Xiaomi mid-2012")], limit=1.0)
    assert fig.layout.xaxis.type == "log"
    assert list(fig.data[0].y) == [1.0, 2.0, None] and fig.data[0].connectgaps is False
    assert sorted(s.x0 for s in fig.layout.shapes if s.x0 == s.x1) == [400, 2000]  # vertical lines


@pytest.mark.usefixtures("fresh_caches")
def test_growth_page_overlays_both_presets_with_breaks_and_xiaomi_headcounts() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=90).run()
    at.session_state["grow_range"] = (14, 400)
    at.session_state["grow_points"] = 10
    at.session_state["grow_figure"] = "decisions.mobilisation_p100_calendar_hours"  # the hierarchy misses 24 h from 156
    at.switch_page("app_pages/growth.py").run()
    assert not at.exception, at.exception
    charts = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert len(charts) == 1
    fig = charts[0]
    assert fig["layout"]["xaxis"]["type"] == "log"
    assert [t["name"] for t in fig["data"]] == ["Xiaomi 2012", "Hierarchical 400"]
    texts = [a.get("text", "") for a in fig["layout"].get("annotations", [])]
    assert any("Xiaomi mid-2012" in t for t in texts) and any(t.startswith("breaks") for t in texts)
    assert any("breaks:" in md.value for md in at.markdown)
