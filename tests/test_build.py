"""Tests for orgmodel.build: the networkx graph and reading it back."""

from __future__ import annotations

import networkx as nx
import pytest

from orgmodel.build import OrgShapeError, build_org, from_graph
from orgmodel.layout import layout
from orgmodel.structure import measure_structure
from tests.conftest import small


def test_graph_is_a_tree_with_attributes(xiaomi) -> None:  # type: ignore[no-untyped-def]
    graph = build_org(xiaomi)
    assert nx.is_arborescence(graph)
    assert graph.number_of_nodes() == 400
    assert graph.nodes[0] == {"name": "Lei Jun", "role": "founder", "department": "", "team": "", "level": 0}
    roles = {d["role"] for _, d in graph.nodes(data=True)}
    assert roles == {"founder", "lead", "engineer"}
    for manager, report in graph.edges:
        assert graph.nodes[report]["level"] in (0, graph.nodes[manager]["level"] + 1)


def test_build_is_deterministic(hierarchical) -> None:  # type: ignore[no-untyped-def]
    a, b = build_org(hierarchical), build_org(hierarchical)
    assert nx.utils.graphs_equal(a, b) and dict(a.nodes(data=True)) == dict(b.nodes(data=True))


def test_from_graph_gives_the_same_metrics() -> None:
    scenario = small(max_span=2)
    assert measure_structure(from_graph(build_org(scenario))) == measure_structure(layout(scenario))


def test_two_roots_are_refused() -> None:
    graph = nx.DiGraph([(1, 2), (3, 4)])
    with pytest.raises(OrgShapeError, match="exactly one root"):
        from_graph(graph)


def test_cycle_is_refused() -> None:
    graph = nx.DiGraph([(0, 1), (1, 2), (2, 3), (3, 1)])
    with pytest.raises(OrgShapeError, match="managers|cycle"):
        from_graph(graph)


def test_pure_cycle_has_no_root() -> None:
    with pytest.raises(OrgShapeError, match="loops"):
        from_graph(nx.DiGraph([(0, 1), (1, 0)]))
