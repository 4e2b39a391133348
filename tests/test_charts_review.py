"""Review charts: CDF lines per scenario, the two-axis sweep with the current value marked."""

from __future__ import annotations

from orgmodel.charts.review import split_sweep, turnaround_cdf, utilisation_by_team


def test_cdf_has_one_line_per_scenario_and_marks_p90() -> None:
    fig = turnaround_cdf({"a": [(0.0, 0.0), (1.0, 0.5), (2.0, 1.0)], "b": [(0.0, 0.0), (4.0, 1.0)]},
                         p90={"a": 1.8, "b": None})
    assert [t.name for t in fig.data] == ["a", "b"]
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].x0 == 1.8
    assert "working hours" in fig.layout.xaxis.title.text


def test_sweep_uses_two_axes_and_marks_unstable_points() -> None:
    fig = split_sweep([2, 4, 6], [1.0, 1.1, None], [2.0, 2.5, None], [10, 20, 30], current=4,
                      unstable=[False, False, True])
    assert fig.data[2].yaxis == "y2"
    assert list(fig.data[3].x) == [6]
    assert fig.layout.shapes[0].x0 == 4
    assert fig.layout.yaxis2.title.text.startswith("channels")


def test_utilisation_skips_missing_approvers() -> None:
    assert len(utilisation_by_team(["t1", "t2"], [0.1, 0.2], [None, None]).data) == 1
    assert len(utilisation_by_team(["t1"], [0.1], [0.9]).data) == 2
