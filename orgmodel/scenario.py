"""The scenario: one organisation's shape, working week and policies, validated.

A scenario is one YAML file in `presets/`. Field paths (``org.max_team_size``) are the public
interface: the CLI's ``--set`` and the app's URLs use them.
"""

from __future__ import annotations

import csv
import io
from typing import Literal

from pydantic import Field, field_serializer, field_validator, model_validator

from orgmodel.decisions.settings import DecisionSettings
from orgmodel.equity.settings import EquitySettings
from orgmodel.limits import MAX_CSV_ROWS, MAX_DEPARTMENTS, MAX_FOUNDERS, MAX_HEADCOUNT
from orgmodel.model_base import StrictModel
from orgmodel.review.settings import ReviewSettings
from orgmodel.sensitivity.ranges import Range

Name = Field(min_length=1, max_length=80)


class Founder(StrictModel):
    """A founder (partner). The first founder listed is the CEO, the root of the org chart."""

    name: str = Name
    role: str = Field(default="", max_length=120)


class Department(StrictModel):
    """A department headed by a founder, with ``engineers`` individual contributors in it."""

    name: str = Name
    head: str = Field(min_length=1, max_length=80, description="a founder's name")
    engineers: int = Field(ge=0, le=MAX_HEADCOUNT, description="individual contributors")


class Person(StrictModel):
    """One person of an imported org chart (``org.people``); ``manager_id`` is empty at the top."""

    id: str = Field(min_length=1, max_length=200)
    name: str = Field(default="", max_length=200)
    manager_id: str = Field(default="", max_length=200, description="the manager's id; empty for a root")
    role: Literal["founder", "manager", "lead", "engineer"] = "engineer"
    department: str = Field(default="", max_length=200)
    team: str = Field(default="", max_length=200)


PEOPLE_COLUMNS = ("id", "name", "manager_id", "role", "department", "team")
"""Columns of ``org.people`` written as CSV text (the compact form scenario files hold)."""


