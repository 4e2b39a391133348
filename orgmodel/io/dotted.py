"""Dotted-line managers from an HR export: which column holds them, and the people with them.

A column named like ``dotted_manager``, ``matrix_manager``, Workday's ``Matrix_Manager_ID``,
``secondary_manager``, ``functional_manager`` (or given as ``--map dotted=COL``) holds the ids of a
person's secondary managers, ``;``-separated for several. For the importer (`orgmodel.io.orgfiles`):

    mapping, dotted_col = split_dotted_mapping(mapping)        # before detect_columns (it knows no "dotted")
    column = dotted_column(raw.header, dotted_col)              # None: the file has none
    people = with_dotted_managers(people, raw.header, raw.rows, id_column, column)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from orgmodel.errors import InputError
from orgmodel.io.columns import normalise
from orgmodel.scenario import Person

__all__ = ["DOTTED_ALIASES", "dotted_column", "dotted_ids", "split_dotted_mapping", "with_dotted_managers"]

DOTTED_ALIASES: tuple[str, ...] = (
    "dottedmanager", "dottedmanagerid", "dottedline", "dottedlinemanager", "dottedlinemanagerid", "matrixmanager",
    "matrixmanagerid", "secondarymanager", "secondarymanagerid", "functionalmanager", "functionalmanagerid",
    "secondmanager", "secondmanagerid", "indirectmanager", "indirectmanagerid",
)
"""Normalised column names that hold dotted-line managers (Workday ``Matrix_Manager_ID`` -> matrixmanagerid)."""

MAX_DOTTED = 20
"""Most dotted-line managers one person may have (``Person.dotted_managers``)."""

def split_dotted_mapping(mapping: Mapping[str, str] | None) -> tuple[dict[str, str], str | None]:
    """``--map`` without its ``dotted=COL`` item, and that column (None when not given)."""
    rest = dict(mapping or {})
    return rest, rest.pop("dotted", None)


def dotted_column(header: Sequence[str], mapped: str | None = None) -> int | None:
    """The index of the dotted-line column: the mapped one (InputError if absent), else one named like it."""
    if mapped is not None:
        for i, name in enumerate(header):
            if name == mapped or normalise(name) == normalise(mapped):
                return i
        raise InputError([f"--map dotted={mapped}: no such column; the columns are {', '.join(header)}"], "--map")
    return next((i for i, name in enumerate(header) if normalise(name) in DOTTED_ALIASES), None)


def dotted_ids(cell: str) -> list[str]:
    """``"17; 23"`` -> ``["17", "23"]`` (``,`` and ``|`` also separate; blanks dropped; order kept)."""
    for sep in (",", "|"):
        cell = cell.replace(sep, ";")
    return list(dict.fromkeys(part.strip() for part in cell.split(";") if part.strip()))


def with_dotted_managers(people: Sequence[Person], header: Sequence[str], rows: Sequence[Sequence[str]],
                         id_column: int, column: int | None) -> tuple[list[Person], list[str]]:
    """The people with ``dotted_managers`` read from ``column``, and warnings for ids that match nobody.

    A dotted manager who is the person themself, their solid manager or not in the chart is dropped
    with a warning; at most `MAX_DOTTED` per person.
    """
    if column is None:
        return list(people), []
    by_id: dict[str, list[str]] = {}
    for row in rows:
        if len(row) > max(column, id_column) and row[column].strip():
            by_id[row[id_column].strip()] = dotted_ids(row[column])
    known = {p.id for p in people}
    warnings: list[str] = []
    out: list[Person] = []
    for p in people:
        wanted = by_id.get(p.id, [])
        kept = [m for m in wanted if m in known and m != p.id and m != p.manager_id]
        dropped = [m for m in wanted if m not in kept]
        if dropped and len(warnings) < 20:
            warnings.append(f"{header[column]}: dotted-line managers {', '.join(dropped)} of {p.id} "
                            "are not in the chart (or are the person or their manager): left out")
        out.append(p.model_copy(update={"dotted_managers": kept[:MAX_DOTTED]}) if kept else p)
    return out, warnings
