"""Import an org chart people already have, and make it a scenario every engine can analyse.

`read_org_file` reads CSV/.xlsx/JSON (`orgmodel.io.rows`), finds the columns
(`orgmodel.io.columns`), resolves managers, and infers roles, teams and departments the file does
not give (`orgmodel.io.roles`). Every problem is collected (up to `MAX_PROBLEMS`, each with its
line) before one `InputError` lists them; warnings (duplicate names, inactive rows, self-managed
roots, former staff left out by `orgmodel.io.staff`) are returned, not raised.
`orgmodel.io.habits.imported_scenario` joins the chart with someone's working habits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from orgmodel.errors import InputError
from orgmodel.io.columns import ColumnChoice, detect_columns, did_you_mean
from orgmodel.io.roles import (
    departments_from_tree,
    infer_roles,
    role_from_title,
    teams_from_tree,
    unique_labels,
)
from orgmodel.io.rows import RawTable, read_rows
from orgmodel.io.staff import drop_former_staff
from orgmodel.limits import MAX_CSV_ROWS, MAX_FOUNDERS, MAX_ORG_DEPTH
from orgmodel.orgtable import Role
from orgmodel.people import (
    PERSON_TEXT_LIMIT,
    ROLE_LABELS,
    ImportInfo,
    PersonRow,
    find_cycles,
    gc_paused,
    manager_chain_depths,
)

__all__ = [
    "MAX_PROBLEMS", "ROOT_MARKERS", "ImportedOrg", "canonical_id", "everyone_at_top", "people_from_rows",
    "read_org_file",
]

MAX_PROBLEMS = 50
"""Problems listed in one refusal; the rest are counted."""
ROOT_MARKERS = ("", "null", "none", "0", "-", "nan", "n/a", "#n/a", "na", "n.a.", "(blank)", "/")
"""Manager values that mark the top of the org (case-insensitive), unless someone has that id."""
VIRTUAL_TOP_ID = "(top)"
Orphans = Literal["error", "placeholder"]


@dataclass
class ImportedOrg:
    """An imported chart: its people, how it was read, and the raw rows (for a preview)."""

    people: list[PersonRow]
    info: ImportInfo
    raw: RawTable
    choice: ColumnChoice
    notes: list[str] = field(default_factory=list)


class _Problems:
    def __init__(self, what: str) -> None:
        self.what = what
        self.items: list[str] = []
        self.more = 0

    def add(self, text: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(text)
        else:
            self.more += 1

    def raise_if_any(self) -> None:
        if self.items:
            extra = [f"... and {self.more:,} more problems"] if self.more else []
            raise InputError(self.items + extra, self.what)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def read_org_file(
    data: bytes | str,
    file_name: str = "",
    *,
    mapping: Mapping[str, str] | None = None,
    orphans: Orphans = "error",
    virtual_top: bool = False,
    what: str | None = None,
    max_rows: int = MAX_CSV_ROWS,
    sheet: str | None = None,
    keep_former: bool = False,
) -> ImportedOrg:
    """Read an org chart file (CSV, .xlsx, JSON array or GoJS nodeDataArray) into people.

    Parameters
    ----------
    data, file_name : the file's bytes (or text) and name (its extension picks the reader).
    mapping : field -> column (``id``, ``manager``, ``name``, ``department``, ``title``, ``role``,
        ``team``, ``status``, ``first_name``, ``last_name``); wins over detection.
    orphans : ``error`` refuses managers that match nobody, naming the rows; ``placeholder`` hangs
        those people under one placeholder per unknown manager id.
    virtual_top : put every root under one virtual top person instead of a founders' tier.
    sheet : the .xlsx sheet to read, by name or number from 1 (the first when None).
    keep_former : keep rows a status or end-date column marks as not current staff (left out by default).

    Raises
    ------
    InputError listing up to `MAX_PROBLEMS` problems with their line numbers.
    """
    what = what or file_name or "org chart"
    with gc_paused():
        raw = read_rows(data, file_name, what, max_rows, sheet)
        return people_from_rows(raw, file_name, mapping=mapping, orphans=orphans, virtual_top=virtual_top,
                                what=what, keep_former=keep_former)


def _missing_column(header: list[str], key: str, alias: str) -> str:
    return (f"missing column(s) {key}: no column names the people's {key}{did_you_mean(alias, header)}; "
            f"columns: {_clip(', '.join(header), 200) or '(none)'}; map one with --map {key}=COLUMN "
            "(expected e.g. id, name, manager_id)")


def people_from_rows(
    raw: RawTable,
    file_name: str = "",
    *,
    mapping: Mapping[str, str] | None = None,
    orphans: Orphans = "error",
    virtual_top: bool = False,
    what: str = "org chart",
    keep_former: bool = False,
) -> ImportedOrg:
    """People from a file's rows (see `read_org_file`): the steps below, each listing its problems."""
    problems = _Problems(what)
    choice = _choose_columns(raw, mapping, problems)
    ids, managers = _ids_and_managers(raw, choice)
    warnings: list[str] = []
    raw, ids, managers = drop_former_staff(raw, choice, ids, managers, keep_former, warnings)
    index = _index_ids(raw, choice, ids, problems)
    names = _names(raw, choice, ids)
    links = _link_managers(raw, choice, ids, managers, names, index, problems, warnings)
    _check_orphans_and_cycles(raw, choice, ids, names, links, orphans, problems)
    tree = _extend_tree(ids, names, links, virtual_top, warnings)
    _check_shape(raw, choice, tree, warnings, problems)
    labels = unique_labels(tree.names, tree.ids)
    roles, role_source = _roles(raw, choice, tree.parent, len(ids), warnings)
    extra = len(tree.ids) - len(ids)
    if "team" in choice.index:
        teams = raw.column(choice.index["team"]) + [""] * extra
        team_source = f"column {choice.column('team')}"
    else:
        teams = teams_from_tree(tree.parent, roles, labels)
        team_source = TEAM_RULE
    if "department" in choice.index:
        founder = int(Role.FOUNDER)
        depts = [d if roles[i] != founder else "" for i, d in enumerate(raw.column(choice.index["department"]))]
        depts += [""] * extra
        dept_source = f"column {choice.column('department')}"
    else:
        depts = departments_from_tree(tree.parent, roles, labels)
        dept_source = "inferred: the branch under the founders' tier"
    warnings.extend(_duplicate_names(names))
    if len(tree.roots) > 1:
        warnings.append(f"{len(tree.roots):,} people have no manager: they form the founders' tier "
                        f"({_clip(labels[tree.roots[0]], 40)} is the root)")
    limit = PERSON_TEXT_LIMIT
    people = [
        PersonRow(tree.ids[i], _clip(tree.names[i], limit), tree.ids[tree.parent[i]] if tree.parent[i] >= 0 else "",
                  ROLE_LABELS[roles[i]], _clip(depts[i], limit), _clip(teams[i], limit))
        for i in range(len(tree.ids))
    ]
    info = ImportInfo(
        file=_clip(Path(file_name).name if file_name else what, 300), rows_read=len(ids), people=len(people),
        roots=tree.file_roots,
        roles_inferred=role_source.startswith("inferred"), roles_source=_clip(role_source, 200),
        departments_source=dept_source, teams_source=team_source,
        columns={k: _clip(v, 200) for k, v in choice.names().items()},
        warnings=[_clip(w, 300) for w in (raw.notes[1:] + warnings)[:60]],
    )
    return ImportedOrg(people, info, raw, choice, raw.notes)


