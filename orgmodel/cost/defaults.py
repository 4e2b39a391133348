"""Why each default of the cost settings is what it is (declared in the engine's registry line)."""

from __future__ import annotations

from orgmodel.source import Provenance
from orgmodel.source import assumption as _a

__all__ = ["PROVENANCE"]

PROVENANCE: dict[str, Provenance] = {
    "cost": _a("No cost section: payroll figures are not computed."),
    "cost.overhead_multiplier": _a(
        "x1.4: in the US Bureau of Labor Statistics' Employer Costs for Employee Compensation (private industry, "
        "2024) wages and salaries are about 70% of compensation, so loaded cost is about 1/0.70 = 1.43 x salary; "
        "rounded down, before equipment and space."),
    "cost.salary_by_role_usd": _a("Not given (null): the equity section's salaries by role, else US$150k founder, "
                                  "180k manager, 160k lead, 130k engineer (the equity defaults)."),
    "cost.salary_by_person_usd": _a("No salaries per person by default: everyone is costed by role."),
    "cost.dotted_line_hours_per_week": _a("Half an hour a week of both people per dotted line by default: a "
                                          "30-minute weekly sync with the second manager; an assumption."),
    "cost.period_start": _a("Open roles are costed over the 12 months from 1 January 2027 by default: "
                            "a planning year."),
}
