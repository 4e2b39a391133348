"""Org chart figures: the sunburst stays small at 100,000 people; the tree centres managers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from orgmodel.charts.orgchart import MAX_TREE_PEOPLE, org_sunburst, org_tree, reporting_walk, tree_positions
from orgmodel.layout import layout
from orgmodel.loading import apply_overrides, load_preset, validate_scenario
from orgmodel.orgtable import Role


def _table(preset: str = "xiaomi-2012", *overrides: str):  # type: ignore[no-untyped-def]
    data = load_preset(preset).model_dump(mode="json")
    return layout(validate_scenario(apply_overrides(data, list(overrides))))


def test_sunburst_values_add_up_to_the_headcount() -> None:
    table = _table("hierarchical-400")
    trace = org_sunburst(table).data[0]
    values = dict(zip(trace.ids, trace.values))
    parents = dict(zip(trace.ids, trace.parents))
    assert values["org"] == len(table)
    for node in values:
        children = [c for c, p in parents.items() if p == node]
        if children:
            assert sum(values[c] for c in children) == values[node], node


def test_sunburst_aggregates_teams_of_a_huge_organisation() -> None:
    table = _table("xiaomi-2012", "org.departments.MIUI.engineers=100000")
    assert len(table) > 100_000
    trace = org_sunburst(table).data[0]
    assert len(trace.ids) < 500
    assert any("teams of" in label for label in trace.labels)
    assert dict(zip(trace.ids, trace.values))["org"] == len(table)


def test_tree_positions_put_each_manager_over_the_middle_of_their_reports() -> None:
    table = _table("hierarchical-400")
    x, y = tree_positions(table)
    assert np.array_equal(y, -table.depth.astype(float))
    assert x.min() == 0.0 and x.max() == 1.0
    for manager in np.flatnonzero(table.direct_reports > 0)[:50]:
        kids = np.flatnonzero(table.parent == manager)
        assert x[kids].min() <= x[manager] <= x[kids].max()


def test_tree_draws_one_marker_per_person_by_role() -> None:
    table = _table()
    fig = org_tree(table)
    markers = sum(len(t.x) for t in fig.data if t.mode == "markers")
    assert markers == len(table)
    names = {t.name.split(" ")[0] for t in fig.data if t.mode == "markers"}
    assert names == {"founders", "leads", "engineers"}
    assert table.count(Role.MANAGER) == 0


@pytest.mark.parametrize("preset", ["xiaomi-2012", "hierarchical-400"])
def test_the_edge_path_traces_every_reporting_line_and_nothing_else(preset: str) -> None:
    table = _table(preset)
    walk = reporting_walk(table.parent)
    lines = {(int(table.parent[c]), int(c)) for c in np.flatnonzero(table.parent >= 0)}
    steps = [(int(a), int(b)) for a, b in itertools.pairwise(walk) if a >= 0 and b >= 0]
    assert {tuple(sorted(s)) for s in steps} == {tuple(sorted(line)) for line in lines}
    assert len(steps) == 2 * len(lines), "each line is walked down once and back up once"
    assert np.count_nonzero(walk < 0) == np.count_nonzero(table.parent < 0), "one gap after each root's tree"
    edges = org_tree(table).data[0]
    assert edges.mode == "lines" and len(edges.x) == walk.size


def test_the_walk_of_a_hand_drawn_forest() -> None:
    parent = np.array([-1, 0, 0, 1, -1, 4])  # 0 -> 1 -> 3, 0 -> 2; 4 -> 5
    assert reporting_walk(parent).tolist() == [0, 1, 3, 1, 0, 2, 0, -1, 4, 5, 4, -1]


def test_tree_refuses_large_organisations() -> None:
    table = _table("xiaomi-2012", "org.departments.MIUI.engineers=2000")
    assert len(table) > MAX_TREE_PEOPLE
    with pytest.raises(ValueError, match="too many"):
        org_tree(table)
