"""The full report on one scenario: every engine's result in one JSON-ready object."""

from __future__ import annotations

import math

from orgmodel.decisions.analysis import DecisionsResult, analyse_decisions
from orgmodel.decisions.week import TimeBudget, time_budget
from orgmodel.equity.analysis import EquityResult, analyse_equity
from orgmodel.figures import HEADLINE_FIGURES, figure_value
from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable, layout
from orgmodel.review.analysis import analyse_review
from orgmodel.review.result import ReviewResult
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
    review: ReviewResult | None = None
    decisions: DecisionsResult | None = None
    time_budget: TimeBudget | None = None
    equity: EquityResult | None = None


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
    return Report(
        scenario=summarise(scenario),
        structure=measure_structure(table),
        review=analyse_review(scenario, table) if scenario.review is not None else None,
        decisions=analyse_decisions(scenario, table) if scenario.decisions is not None else None,
        time_budget=time_budget(scenario) if scenario.decisions is not None else None,
        equity=analyse_equity(scenario, table) if scenario.equity is not None else None,
    )


def format_value(value: float | None, unit: str = "") -> str:
    """A figure as a person reads it: thousands separators, 2-3 significant decimals, no noise."""
    if value is None:
        return "n/a"
    if isinstance(value, float) and not math.isfinite(value):
        return "unstable" if value > 0 else "n/a"
    if unit == "USD":
        return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"
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
