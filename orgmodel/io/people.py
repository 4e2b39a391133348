"""Find a person in an organisation: search by name or id, their chain to the top, their team."""

from __future__ import annotations

import numpy as np

from orgmodel.orgtable import OrgTable, Role

__all__ = ["chain_to_top", "find_people", "team_rows"]


def find_people(table: OrgTable, query: str, limit: int = 20) -> list[int]:
    """Rows whose id equals ``query`` or whose name contains it (case-insensitive), exact ids first.

    O(N) string comparisons; at most ``limit`` rows, in row order after the exact matches.
    """
    text = query.strip().lower()
    if not text:
        return []
    exact: list[int] = []
    partial: list[int] = []
    for row in range(len(table)):
        if table.id_of(row).lower() == text:
            exact.append(row)
        elif text in table.name_of(row).lower():
            partial.append(row)
        if len(exact) + len(partial) >= limit and exact:
            break
    return (exact + partial)[:limit]


def chain_to_top(table: OrgTable, row: int) -> list[int]:
    """The rows from ``row`` up to the root: the person, their manager, ..., the CEO."""
    if not 0 <= row < len(table):
        raise IndexError(f"row {row} is not in the organisation (0..{len(table) - 1})")
    chain = [row]
    while table.parent[chain[-1]] >= 0 and len(chain) <= len(table):
        chain.append(int(table.parent[chain[-1]]))
    return chain


def team_rows(table: OrgTable, row: int) -> list[int]:
    """The person's team: a lead and their direct reports for a lead or engineer; for anyone with
    reports who is not a lead, the person and their direct reports; else the person alone."""
    lead = row
    if int(table.role[row]) == Role.ENGINEER and table.parent[row] >= 0 and table.direct_reports[row] == 0:
        lead = int(table.parent[row])
    members = np.flatnonzero(table.parent == lead).tolist()
    return [lead, *members]
