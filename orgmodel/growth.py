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

from orgmodel.engines import engine, engines, headline_figures
from orgmodel.errors import InputError
from orgmodel.headlines import Headline, figure_value
from orgmodel.layout import layout
from orgmodel.limits import MAX_HEADCOUNT
from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable
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
    "grown_figures",
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
    """The organisation's headline figures at one headcount."""

    target_headcount: int = Field(description="the headcount asked for, people")
    headcount: int = Field(description="the headcount reached by whole engineers, people")
    engineers: int = Field(description="individual contributors at this point, people")
    figures: dict[str, float | None] = Field(
        description="'section.key' of every headline figure -> its value (None: the section is absent, "
                    "refused, or its queue is unstable)"
    )
    unstable: dict[str, bool] = Field(
        default_factory=dict, description="report section -> its engine's own flag: some queue never clears"
    )

    def value(self, figure: str) -> float | None:
        """One figure's value (``"review.p90_working_hours"``), None where it has none."""
        return self.figures.get(figure)


class GrowthBreak(Result):
    """The first headcount at which one figure crosses its limit."""

    figure: str = Field(description="the headline figure that breaks ('section.key')")
    label: str = Field(default="", description="the figure's label")
    headcount: int = Field(description="first point's headcount where it breaks, people")
    limit: str = Field(description="the limit crossed, in words")
    value: float | None = Field(description="the figure's value there (None: undefined, the queue is unstable)")
    last_ok_headcount: int | None = Field(description="the point before, where it still held")


class Growth(Result):
    """Figures at log-spaced headcounts and the first break of each."""

    name: str
    hours_per_week: float = Field(description="working hours per week (days x hours)")
    limits: dict[str, float] = Field(
        default_factory=dict, description="'section.key' -> the bound its limit sets for this scenario"
    )
    points: list[GrowthPoint]
    breaks: list[GrowthBreak]
    notes: list[str] = Field(default_factory=list)

    def series(self, figure: str) -> tuple[list[int], list[float | None]]:
        """(headcounts, values) of one figure across the points."""
        return [p.headcount for p in self.points], [p.value(figure) for p in self.points]

    def first_break(self, figure: str) -> GrowthBreak | None:
        """Where one figure first breaks, or None."""
        return next((b for b in self.breaks if b.figure == figure), None)


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


def _dropped_sections() -> dict[str, None]:
    """Settings fields Growth leaves out: those whose engines are not grown (``in_growth=False``), unless
    a grown engine reads the same field."""
    kept = {e.settings for e in engines() if e.in_growth and e.settings is not None}
    return {e.settings: None for e in engines() if not e.in_growth and e.settings is not None
            and e.settings not in kept}


def scaled_scenario(scenario: Scenario, engineers: int) -> Scenario:
    """The scenario with ``engineers`` individual contributors split over its departments in proportion.

    Notes
    -----
    Department d gets ``E_d = E w_d / sum(w)`` engineers rounded by largest remainder, where
    ``w_d`` is its engineer count in the scenario (equal weights if all are zero). Founders,
    departments, caps, spans and policies are unchanged; the settings of engines that are not grown
    (equity: growth does not report stakes, and it keeps every point cheap) are dropped.
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
    # hand edits name people of the organisation as it is, not of the scaled one: Growth grows the rules
    return scenario.model_copy(update={"org": org, "edits": [], **_dropped_sections()})


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


def _point(target: int, scaled: Scenario, table: OrgTable) -> GrowthPoint:
    report = build_report(scaled, table)
    unstable = {name: bool(getattr(result, "unstable", False)) for name, result in report.sections.items()
                if result is not None and hasattr(result, "unstable")}
    return GrowthPoint(
        target_headcount=target,
        headcount=report.structure.headcount,
        engineers=report.structure.engineers,
        figures={f.path: figure_value(report, f) for f in grown_figures()},
        unstable=unstable,
    )


def grown_figures() -> tuple[Headline, ...]:
    """The headline figures Growth follows: every registered engine's, except those not grown."""
    return tuple(f for f in headline_figures() if engine(f.section).in_growth)


