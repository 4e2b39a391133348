"""Org charts as CSV: written in orgmodel's shape (``id, name, manager_id, role, department, team``),
read in the shapes HR systems export (any common delimiter and column names; `orgmodel.io`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import networkx as nx

from orgmodel.build import from_graph, to_graph
from orgmodel.io.csvcells import csv_text
from orgmodel.io.orgfiles import Orphans, people_from_rows, read_org_file
from orgmodel.io.rows import MAX_ORG_FILE_BYTES, read_csv_rows
from orgmodel.io.tree import table_from_people
from orgmodel.limits import MAX_CSV_ROWS
from orgmodel.orgtable import ROLE_LABELS, OrgTable
from orgmodel.people import PEOPLE_COLUMNS

__all__ = [
    "COLUMNS", "MAX_CSV_BYTES", "graph_to_csv", "read_org_csv", "read_org_file", "table_from_csv", "table_to_csv",
]

COLUMNS = PEOPLE_COLUMNS
"""orgmodel's own org-chart CSV header: the columns of ``org.people`` (one tuple, `orgmodel.people`)."""
MAX_CSV_BYTES = MAX_ORG_FILE_BYTES
"""Largest org CSV accepted, in bytes (about 200,000 people)."""


def graph_to_csv(graph: nx.DiGraph) -> str:
    """Write an org graph as CSV, managers before their reports; the root's ``manager_id`` is empty."""
    return table_to_csv(from_graph(graph))


def table_to_csv(table: OrgTable) -> str:
    """Write an `OrgTable` as CSV, one row per person (cells safe to open in a spreadsheet: `csv_text`)."""

    def row(i: int) -> list[str]:
        parent, dept, team = int(table.parent[i]), int(table.department[i]), int(table.team[i])
        return [table.id_of(i), table.name_of(i), table.id_of(parent) if parent >= 0 else "",
                ROLE_LABELS[table.role[i]], table.department_names[dept] if dept >= 0 else "",
                table.team_names[team] if team >= 0 else ""]

    return csv_text(COLUMNS, (row(i) for i in range(len(table))))


def read_org_csv(data: bytes | str, what: str = "org CSV", max_rows: int = MAX_CSV_ROWS,
                 mapping: Mapping[str, str] | None = None) -> nx.DiGraph:
    """Read an org CSV into a graph (see `table_from_csv` for what is accepted and refused).

    Ids that are all integers become int node keys, so a graph built by `build_org` survives a
    round trip unchanged.
    """
    return to_graph(table_from_csv(data, what, max_rows, mapping))


def table_from_csv(
    data: bytes | str,
    what: str = "org CSV",
    max_rows: int = MAX_CSV_ROWS,
    mapping: Mapping[str, str] | None = None,
    orphans: Orphans = "error",
    virtual_top: bool = False,
) -> OrgTable:
    """Read an org CSV straight into an `OrgTable`, as the file has it (no team-size or span what-ifs).

    The table carries no ``imported`` summary (its structure metrics equal those of the layout
    it was exported from); `orgmodel.io.orgfiles.read_org_file` returns the summary.

    Any common delimiter; the id and manager columns are found by name or by value, or given in
    ``mapping`` (`orgmodel.io.orgfiles.read_org_file` has the rules). Refused before the rows are
    read: more than `MAX_CSV_BYTES` bytes, or more than twice ``max_rows`` lines (a file of blank
    lines). Refused while reading: row ``max_rows + 1`` and a field over the csv module's field
    limit; once read, with every problem listed (up to 50, with line numbers): duplicate ids,
    managers that match nobody, cycles, more than 50 roots, manager chains deeper than
    `MAX_ORG_DEPTH` (engines work level by level), role values that are not a role.
    """
    raw = read_csv_rows(data, what, max_rows)
    org = people_from_rows(raw, what, mapping=mapping, orphans=orphans, virtual_top=virtual_top, what=what)
    table = table_from_people(org.people)
    ids = table.ids or ()
    as_int = all(isinstance(v, str) and _is_int(v) for v in ids)
    return replace(table, ids=tuple(int(str(v)) for v in ids)) if as_int else table


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _is_int(text: str) -> bool:
    return text.isdigit() and (text == "0" or not text.startswith("0"))
