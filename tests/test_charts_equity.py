"""Equity charts: ownership stacks to 100%, stake ECDF weighted by people."""

from __future__ import annotations

import pytest

from orgmodel.charts.equity import dilution, stake_distribution, stake_vs_salary, stakes_by_group


def test_dilution_stacks_the_groups() -> None:
    fig = dilution(["founding", "A"], {"founders_pct": [90.0, 70.0], "employees_pct": [10.0, 10.0],
                                       "investors_pct": [0.0, 20.0]})
    assert [t.name for t in fig.data] == ["founders", "employees", "investors"]
    assert all(t.stackgroup == "own" for t in fig.data)


def test_stake_distribution_weights_by_people_and_starts_at_zero() -> None:
    fig = stake_distribution({"a": ([100.0, 10.0], [1, 3])})
    trace = fig.data[0]
    assert list(trace.x) == [10.0, 10.0, 100.0]
    assert list(trace.y) == pytest.approx([0.0, 0.75, 1.0])


def test_group_and_salary_charts_have_units() -> None:
    bars = stakes_by_group(["lead"], [1000.0], [3])
    assert "US$" in bars.layout.yaxis.title.text
    dots = stake_vs_salary(["lead L1"], [100_000.0], [500_000.0], [3], ["lead"])
    assert dots.layout.xaxis.type == "log" and "US$" in dots.layout.yaxis.title.text


def test_groups_with_no_stake_are_counted_not_drawn_on_the_log_axis() -> None:
    from orgmodel.charts.equity import stake_vs_salary

    fig = stake_vs_salary(["all cash", "standard"], [40_000, 40_000], [0.0, 500_000.0], [49, 200],
                          ["engineer", "engineer"])
    ys = [y for trace in fig.data if trace.mode == "markers" for y in trace.y]
    assert ys == [500_000.0]
    assert any("49 people with no stake not shown" in a.text for a in fig.layout.annotations)


def test_exit_proceeds_stacks_the_groups_on_a_log_axis_with_breakpoints() -> None:
    from orgmodel.charts.equity import exit_proceeds

    fig = exit_proceeds([1e6, 1e7, 1e8], {"founders": [0.0, 5e6, 6e7], "employees": [0.0, 1e6, 1e7],
                                          "investors": [1e6, 4e6, 3e7]},
                        [(4e6, "A's preference is paid in full")], scenario_exit_usd=5e7)
    groups = [t for t in fig.data if t.stackgroup == "exit"]
    assert [t.name for t in groups] == ["founders", "employees", "investors"]
    assert fig.layout.xaxis.type == "log"
    marks = [t for t in fig.data if t.name == "regime changes"]
    assert list(marks[0].x) == [4e6] and "paid in full" in marks[0].text[0]
    assert len(fig.layout.shapes) == 2  # the breakpoint and the exit scenario


def test_stake_across_exits_leaves_out_zero_and_draws_the_salary() -> None:
    from orgmodel.charts.equity import stake_across_exits

    fig = stake_across_exits([1e6, 1e7, 1e8], [0.0, 5e3, 5e4], 4e4, who="median engineer")
    assert list(fig.data[0].x) == [1e7, 1e8]
    assert fig.layout.yaxis.type == "log" and fig.layout.shapes[0].y0 == 4e4
    assert "no stake" in fig.layout.annotations[-1].text
