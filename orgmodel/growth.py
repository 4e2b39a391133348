"""Growth: the same organisation at larger headcounts, and where each figure breaks.

The engineers are scaled across departments in proportion; the founders, departments and every
rule (team-size cap, span limit, review and decision policies, working week) are kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
from pydantic import Field

from orgmodel.decisions.escalation import escalation_model
from orgmodel.errors import InputError
from orgmodel.layout import layout
from orgmodel.limits import MAX_HEADCOUNT
from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable, Role
from orgmodel.report import build_report
from orgmodel.scenario import Scenario

__all__ = [
    "MAX_GROWTH_POINTS",
    "XIAOMI_HEADCOUNTS",
    "Growth",
    "GrowthBreak",
    "GrowthPoint",
    "HeadcountFact",
    "grow",
    "growth_text",
    "headcount_points",
    "scaled_scenario",
]

MAX_GROWTH_POINTS = 200
"""Most headcount points one growth run computes."""

Progress = Callable[[int, int], None]


class HeadcountFact(NamedTuple):
    """A reported headcount of Xiaomi, with its date and source."""

    headcount: int
    when: str
    source: str


XIAOMI_HEADCOUNTS: tuple[HeadcountFact, ...] = (
    HeadcountFact(14, "April 2010, founding",
                  "TMTpost, July 2013, L66 (accounts give 10-14; Lei Jun's 2019 letter: 13)"),
    HeadcountFact(400, "mid-2012", "TMTpost, July 2013, L66: 'about 400 two years later'"),
    HeadcountFact(1_500, "September 2012", "China Daily: about 1,500 in Beijing"),
    HeadcountFact(3_000, "2013", "public reporting: 3,000+"),
    HeadcountFact(14_513, "March 2018", "Xiaomi's IPO prospectus"),
)
"""Xiaomi's reported headcounts (shared/xiaomi-facts.md); they conflict (400 against 1,500 in 2012)."""


class GrowthPoint(Result):
    """The organisation's figures at one headcount."""

    target_headcount: int = Field(description="the headcount asked for, people")
    headcount: int = Field(description="the headcount reached by whole engineers, people")
    engineers: int
    levels: int
    middle_managers: int
    channels_within_teams: int = Field(description="sum over teams of n(n-1)/2, pairs")
    founder_utilisation: float | None = Field(
        description="busiest founder's decision utilisation (escalation hours / decision hours); None if no arrivals"
    )
    manager_utilisation: float | None = Field(
        description="busiest middle manager's decision utilisation; None when there are no middle managers"
    )
    decisions_unstable: bool = Field(description="the decisions engine's own flag: some queue has utilisation >= 1")
    escalation_p90_working_hours: float | None = Field(description="working hours; None when unstable")
    mobilisation_p100_calendar_hours: float | None = Field(description="calendar hours until every engineer knows")
    mobilisation_within_target: bool | None
    review_unstable: bool | None = Field(description="the review engine's own flag; None without a review section")
    review_p90_working_hours: float | None = Field(description="working hours; None when unstable")
    own_work_hours_per_week: float | None = Field(description="working hours per week left for own work")


class GrowthBreak(Result):
    """The first headcount at which one figure crosses its limit."""

    figure: str = Field(description="the GrowthPoint field that breaks")
    headcount: int = Field(description="first point's headcount where it breaks, people")
    limit: str = Field(description="the limit crossed, in words")
    value: float | None = Field(description="the figure's value there (None: undefined, the queue is unstable)")
    last_ok_headcount: int | None = Field(description="the point before, where it still held")


class Growth(Result):
    """Figures at log-spaced headcounts and the first break of each."""

    name: str
    hours_per_week: float = Field(description="working hours per week (days x hours)")
    mobilisation_target_calendar_hours: float | None
    points: list[GrowthPoint]
    breaks: list[GrowthBreak]
    notes: list[str] = Field(default_factory=list)


def headcount_points(start: int, stop: int, count: int) -> list[int]:
    """``count`` log-spaced whole headcounts from ``start`` to ``stop`` (duplicates dropped).

    Raises
    ------
    InputError : start < 1, stop < start, stop > MAX_HEADCOUNT or count outside 1..MAX_GROWTH_POINTS.
    """
    problems = []
    if start < 1 or stop < start:
        problems.append(f"--headcount {start}:{stop}: needs 1 <= START <= STOP")
    if stop > MAX_HEADCOUNT:
        problems.append(f"--headcount {start}:{stop}: STOP is above the {MAX_HEADCOUNT:,} orgmodel accepts")
    if not 1 <= count <= MAX_GROWTH_POINTS:
        problems.append(f"--points {count}: give 1 to {MAX_GROWTH_POINTS}")
    if problems:
        raise InputError(problems, "growth")
    if count == 1 or start == stop:
        return [stop]
    raw = np.geomspace(start, stop, count)
    return sorted({round(float(x)) for x in raw})


