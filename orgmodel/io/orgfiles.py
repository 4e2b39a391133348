"""Import an org chart people already have, and make it a scenario every engine can analyse.

`read_org_file` reads CSV/.xlsx/JSON (`orgmodel.io.rows`), finds the columns
(`orgmodel.io.columns`), resolves managers, and infers roles, teams and departments the file does
not give (`orgmodel.io.roles`). Every problem is collected (up to `MAX_PROBLEMS`, each with its
line) before one `InputError` lists them; warnings (duplicate names, inactive rows, self-managed
roots) are returned, not raised. `imported_scenario` joins the chart with someone's working
habits (a preset or a scenario file) into a `Scenario` whose ``org.people`` is the chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from orgmodel.errors import InputError
from orgmodel.io.columns import ColumnChoice, detect_columns, did_you_mean, normalise
from orgmodel.io.roles import (
    departments_from_tree,
    infer_roles,
    role_from_text,
    role_from_title,
    teams_from_tree,
    unique_labels,
)
from orgmodel.io.rows import RawTable, read_rows
from orgmodel.io.tree import PersonRow, find_cycles, gc_paused, manager_chain_depths
from orgmodel.limits import MAX_CSV_ROWS, MAX_FOUNDERS, MAX_ORG_DEPTH
from orgmodel.orgtable import ROLE_LABELS, Role
from orgmodel.scenario import Founder, ImportInfo, Provenance, Scenario

__all__ = ["MAX_PROBLEMS", "ROOT_MARKERS", "ImportedOrg", "imported_scenario", "people_from_rows", "read_org_file"]

MAX_PROBLEMS = 50
"""Problems listed in one refusal; the rest are counted."""
ROOT_MARKERS = ("", "null", "none", "0", "-", "nan", "n/a")
"""Manager values that mark the top of the org (case-insensitive), unless someone has that id."""
VIRTUAL_TOP_ID = "(top)"
INACTIVE_WORDS = ("inactive", "terminat", "left", "former", "resigned", "retired", "deceased", "separated")
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

    Raises
    ------
    InputError listing up to `MAX_PROBLEMS` problems with their line numbers.
    """
    what = what or file_name or "org chart"
    with gc_paused():
        raw = read_rows(data, file_name, what, max_rows)
        return people_from_rows(raw, file_name, mapping=mapping, orphans=orphans, virtual_top=virtual_top,
                                what=what)


