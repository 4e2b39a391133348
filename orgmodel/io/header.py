"""Which row is the header: title rows above it skipped, a file with no header detected, names made unique.

Real exports are not always one header line and data: a report title sits above the header
("Staff list 2024" in the first cell only), Microsoft's AdventureWorks ``Employee.csv`` has no
header at all, and a sheet may have two "Name" columns or blank header cells. Every reader
(CSV, .xlsx) hands its non-blank rows here; the result always has one distinct, non-empty name
per column, so a preview table or a column picker never sees two columns of one name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from orgmodel.io.columns import ALIASES, normalise

__all__ = ["HeaderChoice", "choose_header", "unique_names"]

MAX_TITLE_ROWS = 5
"""Most rows above the header skipped as a title (``Staff list 2024`` alone on its line)."""
SAMPLE_ROWS = 200
"""Rows read to tell a header from data by the values below it."""

_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([ T].*)?|\d{1,2}/\d{1,2}/\d{2,4}")
_GUID = re.compile(r"\{?[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}\}?")
_PATH = re.compile(r"/(\d+/)*")
_KNOWN = frozenset(alias for names in ALIASES.values() for alias in names)


def _kind(cell: str) -> str:
    """The value pattern of a cell: number, date, guid, path (``/1/2/``), empty or text."""
    text = cell.strip()
    if not text:
        return "empty"
    for name, pattern in (("number", _NUMBER), ("date", _DATE), ("guid", _GUID), ("path", _PATH)):
        if pattern.fullmatch(text):
            return name
    return "text"


@dataclass
class HeaderChoice:
    """The header (distinct names), where the data starts, and notes saying what was decided."""

    names: list[str]
    data_start: int
    """Index into the rows of the first data row (0 when the file has no header)."""
    notes: list[str] = field(default_factory=list)


def unique_names(cells: Sequence[str]) -> tuple[list[str], list[str]]:
    """Header cells as distinct non-empty names, and a note per change.

    A blank cell becomes ``column N`` (N counts from 1), a repeated name ``Name (2)``, ``Name (3)``.
    """
    names: list[str] = []
    taken: set[str] = set()
    blank: list[int] = []
    repeated: dict[str, int] = {}
    for k, cell in enumerate(cells):
        name = cell.strip()
        if not name:
            blank.append(k + 1)
            name = f"column {k + 1}"
        base, n = name, 1
        while name in taken:
            n += 1
            name = f"{base} ({n})"
        if n > 1:
            repeated[base] = n
        taken.add(name)
        names.append(name)
    notes = []
    if blank:
        shown = ", ".join(map(str, blank[:8])) + (" ..." if len(blank) > 8 else "")
        notes.append(f"{len(blank):,} header cells are blank (column {shown}): named 'column N'")
    if repeated:
        shown = ", ".join(f"{name!r} x{n}" for name, n in list(repeated.items())[:5])
        notes.append(f"repeated column names ({shown}): the later ones are named 'NAME (2)', ...")
    return names, notes


def _filled(row: Sequence[str]) -> int:
    return sum(bool(c.strip()) for c in row)


def _title_rows(rows: Sequence[Sequence[str]]) -> int:
    """Leading rows with at most one filled cell above a row with at least two: a report's title."""
    skip = 0
    while (skip < MAX_TITLE_ROWS and skip + 1 < len(rows) and _filled(rows[skip]) <= 1
           and not any(normalise(c) in _KNOWN for c in rows[skip])):  # "ID;" is a header, not a title
        skip += 1
    return skip if _filled(rows[skip]) >= 2 else 0


def looks_like_data(first: Sequence[str], below: Sequence[Sequence[str]]) -> bool:
    """True when ``first`` is a row of data rather than column names.

    A header names at least one column the importer knows (``id``, ``manager``, ...) or holds
    only words. ``first`` is data when none of its cells is a known column name and at least one
    column has a number, date, GUID or path (``/1/2/``) in ``first`` and the same kind of value
    in at least 90% of the rows below (a header cell is rarely a number over a column of numbers).
    """
    if any(normalise(c) in _KNOWN for c in first if c.strip()):
        return False
    sample = below[:SAMPLE_ROWS]
    if not sample:
        return False
    for k, cell in enumerate(first):
        kind = _kind(cell)
        if kind in ("empty", "text"):
            continue
        values = [row[k] for row in sample if k < len(row) and row[k].strip()]
        if values and sum(_kind(v) == kind for v in values) >= 0.9 * len(values):
            return True
    return False


def choose_header(rows: Sequence[Sequence[str]]) -> HeaderChoice:
    """The header of a file's non-blank rows (title rows skipped; generated names when there is none)."""
    if not rows:
        return HeaderChoice([], 0)
    skip = _title_rows(rows)
    notes = []
    if skip:
        notes.append(f"skipped {skip} title row(s) above the header ({_clip(' '.join(rows[0]).strip(), 60)!r})")
    first = rows[skip]
    if looks_like_data(first, rows[skip + 1:]):
        width = max(len(r) for r in rows[skip:skip + SAMPLE_ROWS])
        names = [f"column {k + 1}" for k in range(width)]
        notes.append("the first row holds data, not column names: the file has no header; columns are named "
                     "'column 1', 'column 2', ... (map them with --map id='column 1')")
        return HeaderChoice(names, skip, notes)
    names, more = unique_names(first)
    return HeaderChoice(names, skip + 1, notes + more)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
