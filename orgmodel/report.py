"""The full report on one scenario: every registered engine's result in one JSON-ready object."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from pydantic import Field, SerializeAsAny, SerializerFunctionWrapHandler, ValidationError, model_serializer

from orgmodel.engines import engine, engines, headline_figures
from orgmodel.formatting import format_value
from orgmodel.headlines import figure_value
from orgmodel.model_base import Result
from orgmodel.scenario import Scenario

if TYPE_CHECKING:
    from orgmodel.decisions.analysis import DecisionsResult
    from orgmodel.decisions.week import TimeBudget
    from orgmodel.equity.analysis import EquityResult
    from orgmodel.orgtable import OrgTable
    from orgmodel.review.result import ReviewResult
    from orgmodel.structure import StructureMetrics

__all__ = [
    "Report", "ScenarioSummary", "build_report", "figures_csv", "figures_table", "format_value", "report_text",
    "summarise",
]

class ScenarioSummary(Result):
    """The inputs a reader needs to place the figures."""

    name: str
    description: str
    seed: int
    departments: int
    engineers_input: int
    max_team_size: int
    max_span: int | None
    days_per_week: int
    hours_per_day: float


class Report(Result):
    """One result per engine section, keyed by section, plus the sections an engine refused.

    JSON: ``{"scenario": ..., "structure": ..., "review": ..., ..., "refused": {section: why}}``;
    a section is null when the scenario has no settings for it or its engine refused it.
    """

    scenario: ScenarioSummary
    sections: dict[str, SerializeAsAny[Result] | None] = Field(default_factory=dict)
    refused: dict[str, str] = Field(default_factory=dict, description="section -> why its engine refused")

    @model_serializer(mode="wrap")
    def _flat(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        return {"scenario": data["scenario"], **data["sections"], "refused": data["refused"]}

    def section(self, name: str) -> Result | None:
        """The result of one section (None when absent or refused)."""
        return self.sections.get(name)

    def __getattr__(self, name: str) -> Any:
        """A registered engine's section by name (``report.review``): its result, or None when absent.

        Called only when normal lookup fails (a Report has no private attributes to look up)."""
        sections = self.__dict__.get("sections")
        if sections is not None and name in _section_names():
            return sections.get(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    if TYPE_CHECKING:  # the built-in engines' sections, for the type checker; at run time any registered one
        @property
        def structure(self) -> StructureMetrics: ...

        @property
        def review(self) -> ReviewResult | None: ...

        @property
        def decisions(self) -> DecisionsResult | None: ...

        @property
        def time_budget(self) -> TimeBudget | None: ...

        @property
        def equity(self) -> EquityResult | None: ...


def _section_names() -> set[str]:
    return {e.section for e in engines()}


def summarise(scenario: Scenario) -> ScenarioSummary:
    """The scenario's name and the inputs that place its figures."""
    return ScenarioSummary(
        name=scenario.name,
        description=scenario.description,
        seed=scenario.seed,
        departments=len(scenario.org.departments),
        engineers_input=scenario.org.engineers,
        max_team_size=scenario.org.max_team_size,
        max_span=scenario.org.max_span,
        days_per_week=scenario.work.days_per_week,
        hours_per_day=scenario.work.hours_per_day,
    )


def _with_dependencies(wanted: Collection[str]) -> set[str]:
    needed = set(wanted) | {"structure"}
    for e in reversed(engines()):
        if e.section in needed:
            needed.update(e.uses)
    return needed


def build_report(
    scenario: Scenario,
    table: OrgTable | None = None,
    sections: Collection[str] | None = None,
    on_section: Callable[[str, int, int], None] | None = None,
) -> Report:
    """Run every engine the scenario has settings for (or only ``sections`` and what they use).

    An engine that refuses the scenario (raises ValueError) leaves its section None with the reason
    in ``report.refused``; the others run as usual. ``on_section(section, done, total)`` is called
    before each engine runs (progress for the app).
    """
    from orgmodel.layout import layout

    table = layout(scenario) if table is None else table
    needed = None if sections is None else _with_dependencies(sections)
    chosen = [e for e in engines() if needed is None or e.section in needed]
    results: dict[str, Result] = {}
    refused: dict[str, str] = {}
    for i, e in enumerate(chosen):
        if on_section is not None:
            on_section(e.section, i, len(chosen))
        blocked = [u for u in e.uses if u in refused]
        if blocked:
            refused[e.section] = f"needs the {', '.join(blocked)} section, refused above"
        if blocked or not e.applies(scenario):
            continue
        try:
            results[e.section] = e.run(scenario, table, results)
        except ValidationError:
            raise  # an engine building an invalid result is a bug, not a refusal of the scenario
        except ValueError as err:
            refused[e.section] = str(err)
    out: dict[str, Result | None] = {e.section: results.get(e.section) for e in chosen}
    return Report(scenario=summarise(scenario), sections=out, refused=refused)


def report_text(report: Report) -> str:
    """The headline figures as aligned text lines, one block per section the report has."""
    lines = [f"{report.scenario.name}", "=" * len(report.scenario.name)]
    shown: set[str] = set()
    for figure in headline_figures():
        if figure.section not in shown:
            shown.add(figure.section)
            result = report.section(figure.section)
            if result is not None:
                lines.append(f"\n[{figure.section}]")
                reason = getattr(result, "unstable_reason", None)
                if reason:
                    lines.append(f"  unstable (figures through it are n/a): {reason}")
            elif figure.section in report.refused:
                lines.append(f"\n[{figure.section}]\n  refused: {report.refused[figure.section]}")
        if report.section(figure.section) is None:
            continue
        value = figure_value(report, figure)
        lines.append(f"  {figure.label:<40} {format_value(value, figure.unit):>14}  {figure.unit}")
    for section, why in report.refused.items():
        if section not in shown:
            lines.append(f"\n[{section}]\n  refused: {why}")
    return "\n".join(lines)


def figures_table(report: Report) -> list[dict[str, str]]:
    """Every headline figure the report has, formatted: section, figure, value, unit, what it means."""
    rows = []
    for figure in headline_figures():
        value = figure_value(report, figure)
        if value is not None:
            rows.append({"section": section_title(figure.section), "figure": figure.label,
                         "value": format_value(value, figure.unit), "unit": figure.unit, "what it means": figure.help})
    return rows


def figures_csv(report: Report) -> str:
    """The headline figures as CSV: section, key, label, unit, value (figures the report has); cells that a
    spreadsheet would read as a formula are escaped (`orgmodel.io.csvcells`)."""
    from orgmodel.io.csvcells import csv_text

    rows = []
    for figure in headline_figures():
        value = figure_value(report, figure)
        if value is not None:
            number = int(value) if float(value).is_integer() else value
            rows.append([figure.section, figure.key, figure.label, figure.unit, json.dumps(number)])
    return csv_text(["section", "key", "label", "unit", "value"], rows)


def section_title(section: str) -> str:
    """The engine's title for a section (the section name itself when no engine has it)."""
    try:
        return engine(section).title
    except KeyError:
        return section
