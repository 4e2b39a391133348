"""Decision charts: stacked parts add up, the 24-hour line, control loss f**h."""

from __future__ import annotations

import pytest

from orgmodel.charts.decisions import control_loss, latency_split, manager_load, mobilisation_timeline, week_budget


def test_latency_split_stacks_the_parts() -> None:
    fig = latency_split({"a": {"queueing_working_hours": 1.0, "deciding_working_hours": 2.0,
                               "meetings_working_hours": 3.0,
                               "hops_working_hours": 4.0}})
    assert sum(t.y[0] for t in fig.data) == pytest.approx(10.0)
    assert fig.layout.barmode == "stack"


def test_week_budget_has_own_work_first() -> None:
    fig = week_budget({"a": {"own_work_hours_per_week": 50.0, "reviewing_hours_per_week": 3.0}})
    assert fig.data[0].name == "own work" and fig.data[0].y[0] == 50.0


def test_mobilisation_marks_the_target_on_a_log_axis() -> None:
    fig = mobilisation_timeline({"a": [(0.0, 0.0), (2.0, 0.5), (3.0, 1.0)]}, target_hours=24)
    assert fig.layout.xaxis.type == "log"
    assert fig.layout.shapes[0].x0 == 24
    assert list(fig.data[0].x) == [2.0, 3.0]  # zero cannot sit on a log axis


def test_control_loss_is_fidelity_to_the_power_of_hops() -> None:
    fig = control_loss({"a": 0.9}, {"a": 2.0}, max_hops=4)
    assert list(fig.data[0].y) == pytest.approx([0.9**h for h in range(5)])
    assert fig.data[1].y[0] == pytest.approx(0.81)


def test_manager_load_colours_busy_and_unstable() -> None:
    colours = manager_load(["x", "y", "z"], [0.5, 0.9, 1.2]).data[0].marker.color
    assert colours[1] != colours[0] and colours[2] not in (colours[0], colours[1])