def people_csv(people: list[Person]) -> str:
    """``org.people`` as CSV text with a `PEOPLE_COLUMNS` header: one line per person."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PEOPLE_COLUMNS)
    writer.writerows((p.id, p.name, p.manager_id, p.role, p.department, p.team) for p in people)
    return out.getvalue()


def _people_rows(text: str) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(header) != PEOPLE_COLUMNS:
        raise ValueError(f"as CSV text, people must start with the header {','.join(PEOPLE_COLUMNS)}")
    rows = []
    try:
        for row in reader:
            if len(row) != len(PEOPLE_COLUMNS):
                raise ValueError(f"people line {reader.line_num}: {len(row)} fields; expected {len(PEOPLE_COLUMNS)}")
            rows.append(dict(zip(PEOPLE_COLUMNS, row)))
    except csv.Error as err:
        raise ValueError(f"people line {reader.line_num}: not readable as CSV: {err}") from None
    return rows


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


class OrgShape(StrictModel):
    """Who heads what, how big a team may grow, and how many reports a manager may have.

    With ``people`` (an imported org chart) the chart is taken as it is; ``max_team_size`` and
    ``max_span`` then apply to it as what-ifs (teams over the cap split, wide spans get managers).
    """

    founders: list[Founder] = Field(min_length=1, max_length=MAX_FOUNDERS)
    departments: list[Department] = Field(default_factory=list, max_length=MAX_DEPARTMENTS)
    max_team_size: int = Field(
        ge=1, le=10_000, description="engineers per team; a larger team is split into balanced teams"
    )
    max_span: int | None = Field(
        default=None,
        ge=2,
        le=10_000,
        description="most direct reports per manager; null = no limit (the flat case)",
    )
    people: list[Person] | None = Field(
        default=None, max_length=MAX_CSV_ROWS + MAX_FOUNDERS + 1,
        description="an imported org chart, one entry per person; None = lay out founders and departments",
    )
    imported: ImportInfo | None = Field(default=None, description="how ``people`` was read from a file")

    @field_validator("people", mode="before")
    @classmethod
    def _people_from_csv_text(cls, value: object) -> object:
        """``people`` may be CSV text (what orgmodel writes: 40 bytes and one YAML value per person)."""
        return _people_rows(value) if isinstance(value, str) else value

    @field_serializer("people", when_used="json")
    def _people_as_csv_text(self, people: list[Person] | None) -> str | None:
        return None if people is None else people_csv(people)

    @field_validator("founders")
    @classmethod
    def _unique_founders(cls, founders: list[Founder]) -> list[Founder]:
        _require_unique([f.name for f in founders], "founder")
        return founders

    @field_validator("departments")
    @classmethod
    def _unique_departments(cls, departments: list[Department]) -> list[Department]:
        _require_unique([d.name for d in departments], "department")
        total = sum(d.engineers for d in departments)
        if total > MAX_HEADCOUNT:
            raise ValueError(
                f"{total:,} engineers in all is more than the {MAX_HEADCOUNT:,} orgmodel accepts"
            )
        return departments

    @model_validator(mode="after")
    def _heads_are_founders(self) -> OrgShape:
        names = {f.name for f in self.founders}
        for i, dept in enumerate(self.departments):
            if dept.head not in names:
                raise ValueError(
                    f"departments.{i}.head = {dept.head!r} is not a founder; "
                    f"allowed: {', '.join(sorted(names))}"
                )
        return self

    @model_validator(mode="after")
    def _people_form_a_tree(self) -> OrgShape:
        if self.people is not None:
            from orgmodel.io.tree import people_problems

            problems = people_problems(self.people)
            if problems:
                raise ValueError("org.people: " + "; ".join(problems[:5]))
        return self

    @property
    def engineers(self) -> int:
        """Individual contributors in all departments (or in ``people`` for an imported org)."""
        if self.people is not None:
            return sum(p.role == "engineer" for p in self.people)
        return sum(d.engineers for d in self.departments)

    @property
    def team_cap(self) -> int:
        """Engineers per team after both limits: a lead is a manager, so the span caps it too."""
        return self.max_team_size if self.max_span is None else min(self.max_team_size, self.max_span)


class WorkWeek(StrictModel):
    """When work happens: ``days_per_week`` days of ``hours_per_day`` hours from ``start_hour``."""

    days_per_week: int = Field(ge=1, le=7, description="working days per week")
    hours_per_day: float = Field(ge=1, le=24, description="working hours per day")
    start_hour: float = Field(default=9.0, ge=0, lt=24, description="clock hour the day starts")

    @model_validator(mode="after")
    def _day_fits(self) -> WorkWeek:
        if self.start_hour + self.hours_per_day > 24:
            raise ValueError(
                f"start_hour + hours_per_day = {self.start_hour + self.hours_per_day:g} "
                "runs past midnight; must be at most 24"
            )
        return self

    @property
    def hours_per_week(self) -> float:
        """Working hours in a week."""
        return self.days_per_week * self.hours_per_day


class Provenance(StrictModel):
    """Where an input comes from: a cited fact, public reporting, or a labelled assumption."""

    kind: Literal["fact", "report", "assumption", "illustrative"]
    note: str = Field(min_length=1, max_length=2_000)


class Scenario(StrictModel):
    """One organisation to analyse: its shape, working week, policies and their sources."""

    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=4_000)
    sources: list[str] = Field(default_factory=list, max_length=100)
    provenance: dict[str, Provenance] = Field(
        default_factory=dict,
        description="field path (``*`` matches any list item) -> where its value comes from",
    )
    ranges: dict[str, Range] = Field(default_factory=dict, max_length=500, description="input path -> plausible range")
    seed: int = Field(default=2012, ge=0, le=2**32 - 1, description="seed for every random draw")
    org: OrgShape
    work: WorkWeek
    review: ReviewSettings | None = None
    decisions: DecisionSettings | None = None
    equity: EquitySettings | None = None

    @model_validator(mode="after")
    def _meetings_fall_in_the_working_day(self) -> Scenario:
        if self.decisions is None:
            return self
        start, end = self.work.start_hour, self.work.start_hour + self.work.hours_per_day
        for role in ("founder", "manager", "lead"):
            policy = self.decisions.policy(role)
            if policy.meeting_interval_days is not None and not start <= policy.meeting_hour < end:
                raise ValueError(
                    f"decisions.{role}.meeting_hour = {policy.meeting_hour:g} is outside the working day "
                    f"[{start:g}, {end:g}) set by work.start_hour and work.hours_per_day; meetings happen at work"
                )
        return self


def _require_unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{what} name {name!r} appears twice; names must be unique")
        seen.add(name)
