"""People of an imported org chart: the role names, `Person`, `ImportInfo`, the people-CSV codec and the checks.

A leaf module (pydantic, the limits and the CSV cell helper only): the scenario schema, the org
table and the importer all build on it, so none of them imports another to know what a person is.
`people_problems` finds what keeps a list of people from being one forest; `people_csv` and
`people_rows` write and read ``org.people`` as the compact CSV text scenario files hold.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Literal, NamedTuple, Protocol

from pydantic import Field

from orgmodel.io.csvcells import csv_text, unescape_cell
from orgmodel.limits import MAX_ORG_DEPTH
from orgmodel.model_base import StrictModel

__all__ = [
    "PEOPLE_COLUMNS", "PERSON_TEXT_LIMIT", "ROLE_LABELS", "ImportInfo", "Person", "PersonLike", "PersonRow",
    "RoleLabel", "find_cycles", "gc_paused", "manager_chain_depths", "people_csv", "people_problems", "people_rows",
]

RoleLabel = Literal["founder", "manager", "lead", "engineer"]
"""What a person does in the tree, as written in files and scenarios."""
ROLE_LABELS: tuple[RoleLabel, ...] = ("founder", "manager", "lead", "engineer")
"""The role names in the order of `orgmodel.orgtable.Role`'s codes (0 founder ... 3 engineer)."""
PERSON_TEXT_LIMIT = 200
"""Longest id, name, manager id, department or team of one person, in characters."""
PEOPLE_COLUMNS = ("id", "name", "manager_id", "role", "department", "team")
"""Columns of ``org.people`` written as CSV text, and of orgmodel's own org-chart CSV."""

class Person(StrictModel):
    """One person of an imported org chart (``org.people``); ``manager_id`` is empty at the top."""

    id: str = Field(min_length=1, max_length=PERSON_TEXT_LIMIT)
    name: str = Field(default="", max_length=PERSON_TEXT_LIMIT)
    manager_id: str = Field(default="", max_length=PERSON_TEXT_LIMIT, description="the manager's id; empty for a root")
    role: RoleLabel = "engineer"
    department: str = Field(default="", max_length=PERSON_TEXT_LIMIT)
    team: str = Field(default="", max_length=PERSON_TEXT_LIMIT)
    dotted_managers: list[str] = Field(default_factory=list, max_length=20, description="dotted-line managers' ids")
    open_from: dt.date | None = Field(default=None, description="an open role (no person yet) from; None: a person")


class ImportInfo(StrictModel):
    """How an imported org chart was read: what the file held and what orgmodel inferred."""

    file: str = Field(default="", max_length=300)
    rows_read: int = Field(ge=0, description="data rows in the file (people before placeholders)")
    people: int = Field(ge=0, description="people in the imported org, placeholders and virtual top included")
    roots: int = Field(ge=0, description="people with no manager in the file (the founders' tier)")
    roles_inferred: bool = Field(description="True when roles came from the tree, not from a column")
    roles_source: str = Field(default="", max_length=200)
    departments_source: str = Field(default="", max_length=200)
    teams_source: str = Field(default="", max_length=200)
    columns: dict[str, str] = Field(default_factory=dict, description="field (id, manager, ...) -> column read")
    habits_from: str = Field(default="", max_length=300, description="whose review/decision/week/equity settings")
    warnings: list[str] = Field(default_factory=list, max_length=60)


