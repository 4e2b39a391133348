"""Who is current staff: rows a status or end-date column marks as having left, and leaving them out.

AdventureWorks DW keeps history rows (``Status`` is ``Current`` or NULL), the Kaggle HR dataset
terminated employees (``Termd``, ``EmploymentStatus``, ``DateofTermination``); orgmodel leaves
such rows out by default and says how many (`drop_former_staff`).
"""

from __future__ import annotations

import datetime as dt
import re

from orgmodel.io.columns import ColumnChoice, normalise
from orgmodel.io.rows import RawTable

__all__ = ["FORMER_VALUES", "drop_former_staff", "former_staff"]

NOT_DATES = ("", "null", "none", "nan", "n/a", "#n/a", "na", "-", "0")
"""End-date values that mean "no end date"."""


FORMER_VALUES = ("inactive", "terminat", "left", "former", "resigned", "retired", "deceased", "separated",
                 "withdrawn", "leaver", "ex-employee")
"""Words in a status value that mark someone no longer employed (case-insensitive)."""


def former_staff(raw: RawTable, choice: ColumnChoice, today: dt.date | None = None) -> tuple[list[bool], str]:
    """Which rows are not current staff, by the status or end-date column, and the column that says so.

    Status: a column named active/isActive/CurrentFlag marks ``false``/``0``/``no``; one named
    terminated/Termd marks ``true``/``1``/``yes``; when some values are ``current``, every other
    value (``NULL``, empty) is a former row (AdventureWorks' history rows); otherwise a value holding
    a `FORMER_VALUES` word. End date: a date on or before today (ISO ``2016-04-15`` or ``4/15/2016``;
    a value that is not a date but not empty counts too). Nothing is marked without such a column.
    """
    marks = [False] * len(raw.rows)
    said: list[str] = []
    if "status" in choice.index:
        column = choice.column("status") or ""
        values = [v.strip().lower() for v in raw.column(choice.index["status"])]
        kind = normalise(column)
        if kind in ("active", "isactive", "currentflag"):
            flags = [v in ("false", "0", "no", "n", "inactive") for v in values]
        elif kind in ("terminated", "termd"):
            flags = [v in ("true", "1", "yes", "y") for v in values]
        elif "current" in values:
            flags = [v != "current" for v in values]
        else:
            flags = [any(w in v for w in FORMER_VALUES) for v in values]
        if any(flags):
            said.append(repr(column))
            marks = [a or b for a, b in zip(marks, flags)]
    if "end_date" in choice.index:
        column = choice.column("end_date") or ""
        day = today or dt.date.today()
        flags = [_ended(v, day) for v in raw.column(choice.index["end_date"])]
        if any(flags):
            said.append(repr(column))
            marks = [a or b for a, b in zip(marks, flags)]
    return marks, " and ".join(said)


def _ended(value: str, today: dt.date) -> bool:
    text = value.strip()
    if not text or text.lower() in NOT_DATES:
        return False
    found = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    us = re.match(r"(\d{1,2})/(\d{1,2})/(\d{2,4})$", text)
    try:
        if found:
            return dt.date(int(found[1]), int(found[2]), int(found[3])) <= today
        if us:
            year = int(us[3]) + (2000 if len(us[3]) == 2 else 0)
            return dt.date(year, int(us[1]), int(us[2])) <= today
    except ValueError:
        return True
    return True


def drop_former_staff(raw: RawTable, choice: ColumnChoice, ids: list[str], managers: list[str], keep: bool,
                       warnings: list[str]) -> tuple[RawTable, list[str], list[str]]:
    """Leave out rows that are not current staff (`former_staff`) unless ``keep``; say how many.

    A current person whose manager is left out reports to the nearest current manager above.
    """
    marks, column = former_staff(raw, choice)
    count = sum(marks)
    if not count:
        return raw, ids, managers
    if keep:
        warnings.append(f"{count:,} rows are not current staff by column {column} and are kept (as asked)")
        return raw, ids, managers
    if count == len(marks):
        warnings.append(f"every row is marked as not current staff by column {column}: all kept")
        return raw, ids, managers
    row_of = {pid: k for k, pid in enumerate(ids)}
    new_managers = []
    for m in managers:
        seen = 0
        while m in row_of and marks[row_of[m]] and seen <= len(ids):
            m = managers[row_of[m]]
            seen += 1
        new_managers.append(m)
    keep_rows = [k for k, flag in enumerate(marks) if not flag]
    kept = RawTable(raw.header, [raw.rows[k] for k in keep_rows], [raw.lines[k] for k in keep_rows], raw.kind,
                    raw.where, raw.notes)
    warnings.append(f"{count:,} rows are not current staff by column {column}: left out (keep them with "
                    "--keep-former, or the app's 'Keep former staff' box)")
    return kept, [ids[k] for k in keep_rows], [new_managers[k] for k in keep_rows]