TEAM_RULE = "inferred: a manager and their direct reports who have none (a lead's team, or a manager's own team)"


def _choose_columns(raw: RawTable, mapping: Mapping[str, str] | None, problems: _Problems) -> ColumnChoice:
    """The columns (`detect_columns`); refused without an id and a manager (or a path) column, or rows."""
    header = raw.header
    choice = detect_columns(header, raw.rows, mapping)
    for p in choice.problems:
        problems.add(p)
    if "path" not in choice.index:
        if "id" not in choice.index:
            problems.add(_missing_column(header, "id", "employee_id"))
        if "manager" not in choice.index:
            problems.add(_missing_column(header, "manager", "manager_id"))
    problems.raise_if_any()
    if not raw.rows:
        raise InputError(["no people in the file (only a header, or empty)"], problems.what)
    width = len(header)
    for k, row in enumerate(raw.rows):
        if len(row) > width:
            problems.add(f"{raw.locate(k)}: {len(row)} fields, more than the header's {width}")
    return choice


def _ids_and_managers(raw: RawTable, choice: ColumnChoice) -> tuple[list[str], list[str]]:
    """Each row's id and manager value; with only a path column, the path and its parent path."""
    if "manager" in choice.index or "path" not in choice.index:
        return raw.column(choice.index.get("id")), raw.column(choice.index.get("manager"))
    paths = [p.strip().strip("/") for p in raw.column(choice.index["path"])]
    parents = [p.rpartition("/")[0] for p in paths]
    top = "/" if "" in paths else ""  # SQL Server's root node: "/" (or empty), the CEO's row
    parents = [q or top for q in parents]
    if "id" not in choice.index:
        return [p or "/" for p in paths], [q if p else "" for p, q in zip(paths, parents)]
    ids = raw.column(choice.index["id"])
    by_path = dict(zip([p or "/" for p in paths], ids))
    return ids, [by_path.get(q, q) if p else "" for p, q in zip(paths, parents)]


