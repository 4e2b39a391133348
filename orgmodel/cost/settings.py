"""The cost settings (the scenario's ``cost:`` section): overhead on salaries, salaries by role or person."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from orgmodel.equity.settings import RoleLabel
from orgmodel.limits import MAX_CSV_ROWS
from orgmodel.model_base import StrictModel

__all__ = ["DEFAULT_SALARIES_USD", "CostSettings"]

SalaryUsd = Annotated[float, Field(ge=0, le=1e8)]

DEFAULT_SALARIES_USD: dict[RoleLabel, float] = {
    "founder": 150_000.0, "manager": 180_000.0, "lead": 160_000.0, "engineer": 130_000.0,
}
"""The equity settings' default salaries (US$ a year), used when neither section gives any."""


class CostSettings(StrictModel):
    """How much the organisation costs: each person's salary times a loaded-cost multiplier.

    A person's salary (US$ a year) is, first found: ``salary_by_person_usd[id]`` (a salary column of an
    import), ``salary_by_role_usd[role]``, the equity section's ``salary_by_role_usd[role]``,
    `DEFAULT_SALARIES_USD`.
    """

    overhead_multiplier: float = Field(
        default=1.4, ge=1, le=5, description="loaded cost / salary (benefits, payroll taxes, equipment, space)"
    )
    salary_by_role_usd: dict[RoleLabel, SalaryUsd] | None = Field(
        default=None, description="annual salary by role, US$; null = the equity section's, else the defaults"
    )
    salary_by_person_usd: dict[str, SalaryUsd] = Field(
        default_factory=dict, max_length=MAX_CSV_ROWS, description="person id -> annual salary, US$ (an import's)"
    )
    dotted_line_hours_per_week: float = Field(
        default=0.5, ge=0, le=40,
        description="working hours a week each dotted line takes of both people (syncs, the second manager's asks)",
    )
    period_start: dt.date = Field(
        default=dt.date(2027, 1, 1), description="first day of the 12 months open roles are costed over"
    )
