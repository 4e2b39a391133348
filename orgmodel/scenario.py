"""The scenario: one organisation's shape, working week and policies, validated.

An imported chart's people (`Person`, `ImportInfo`, their CSV codec and checks) are in the leaf
module `orgmodel.people`.

A scenario is one YAML file in `presets/`. Field paths (``org.max_team_size``) are the public
interface: the CLI's ``--set`` and the app's URLs use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, field_serializer, field_validator, model_validator
from pydantic.fields import FieldInfo

from orgmodel import engines
from orgmodel.edits.models import EditList
from orgmodel.limits import MAX_CSV_ROWS, MAX_DEPARTMENTS, MAX_FOUNDERS, MAX_HEADCOUNT
from orgmodel.model_base import StrictModel
from orgmodel.people import ImportInfo, Person, people_csv, people_problems, people_rows
from orgmodel.sensitivity.ranges import Range
from orgmodel.source import Provenance

if TYPE_CHECKING:
    from orgmodel.decisions.settings import DecisionSettings
    from orgmodel.equity.settings import EquitySettings
    from orgmodel.review.settings import ReviewSettings

__all__ = [
    "CORE_FIELDS", "Department", "Founder", "ImportInfo", "OrgShape", "Person", "Provenance", "Scenario", "WorkWeek",
]

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
        return people_rows(value) if isinstance(value, str) else value

    @field_serializer("people", when_used="json")
    def _people_as_csv_text(self, people: list[Person] | None) -> str | list[dict[str, Any]] | None:
        if people is not None and any(p.dotted_managers or p.open_from for p in people):  # columns CSV text lacks
            return [p.model_dump(mode="json") for p in people]
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


class Scenario(StrictModel):
    """One organisation to analyse: its shape, working week, policies and their sources.

    The policy sections (``review``, ``decisions``, ``equity``, ...) are not written here: each is the
    settings field of a registered engine (`orgmodel.engines`), added to this model when the engine
    is registered. A section left out is null, and its engine's figures are not computed.
    """

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
    edits: EditList = Field(default_factory=list, description="changes to the organisation, in order (orgmodel.edits)")

    if TYPE_CHECKING:  # the built-in engines' sections, for the type checker; at run time they come from the registry
        review: ReviewSettings | None = None
        decisions: DecisionSettings | None = None
        equity: EquitySettings | None = None

    def settings(self, field: str) -> BaseModel | None:
        """An engine's settings section by field name (``"review"``), or None when left out."""
        section: BaseModel | None = getattr(self, field, None)
        return section

    @model_validator(mode="after")
    def _sections_agree(self) -> Scenario:
        """Each engine's rules across sections (e.g. decision meetings fall in the working day)."""
        for e in engines.engines():
            if e.applies(self):
                e.validate(self)
        return self


CORE_FIELDS: tuple[str, ...] = tuple(Scenario.model_fields)
"""The fields every scenario has; the rest are engines' settings sections."""


def _install_section(old: engines.Engine | None, new: engines.Engine | None) -> None:
    """Keep the scenario model's section fields equal to the registered engines' settings.

    Adds the field an engine owns (``review: ReviewSettings | None = None``) when it is registered and
    drops it when the engine is removed, then rebuilds the model's validator and schema in place, so
    every module holding `Scenario` sees the same fields.
    """
    fields: dict[str, FieldInfo] = Scenario.__pydantic_fields__
    changed = False
    owned = old is not None and old.settings_model is not None and old.settings in fields
    if old is not None and owned and old.settings not in CORE_FIELDS and (new is None or new.settings != old.settings):
        del fields[str(old.settings)]
        Scenario.__annotations__.pop(str(old.settings), None)
        changed = True
    if new is not None and new.settings is not None and new.settings_model is not None:
        if new.settings in CORE_FIELDS:
            raise ValueError(f"engine {new.section!r}: the scenario field {new.settings!r} is not a settings section")
        model: Any = new.settings_type()
        annotation: Any = model | None
        fields[new.settings] = FieldInfo.from_annotated_attribute(annotation, None)
        Scenario.__annotations__[new.settings] = annotation
        changed = True
    if changed:
        Scenario.model_rebuild(force=True)


engines.on_register(_install_section)


def _require_unique(names: list[str], what: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"{what} name {name!r} appears twice; names must be unique")
        seen.add(name)
