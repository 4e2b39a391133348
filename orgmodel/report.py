"""The full report on one scenario: every engine's result in one JSON-ready object."""

from __future__ import annotations

import math
from typing import Any

from pydantic import SerializeAsAny

from orgmodel.figures import HEADLINE_FIGURES, figure_value
from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable, layout
from orgmodel.scenario import Scenario
from orgmodel.structure import StructureMetrics, measure_structure

__all__ = ["Report", "ScenarioSummary", "build_report", "format_value", "report_text"]


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
    """Sections: ``scenario``, ``structure``, and ``review``, ``decisions``, ``time_budget``,
    ``equity`` where the scenario has those policies (None otherwise)."""

    scenario: ScenarioSummary
    structure: StructureMetrics
    review: SerializeAsAny[Result] | None = None
    decisions: SerializeAsAny[Result] | None = None
    time_budget: SerializeAsAny[Result] | None = None
    equity: SerializeAsAny[Result] | None = None


def summarise(scenario: Scenario) -> ScenarioSummary:
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


def build_report(scenario: Scenario, table: OrgTable | None = None) -> Report:
    """Run every engine the scenario has settings for and gather the results."""
    table = layout(scenario) if table is None else table
    sections: dict[str, Any] = {}
    return Report(
        scenario=summarise(scenario), structure=measure_structure(table), **sections
    )


def format_value(value: float | None, unit: str = "") -> str:
    """A figure as a person reads it: thousands separators, 2-3 significant decimals, no noise."""
    if value is None:
        return "n/a"
    if isinstance(value, float) and not math.isfinite(value):
        return "unstable" if value > 0 else "n/a"
    if unit == "USD":
        return f"${value:,.0f}"
    if unit == "share":
        return f"{value:.0%}"
    if float(value).is_integer() and abs(value) >= 1:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}"


def report_text(report: Report) -> str:
    """The headline figures as aligned text lines, one per figure the report has."""
    lines = [f"{report.scenario.name}", "=" * len(report.scenario.name)]
    section = ""
    for figure in HEADLINE_FIGURES:
        value = figure_value(report, figure)
        if getattr(report, figure.section, None) is None:
            continue
        if figure.section != section:
            section = figure.section
            lines.append(f"\n[{section}]")
        lines.append(f"  {figure.label:<34} {format_value(value, figure.unit):>14}  {figure.unit}")
    return "\n".join(lines)
