"""Payroll of an organisation: loaded cost of the people in post, management's share, open roles.

Formulas (docs/model.md, "Cost"): a person's loaded cost is ``salary x overhead_multiplier`` (US$ a
year). Payroll sums it over the people in post (open roles excluded). Management's share is the
payroll of people with direct reports (solid line) over the whole payroll. An open role starting on
day ``s`` of a 12-month period of ``D`` days (``period_start`` onward) costs
``loaded x clip((D - s) / D, 0, 1)`` in that period, and its full loaded cost a year once filled.
A dotted line takes ``h`` hours of a ``W``-hour week from both the report and the second manager:
it costs ``(h / W) x (loaded_report + loaded_manager)`` a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import numpy as np
from pydantic import Field

from orgmodel.cost.settings import DEFAULT_SALARIES_USD, CostSettings
from orgmodel.equity.settings import EquitySettings
from orgmodel.model_base import Result
from orgmodel.orgtable import ROLE_LABELS, OrgTable
from orgmodel.scenario import Scenario

__all__ = ["CostResult", "analyse_cost", "run", "salaries_usd", "year_share"]


class CostResult(Result):
    """What the organisation costs a year, loaded, and what its open roles add."""

    payroll_usd_per_year: float = Field(description="loaded cost of the people in post, US$ a year")
    salaries_usd_per_year: float = Field(description="their salaries alone, US$ a year")
    management_share: float = Field(description="share of the payroll paid to people with direct reports, 0-1")
    management_usd_per_year: float = Field(description="loaded cost of people with direct reports, US$ a year")
    cost_per_engineer_usd: float | None = Field(description="payroll / engineers in post, US$ a year (None: none)")
    by_role_usd_per_year: dict[str, float] = Field(description="loaded cost by role, US$ a year")
    open_roles: int = Field(description="open roles costed")
    open_roles_usd_per_year: float = Field(description="loaded cost of the open roles once filled, US$ a year")
    open_roles_usd_in_period: float = Field(description="their cost in the 12 months from period_start, US$")
    total_usd_in_period: float = Field(description="payroll plus open roles from their start dates, US$ in the period")
    matrix_usd_per_year: float = Field(
        description="what the dotted lines cost: both people's time on them at their loaded cost, US$ a year")
    overhead_multiplier: float = Field(description="loaded cost / salary used")
    salary_source: str = Field(description="where the salaries by role came from")


def salaries_usd(scenario: Scenario, settings: CostSettings, table: OrgTable) -> tuple[np.ndarray, str]:
    """Each row's annual salary, US$: by person id where given, else by role; and the role salaries' source."""
    by_role: dict[str, float] = {str(k): v for k, v in DEFAULT_SALARIES_USD.items()}
    source = "defaults (no salaries given)"
    if settings.salary_by_role_usd is not None:
        by_role.update({str(k): v for k, v in settings.salary_by_role_usd.items()})
        source = "cost settings"
    elif isinstance(equity := scenario.settings("equity"), EquitySettings):
        by_role.update({str(k): v for k, v in equity.salary_by_role_usd.items()})
        source = "equity settings"
    salary = np.array([by_role.get(label, 0.0) for label in ROLE_LABELS], dtype=np.float64)[table.role]
    if settings.salary_by_person_usd:
        for row in range(len(table)):
            given = settings.salary_by_person_usd.get(table.id_of(row))
            if given is not None:
                salary[row] = given
        source += ", per person where the import gives a salary"
    return salary, source


def year_share(start: dt.date, period_start: dt.date) -> float:
    """Share of the 12 months from ``period_start`` that a role starting on ``start`` is filled (0-1)."""
    end = period_start.replace(year=period_start.year + 1)
    days = (end - period_start).days
    return float(min(max((end - start).days / days, 0.0), 1.0))


def _open_starts(scenario: Scenario, table: OrgTable) -> dict[int, dt.date]:
    from orgmodel.edits.table import edited_org

    if table.vacant is None or table.ids is None:
        return {}
    rows = {pid: r for r, pid in enumerate(table.ids)}
    people = edited_org(scenario).people if scenario.edits else (scenario.org.people or [])
    return {rows[p.id]: p.open_from for p in people if p.open_from is not None and p.id in rows}


def analyse_cost(scenario: Scenario, table: OrgTable) -> CostResult:
    """The cost figures for one organisation (needs the ``cost:`` section)."""
    settings = scenario.settings("cost")
    assert isinstance(settings, CostSettings)
    salary, source = salaries_usd(scenario, settings, table)
    loaded = salary * settings.overhead_multiplier
    vacant = table.vacant if table.vacant is not None else np.zeros(len(table), dtype=bool)
    in_post = ~vacant
    payroll = float(loaded[in_post].sum())
    managing = in_post & (table.direct_reports > 0)
    management = float(loaded[managing].sum())
    engineers = int(np.count_nonzero(in_post & (table.role == 3)))
    starts = _open_starts(scenario, table)
    open_rows = np.flatnonzero(vacant)
    in_period = sum(float(loaded[r]) * year_share(starts.get(int(r), settings.period_start), settings.period_start)
                    for r in open_rows)
    matrix = 0.0
    if table.dotted is not None and len(table.dotted):
        share = settings.dotted_line_hours_per_week / scenario.work.hours_per_week
        matrix = share * float(loaded[table.dotted[:, 0]].sum() + loaded[table.dotted[:, 1]].sum())
    by_role = {label: float(loaded[in_post & (table.role == code)].sum()) for code, label in enumerate(ROLE_LABELS)}
    return CostResult(
        payroll_usd_per_year=payroll,
        salaries_usd_per_year=float(salary[in_post].sum()),
        management_share=management / payroll if payroll else 0.0,
        management_usd_per_year=management,
        cost_per_engineer_usd=payroll / engineers if engineers else None,
        by_role_usd_per_year=by_role,
        open_roles=int(open_rows.size),
        open_roles_usd_per_year=float(loaded[open_rows].sum()),
        open_roles_usd_in_period=in_period,
        total_usd_in_period=payroll + in_period,
        matrix_usd_per_year=matrix,
        overhead_multiplier=settings.overhead_multiplier,
        salary_source=source,
    )


def run(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    """The engine's runner (`orgmodel.engines`)."""
    return analyse_cost(scenario, table)