def _column(raw: RawTable, index: int | None) -> list[str]:
    if index is None:
        return [""] * len(raw.rows)
    return [row[index] if index < len(row) else "" for row in raw.rows]


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
) -> ImportedOrg:
    """People from a file's rows (see `read_org_file`)."""
    problems = _Problems(what)
    header = raw.header
    choice = detect_columns(header, raw.rows, mapping)
    for p in choice.problems:
        problems.add(p)
    if "id" not in choice.index:
        problems.add(_missing_column(header, "id", "employee_id"))
    if "manager" not in choice.index:
        problems.add(_missing_column(header, "manager", "manager_id"))
    problems.raise_if_any()
    if not raw.rows:
        raise InputError(["no people in the file (only a header, or empty)"], what)
    warnings: list[str] = []
    width = len(header)
    for k, row in enumerate(raw.rows):
        if len(row) > width:
            problems.add(f"{raw.locate(k)}: {len(row)} fields, more than the header's {width}")
    ids = _column(raw, choice.index["id"])
    managers = _column(raw, choice.index["manager"])
    id_col, mgr_col = choice.column("id"), choice.column("manager")
    index: dict[str, int] = {}
    for k, pid in enumerate(ids):
        if not pid:
            problems.add(f"{raw.locate(k)}: {id_col} is empty; every person needs an id")
        elif len(pid) > 200:
            problems.add(f"{raw.locate(k)}: {id_col} is {len(pid):,} characters; the limit is 200")
        elif pid in index:
            problems.add(f"{raw.locate(k)}: {id_col} {_clip(pid, 40)!r} appears twice (first at "
                         f"{raw.locate(index[pid])}); ids must be unique")
        else:
            index[pid] = k
    problems.raise_if_any()
    markers = {m for m in ROOT_MARKERS if m not in index}
    parent: list[int] = []
    unknown: dict[str, list[int]] = {}
    self_managed = 0
    for k, m in enumerate(managers):
        if m == ids[k]:
            self_managed += 1
            parent.append(-1)
        elif m in index:
            parent.append(index[m])
        elif m.lower() in markers:
            parent.append(-1)
        else:
            unknown.setdefault(m, []).append(k)
            parent.append(-1)
    if self_managed:
        warnings.append(f"{self_managed:,} people name themselves as their manager: read as the top of the org")
    names = _names(raw, choice, ids)
    if unknown and orphans == "error":
        for m, rows in unknown.items():
            where = ", ".join(raw.locate(k) for k in rows[:5])
            where += f" and {len(rows) - 5:,} more" if len(rows) > 5 else ""
            problems.add(f"{where}: {mgr_col} {_clip(m, 40)!r} is not the {id_col} of anyone in the file; fix it, "
                         "or hang these people under a placeholder (--orphans placeholder)")
    cycles = find_cycles(parent)
    labels = unique_labels(names, ids) if cycles else names
    for cycle in cycles:
        shown = " -> ".join(f"{_clip(labels[k], 40)} ({raw.locate(k)})" for k in cycle[:8])
        problems.add(f"a manager cycle: {shown} -> back to {_clip(labels[cycle[0]], 40)}; refused")
    problems.raise_if_any()
    # placeholders and the virtual top extend the arrays past the file's rows
    extra_ids: list[str] = []
    extra_names: list[str] = []
    roots = [k for k, p in enumerate(parent) if p < 0 and managers[k] not in unknown]
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
            extra_ids.append(new_id(f"(unknown {m})"))
            extra_names.append(f"unknown manager {m}")
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
    if len(roots) > MAX_FOUNDERS:
        problems.add(f"{len(roots):,} people have no manager; at most {MAX_FOUNDERS} can form the founders' tier: "
                     "put them under a virtual top (--virtual-top) or fix the manager column")
    all_ids = ids + extra_ids
    all_names = names + extra_names
    depth = max(manager_chain_depths(parent), default=0)
    if depth > MAX_ORG_DEPTH:
        problems.add(f"manager chains are {depth:,} levels deep; the limit is {MAX_ORG_DEPTH} levels")
    problems.raise_if_any()
    labels = unique_labels(all_names, all_ids)
    roles, role_source = _roles(raw, choice, parent, n_rows, problems, warnings)
    problems.raise_if_any()
    if "team" in choice.index:
        teams = _column(raw, choice.index["team"]) + [""] * len(extra_ids)
        team_source = f"column {choice.column('team')}"
    else:
        teams = teams_from_tree(parent, roles, labels)
        team_source = "inferred: a lead and their direct reports"
    if "department" in choice.index:
        depts = _column(raw, choice.index["department"]) + [""] * len(extra_ids)
        founder = int(Role.FOUNDER)
        depts = [d if roles[i] != founder else "" for i, d in enumerate(depts)]
        dept_source = f"column {choice.column('department')}"
    else:
        depts = departments_from_tree(parent, roles, labels)
        dept_source = "inferred: the branch under the founders' tier"
    warnings.extend(_duplicate_names(names))
    warnings.extend(_inactive(raw, choice))
    if len(roots) > 1:
        warnings.append(f"{len(roots):,} people have no manager: they form the founders' tier "
                        f"({_clip(labels[roots[0]], 40)} is the root)")
    people = [
        PersonRow(all_ids[i], _clip(all_names[i], 200), all_ids[parent[i]] if parent[i] >= 0 else "",
                  ROLE_LABELS[roles[i]], _clip(depts[i], 200), _clip(teams[i], 200))
        for i in range(len(all_ids))
    ]
    info = ImportInfo(
        file=_clip(Path(file_name).name if file_name else what, 300), rows_read=n_rows, people=len(people),
        roots=file_roots,
        roles_inferred=role_source.startswith("inferred"), roles_source=role_source,
        departments_source=dept_source, teams_source=team_source,
        columns={k: _clip(v, 200) for k, v in choice.names().items()}, warnings=[_clip(w, 300) for w in warnings[:60]],
    )
    return ImportedOrg(people, info, raw, choice, raw.notes)


