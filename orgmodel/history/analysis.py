"""A whole history analysis: measure a window, and with a fit window, fit, validate and run what-ifs.

With ``fit_until`` the fit window is ``[since, fit_until)`` and the hold-out window
``[fit_until, until)``; a change belongs to a window by its landing instant. The hold-out
prediction takes the hold-out window's own teams, arrivals and reviewers per change with the fitted
effort, policy, absences and author delay; the naive forecast is the fit window's own percentiles.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from orgmodel.errors import InputError
from orgmodel.history.fit import fit_result, fit_window, predict, team_scenario, window_teams
from orgmodel.history.flows import Changes
from orgmodel.history.measure import Window, WindowData, measure
from orgmodel.history.result import HistoryMeasure, HistoryReport, Holdout
from orgmodel.history.whatif import what_ifs
from orgmodel.scenario import Person, WorkWeek

__all__ = ["DEFAULT_WEEK", "analyse_history"]

DEFAULT_WEEK = WorkWeek(days_per_week=5, hours_per_day=8, start_hour=9)
"""The working week assumed when none is given: Monday to Friday, 09:00-17:00."""
MIN_FIT_CHANGES = 20


def _pct(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or not b else (a - b) / b * 100.0


def _holdout(model_fit: tuple, names: Sequence[str], fit: WindowData, hold: WindowData, work: WorkWeek,
             seed: int, window: Window) -> Holdout:
    model = model_fit[0]
    teams = window_teams(hold) if hold.measure.changes else []
    q = predict(model, team_scenario(teams, names, hold, work, model.engine, seed), seed)[0] if teams else None
    pred50 = None if q is None or np.isnan(q[0]) else float(q[0])
    pred90 = None if q is None or np.isnan(q[2]) else float(q[2])
    naive = np.percentile(fit.calendar_hours, [50, 90])
    obs50, obs90 = hold.measure.time_to_land_p50_calendar_hours, hold.measure.time_to_land_p90_calendar_hours
    return Holdout(since=hold.measure.since or "", until=hold.measure.until, changes=hold.measure.changes,
                   predicted_p50_calendar_hours=pred50, predicted_p90_calendar_hours=pred90,
                   observed_p50_calendar_hours=obs50, observed_p90_calendar_hours=obs90,
                   naive_p50_calendar_hours=float(naive[0]), naive_p90_calendar_hours=float(naive[1]),
                   model_error_p50_pct=_pct(pred50, obs50), model_error_p90_pct=_pct(pred90, obs90),
                   naive_error_p50_pct=_pct(float(naive[0]), obs50), naive_error_p90_pct=_pct(float(naive[1]), obs90))


def analyse_history(changes: Changes, window: Window, fit_until: float | None = None,
                    work: WorkWeek = DEFAULT_WEEK, seed: int = 2012, source: str = "",
                    org_people: Sequence[Person] | None = None, cap: int = 6,
                    measured: HistoryMeasure | None = None) -> HistoryReport:
    """Measure ``window`` (or take ``measured``, its measurement made before); with ``fit_until``, fit
    ``[since, fit_until)`` and predict ``[fit_until, until)``."""
    history = measured if measured is not None else measure(changes, window, work, seed, source, org_people).measure
    if fit_until is None:
        return HistoryReport(history=history)
    early = window.since is not None and fit_until <= window.since
    if early or (window.until is not None and fit_until >= window.until):
        raise InputError(["--fit-until must fall inside the window (after --since, before --until)"], "--fit-until")
    fit = measure(changes, Window(window.since, fit_until), work, seed, source)
    if fit.measure.changes < MIN_FIT_CHANGES:
        raise InputError([f"the fit window holds {fit.measure.changes} reviewed changes; the fit needs at least "
                          f"{MIN_FIT_CHANGES}: move --fit-until later or --since earlier"], "--fit-until")
    hold = measure(changes, Window(fit_until, window.until), work, seed, source)
    names = changes.people.names
    teams = window_teams(fit)
    found = fit_window(teams, names, fit, work, seed)
    model, scenario, review = found
    return HistoryReport(
        history=history, fit=fit_result(model, scenario, review, fit, seed),
        holdout=_holdout(found, names, fit, hold, work, seed, window),
        what_if=what_ifs(model, teams, names, fit, work, cap, seed),
        scenario=scenario.model_dump(mode="json"),
    )


def review_network(changes: Changes, window: Window, seed: int = 2012) -> tuple[object, dict[int, int]]:
    """The window's co-review graph (networkx) and each person's review team index (for the chart)."""
    from orgmodel.history import communities as com

    data = measure(changes, window, DEFAULT_WEEK, seed)
    graph = com.co_review_graph(com.review_graph(data.author, data.review_change, data.review_person))
    return graph, {p: k for k, members in enumerate(data.teams) for p in members}
