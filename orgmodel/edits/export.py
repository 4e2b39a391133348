"""The edited organisation back out, in the import's own column names, as CSV or xlsx (back to the HR system).

Columns: the ones the import read (``org.imported.columns``: field -> the file's column, e.g.
``id -> Employee_ID``, ``manager -> Manager_ID``) keep the file's names; orgmodel's other fields
follow under its own names (``role``, ``team``, ...), then ``dotted_managers`` (``;``-separated) and
``open_from`` when any person has them. Columns of the file that orgmodel did not read are not kept.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from orgmodel.scenario import ImportInfo, Person

__all__ = ["changes_csv", "people_columns", "people_rows", "people_to_csv", "people_to_xlsx"]

_FIELDS = (("id", "id"), ("manager", "manager_id"), ("name", "name"), ("role", "role"),
           ("department", "department"), ("team", "team"))
"""(import field, Person attribute) in output order."""


def people_columns(people: Sequence[Person], imported: ImportInfo | None) -> list[tuple[str, str]]:
    """(column header, Person attribute) pairs: the import's names where it read that field."""
    names = imported.columns if imported is not None else {}
    cols = [(names.get(field, attr), attr) for field, attr in _FIELDS]
    if any(p.dotted_managers for p in people):
        cols.append((names.get("dotted", "dotted_managers"), "dotted_managers"))
    if any(p.open_from for p in people):
        cols.append(("open_from", "open_from"))
    return cols


def people_rows(people: Sequence[Person], imported: ImportInfo | None) -> tuple[list[str], list[list[str]]]:
    """The header and one text row per person."""
    cols = people_columns(people, imported)

    def cell(p: Person, attr: str) -> str:
        value = getattr(p, attr)
        if isinstance(value, list):
            return ";".join(value)
        return "" if value is None else str(value)

    return [c for c, _ in cols], [[cell(p, attr) for _, attr in cols] for p in people]


def people_to_csv(people: Sequence[Person], imported: ImportInfo | None = None) -> str:
    """The people as CSV text in the import's columns."""
    header, rows = people_rows(people, imported)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def people_to_xlsx(people: Sequence[Person], imported: ImportInfo | None = None) -> bytes:
    """The people as an xlsx workbook (one sheet, "people") in the import's columns."""
    from openpyxl import Workbook

    header, rows = people_rows(people, imported)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def changes_csv(edits: Sequence[str], changes: Sequence[str]) -> str:
    """The Changes view as CSV: number, edit (its text), what it did."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["number", "edit", "what changed"])
    writer.writerows([i + 1, e, c] for i, (e, c) in enumerate(zip(edits, changes, strict=True)))
    return out.getvalue()