def _index_ids(raw: RawTable, choice: ColumnChoice, ids: list[str], problems: _Problems) -> dict[str, int]:
    """Row of each id; empty, over-long and repeated ids are problems (raised here)."""
    id_col = choice.column("id") or choice.column("path")
    index: dict[str, int] = {}
    for k, pid in enumerate(ids):
        if not pid:
            problems.add(f"{raw.locate(k)}: {id_col} is empty; every person needs an id")
        elif len(pid) > PERSON_TEXT_LIMIT:
            problems.add(f"{raw.locate(k)}: {id_col} is {len(pid):,} characters; the limit is {PERSON_TEXT_LIMIT}")
        elif pid in index:
            problems.add(f"{raw.locate(k)}: {id_col} {_clip(pid, 40)!r} appears twice (first at "
                         f"{raw.locate(index[pid])}); ids must be unique")
        else:
            index[pid] = k
    problems.raise_if_any()
    return index


def canonical_id(value: str) -> str:
    """An id as a number would read: ``1.0`` -> ``1``, ``007`` -> ``7``; other text as it is."""
    text = value.strip()
    if _FLOAT_INT.fullmatch(text):
        text = text.split(".")[0]
    if text.isdigit():
        text = text.lstrip("0") or "0"
    return text


_FLOAT_INT = re.compile(r"\d+\.0*")


@dataclass
class _Links:
    parent: list[int]
    unknown: dict[str, list[int]]


def _link_managers(raw: RawTable, choice: ColumnChoice, ids: list[str], managers: list[str], names: list[str],
                   index: dict[str, int], problems: _Problems, warnings: list[str]) -> _Links:
    """Each row's manager row: by id, then by the id as a number (``1.0`` = ``1``), then by a unique name."""
    markers = {m for m in ROOT_MARKERS if m not in index}
    canon: dict[str, int] = {}
    for pid, k in index.items():
        key = canonical_id(pid)
        canon[key] = -1 if key in canon else k  # two ids that read as one number match neither
    by_name = _manager_names(raw, choice, ids, managers, names, index, markers, problems, warnings)
    parent: list[int] = []
    unknown: dict[str, list[int]] = {}
    self_managed = as_number = 0
    for k, m in enumerate(managers):
        if m == ids[k]:
            self_managed += 1
            parent.append(-1)
        elif m in index:
            parent.append(index[m])
        elif m.strip().lower() in markers:
            parent.append(-1)
        elif canon.get(canonical_id(m), -1) >= 0:
            as_number += 1
            parent.append(canon[canonical_id(m)] if canon[canonical_id(m)] != k else -1)
        elif m in by_name:
            parent.append(by_name[m] if by_name[m] != k else -1)
        else:
            unknown.setdefault(m, []).append(k)
            parent.append(-1)
    if self_managed:
        warnings.append(f"{self_managed:,} people name themselves as their manager: read as the top of the org")
    if as_number:
        warnings.append(f"{as_number:,} manager values match an id only as numbers (1.0 = 1, 007 = 7: a spreadsheet "
                        "changed one of the columns): matched")
    return _Links(parent, unknown)


