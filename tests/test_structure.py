"""Tests for orgmodel.structure against counts worked by hand and brute-force distances."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from orgmodel.build import build_org
from orgmodel.layout import layout
from orgmodel.orgtable import Role
from orgmodel.structure import mean_pairwise_hops, measure_structure
from tests.conftest import small


def test_counts_and_channels_by_hand() -> None:
    m = measure_structure(layout(small(max_team_size=4)))
    assert (m.headcount, m.founders, m.managers, m.leads, m.engineers) == (24, 2, 0, 5, 17)
    assert m.teams == 5 and m.max_team_size_seen == 4
    assert m.team_size_histogram == {3: 3, 4: 2}
    # teams of 4,3,3,4,3 engineers + a lead each: members 5,4,4,5,4 -> 10+6+6+10+6 channels
    assert m.channels_within_teams == 38
    # 22 leads and engineers as one group: 22*21/2
    assert m.channels_if_undivided == 231
    assert m.levels == 3
    # A: 1 founder + 3 leads = 4 reports; B: 2 leads; leads: 4,3,3,4,3
    assert m.span_max == 4
    assert m.span_mean == pytest.approx((4 + 2 + 4 + 3 + 3 + 4 + 3) / 7)


def test_mean_hops_matches_networkx_shortest_paths() -> None:
    scenario = small(max_span=2)
    table = layout(scenario)
    graph = build_org(scenario).to_undirected()
    engineers = np.flatnonzero(table.role == Role.ENGINEER)
    dist = [nx.shortest_path_length(graph, int(a), int(b)) for a, b in itertools.combinations(engineers, 2)]
    assert mean_pairwise_hops(table, table.role == Role.ENGINEER) == pytest.approx(np.mean(dist))


def test_hops_to_founder_and_levels_match_the_graph() -> None:
    # independent of measure_structure: shortest paths in the built reporting graph
    scenario = small(max_span=2)
    table = layout(scenario)
    graph = build_org(scenario).to_undirected()
    founders = np.flatnonzero(table.role == Role.FOUNDER)
    engineers = np.flatnonzero(table.role == Role.ENGINEER)
    depth = {int(v): min(nx.shortest_path_length(graph, int(f), int(v)) for f in founders)
             for v in range(table.role.size)}
    m = measure_structure(table)
    assert m.hops_engineer_to_founder_max == max(depth[int(e)] for e in engineers)
    assert m.levels == max(depth.values()) + 1
    assert m.levels >= 4  # a span of 2 forces middle managers between the founders and the engineers


def test_preset_shapes(xiaomi, hierarchical) -> None:  # type: ignore[no-untyped-def]
    flat = measure_structure(layout(xiaomi))
    tall = measure_structure(layout(hierarchical))
    assert flat.headcount == tall.headcount == 400
    assert flat.levels == 3 and flat.managers == 0
    assert tall.levels > flat.levels and tall.managers > 0
    assert tall.mean_hops_between_engineers > flat.mean_hops_between_engineers


def test_smaller_teams_cut_channels_within_teams() -> None:
    wide = measure_structure(layout(small(max_team_size=10)))
    narrow = measure_structure(layout(small(max_team_size=3)))
    assert narrow.channels_within_teams < wide.channels_within_teams
    assert narrow.teams > wide.teams


def test_single_person_org() -> None:
    scenario = small(founders=[{"name": "A"}], departments=[])
    m = measure_structure(layout(scenario))
    assert (m.headcount, m.engineers, m.teams, m.levels) == (1, 0, 0, 1)
    assert m.mean_hops_between_engineers == 0.0