class PersonLike(Protocol):
    """What a person needs for the checks and the layout: `Person` or `PersonRow`."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def manager_id(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def department(self) -> str: ...
    @property
    def team(self) -> str: ...


class PersonRow(NamedTuple):
    """A person as the importer reads them (validated as `Person` in a scenario)."""

    id: str
    name: str
    manager_id: str
    role: str
    department: str
    team: str


def people_csv(people: Sequence[PersonLike]) -> str:
    """``org.people`` as CSV text with a `PEOPLE_COLUMNS` header: one line per person (cells escaped)."""
    return csv_text(PEOPLE_COLUMNS, ((p.id, p.name, p.manager_id, p.role, p.department, p.team) for p in people))


def people_rows(text: str) -> list[dict[str, str]]:
    """Parse `people_csv` text into one mapping per person; ValueError naming the line otherwise."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header) != PEOPLE_COLUMNS:
        raise ValueError(f"as CSV text, people must start with the header {','.join(PEOPLE_COLUMNS)}")
    rows = []
    try:
        for row in reader:
            if len(row) != len(PEOPLE_COLUMNS):
                raise ValueError(f"people line {reader.line_num}: {len(row)} fields; expected {len(PEOPLE_COLUMNS)}")
            rows.append(dict(zip(PEOPLE_COLUMNS, map(unescape_cell, row))))
    except csv.Error as err:
        raise ValueError(f"people line {reader.line_num}: not readable as CSV: {err}") from None
    return rows


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while per-person lists are built.

    Building 100,000 small lists and dicts triggers a full collection of every live object many
    times over (each pass walks the whole heap); the structures built here hold no cycles, so
    pausing it is safe. With it (and one validation pass) the 15,000-person import and report of
    benchmarks/bench_import.py went from 1.44 s to 0.67 s.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def find_cycles(parent: Sequence[int], limit: int = 5) -> list[list[int]]:
    """Up to ``limit`` manager cycles in a parent array (-1 = no manager), each as its rows.

    O(N): each row is walked up once; a walk that meets a row of the same walk closes a cycle.
    """
    n = len(parent)
    state = [0] * n  # 0 new, 1 on the current walk, 2 done
    cycles: list[list[int]] = []
    for start in range(n):
        if state[start]:
            continue
        path: list[int] = []
        v = start
        while v >= 0 and state[v] == 0:
            state[v] = 1
            path.append(v)
            v = parent[v]
        if v >= 0 and state[v] == 1 and len(cycles) < limit:
            cycles.append(path[path.index(v):])
        for u in path:
            state[u] = 2
    return cycles


def manager_chain_depths(parent: Sequence[int]) -> list[int]:
    """Edges from each row up to its root (the chart must have no cycle). O(N)."""
    n = len(parent)
    depth = [-1] * n
    for start in range(n):
        if depth[start] >= 0:
            continue
        path = []
        v = start
        while v >= 0 and depth[v] < 0:
            path.append(v)
            v = parent[v]
        base = depth[v] if v >= 0 else -1
        for u in reversed(path):
            base += 1
            depth[u] = base
    return depth


def people_problems(people: Sequence[PersonLike], limit: int = 20) -> list[str]:
    """What stops ``people`` being a forest: duplicate ids, unknown managers, cycles, depth, root roles."""
    with gc_paused():
        return _people_problems(people, limit)


def _people_problems(people: Sequence[PersonLike], limit: int) -> list[str]:
    problems: list[str] = []
    index: dict[str, int] = {}
    for i, p in enumerate(people):
        if p.id in index:
            problems.append(f"people.{i}.id = {p.id!r} appears twice; ids must be unique")
        index.setdefault(p.id, i)
    parent = []
    for i, p in enumerate(people):
        if not p.manager_id:
            parent.append(-1)
            if p.role != "founder":
                problems.append(f"people.{i} ({p.id!r}) has no manager, so is at the top: role must be founder")
            continue
        m = index.get(p.manager_id)
        if m is None:
            problems.append(f"people.{i}.manager_id = {p.manager_id!r} is not the id of anyone in people")
            m = -1
        elif m == i:
            problems.append(f"people.{i} ({p.id!r}) is their own manager")
            m = -1
        parent.append(m)
        if len(problems) >= limit:
            return problems
    if not people:
        problems.append("people is empty: an organisation needs at least one person")
    for cycle in find_cycles(parent):
        problems.append("a manager cycle: " + " -> ".join(repr(people[r].id) for r in cycle[:10]))
    if not problems and max(manager_chain_depths(parent), default=0) > MAX_ORG_DEPTH:
        problems.append(f"manager chains are more than {MAX_ORG_DEPTH} levels deep; the limit is {MAX_ORG_DEPTH}")
    return problems[:limit]
