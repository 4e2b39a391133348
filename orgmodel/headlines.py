"""Headlines: the numbers an engine puts at the top of the report, what each means, its unit and which way is better.

A `Headline` is a number (``review.p90_working_hours``); a chart is a plotly figure (`orgmodel.charts`).
Each engine declares its headlines (`orgmodel.engines`, its ``figures``); the CLI's text report, the
app's metric tooltips, Compare, the attribution, Growth and sensitivity all read them from there, so a
headline carries the same label and explanation everywhere.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

__all__ = [
    "DECISIONS_FIGURES", "EQUITY_FIGURES", "HEADLINE_FIGURES", "REVIEW_FIGURES", "STRUCTURE_FIGURES",
    "TIME_BUDGET_FIGURES", "UNSTABLE_AT_ONE", "Headline", "Limit", "figure_value",
]


Better = Literal["lower", "higher"] | None


class Limit(NamedTuple):
    """Where a figure stops being workable: Growth marks the first headcount that crosses it.

    The bound is ``value``, or ``scale`` times the scenario's number at ``path`` (a dotted attribute
    path such as ``work.hours_per_week``); a figure breaks when it goes ``above`` or ``below`` it.
    """

    breaks_when: Literal["above", "below"]
    words: str
    """The limit in words, with ``{bound}`` for its value: ``own work below half the week ({bound:g} h)``."""
    value: float | None = None
    path: str | None = None
    scale: float = 1.0

    def bound(self, scenario: Any) -> float | None:
        """The bound for one scenario (None when its path is absent there)."""
        if self.value is not None:
            return self.value
        found: Any = scenario
        for part in (self.path or "").split("."):
            found = getattr(found, part, None)
            if found is None:
                return None
        return self.scale * float(found)

    def crossed(self, value: float, bound: float) -> bool:
        """Whether ``value`` is past ``bound`` (at the bound counts as past for ``above``: utilisation 1)."""
        return value >= bound if self.breaks_when == "above" else value < bound


UNSTABLE_AT_ONE = Limit("above", "the queue never clears (utilisation >= {bound:g})", value=1.0)
"""A utilisation's limit: at 1 the queue grows without bound."""


class Headline(NamedTuple):
    """A headline number: where it lives in the report, how to read it, and which way is better."""

    section: str
    key: str
    label: str
    unit: str
    better: Better
    help: str
    limit: Limit | None = None
    """Where it stops being workable (Growth's breaks), or None."""

    @property
    def path(self) -> str:
        """``section.key``: the figure's name in tables, Compare, Growth and sensitivity."""
        return f"{self.section}.{self.key}"


STRUCTURE_FIGURES: tuple[Headline, ...] = (
    Headline("structure", "headcount", "Headcount", "people", None,
           "Everyone in the organisation: founders, middle managers, team leads and engineers."),
    Headline("structure", "levels", "Levels", "levels", "lower",
           "Distinct levels from the founders (level 0) to the deepest engineer. Grows when a span "
           "limit forces middle managers in."),
    Headline("structure", "managers", "Middle managers", "people", "lower",
           "Managers of managers or of leads. They appear only where max_span forces them: the flat "
           "case has none."),
    Headline("structure", "teams", "Teams", "teams", None,
           "Teams of engineers, each with one lead. More teams when max_team_size is smaller."),
    Headline("structure", "max_team_size_seen", "Largest team", "engineers", None,
           "The most engineers in one team (lead not counted): at most max_team_size, and at most max_span."),
    Headline("structure", "span_mean", "Mean span of control", "reports", None,
           "Direct reports per person who has any. Wide spans mean fewer layers but busier managers."),
    Headline("structure", "channels_within_teams", "Channels within teams", "pairs", "lower",
           "Sum over teams of n(n-1)/2 (n = engineers + lead): the pairs who must keep each other "
           "informed. Splitting teams cuts it sharply."),
    Headline("structure", "channels_if_undivided", "Channels if undivided", "pairs", None,
           "N(N-1)/2 for all leads and engineers as one group: what the teams save you from."),
    Headline("structure", "mean_hops_between_engineers", "Hops between two engineers", "hops", "lower",
           "Mean number of reporting lines between two engineers through the org chart. Each layer adds two."),
)


REVIEW_FIGURES: tuple[Headline, ...] = (
    Headline("review", "p50_working_hours", "Review wait, median", "working hours", "lower",
           "Half of all changes are reviewed (and signed off) within this many working hours of being sent."),
    Headline("review", "p90_working_hours", "Review wait, p90", "working hours", "lower",
           "Nine changes in ten are through review within this. Driven by reviewer load, policy and sign-offs."),
    Headline("review", "p90_calendar_hours", "Review wait, p90 (calendar)", "hours", "lower",
           "The p90 wait in clock hours, nights and rest days included: what the author experiences."),
    Headline("review", "reviewer_utilisation", "Reviewer utilisation", "share", None,
           "Share of engineers' working time spent reviewing colleagues' changes."),
    Headline("review", "approver_utilisation_max", "Busiest approver", "share", "lower",
           "Load on the busiest approver (e.g. a lead signing off every change of the team). At 1 the "
           "queue grows without bound.", UNSTABLE_AT_ONE),
)


