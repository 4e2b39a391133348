"""Which column holds what: by the names real HR systems use, by the values, or as the user maps.

Names are compared case- and separator-insensitively (``Manager_ID``, ``manager id`` and
``managerId`` are one name). An explicit mapping always wins. Without one, the id and manager
columns are found by name (Workday, BambooHR, HiBob, Personio, d3-org-chart, OrgChart JS, GoJS,
SQL Server AdventureWorks, Oracle HR), and when the names say nothing, by the values: the
manager column is the one whose values are ids of the id column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["ALIASES", "FIELDS", "ColumnChoice", "detect_columns", "did_you_mean", "normalise"]

FIELDS = ("id", "manager", "name", "first_name", "last_name", "department", "title", "role", "team", "status",
          "end_date", "path")
"""What a column can hold. ``role`` is one of founder, manager, lead, engineer; ``title`` a job title;
``path`` a position in the hierarchy (``CEO/VP Eng/Team A``, SQL Server's ``/1/2/``), read when no
column holds the manager."""

ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "employeeid", "employeeno", "employeenumber", "empid", "empno", "eid", "emplid", "key",
           "employeekey", "personid", "workerid", "staffid", "userid", "nodeid", "personnelnumber", "badgeid",
           "uid", "employee"),
    "manager": ("managerid", "manager", "managerkey", "managerno", "manageremployeeid", "mgrid", "mgr",
                "supervisorid", "supervisoreid", "supervisor", "supervisoremployeeid", "reportsto", "reportstoid",
                "reportingto", "parentid", "parent", "pid", "boss", "bossid", "parentemployeekey",
                "parentemployeeid", "linemanager", "linemanagerid", "directmanager", "managerempid"),
    "name": ("name", "fullname", "employeename", "displayname", "preferredname", "personname", "label",
             "text", "employeefullname", "workername", "legalname"),
    "first_name": ("firstname", "givenname", "forename", "first"),
    "last_name": ("lastname", "surname", "familyname", "last"),
    "department": ("department", "departmentname", "dept", "deptname", "division", "businessunit", "orgunit",
                   "function", "area", "departmentid", "deptid", "group"),
    "title": ("title", "jobtitle", "position", "positionname", "positiontitle", "jobname", "designation", "job",
              "jobid", "jobrole", "businesstitle"),
    "role": ("role",),
    "team": ("team", "teamname", "squad"),
    "status": ("status", "employmentstatus", "employeestatus", "active", "isactive", "currentflag", "terminated",
               "termd", "workerstatus"),
    "end_date": ("enddate", "dateoftermination", "terminationdate", "termdate", "leavingdate", "leavedate",
                 "exitdate", "separationdate", "lastday", "lastworkingday", "leftdate", "dateleft"),
    "path": ("path", "orgpath", "hierarchy", "hierarchypath", "organizationnode", "organisationnode", "orgnode",
             "positionpath", "reportingpath", "reportingline"),
}

_SEPARATORS = re.compile(r"[\s_\-\.]+")


def normalise(name: str) -> str:
    """``Manager_ID`` -> ``managerid``: lower case, separators and punctuation dropped."""
    return re.sub(r"[^0-9a-z]", "", _SEPARATORS.sub("", name.strip().lower()))


@dataclass
class ColumnChoice:
    """Field -> column index, how each was found, and problems with an explicit mapping."""

    header: list[str]
    index: dict[str, int] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def column(self, name: str) -> str | None:
        return self.header[self.index[name]] if name in self.index else None

    def names(self) -> dict[str, str]:
        return {f: self.header[i] for f, i in self.index.items()}


def did_you_mean(wanted: str, header: Sequence[str]) -> str:
    """`` (did you mean 'Manager_ID'?)`` for the closest column name, or nothing."""
    by_norm = {normalise(h): h for h in header}
    close = difflib.get_close_matches(normalise(wanted), list(by_norm), n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(wanted, list(header), n=1, cutoff=0.6)
        return f" (did you mean {close[0]!r}?)" if close else ""
    return f" (did you mean {by_norm[close[0]]!r}?)"


def _find(header: Sequence[str], column: str) -> int | None:
    if column in header:
        return list(header).index(column)
    wanted = normalise(column)
    return next((i for i, h in enumerate(header) if normalise(h) == wanted), None)


def _value_share(values: Sequence[str], ids: set[str]) -> float:
    """Share of a column's non-empty values that are ids (0 when it has none)."""
    filled = [v for v in values if v]
    if not filled:
        return 0.0
    return sum(v in ids for v in filled) / len(filled)


def detect_columns(header: Sequence[str], rows: Sequence[Sequence[str]], mapping: Mapping[str, str] | None = None,
                   sample: int = 5_000) -> ColumnChoice:
    """Choose the column for each field: the mapping, then names (`ALIASES`), then values.

    Parameters
    ----------
    header : column names as in the file.
    rows : the data rows (only the first ``sample`` are read to match values).
    mapping : field -> column name given by the user; always wins. A column that is not in the
        header is a problem naming the closest column (difflib).
    """
    choice = ColumnChoice(list(header))
    for key, column in (mapping or {}).items():
        if key not in FIELDS:
            choice.problems.append(f"--map {key}={column}: unknown field {key!r}; allowed: {', '.join(FIELDS)}")
            continue
        found = _find(header, column)
        if found is None:
            choice.problems.append(
                f"--map {key}={column}: no column {column!r} in the file{did_you_mean(column, header)}; "
                f"columns: {_clip(', '.join(header), 200)}")
            continue
        choice.index[key] = found
        choice.how[key] = "mapped"
    norms = [normalise(h) for h in header]
    for key in FIELDS:
        if key in choice.index:
            continue
        taken = set(choice.index.values())
        for alias in ALIASES[key]:
            hits = [i for i, n in enumerate(norms) if n == alias and i not in taken]
            if hits:
                choice.index[key] = hits[0]
                choice.how[key] = "by name"
                break
    head = [list(r) for r in rows[:sample]]

    def values(i: int) -> list[str]:
        return [r[i] if i < len(r) else "" for r in head]

    if "id" in choice.index and choice.how.get("manager") != "mapped":
        ids = set(values(choice.index["id"]))
        named = [i for i, n in enumerate(norms) if n in ALIASES["manager"] and i != choice.index["id"]]
        if len(named) > 1:  # e.g. BambooHR's supervisorId and supervisorEId: take the one holding ids
            best = max(named, key=lambda i: _value_share(values(i), ids))
            choice.index["manager"], choice.how["manager"] = best, "by name and values"
        elif not named:
            others = [i for i in range(len(header)) if i not in choice.index.values()]
            scored = [(_value_share(values(i), ids), i) for i in others]
            scored = [(s, i) for s, i in scored if s >= 0.9 and len(set(values(i)) - {""}) < len(head)]
            if scored:
                choice.index["manager"] = max(scored)[1]
                choice.how["manager"] = "by values (they are ids of the id column)"
    if "manager" not in choice.index and "path" not in choice.index:
        _path_by_values(choice, len(header), values)
    if "id" not in choice.index and "manager" not in choice.index and "path" not in choice.index:
        _pair_by_values(choice, len(header), values, len(head))
    if "id" not in choice.index and "name" in choice.index and "manager" in choice.index:
        names = values(choice.index["name"])  # a sheet of names: "Name, Manager" with the manager's name
        if _unique_ids(names) and _value_share(values(choice.index["manager"]), set(names)) >= 0.9:
            choice.index["id"] = choice.index["name"]
            choice.how["id"] = "the name column (names are unique and the manager column holds names)"
    if "id" not in choice.index and "manager" in choice.index:
        manager_values = values(choice.index["manager"])
        scored = []
        for i in range(len(header)):
            if i in choice.index.values():
                continue
            col = values(i)
            if _unique_ids(col):
                scored.append((_value_share(manager_values, set(col)), i))
        if scored and max(scored)[0] >= 0.9:
            choice.index["id"] = max(scored)[1]
            choice.how["id"] = "by values (unique, and the manager column's values are among them)"
    return choice


def is_path(value: str) -> bool:
    """``/1/2/``, ``CEO/VP Eng/Team A``: a position as a path of ``/``-separated steps."""
    text = value.strip()
    return "/" in text and "//" not in text and "://" not in text and len(text) <= 400


def _path_by_values(choice: ColumnChoice, width: int, values: Callable[[int], list[str]]) -> None:
    """No manager column: a column whose values are paths, one step deeper than their parent's, is the hierarchy."""
    for i in range(width):
        if i in choice.index.values():
            continue
        col = values(i)
        filled = [v for v in col if v]
        if len(filled) < max(2, len(col) // 2) or sum(map(is_path, filled)) < 0.9 * len(filled):
            continue
        keys = {v.strip().strip("/") for v in filled}
        parents = [v.strip().strip("/").rpartition("/")[0] for v in filled]
        if sum(p in keys or not p for p in parents) >= 0.9 * len(filled) and len(keys) == len(filled):
            choice.index["path"] = i
            choice.how["path"] = "by values (paths of the hierarchy: each value's parent path is another's)"
            return


def _unique_ids(col: list[str]) -> bool:
    return all(col) and len(set(col)) == len(col)


def _pair_by_values(choice: ColumnChoice, width: int, values: Callable[[int], list[str]], n: int) -> None:
    """Neither column named: the id is a column of unique values, the manager one whose values are among them."""
    free = [i for i in range(width) if i not in choice.index.values()][:60]  # bounded: O(60² · sample)
    best: tuple[float, int, int] | None = None
    for i in free:
        ids = values(i)
        if not _unique_ids(ids):
            continue
        id_set = set(ids)
        for j in free:
            col = values(j)
            if j == i or not any(col) or len(set(col) - {""}) >= n:
                continue
            share = _value_share(col, id_set)
            if share >= 0.9 and (best is None or share > best[0]):
                best = (share, i, j)
    if best is not None:
        choice.index["id"], choice.index["manager"] = best[1], best[2]
        choice.how["id"] = "by values (unique)"
        choice.how["manager"] = "by values (they are ids of the id column)"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