def _allocate(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` whole engineers split in proportion to ``weights`` (largest remainder, ties to the first)."""
    w = np.asarray(weights, dtype=float)
    if w.sum() <= 0:
        w = np.ones_like(w)
    exact = total * w / w.sum()
    base = np.floor(exact).astype(int)
    left = total - int(base.sum())
    order = np.argsort(-(exact - base), kind="stable")
    base[order[:left]] += 1
    return [int(x) for x in base]


def scaled_scenario(scenario: Scenario, engineers: int) -> Scenario:
    """The scenario with ``engineers`` individual contributors split over its departments in proportion.

    Notes
    -----
    Department d gets ``E_d = E w_d / sum(w)`` engineers rounded by largest remainder, where
    ``w_d`` is its engineer count in the scenario (equal weights if all are zero). Founders,
    departments, caps, spans and policies are unchanged; the equity section is dropped (growth
    does not report stakes, and it keeps every point cheap).
    """
    depts = scenario.org.departments
    if getattr(scenario.org, "people", None) is not None:
        raise InputError(["org.people: an imported org chart is taken as it is; growth scales departments' "
                          "engineer counts, so it needs a scenario with org.departments"], "growth")
    if not depts:
        raise InputError(["org.departments is empty: growth scales engineers across departments"], "growth")
    counts = _allocate(engineers, [d.engineers for d in depts])
    org = scenario.org.model_copy(
        update={"departments": [d.model_copy(update={"engineers": n}) for d, n in zip(depts, counts, strict=True)]}
    )
    return scenario.model_copy(update={"org": org, "equity": None})


def _headcount(scenario: Scenario, engineers: int) -> tuple[Scenario, OrgTable]:
    scaled = scaled_scenario(scenario, engineers)
    return scaled, layout(scaled)


def _fit(scenario: Scenario, target: int, per_engineer: float) -> tuple[Scenario, OrgTable]:
    """The scaled scenario whose headcount is nearest ``target`` (two secant steps from a ratio guess)."""
    founders = len(scenario.org.founders)
    if target <= founders:
        return _headcount(scenario, 0)
    guess = max(1, round((target - founders) / per_engineer))
    scaled, table = _headcount(scenario, guess)
    for _ in range(3):
        got = len(table)
        if got == target:
            break
        ratio = (got - founders) / guess
        nxt = max(0, round((target - founders) / ratio)) if ratio > 0 else guess + target - got
        if nxt == guess:
            break
        guess = nxt
        scaled, table = _headcount(scenario, guess)
    return scaled, table


def _max_rho(rho: np.ndarray, rows: np.ndarray) -> float | None:
    return float(rho[rows].max()) if rows.size else None


def _point(target: int, scaled: Scenario, table: OrgTable) -> GrowthPoint:
    report = build_report(scaled, table)
    structure = report.structure
    dec, rev, week = report.decisions, report.review, report.time_budget
    founder_u = manager_u = None
    if scaled.decisions is not None:
        hpd = scaled.work.hours_per_day
        model = escalation_model(table, scaled.decisions, hpd, scaled.work.hours_per_week)
        busy = model.arrivals_per_week > 0
        founder_u = _max_rho(model.rho, np.flatnonzero((table.role == Role.FOUNDER) & busy))
        manager_u = _max_rho(model.rho, np.flatnonzero((table.role == Role.MANAGER) & busy))
    return GrowthPoint(
        target_headcount=target,
        headcount=structure.headcount,
        engineers=structure.engineers,
        levels=structure.levels,
        middle_managers=structure.managers,
        channels_within_teams=structure.channels_within_teams,
        founder_utilisation=founder_u,
        manager_utilisation=manager_u,
        decisions_unstable=bool(dec.unstable) if dec is not None else False,
        escalation_p90_working_hours=dec.escalation_p90_working_hours if dec is not None else None,
        mobilisation_p100_calendar_hours=dec.mobilisation_p100_calendar_hours if dec is not None else None,
        mobilisation_within_target=dec.mobilisation_within_target if dec is not None else None,
        review_unstable=rev.unstable if rev is not None else None,
        review_p90_working_hours=rev.p90_working_hours if rev is not None else None,
        own_work_hours_per_week=week.own_work_hours_per_week if week is not None else None,
    )


def _breaks(points: list[GrowthPoint], hours_per_week: float, target: float | None) -> list[GrowthBreak]:
    half = hours_per_week / 2
    rules: list[tuple[str, str, Callable[[GrowthPoint], bool]]] = [
        ("founder_utilisation", "busiest founder's decision queue unstable (utilisation >= 1)",
         lambda p: p.founder_utilisation is not None and p.founder_utilisation >= 1),
        ("manager_utilisation", "busiest middle manager's decision queue unstable (utilisation >= 1)",
         lambda p: p.manager_utilisation is not None and p.manager_utilisation >= 1),
        ("escalation_p90_working_hours", "a decision queue on escalation paths is unstable",
         lambda p: p.decisions_unstable),
        ("review_p90_working_hours", "a review or sign-off queue is unstable",
         lambda p: bool(p.review_unstable)),
        ("mobilisation_p100_calendar_hours",
         f"mobilisation exceeds its target ({target:g} calendar hours)" if target is not None else "",
         lambda p: p.mobilisation_within_target is False),
        ("own_work_hours_per_week", f"own work below half the week ({half:g} working hours)",
         lambda p: p.own_work_hours_per_week is not None and p.own_work_hours_per_week < half),
    ]
    out = []
    for figure, limit, broken in rules:
        for i, p in enumerate(points):
            if broken(p):
                value = getattr(p, figure)
                out.append(GrowthBreak(
                    figure=figure, headcount=p.headcount, limit=limit,
                    value=None if value is None else float(value),
                    last_ok_headcount=points[i - 1].headcount if i else None,
                ))
                break
    return out


def grow(scenario: Scenario, headcounts: Sequence[int], *, on_progress: Progress | None = None) -> Growth:
    """The scenario's figures at each target headcount, and where each figure first breaks.

    Parameters
    ----------
    scenario : the organisation to grow (its departments' engineer counts give the proportions).
    headcounts : target headcounts, people (e.g. from `headcount_points`).
    on_progress : called as ``on_progress(done, total)`` after each point.

    Returns
    -------
    Growth : ``points`` (one per distinct headcount reached) and ``breaks``.

    Notes
    -----
    Scaling rule: total engineers E is chosen so the laid-out headcount (founders + middle managers
    + leads + engineers) is nearest the target: a first guess from the scenario's own ratio of
    non-founders per engineer, then up to three secant corrections; E is split over departments
    by `scaled_scenario`. A figure breaks at the first point where a queue becomes unstable (the
    engines' own ``unstable`` flags, or utilisation >= 1), mobilisation exceeds the scenario's
    target, or own work falls below half the working week. See docs/model.md §6.
    """
    founders = len(scenario.org.founders)
    base_table = layout(scenario)
    base_engineers = scenario.org.engineers
    per_engineer = (len(base_table) - founders) / base_engineers if base_engineers else 1.2
    points: list[GrowthPoint] = []
    seen: set[int] = set()
    total = len(headcounts)
    for done, target in enumerate(headcounts, start=1):
        scaled, table = _fit(scenario, int(target), per_engineer)
        if len(table) not in seen:
            seen.add(len(table))
            points.append(_point(int(target), scaled, table))
        if on_progress is not None:
            on_progress(done, total)
    points.sort(key=lambda p: p.headcount)
    hpw = scenario.work.hours_per_week
    target_hours = scenario.decisions.mobilisation_target_hours if scenario.decisions is not None else None
    notes = []
    if points and points[0].headcount > min(headcounts):
        notes.append(f"The smallest organisation with {founders} founders is {points[0].headcount} people.")
    return Growth(
        name=scenario.name, hours_per_week=hpw, mobilisation_target_calendar_hours=target_hours,
        points=points, breaks=_breaks(points, hpw, target_hours), notes=notes,
    )


def _cell(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if not math.isfinite(value):
        return "inf"
    return f"{value:,.{digits}f}"


def growth_text(growth: Growth) -> str:
    """The growth table and its breaks as aligned text."""
    head = (f"{'people':>7} {'levels':>6} {'mgrs':>5} {'founder u':>9} {'mgr u':>6} {'esc p90 h':>10} "
            f"{'mobil h':>8} {'review p90 h':>12} {'own h/wk':>8} {'channels':>9}")
    lines = [growth.name, "", head, "-" * len(head)]
    for p in growth.points:
        esc = "unstable" if p.decisions_unstable else _cell(p.escalation_p90_working_hours)
        rev = "unstable" if p.review_unstable else _cell(p.review_p90_working_hours, 2)
        lines.append(
            f"{p.headcount:>7,} {p.levels:>6} {p.middle_managers:>5} {_cell(p.founder_utilisation, 2):>9} "
            f"{_cell(p.manager_utilisation, 2):>6} {esc:>10} {_cell(p.mobilisation_p100_calendar_hours):>8} "
            f"{rev:>12} {_cell(p.own_work_hours_per_week):>8} {p.channels_within_teams:>9,}"
        )
    lines.append("")
    if not growth.breaks:
        lines.append("Nothing breaks in this range.")
    for b in growth.breaks:
        before = f" (still held at {b.last_ok_headcount:,})" if b.last_ok_headcount is not None else ""
        lines.append(f"{b.figure} breaks at {b.headcount:,} people{before}: {b.limit}")
    lines.extend(growth.notes)
    return "\n".join(lines)
