"""Org charts as CSV in the shape HR systems export: ``id, name, manager_id, role, department, team``."""

from __future__ import annotations

import csv
import io
from collections.abc import Hashable

import networkx as nx

from orgmodel.build import OrgShapeError, from_graph, to_graph
from orgmodel.errors import InputError
from orgmodel.limits import MAX_CSV_ROWS, MAX_ORG_DEPTH
from orgmodel.loading import decode_upload
from orgmodel.orgtable import ROLE_LABELS, OrgTable

__all__ = ["COLUMNS", "MAX_CSV_BYTES", "graph_to_csv", "read_org_csv", "table_from_csv", "table_to_csv"]

COLUMNS = ("id", "name", "manager_id", "role", "department", "team")
MAX_CSV_BYTES = 20_000_000
"""Largest org CSV accepted, in bytes (about 200,000 people)."""


def graph_to_csv(graph: nx.DiGraph) -> str:
    """Write an org graph as CSV, managers before their reports; the root's ``manager_id`` is empty."""
    return table_to_csv(from_graph(graph))


def table_to_csv(table: OrgTable) -> str:
    """Write an `OrgTable` as CSV, one row per person."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i in range(len(table)):
        parent = int(table.parent[i])
        dept = int(table.department[i])
        team = int(table.team[i])
        writer.writerow(
            [
                table.id_of(i),
                table.name_of(i),
                table.id_of(parent) if parent >= 0 else "",
                ROLE_LABELS[table.role[i]],
                table.department_names[dept] if dept >= 0 else "",
                table.team_names[team] if team >= 0 else "",
            ]
        )
    return out.getvalue()


def read_org_csv(data: bytes | str, what: str = "org CSV", max_rows: int = MAX_CSV_ROWS) -> nx.DiGraph:
    """Read an org CSV into a graph, refusing anything that is not one tree of known roles.

    Ids that are all integers become int node keys, so a graph built by `build_org` survives a
    round trip unchanged. Raises `InputError` naming the row and column at fault.

    Refused before the rows are read: more than `MAX_CSV_BYTES` bytes, or more than twice
    ``max_rows`` lines (a file of blank lines). Refused while reading: row ``max_rows + 1``,
    a field over the csv module's field limit, and, once read, manager chains deeper than
    `MAX_ORG_DEPTH` (engines work level by level, so a 200,000-person chain would stall them).
    """
    return to_graph(_table_from_text(data, what, max_rows))


def _table_from_text(data: bytes | str, what: str, max_rows: int) -> OrgTable:
    text = decode_upload(data, what, MAX_CSV_BYTES)
    lines = text.count("\n")
    if lines > 2 * max_rows + 1:
        raise InputError([f"{lines:,} lines, so more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = [c.strip() for c in (reader.fieldnames or [])]
        missing = [c for c in ("id", "manager_id", "role") if c not in header]
        if missing:
            shown = _clip(", ".join(missing), 80)
            raise InputError([f"missing column(s) {shown}; expected {', '.join(COLUMNS)}"], what)
        reader.fieldnames = header
        rows: list[dict[str, str]] = []
        for line_no, row in enumerate(reader, start=2):
            if len(rows) >= max_rows:
                raise InputError([f"more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
            if None in row:
                raise InputError([f"line {line_no}: more fields than the header's {len(header)}"], what)
            clean = {k: (v or "").strip() for k, v in row.items()}
            if not clean["id"]:
                raise InputError([f"line {line_no}: id is empty"], what)
            if clean["role"].lower() not in ROLE_LABELS:
                raise InputError(
                    [f"line {line_no}: role = {_clip(clean['role'], 40)!r}; allowed: {', '.join(ROLE_LABELS)}"], what
                )
            rows.append(clean)
    except csv.Error as err:
        raise InputError([f"line {reader.line_num}: not readable as CSV: {err}"], what) from None
    if not rows:
        raise InputError(["no people in the file (only a header, or empty)"], what)
    as_int = all(_is_int(r["id"]) and (not r["manager_id"] or _is_int(r["manager_id"])) for r in rows)

    def key(raw: str) -> Hashable:
        return int(raw) if as_int else raw

    graph = nx.DiGraph()
    for line_no, row in enumerate(rows, start=2):
        node = key(row["id"])
        if node in graph:
            raise InputError([f"line {line_no}: id {_clip(row['id'], 40)!r} appears twice; ids must be unique"], what)
        graph.add_node(
            node,
            name=row.get("name") or row["id"],
            role=row["role"].lower(),
            department=row.get("department", ""),
            team=row.get("team", ""),
        )
    for line_no, row in enumerate(rows, start=2):
        if not row["manager_id"]:
            continue
        manager = key(row["manager_id"])
        if manager not in graph:
            raise InputError(
                [f"line {line_no}: manager_id {_clip(row['manager_id'], 40)!r} is not the id of anyone in the file"],
                what,
            )
        if manager == key(row["id"]):
            raise InputError([f"line {line_no}: {_clip(row['id'], 40)!r} is their own manager"], what)
        graph.add_edge(manager, key(row["id"]))
    _check_depth(graph, what)
    try:
        return from_graph(graph)
    except OrgShapeError as err:
        raise InputError([_clip(str(err), 300)], what) from None


def _check_depth(graph: nx.DiGraph, what: str) -> None:
    """Refuse a chart whose longest manager chain exceeds `MAX_ORG_DEPTH` edges (O(N) BFS)."""
    roots = [v for v, deg in graph.in_degree() if deg == 0]
    if len(roots) != 1:
        return  # from_graph names the problem
    for depth, _ in enumerate(nx.bfs_layers(graph, roots[0])):
        if depth > MAX_ORG_DEPTH:
            raise InputError(
                [f"manager chains are more than {MAX_ORG_DEPTH} levels deep; the limit is {MAX_ORG_DEPTH}"], what
            )


def table_from_csv(data: bytes | str, what: str = "org CSV", max_rows: int = MAX_CSV_ROWS) -> OrgTable:
    """Read an org CSV straight into an `OrgTable` (same checks as `read_org_csv`)."""
    return _table_from_text(data, what, max_rows)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_int(text: str) -> bool:
    return text.isdigit() and (text == "0" or not text.startswith("0"))
