"""Review teams: Louvain communities of the co-review graph, and shares of reviews crossing teams.

The co-review graph joins an author and a reviewer by an undirected edge weighted by how many of
the author's changes that reviewer reviewed. Communities come from
``networkx.community.louvain_communities(graph, weight="weight", seed=seed)`` (deterministic for a
seed), ordered by size, then by their most active member's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
import numpy as np
from numpy.typing import NDArray

__all__ = ["co_review_graph", "cross_share", "review_graph", "review_teams"]

IntArray = NDArray[np.int64]


def review_graph(author: IntArray, review_change: IntArray, review_person: IntArray) -> nx.DiGraph:
    """Who reviews whom: an edge reviewer -> author, ``weight`` = reviews."""
    graph = nx.DiGraph()
    graph.add_nodes_from(int(a) for a in np.unique(author))
    if review_change.size:
        span = int(max(review_person.max(), author.max())) + 1
        keys, counts = np.unique(review_person * span + author[review_change], return_counts=True)
        edges = zip((keys // span).tolist(), (keys % span).tolist(), counts.tolist(), strict=True)
        graph.add_weighted_edges_from(edges)
    return graph


def co_review_graph(reviews: nx.DiGraph) -> nx.Graph:
    """The undirected co-review graph (weights of both directions added)."""
    graph = nx.Graph()
    graph.add_nodes_from(reviews.nodes)
    for r, a, w in reviews.edges(data="weight"):
        if graph.has_edge(r, a):
            graph[r][a]["weight"] += w
        else:
            graph.add_edge(r, a, weight=w)
    return graph


def review_teams(graph: nx.Graph, activity: Mapping[int, int], seed: int) -> list[list[int]]:
    """Communities as lists of people, most active first; largest community first."""
    if graph.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed)
    teams = [sorted(c, key=lambda p: (-activity.get(p, 0), p)) for c in found]
    teams.sort(key=lambda t: (-len(t), -activity.get(t[0], 0), t[0]))
    return teams


def cross_share(author_team: IntArray, reviewer_team: IntArray) -> float | None:
    """Share of reviews whose reviewer sits in another team than the author (None: no reviews)."""
    if author_team.size == 0:
        return None
    return float(np.mean(author_team != reviewer_team))


def team_of(teams: Sequence[Sequence[int]], people: int) -> IntArray:
    """Team index per person (-1: in no team)."""
    out = np.full(people, -1, dtype=np.int64)
    for k, members in enumerate(teams):
        out[list(members)] = k
    return out
