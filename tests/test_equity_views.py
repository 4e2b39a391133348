"""View-ready slices of the equity result (the founder filter the pages share)."""

from __future__ import annotations

import pytest

from orgmodel.equity.analysis import analyse_equity
from orgmodel.equity.views import staff_groups, staff_stake_distribution
from orgmodel.scenario import Scenario


def test_staff_groups_leave_out_exactly_the_founders(xiaomi: Scenario) -> None:
    r = analyse_equity(xiaomi)
    staff = staff_groups(r)
    founders = [s for s in r.stakes if s.role == "founder"]
    assert founders and len(staff) + len(founders) == len(r.stakes)
    assert sum(s.count for s in staff) == r.headcount - sum(s.count for s in founders)
    stakes, counts = staff_stake_distribution(r)
    assert stakes == [s.stake_usd for s in staff] and counts == [s.count for s in staff]


def test_editor_rows_become_overrides_only_where_they_differ(hierarchical: Scenario) -> None:
    import json

    import pandas as pd

    from orgmodel.equity.views import convertible_edits, round_edits, rounds_table
    from orgmodel.loading import apply_overrides

    rounds, conv = rounds_table(hierarchical)
    base = hierarchical.model_dump(mode="json")
    frame = pd.DataFrame(rounds)  # what the data editor hands back (numpy scalars, NaN for null)
    assert round_edits(frame.to_dict("records"), base["equity"]["rounds"]) == {}
    frame.loc[1, "convertible"] = False
    frame.loc[0, "dividend_pct"] = 8.0
    edits = round_edits(frame.to_dict("records"), base["equity"]["rounds"])
    assert edits == {"equity.rounds.1.convertible": "false", "equity.rounds.0.dividend_pct": "8.0"}
    safes = [{"name": "Angel", "kind": "safe", "date": "2010-06-01", "amount_usd": 1e6, "valuation_cap_usd": 8e6,
              "discount_pct": None, "mfn": False, "interest_pct": None, "day_count": None}]
    conv_edits = convertible_edits(safes, base["equity"]["convertibles"])
    assert json.loads(conv_edits["equity.convertibles"]) == [
        {"name": "Angel", "kind": "safe", "date": "2010-06-01", "amount_usd": 1e6, "valuation_cap_usd": 8e6,
         "mfn": False}]
    assert convertible_edits([], base["equity"]["convertibles"]) == {} and conv == []
    edited = Scenario.model_validate(apply_overrides(base, [f"{k}={v}" for k, v in {**edits, **conv_edits}.items()]))
    assert edited.equity is not None and not edited.equity.rounds[1].convertible
    assert edited.equity.convertibles[0].valuation_cap_usd == 8e6


def test_holder_range_sums_to_each_exit_and_the_chart_marks_breakpoints(hierarchical: Scenario) -> None:
    from orgmodel.charts.equity import holders_across_exits
    from orgmodel.equity.views import holder_range

    h = holder_range(hierarchical, points=30)
    totals = [sum(line.proceeds_usd[j] for line in h.holders) for j in range(len(h.exit_usd))]
    assert totals == pytest.approx(h.exit_usd, rel=1e-9)
    assert {line.kind for line in h.holders} >= {"founder", "staff", "investor"}
    fig = holders_across_exits(h.exit_usd, {line.name: line.proceeds_usd for line in h.holders},
                               [(b.exit_valuation_usd, b.kind, b.description) for b in h.breakpoints],
                               scenario_exit_usd=h.scenario_exit_usd)
    names = [t.name for t in fig.data]
    assert "a class converts" in names and "options come into the money" in names
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert len(lines) == len(h.breakpoints) + 1  # each breakpoint and the exit scenario