def _manager_names(raw: RawTable, choice: ColumnChoice, ids: list[str], managers: list[str], names: list[str],
                   index: dict[str, int], markers: set[str], problems: _Problems,
                   warnings: list[str]) -> dict[str, int]:
    """Name -> row when the manager column holds names rather than ids (draw.io's sample); else empty.

    Used when most manager values are not ids but names of people in the file. Names that repeat
    cannot say who is meant: then a problem suggests ``--map id=COLUMN`` (names as ids) or ids.
    """
    filled = [m for k, m in enumerate(managers) if m and m != ids[k] and m.strip().lower() not in markers]
    if not filled or "name" not in choice.index or choice.index.get("id") == choice.index.get("name"):
        return {}
    missing = [m for m in filled if m not in index and canonical_id(m) not in index]
    rows_of: dict[str, list[int]] = {}
    for k, n in enumerate(names):
        rows_of.setdefault(n, []).append(k)
    named = [m for m in missing if m in rows_of]
    if len(missing) < 0.5 * len(filled) or len(named) < 0.9 * len(missing):
        return {}
    mgr_col, name_col = choice.column("manager"), choice.column("name")
    repeated = sorted({m for m in named if len(rows_of[m]) > 1})
    if repeated:
        shown = ", ".join(repr(_clip(m, 30)) for m in repeated[:3])
        problems.add(f"{mgr_col} holds people's names, not their {choice.column('id')}, and some names are shared "
                     f"({shown}), so they cannot say who is meant: give each manager's id, or if names are the ids, "
                     f"map them with --map id={name_col}")
        return {}
    warnings.append(f"{mgr_col} holds people's names, not ids: matched to {name_col} (every manager's name is "
                    f"unique); to use names as the ids instead, --map id={name_col}")
    return {m: rows_of[m][0] for m in set(named)}


def _check_orphans_and_cycles(raw: RawTable, choice: ColumnChoice, ids: list[str], names: list[str], links: _Links,
                              orphans: Orphans, problems: _Problems) -> None:
    id_col, mgr_col = choice.column("id") or "path", choice.column("manager") or "parent path"
    if links.unknown and orphans == "error":
        for m, rows in links.unknown.items():
            where = ", ".join(raw.locate(k) for k in rows[:5])
            where += f" and {len(rows) - 5:,} more" if len(rows) > 5 else ""
            problems.add(f"{where}: {mgr_col} {_clip(m, 40)!r} is not the {id_col} of anyone in the file; fix it, "
                         "or hang these people under a placeholder (--orphans placeholder)")
    cycles = find_cycles(links.parent)
    labels = unique_labels(names, ids) if cycles else names
    for cycle in cycles:
        shown = " -> ".join(f"{_clip(labels[k], 40)} ({raw.locate(k)})" for k in cycle[:8])
        problems.add(f"a manager cycle: {shown} -> back to {_clip(labels[cycle[0]], 40)}; refused")
    problems.raise_if_any()


@dataclass
class _Tree:
    ids: list[str]
    names: list[str]
    parent: list[int]
    roots: list[int]
    file_roots: int


def _extend_tree(ids: list[str], names: list[str], links: _Links, virtual_top: bool, warnings: list[str]) -> _Tree:
    """Placeholders for unknown managers and the virtual top, appended after the file's rows."""
    parent, unknown = list(links.parent), links.unknown
    extra_ids: list[str] = []
    extra_names: list[str] = []
    roots = [k for k, p in enumerate(parent) if p < 0 and k not in {r for rows in unknown.values() for r in rows}]
    file_roots = len(roots)
    taken = set(ids)

    def new_id(stem: str) -> str:
        out, n = stem, 1
        while out in taken:
            n += 1
            out = f"{stem}~{n}"
        taken.add(out)
        return out

    n_rows = len(ids)
    if unknown:
        top = roots[0] if roots else -1
        for m, rows in unknown.items():
            slot = n_rows + len(extra_ids)
            extra_ids.append(new_id(f"(unknown {_clip(m, 100)})"))
            extra_names.append(f"unknown manager {_clip(m, 100)}")
            parent.append(top)
            for k in rows:
                parent[k] = slot
        warnings.append(f"{sum(map(len, unknown.values())):,} people have a manager id that matches nobody "
                        f"({len(unknown):,} ids): hung under placeholder managers")
        roots = [k for k, p in enumerate(parent) if p < 0]
    if virtual_top:
        slot = n_rows + len(extra_ids)
        extra_ids.append(new_id(VIRTUAL_TOP_ID))
        extra_names.append("top (virtual)")
        parent.append(-1)
        for r in roots:
            parent[r] = slot
        roots = [slot]
    return _Tree(ids + extra_ids, names + extra_names, parent, roots, file_roots)