def _limits(scenario: Scenario) -> dict[str, float]:
    out = {}
    for f in grown_figures():
        bound = f.limit.bound(scenario) if f.limit is not None else None
        if bound is not None:
            out[f.path] = bound
    return out


def _broken(f: Headline, p: GrowthPoint, bound: float | None) -> str | None:
    """Why figure ``f`` is broken at point ``p`` (its limit in words), or None while it holds.

    A figure with no value at an unstable point is broken by the instability (it has a value where
    the queues clear: `_breaks` asks only for figures defined somewhere in the run)."""
    value = p.value(f.path)
    if f.limit is not None and bound is not None and value is not None and f.limit.crossed(value, bound):
        return f.limit.words.format(bound=bound)
    if p.unstable.get(f.section) and value is None:
        return f"a {engine(f.section).title.lower()} queue never clears"
    return None


def _breaks(points: list[GrowthPoint], limits: dict[str, float]) -> list[GrowthBreak]:
    out = []
    for f in grown_figures():
        if all(p.value(f.path) is None for p in points):
            continue
        for i, p in enumerate(points):
            why = _broken(f, p, limits.get(f.path))
            if why is not None:
                out.append(GrowthBreak(
                    figure=f.path, label=f.label, headcount=p.headcount, limit=why, value=p.value(f.path),
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
    engines' own ``unstable`` flags) or it crosses its declared `Limit` (a utilisation reaches 1,
    mobilisation exceeds the scenario's target, own work falls below half the working week). Every
    registered engine's headline figures are followed. See docs/model.md §6.
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
    limits = _limits(scenario)
    notes = []
    if points and points[0].headcount > min(headcounts):
        notes.append(f"The smallest organisation with {founders} founders is {points[0].headcount} people.")
    return Growth(
        name=scenario.name, hours_per_week=scenario.work.hours_per_week, limits=limits,
        points=points, breaks=_breaks(points, limits), notes=notes,
    )


def _cell(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    if not math.isfinite(value):
        return "inf"
    return f"{value:,.{digits}f}"


GROWTH_TEXT_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("structure.levels", "levels", 0),
    ("structure.managers", "mgrs", 0),
    ("decisions.busiest_founder_utilisation", "founder u", 2),
    ("decisions.busiest_middle_manager_utilisation", "mgr u", 2),
    ("decisions.escalation_p90_working_hours", "esc p90 h", 1),
    ("decisions.mobilisation_p100_calendar_hours", "mobil h", 1),
    ("review.p90_working_hours", "review p90 h", 2),
    ("time_budget.own_work_hours_per_week", "own h/wk", 1),
    ("structure.channels_within_teams", "channels", 0),
)
"""The text table's columns: figure, header, decimals (the JSON has every figure)."""


def growth_text(growth: Growth) -> str:
    """The growth table and its breaks as aligned text."""
    columns = [(k, h, d) for k, h, d in GROWTH_TEXT_COLUMNS if any(p.value(k) is not None for p in growth.points)]
    widths = [max(len(h), 9) for _, h, _ in columns]
    head = f"{'people':>7} " + " ".join(f"{h:>{w}}" for (_, h, _), w in zip(columns, widths))
    lines = [growth.name, "", head, "-" * len(head)]
    for p in growth.points:
        cells = []
        for (key, _, digits), w in zip(columns, widths):
            value = p.value(key)
            cell = "unstable" if value is None and p.unstable.get(key.split(".")[0]) else _cell(value, digits)
            cells.append(f"{cell:>{w}}")
        lines.append(f"{p.headcount:>7,} " + " ".join(cells))
    lines.append("")
    if not growth.breaks:
        lines.append("Nothing breaks in this range.")
    alike: dict[tuple[int, int | None, str], list[str]] = {}
    for b in growth.breaks:
        alike.setdefault((b.headcount, b.last_ok_headcount, b.limit), []).append(b.label or b.figure)
    for (headcount, last_ok, limit), labels in alike.items():
        before = f" (still held at {last_ok:,})" if last_ok is not None else ""
        verb = "breaks" if len(labels) == 1 else "break"
        lines.append(f"{'; '.join(labels)} {verb} at {headcount:,} people{before}: {limit}")
    lines.extend(growth.notes)
    return "\n".join(lines)
