"""The cost engine's headline figures (Compare, the attribution and Growth read them from the registry)."""

from __future__ import annotations

from orgmodel.headlines import Headline

__all__ = ["COST_FIGURES"]

COST_FIGURES: tuple[Headline, ...] = (
    Headline("cost", "payroll_usd_per_year", "Payroll, loaded", "USD", "lower",
           "Salaries of everyone in post times the overhead multiplier (benefits, taxes, equipment), a year."),
    Headline("cost", "management_share", "Management's share of payroll", "share", "lower",
           "The loaded cost of people with direct reports over the whole payroll."),
    Headline("cost", "matrix_usd_per_year", "Matrix reporting, cost", "USD", "lower",
           "What the dotted lines cost: both people's hours on each at their loaded cost, a year."),
    Headline("cost", "open_roles_usd_in_period", "Open roles, cost this period", "USD", None,
           "What the open roles cost in the 12 months from cost.period_start, each from its start date."),
)