def _names(raw: RawTable, choice: ColumnChoice, ids: list[str]) -> list[str]:
    if "name" in choice.index and "last_name" in choice.index and "first_name" not in choice.index:
        last = _column(raw, choice.index["last_name"])  # Oracle HR, d3's sample: name is the first name
        names = [f"{a} {b}".strip() for a, b in zip(_column(raw, choice.index["name"]), last)]
    elif "name" in choice.index:
        names = _column(raw, choice.index["name"])
    elif "first_name" in choice.index or "last_name" in choice.index:
        first = _column(raw, choice.index.get("first_name"))
        last = _column(raw, choice.index.get("last_name"))
        names = [f"{a} {b}".strip() for a, b in zip(first, last)]
    else:
        names = list(ids)
    return [n or pid for n, pid in zip(names, ids)]


def _roles(raw: RawTable, choice: ColumnChoice, parent: list[int], n_rows: int, problems: _Problems,
           warnings: list[str]) -> tuple[list[int], str]:
    """Role codes for every person (file rows, then placeholders) and where they came from."""
    founder = int(Role.FOUNDER)
    if "role" in choice.index:
        values = _column(raw, choice.index["role"])
        read = role_from_title if choice.how.get("role") == "mapped" else role_from_text
        memo: dict[str, Role | None] = {}
        given = [memo[v] if v in memo else memo.setdefault(v, read(v)) for v in values]
        if choice.how.get("role") != "mapped" and all(r is None for r in given):
            # a column called "role" holding job titles: read it as the title instead
            if "title" not in choice.index:
                choice.index["title"] = choice.index.pop("role")
                choice.how["title"] = "by name (holds job titles, not founder/manager/lead/engineer)"
            else:
                choice.index.pop("role")
        else:
            mapped = choice.how.get("role") == "mapped"
            allowed = ", ".join(ROLE_LABELS)
            inferred = infer_roles(parent)
            if not mapped:  # orgmodel's own shape: every value must be a role
                for k, (v, r) in enumerate(zip(values, given)):
                    if r is None:
                        problems.add(f"{raw.locate(k)}: role = {_clip(v, 40)!r}; allowed: {allowed} "
                                     "(or map the column as title with --map title=COLUMN)")
            codes = [int(r) if r is not None else inferred[k] for k, r in enumerate(given)]
            codes += inferred[n_rows:]
            unnamed = sum(r is None for r in given)
            demoted = 0
            for i, p in enumerate(parent):
                if p < 0 and codes[i] != founder:
                    codes[i] = founder
                    demoted += 1
            if demoted:
                warnings.append(f"{demoted:,} people with no manager had another role in the file: read as founders")
            source = f"column {choice.column('role')}"
            if mapped and unnamed:
                source += f" ({unnamed:,} value(s) naming no role: inferred from the tree)"
            return codes, source
    codes = infer_roles(parent)
    return codes, "inferred from the tree: roots founders, managers of managers, leads, the rest engineers"


def _duplicate_names(names: list[str]) -> list[str]:
    count: dict[str, int] = {}
    for n in names:
        count[n] = count.get(n, 0) + 1
    dup = {n: c for n, c in count.items() if c > 1}
    if not dup:
        return []
    shown = ", ".join(f"{_clip(n, 30)!r} x{c}" for n, c in sorted(dup.items(), key=lambda x: -x[1])[:3])
    return [f"{len(dup):,} names are shared by more than one person ({shown}); people are told apart by id"]


