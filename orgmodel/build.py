"""The organisation as a networkx graph: manager -> report edges, one node per person."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace

import networkx as nx
import numpy as np

from orgmodel.layout import layout
from orgmodel.orgtable import ROLE_LABELS, OrgTable, Role
from orgmodel.scenario import Scenario

__all__ = ["OrgShapeError", "build_org", "from_graph", "to_graph"]


class OrgShapeError(ValueError):
    """A graph that is not one tree rooted at a founder (cycle, several roots, unknown role)."""


def build_org(scenario: Scenario) -> nx.DiGraph:
    """Build the scenario's organisation as a ``networkx.DiGraph`` (manager -> report).

    Each node carries ``name``, ``role`` (founder, manager, lead, engineer), ``department``,
    ``team`` and ``level``; node keys are row numbers ``0..headcount-1``. Deterministic.
    """
    return to_graph(layout(scenario))


def to_graph(table: OrgTable) -> nx.DiGraph:
    """The graph of an `OrgTable`; node keys are its ids (ints when it has none of its own).

    Reporting lines are edges manager -> report; a dotted line is an edge secondary manager -> report
    with ``kind="dotted"`` (solid lines carry no ``kind``). Open roles have ``open_role=True``.
    """
    n = len(table)
    keys: list[Hashable] = list(table.ids) if table.ids is not None else list(range(n))
    roles = np.array(ROLE_LABELS, dtype=object)[table.role]
    dept_lookup = np.array([*table.department_names, ""], dtype=object)
    team_lookup = np.array([*table.team_names, ""], dtype=object)
    depts = dept_lookup[table.department]  # -1 picks the trailing ""
    teams = team_lookup[table.team]
    levels = table.level.tolist()
    names = table.names if table.names is not None else [table.name_of(i) for i in range(n)]
    graph = nx.DiGraph()
    graph.add_nodes_from(
        (keys[i], {"name": names[i], "role": roles[i], "department": depts[i], "team": teams[i],
                   "level": levels[i]})
        for i in range(n)
    )
    children = np.flatnonzero(table.parent >= 0)
    parents = table.parent[children]
    graph.add_edges_from(zip([keys[p] for p in parents.tolist()], [keys[c] for c in children.tolist()]))
    if table.dotted is not None:  # the second edge kind: secondary manager -> report, kind="dotted"
        graph.add_edges_from(((keys[m], keys[r]) for r, m in table.dotted.tolist()), kind="dotted")
    if table.vacant is not None:
        nx.set_node_attributes(graph, {keys[r]: True for r in np.flatnonzero(table.vacant).tolist()}, "open_role")
    return graph


def from_graph(graph: nx.DiGraph) -> OrgTable:
    """Read an org graph back into an `OrgTable`, checking it is one tree.

    Levels are recomputed: founders are level 0, everyone else one more than their manager.
    Raises `OrgShapeError` naming the offending node when the graph is not a single tree.
    """
    if graph.number_of_nodes() == 0:
        raise OrgShapeError("the organisation is empty: it needs at least one person")
    dotted_edges = [(u, v) for u, v, kind in graph.edges(data="kind") if kind == "dotted"]
    if dotted_edges:
        table = from_graph(nx.restricted_view(graph, [], dotted_edges))
        row = {pid: i for i, pid in enumerate(table.ids or ())}
        pairs = np.array([(row[v], row[u]) for u, v in dotted_edges], dtype=np.int64).reshape(-1, 2)
        return replace(table, dotted=pairs)
    roots = [v for v, deg in graph.in_degree() if deg == 0]
    if len(roots) != 1:
        shown = ", ".join(map(str, roots[:5]))
        raise OrgShapeError(
            f"the organisation needs exactly one root (a person with no manager); found {len(roots)}"
            + (f": {shown}" if roots else " (every manager chain loops)")
        )
    multi = next((v for v, deg in graph.in_degree() if deg > 1), None)
    if multi is not None:
        raise OrgShapeError(f"person {multi!r} has {graph.in_degree(multi)} managers; allowed: 1")
    order = [roots[0], *(v for _, v in nx.bfs_edges(graph, roots[0]))]
    if len(order) != graph.number_of_nodes():
        stray = next(v for v in graph if v not in set(order))
        raise OrgShapeError(f"person {stray!r} is in a manager cycle: its chain never reaches the root")
    row = {v: i for i, v in enumerate(order)}
    n = len(order)
    role_code: dict[str, int] = {label: code for code, label in enumerate(ROLE_LABELS)}
    founder, lead, engineer = int(Role.FOUNDER), int(Role.LEAD), int(Role.ENGINEER)
    parents = [-1] * n
    roles = [0] * n
    departments = [-1] * n
    teams = [-1] * n
    names: list[str] = []
    dept_index: dict[str, int] = {}
    team_index: dict[str, int] = {}
    pred, nodes = graph.pred, graph.nodes
    for i, v in enumerate(order):  # plain Python lists: numpy scalar writes cost 10x more per person
        attrs = nodes[v]
        for u in pred[v]:
            parents[i] = row[u]
        label = str(attrs.get("role", "engineer")).strip().lower()
        code = role_code.get(label)
        if code is None:
            raise OrgShapeError(f"person {v!r}: role {label!r} is not one of: {', '.join(ROLE_LABELS)}")
        roles[i] = code
        names.append(str(attrs.get("name", v)))
        dept = str(attrs.get("department") or "")
        if dept and code != founder:
            departments[i] = dept_index.setdefault(dept, len(dept_index))
        team_name = str(attrs.get("team") or "")
        if team_name and code in (lead, engineer):
            teams[i] = team_index.setdefault(team_name, len(team_index))
    parent = np.array(parents, dtype=np.int64)
    role = np.array(roles, dtype=np.int8)
    department = np.array(departments, dtype=np.int64)
    team = np.array(teams, dtype=np.int64)
    levels = [0] * n
    for i in range(1, n):  # BFS order: a manager's level is known before their reports'
        levels[i] = 0 if roles[i] == founder else levels[parents[i]] + 1
    level = np.array(levels, dtype=np.int64)
    return OrgTable(
        parent=parent,
        role=role,
        department=department,
        team=team,
        level=level,
        department_names=tuple(dept_index),
        team_names=tuple(team_index),
        names=tuple(names),
        ids=tuple(order),
    )