def everyone_at_top(org_notes: list[str], count: int, manager_column: str) -> str:
    """The words for a chart where nobody has a manager in the file (a formula note when the reader made one)."""
    formulas = next((n for n in org_notes if "formulas with no saved value" in n), "")
    return (f"{count:,} people have no manager: everyone in the file is at the top, so there is no organisation "
            f"below them to analyse: check the manager column ({manager_column})"
            + (f"; {formulas}" if formulas else "") + ", or add the people who report to them")


def _check_shape(raw: RawTable, choice: ColumnChoice, tree: _Tree, warnings: list[str], problems: _Problems) -> None:
    """Refuse too many roots or chains deeper than `MAX_ORG_DEPTH`; warn when everyone is at the top."""
    if len(tree.roots) > MAX_FOUNDERS:
        problems.add(f"{len(tree.roots):,} people have no manager; at most {MAX_FOUNDERS} can form the founders' tier: "
                     "put them under a virtual top (--virtual-top) or fix the manager column")
    elif all(p < 0 for p in tree.parent):  # a scenario of founders only is valid, but has nothing to analyse
        warnings.append(everyone_at_top(raw.notes, len(tree.ids), choice.column("manager") or choice.column("path")
                                        or "none"))
    depth = max(manager_chain_depths(tree.parent), default=0)
    if depth > MAX_ORG_DEPTH:
        problems.add(f"manager chains are {depth:,} levels deep; the limit is {MAX_ORG_DEPTH} levels")
    problems.raise_if_any()


def _names(raw: RawTable, choice: ColumnChoice, ids: list[str]) -> list[str]:
    if "name" in choice.index and "last_name" in choice.index and "first_name" not in choice.index:
        last = raw.column(choice.index["last_name"])  # Oracle HR, d3's sample: name is the first name
        names = [f"{a} {b}".strip() for a, b in zip(raw.column(choice.index["name"]), last)]
    elif "name" in choice.index:
        names = raw.column(choice.index["name"])
    elif "first_name" in choice.index or "last_name" in choice.index:
        first = raw.column(choice.index.get("first_name"))
        last = raw.column(choice.index.get("last_name"))
        names = [f"{a} {b}".strip() for a, b in zip(first, last)]
    else:
        names = list(ids)
    return [n or pid for n, pid in zip(names, ids)]




def _roles(raw: RawTable, choice: ColumnChoice, parent: list[int], n_rows: int,
           warnings: list[str]) -> tuple[list[int], str]:
    """Role codes for every person (file rows, then placeholders) and where they came from (`ROLE_RULE`)."""
    founder = int(Role.FOUNDER)
    inferred = infer_roles(parent)
    if "role" not in choice.index:
        return inferred, "inferred from the tree: roots founders, managers of managers, leads, the rest engineers"
    values = raw.column(choice.index["role"])
    memo: dict[str, Role | None] = {}
    given = [memo[v] if v in memo else memo.setdefault(v, role_from_title(v)) for v in values]
    if all(r is None for r in given):  # a column called "role" holding job titles: read it as the title
        column = choice.index.pop("role")
        choice.how.pop("role", None)
        if "title" not in choice.index:
            choice.index["title"] = column
            choice.how["title"] = "the role column (its values name no role: job titles)"
        return inferred, (f"inferred from the tree (column {choice.column('title') or 'role'} names no role: "
                          "read as job titles)")
    codes = [int(r) if r is not None else inferred[k] for k, r in enumerate(given)]
    codes += inferred[n_rows:]
    demoted = 0
    for i, p in enumerate(parent):
        if p < 0 and codes[i] != founder:
            codes[i] = founder
            demoted += 1
    if demoted:
        warnings.append(f"{demoted:,} people with no manager had another role in the file: read as founders")
    unnamed = sum(r is None for r in given)
    source = f"column {choice.column('role')}"
    if unnamed:
        source += f" ({unnamed:,} value(s) naming no role: inferred from the tree)"
    return codes, source


def _duplicate_names(names: list[str]) -> list[str]:
    count: dict[str, int] = {}
    for n in names:
        count[n] = count.get(n, 0) + 1
    dup = {n: c for n, c in count.items() if c > 1}
    if not dup:
        return []
    shown = ", ".join(f"{_clip(n, 30)!r} x{c}" for n, c in sorted(dup.items(), key=lambda x: -x[1])[:3])
    return [f"{len(dup):,} names are shared by more than one person ({shown}); people are told apart by id"]