def _inactive(raw: RawTable, choice: ColumnChoice) -> list[str]:
    """A warning counting rows a status column marks as no longer employed."""
    if "status" not in choice.index:
        return []
    column = choice.column("status") or ""
    values = _column(raw, choice.index["status"])
    kind = normalise(column)
    if kind in ("active", "isactive", "currentflag"):
        flagged = sum(v.strip().lower() in ("false", "0", "no", "n", "inactive") for v in values)
    elif kind in ("terminated", "termd"):
        flagged = sum(v.strip().lower() in ("true", "1", "yes", "y") for v in values)
    else:
        flagged = sum(any(w in v.lower() for w in INACTIVE_WORDS) for v in values)
    if not flagged:
        return []
    return [f"{flagged:,} rows are marked inactive or terminated in column {column!r} and are included; "
            "filter them out of the file to analyse only current staff"]


def imported_scenario(org: ImportedOrg, habits: Scenario, habits_from: str, name: str | None = None) -> Scenario:
    """The imported chart as a scenario with someone's working habits.

    ``review``, ``decisions``, ``work``, ``equity`` and ``seed`` come from ``habits`` (a preset or
    a scenario file, named by ``habits_from``); the chart replaces its organisation.
    ``max_team_size`` starts at the largest team in the chart (no split) and ``max_span`` at None:
    lowering them later splits teams and adds middle managers as what-ifs. An equity
    ``founder_split`` naming the habits' own founders is dropped (equal split), and
    ``buy_in_people`` is capped at the people who are not founders.
    """
    with gc_paused():
        return _imported_scenario(org, habits, habits_from, name)


def _imported_scenario(org: ImportedOrg, habits: Scenario, habits_from: str, name: str | None) -> Scenario:
    people = org.people
    roots = [p for p in people if not p.manager_id]
    labels = unique_labels([p.name or p.id for p in roots], [p.id for p in roots])
    founders = [Founder(name=label) for label in dict.fromkeys(_clip(label, 80) for label in labels)]
    per_lead: dict[str, int] = {}
    for p in people:
        if p.role == "engineer" and p.manager_id:
            per_lead[p.manager_id] = per_lead.get(p.manager_id, 0) + 1
    lead_ids = {p.id for p in people if p.role == "lead"}
    biggest = max((n for pid, n in per_lead.items() if pid in lead_ids), default=1)
    equity = habits.equity
    notes = []
    if equity is not None:
        staff = sum(p.role != "founder" for p in people)
        update: dict[str, object] = {}
        if equity.founder_split is not None:
            update["founder_split"] = None
            notes.append("equity founder_split dropped (it names the habits' own founders): equal split")
        if equity.buy_in_people > staff:
            update["buy_in_people"] = staff
            notes.append(f"equity buy_in_people capped at {staff:,} (people who are not founders)")
        if update:
            equity = equity.model_copy(update=update)
    info = org.info.model_copy(update={"habits_from": _clip(habits_from, 300),
                                       "warnings": (org.info.warnings + notes)[:60]})
    title = _clip(name or (Path(org.info.file).stem or "imported organisation"), 120)
    sections = [s for s in ("review", "decisions", "equity") if getattr(habits, s) is not None]
    description = (f"Imported from {org.info.file}: {len(people):,} people. Working habits (working week"
                   f"{', ' + ', '.join(sections) if sections else ''}) from {habits_from}.")
    provenance = {"org.people": Provenance(kind="report", note=_clip(f"imported from {org.info.file}", 2000))}
    for section in ("work", *sections):
        provenance[section] = Provenance(kind="assumption", note=_clip(f"working habits assumed from {habits_from}",
                                                                        2000))
    return Scenario.model_validate({  # one validation: the people are checked as a tree once
        "name": title, "description": _clip(description, 4000), "sources": [], "provenance": provenance,
        "seed": habits.seed,
        "org": {"founders": founders, "departments": [], "max_team_size": max(1, min(biggest, 10_000)),
                "max_span": None, "people": [p._asdict() for p in people], "imported": info},
        "work": habits.work, "review": habits.review, "decisions": habits.decisions, "equity": equity,
    })