DECISIONS_FIGURES: tuple[Headline, ...] = (
    Headline("decisions", "escalation_p50_working_hours", "Escalation round trip, median", "working hours", "lower",
           "Time from an engineer raising a decision to getting the answer, through every manager on the "
           "way and their meetings."),
    Headline("decisions", "escalation_p90_working_hours", "Escalation round trip, p90", "working hours", "lower",
           "Nine escalations in ten are answered within this."),
    Headline("decisions", "escalation_p90_calendar_hours", "Escalation round trip, p90 (calendar)", "hours", "lower",
           "The p90 round trip in clock hours, nights and rest days included: what the engineer waits."),
    Headline("decisions", "mobilisation_p100_calendar_hours", "Mobilisation, everyone", "hours", "lower",
           "Clock hours from a decision at the top until the last engineer has it and can start work "
           "(the article's '815' case: under 24 hours).",
           Limit("above", "mobilisation misses its target ({bound:g} calendar hours)",
                 path="decisions.mobilisation_target_hours")),
    Headline("decisions", "fidelity_at_engineers", "Intent reaching engineers", "share", "higher",
           "Mean share of the original intent that survives the relays down to engineers (Williamson's "
           "control loss: each hop keeps a fraction)."),
    Headline("decisions", "busiest_manager_utilisation", "Busiest decision-maker", "share", "lower",
           "Load on the manager who handles the most escalations. Above 0.8 queues grow fast; at 1 they never clear.",
           UNSTABLE_AT_ONE),
    Headline("decisions", "busiest_founder_utilisation", "Busiest founder", "share", "lower",
           "Decision load on the founder who gets the most escalations (escalation hours / hours set aside "
           "for decisions). At 1 their queue never clears.", UNSTABLE_AT_ONE),
    Headline("decisions", "busiest_middle_manager_utilisation", "Busiest middle manager", "share", "lower",
           "Decision load on the busiest manager of managers; none in the flat case. At 1 their queue never clears.",
           UNSTABLE_AT_ONE),
)


TIME_BUDGET_FIGURES: tuple[Headline, ...] = (
    Headline("time_budget", "own_work_hours_per_week", "Own work per engineer", "hours/week", "higher",
           "What is left of an engineer's week after reviews, meetings, escalations and customer feedback duty.",
           Limit("below", "own work below half the week ({bound:g} working hours)", path="work.hours_per_week",
                 scale=0.5)),
)


EQUITY_FIGURES: tuple[Headline, ...] = (
    Headline("equity", "employee_ownership_pct", "Employee ownership", "%", None,
           "Share of the company held by employees (bought-in shares and options), at the valuation shown."),
    Headline("equity", "employees_with_equity_pct", "Employees holding equity", "%", "higher",
           "Share of employees who own shares or options."),
    Headline("equity", "median_engineer_stake_usd", "Median engineer stake", "USD", None,
           "What the typical engineer's holding is worth at the valuation shown, net of exercise cost."),
    Headline("equity", "median_stake_to_salary", "Median stake ÷ salary", "years of salary", None,
           "The typical employee's stake in years of their salary: how much they have riding on the company."),
    Headline("equity", "stake_gini", "Inequality of stakes (Gini)", "0-1", None,
           "0 when every employee holds the same, 1 when one holds everything."),
    Headline("equity", "founders_ownership_pct", "Founders' ownership", "%", None,
           "Share held by the founders after every round in the scenario."),
)


HEADLINE_FIGURES: tuple[Headline, ...] = (
    STRUCTURE_FIGURES + REVIEW_FIGURES + DECISIONS_FIGURES + TIME_BUDGET_FIGURES + EQUITY_FIGURES
)
"""The built-in engines' figures; `orgmodel.engines.headline_figures()` also has registered ones."""


def figure_value(report: Any, figure: Headline) -> float | None:
    """The figure's value in a report (a `Report` or its JSON dict), or None where absent."""
    if isinstance(report, dict):
        section = report.get(figure.section)
    elif hasattr(report, "section"):
        section = report.section(figure.section)
    else:
        section = getattr(report, figure.section, None)
    if section is None:
        return None
    value = section.get(figure.key) if isinstance(section, dict) else getattr(section, figure.key, None)
    return None if value is None else float(value)
