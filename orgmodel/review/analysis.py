"""Review turnaround of a whole organisation: analytic (instant) or simulated (validation)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from orgmodel.layout import layout
from orgmodel.orgtable import OrgTable
from orgmodel.queueing import distribution as dist
from orgmodel.queueing.queues import setup_pool
from orgmodel.review.absences import present_share, single_reviewer_sojourn
from orgmodel.review.effective import equivalent_settings, review_first_setup, single_reviewer_setup
from orgmodel.review.exact import TeamPool, team_pool
from orgmodel.review.pooled import LookModel, gaps_for, pooled_review, shared_look_model, signoff_with_looks
from orgmodel.review.result import ReviewResult, TeamReview
from orgmodel.review.routing import ReviewerRates, reviewer_rates
from orgmodel.review.settings import ReviewSettings
from orgmodel.review.simulate import steady_sample
from orgmodel.review.steady_state import weighted_quantile
from orgmodel.review.teams import ReviewTeams, review_teams
from orgmodel.scenario import Scenario
from orgmodel.workclock import calendar_quantiles, calendar_turnaround

__all__ = ["CDF_PROBS", "analyse_review"]

FloatArray = NDArray[np.float64]
CDF_PROBS = np.r_[np.linspace(0.0, 0.99, 100), 0.999]
"""Probabilities of the CDF points returned for charts (101 points)."""
_EVEN = (np.arange(200) + 0.5) / 200  # equally likely values for the calendar mapping
_LATTICE_POINTS = 4096


@dataclass
class _Load:
    """Per-team utilisations; None where there is nothing to serve."""

    reviewer: FloatArray  # team average: review hours / reviewers' hours
    busiest: FloatArray  # the busiest reviewer (batched: the lead under random routing); decides stability
    approver: FloatArray  # teams x stages, nan where no approver
    lead_total: FloatArray  # a lead who reviews and signs off: both loads together (nan if not both)
    unstable: NDArray[np.bool_]
    rates: ReviewerRates  # per-reviewer task rates under random routing (batched)


def _loads(teams: ReviewTeams, s: ReviewSettings) -> _Load:
    task_rate = teams.change_rate * teams.reviews_per_change
    with np.errstate(divide="ignore", invalid="ignore"):
        reviewer = np.where(teams.reviewers > 0, task_rate * s.hours_per_review / teams.reviewers, 0.0)
    rates = reviewer_rates(teams.size, teams.lead_reviews(), teams.reviews_per_change, teams.change_rate)
    if s.policy == "batched":
        # each change picks its reviewers at random among the author's teammates: the lead, eligible
        # for every change, gets more than the average (orgmodel.review.routing)
        busiest = np.maximum(rates.engineer, rates.lead) * s.hours_per_review
        lead_review = rates.lead * s.hours_per_review
    else:
        # review first: a waiting change goes to whichever eligible reviewer frees first, so the
        # pool shares the work; it keeps up while the team's task load is below its reviewers
        busiest = reviewer
        lead_review = reviewer
        if s.leads_review and "lead" in s.approvals:
            lead_review = _lead_review_share(teams, s, reviewer)
    approver = np.where(teams.approvers >= 0, teams.approver_rate * s.hours_per_approval, np.nan)
    lead_total = np.full(reviewer.shape, np.nan)
    if s.leads_review and "lead" in s.approvals:
        # the lead takes peer reviews and every sign-off of the team:
        # separate queues in the model, one person's time in fact
        lead_total = lead_review + approver[:, s.approvals.index("lead")]
    unstable = (busiest >= 1) | np.any(np.nan_to_num(approver) >= 1, axis=1) | (np.nan_to_num(lead_total) >= 1)
    return _Load(reviewer, busiest, approver, lead_total, unstable, rates)


def _lead_review_share(teams: ReviewTeams, s: ReviewSettings, average: FloatArray) -> FloatArray:
    """Review first: the lead's share of time reviewing, from the exact chain where it applies
    (the lead, eligible for every change, reviews more than the average); else the average."""
    out = average.copy()
    solved: dict[int, float] = {}
    for t in np.flatnonzero(teams.lead_reviews() > 0):
        n = int(teams.size[t])
        if n not in solved:
            pool = None
            if int(teams.reviews_per_change[t]) == 1 and average[t] < 1:
                pool = team_pool(n, True, float(teams.change_rate[t]) / n, s.hours_per_review,
                                 s.review_cv, s.switch_delay_hours)
            solved[n] = float(pool.lead_busy) if pool is not None and np.isfinite(pool.lead_busy) else np.nan
        if np.isfinite(solved[n]):
            out[t] = solved[n]
    return out


def _exact_pool(teams: ReviewTeams, t: int, s: ReviewSettings) -> TeamPool | None:
    """The exact review-first chain for team ``t`` where it applies (one reviewer per change)."""
    n = int(teams.size[t])
    if s.policy != "review_first" or int(teams.reviews_per_change[t]) != 1 or n == 0:
        return None
    return team_pool(n, bool(teams.lead_reviews()[t]), float(teams.change_rate[t]) / n, s.hours_per_review,
                     s.review_cv, s.switch_delay_hours)


def _team_settings(teams: ReviewTeams, t: int, s: ReviewSettings, absent: ReviewSettings) -> ReviewSettings:
    """Review first with absences: ``s`` (equivalent settings) with team ``t``'s own equivalent
    switch delay, at its own review rate and eligible reviewers (`effective.review_first_setup`)."""
    task_rate = float(teams.change_rate[t] * teams.reviews_per_change[t])
    load = task_rate * s.hours_per_review / max(int(teams.reviewers[t]), 1)
    switch = review_first_setup(absent, task_rate, float(teams.eligible[t]), load)
    return s.model_copy(update={"switch_delay_hours": switch})


def _team_pmf(lat: dist.Lattice, teams: ReviewTeams, t: int, s: ReviewSettings,
              looks: LookModel | None = None,
              absent: ReviewSettings | None = None) -> tuple[FloatArray, float, str | None]:
    """Turnaround pmf of one team on the lattice, its mean (working hours), and the review-first
    method (`TeamPool.method`, ``closed form``, ``exact single reviewer``, or None if not review first).

    ``absent``: the original settings with absences (``s`` then holds the equivalent settings) and
    ``looks`` their completion-time lattices: batched, one shared queue per team and sign-offs by
    Fuhrmann-Cooper (`orgmodel.review.pooled`); review first, the team's own equivalent switch
    delay, and one server (a lone reviewer, every approver) at the exact mean of Welch (1964)."""
    r = int(teams.reviews_per_change[t])
    first = s.policy == "review_first"
    if absent is not None and first:
        s = _team_settings(teams, t, s, absent)
    review_effort = dist.gamma_pmf(lat, s.hours_per_review, s.review_cv) if looks is None else looks.review
    approval_effort = dist.gamma_pmf(lat, s.hours_per_approval, s.approval_cv) if looks is None else looks.approval
    switch = dist.exponential_pmf(lat, s.switch_delay_hours)
    total = dist.point_pmf(lat)
    mean = 0.0
    method: str | None = None
    if r > 0:
        task, task_mean, method = _review_stage(lat, teams, t, s, looks, absent, review_effort, switch)
        total = dist.convolve(total, task)
        mean += task_mean
    for k in range(teams.approvers.shape[1]):
        if teams.approvers[t, k] >= 0:
            stage, stage_mean = _signoff_stage(lat, float(teams.approver_rate[t, k]), s, looks, absent,
                                               approval_effort)
            total = dist.convolve(total, stage)
            mean += stage_mean
    return total, mean, method


def _review_stage(lat: dist.Lattice, teams: ReviewTeams, t: int, s: ReviewSettings, looks: LookModel | None,
                  absent: ReviewSettings | None, review_effort: FloatArray,
                  switch: FloatArray) -> tuple[FloatArray, float, str | None]:
    """The peer-review stage of team ``t``: its pmf, mean (working hours) and review-first method."""
    r = int(teams.reviews_per_change[t])
    first = s.policy == "review_first"
    method: str | None = None
    task_rate = teams.change_rate[t] * r
    pool = int(teams.reviewers[t])
    exact = _exact_pool(teams, t, s) if absent is None or int(teams.eligible[t]) > 1 else None
    if first and absent is not None and int(teams.eligible[t]) == 1:
        # one eligible reviewer per change: ``pool`` independent single servers, Welch's exact mean
        lam1 = float(task_rate) / pool
        d1 = single_reviewer_setup(absent, lam1)
        p, cond, wait = setup_pool(lam1, s.hours_per_review, s.review_cv, 1, d1)
        queue = dist.wait_then(lat, float(p), float(cond), dist.point_pmf(lat), dist.exponential_pmf(lat, d1))
        task = dist.convolve(queue, review_effort)
        task_mean = single_reviewer_sojourn(lam1, absent.hours_per_review, absent.review_cv,
                                            absent.switch_delay_hours, absent.absences)
        method = "exact single reviewer"
    elif exact is not None:
        # exact chain (orgmodel.review.exact): a change that finds a free teammate waits the
        # switch delay; one that queues waits Exp(conditional wait) and starts at once
        p_q = exact.p_queue
        queued = dist.exponential_pmf(lat, exact.conditional_queue_wait)
        if exact.method.startswith("exact+switch"):  # switch delay added to every change
            queue = dist.convolve((1 - p_q) * dist.point_pmf(lat) + p_q * queued, switch)
        else:
            queue = (1 - p_q) * switch + p_q * queued
        task = dist.convolve(queue, review_effort)
        task_mean = exact.mean_wait + s.hours_per_review
        method = exact.method
    elif s.policy == "review_first":
        c = int(teams.eligible[t])
        p, cond, wait = setup_pool(task_rate * c / pool, s.hours_per_review, s.review_cv, c,
                                   s.switch_delay_hours)
        queue = dist.wait_then(lat, float(p), float(cond), dist.point_pmf(lat), switch)
        task = dist.convolve(queue, review_effort)
        task_mean = float(wait) + s.hours_per_review
        method = "closed form"
    elif looks is not None:  # batched with absences: one shared queue per team
        authors = int(teams.size[t]) if teams.size[t] >= 2 else 0  # engineers who also review
        pooled = pooled_review(lat, float(task_rate), pool, int(teams.eligible[t]), s, looks.gaps,
                              looks.review, authors)
        task, task_mean = pooled.pmf, pooled.mean_hours
        if r > 1:  # all r reviews must finish: max of r independent sojourns
            task = np.diff(np.cumsum(task) ** r, prepend=0.0)
            task_mean = float(np.dot(lat.x, task))
    else:  # batched review is always pooled (`_pooled_analytic` passes ``looks``)
        raise AssertionError("batched review needs the look model of orgmodel.review.pooled")
    if r > 1 and s.policy == "review_first":  # all r reviews must finish: max of r independent sojourns
        task = np.diff(np.cumsum(task) ** r, prepend=0.0)
        task_mean = float(np.dot(lat.x, task))
    return task, float(task_mean), method


def _signoff_stage(lat: dist.Lattice, lam: float, s: ReviewSettings, looks: LookModel | None,
                   absent: ReviewSettings | None, approval_effort: FloatArray) -> tuple[FloatArray, float]:
    """One approver's sign-off stage (``lam`` sign-offs per working hour): its pmf and mean (working hours)."""
    if s.policy == "review_first":
        # one approver: its own switch delay (under absences the single-server equivalent at its rate)
        d_k = s.switch_delay_hours if absent is None else single_reviewer_setup(absent, lam)
        p, cond, wait = setup_pool(lam, s.hours_per_approval, s.approval_cv, 1, d_k)
        queue = dist.wait_then(lat, float(p), float(cond), dist.point_pmf(lat), dist.exponential_pmf(lat, d_k))
        stage = dist.convolve(queue, approval_effort)
        mean = float(wait) + s.hours_per_approval if absent is None else single_reviewer_sojourn(
            lam, absent.hours_per_approval, absent.approval_cv, absent.switch_delay_hours, absent.absences)
        return stage, float(mean)
    # batched: one approver looking at its queue (Fuhrmann-Cooper)
    assert looks is not None, "batched review needs the look model of orgmodel.review.pooled"
    return signoff_with_looks(lat, lam, s, looks.gaps, looks.approval)


def _lattice_for(teams: ReviewTeams, reps: NDArray[np.int64], load: _Load, s: ReviewSettings,
                 look_hours: float = 0.0) -> dist.Lattice:
    """A lattice long enough for the slowest group's tail (about 12 times its scale);
    ``look_hours``: the mean residual gap between looks when absences stretch it."""
    scale = 0.0
    for t in reps:
        if load.unstable[t]:
            continue
        rho_max = max(float(load.busiest[t]), float(np.nan_to_num(load.approver[t]).max(initial=0.0)))
        queue = max(s.hours_per_review, s.hours_per_approval) * (1 + max(s.review_cv, s.approval_cv) ** 2)
        queue /= max(1 - rho_max, 1e-3)
        stages = 1 + teams.approvers.shape[1]
        pre = s.switch_delay_hours if s.policy == "review_first" else max(s.batch_interval_hours, 2 * look_hours)
        scale = max(scale, stages * (queue + pre + s.hours_per_review + s.hours_per_approval))
    # the step rounded up to a power of 2^(1/4): the caps of a sweep share a few lattices, so the
    # completion-time lattices (`shared_look_model`) are computed once per lattice, not per cap
    raw = max(12 * scale, 1.0) / _LATTICE_POINTS
    return dist.Lattice(float(2.0 ** (math.ceil(4 * math.log2(raw)) / 4)), _LATTICE_POINTS)


def _unstable_reason(table: OrgTable, teams: ReviewTeams, load: _Load, s: ReviewSettings) -> str | None:
    parts: list[str] = []
    for t in np.flatnonzero(load.busiest >= 1)[:3]:
        if load.reviewer[t] >= 1:
            parts.append(f"reviewers of team {table.team_names[t]} (utilisation {load.reviewer[t]:.2f})")
        else:  # batched: the lead, eligible for every change, is busier than the average reviewer
            parts.append(f"lead of team {table.team_names[t]} as reviewer (utilisation {load.busiest[t]:.2f}, "
                         f"team average {load.reviewer[t]:.2f}; any change may go to the lead, an "
                         "engineer's never to its author)")
    seen: set[int] = set()
    bad_t, bad_k = np.nonzero(np.nan_to_num(load.approver) >= 1)
    for t, k in zip(bad_t, bad_k):
        row = int(teams.approvers[t, k])
        if row in seen or len(seen) >= 3:
            continue
        seen.add(row)
        parts.append(f"{s.approvals[k]} {table.name_of(row)} (utilisation {load.approver[t, k]:.2f})")
    for t in np.flatnonzero(np.nan_to_num(load.lead_total) >= 1)[:3]:
        if load.busiest[t] < 1 and np.nan_to_num(load.approver[t]).max() < 1:
            parts.append(f"lead of team {table.team_names[t]}: reviews and sign-offs together take "
                         f"{load.lead_total[t]:.0%} of their time")
    if not parts:
        return None
    return "queue grows without bound (utilisation >= 1): " + "; ".join(parts)


def _notes(table: OrgTable, teams: ReviewTeams, s: ReviewSettings) -> list[str]:
    notes: list[str] = []
    if teams.size.size == 0:
        notes.append("the organisation has no engineers, so no changes to review: no turnaround figures")
    lonely = np.flatnonzero(teams.size == 1)
    if lonely.size and s.reviewers_per_change > 0:
        named = ", ".join(table.team_names[t] for t in lonely[:3])
        if s.leads_review:
            notes.append(f"{lonely.size} team(s) of one engineer ({named}) have no peer reviewer: "
                         "the lead reviews every change")
        else:
            notes.append(f"{lonely.size} team(s) of one engineer ({named}) have no peer reviewer: "
                         "their changes go unreviewed (no review wait)")
    short = np.flatnonzero((teams.eligible < s.reviewers_per_change) & (teams.size > 1))
    if short.size:
        notes.append(f"{short.size} team(s) have fewer than {s.reviewers_per_change} eligible reviewers: "
                     "each change gets as many as the team has")
    if s.changes_per_engineer_per_day == 0:
        notes.append("no changes are sent (zero review load): figures are for a lone change")
    for k, who in enumerate(s.approvals):
        missing = int(np.count_nonzero(teams.approvers[:, k] < 0))
        if missing:
            notes.append(f"{missing} team(s) have no {who} above them: that sign-off is skipped")
    return notes


def _weights(teams: ReviewTeams) -> FloatArray:
    """Share of changes per team: proportional to engineers (so it also works at zero load)."""
    return teams.size.astype(np.float64)


def analyse_review(
    scenario: Scenario, table: OrgTable | None = None,
    method: Literal["analytic", "simulation"] = "analytic",
) -> ReviewResult:
    """How long an engineer's change waits for peer review and sign-off, per team and overall.

    Parameters
    ----------
    scenario : a scenario with a ``review`` section.
    table : the laid-out organisation; ``layout(scenario)`` when None.
    method : ``analytic`` (closed forms, instant) or ``simulation`` (vectorised discrete-event
        simulation, reproducible from ``scenario.seed``).

    Returns
    -------
    ReviewResult with working-hour and calendar-hour turnaround, utilisations, interruptions
    and CDF points. Figures are None (and ``unstable`` True) when a queue cannot keep up.

    Raises
    ------
    ValueError if the scenario has no ``review`` section.

    Notes
    -----
    Review-first pools: M/G/c with c = eligible teammates and a switch-delay setup
    (`orgmodel.queueing.queues.setup_pool`); batched: M/G/1 with multiple vacations per reviewer;
    each sign-off an M/G/1 queue fed by the approver's whole subtree. See docs/model.md (section 2).
    """
    s = scenario.review
    if s is None:
        raise ValueError("scenario has no review section: add `review:` with at least "
                         "changes_per_engineer_per_day and hours_per_review")
    table = layout(scenario) if table is None else table
    hpd = scenario.work.hours_per_day
    teams = review_teams(table, s, hpd)
    if s.absences or s.owner_share > 0 or s.policy == "batched":  # see _with_absences below
        # batched review is one shared queue per team, with or without absences (issue 21)
        return _with_absences(scenario, table, teams, method)
    load = _loads(teams, s)
    notes = [*_notes(table, teams, s), *_busy_leads_note(load)]
    reason = _unstable_reason(table, teams, load, s)
    if method == "simulation" and s.changes_per_engineer_per_day > 0 and reason is None:
        return _simulated(scenario, table, teams, load, notes)
    if method == "simulation" and reason is None:
        notes.append("nothing to simulate at zero load: analytic figures shown")
    return _analytic(scenario, table, teams, load, notes, reason)


METHOD_ERRORS = {
    "exact": "exact Markov chain (author never reviews own change; truncation below 1e-8)",
    "exact+switch": "Markov chain without the switch delay, plus the mean delay (measured against the "
                    "exact chain: {switch_err})",
    "cv scaled": "queue wait scaled by (1 + cv^2) / 2 for non-exponential effort (measured against "
                 "simulation: {cv_err})",
    "exact single reviewer": "one reviewer per change: exact mean (M/G/1 with exceptional first service, "
                             "Welch 1964, on the completion time under absences)",
    "closed form": "M/M/c closed form with c = eligible teammates, author exclusion approximated "
                   "(measured against the exact routing: {closed_err})",
}
"""How review-first waits were computed, and their measured error (docs/model.md, section 2)."""
_ERRORS = {"switch_err": "mean +0..+3% at a switch delay of a quarter review, up to +16% at a whole review",
           "cv_err": "mean -3..+5% for cv 0-2",
           "closed_err": "mean +0..+5% for teams over 12 engineers at loads up to 0.95; not measured with "
                         "2+ reviewers per change"}


def _method_notes(methods: dict[str, int]) -> list[str]:
    """One note on how review-first waits were computed, with the approximations' measured error."""
    if not methods:
        return []
    parts = []
    for how, count in sorted(methods.items()):
        texts = [METHOD_ERRORS[piece.strip()].format(**_ERRORS) for piece in how.split(",")]
        parts.append(f"{count} team(s): " + "; ".join(texts))
    return ["review-first waits: " + " | ".join(parts)]


def _approver_max(load: _Load, rows: NDArray[np.int64] | slice = slice(None)) -> float | None:
    vals = load.approver[rows]
    vals = vals[~np.isnan(vals)]
    if vals.size == 0 or (vals >= 1).any():
        return None
    return float(vals.max())


def _interruptions(teams: ReviewTeams, load: _Load, s: ReviewSettings, hpd: float) -> float:
    """Analytic interruptions per reviewer per working day.

    review_first: reviews that find a reviewer on own work, ``lambda_task (1 - P_wait) / m``;
    batched: batches started, ``(1 - rho_i) / T * (1 - exp(-lambda_i T))`` per reviewer, with each
    reviewer's own rate ``lambda_i`` (`orgmodel.review.routing`).
    """
    reviewers = teams.reviewers.astype(np.float64)
    if reviewers.sum() == 0:
        return 0.0
    task_rate = teams.change_rate * teams.reviews_per_change
    if s.policy == "review_first":
        c = teams.eligible.astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            arrive = np.where(reviewers > 0, task_rate * c / reviewers, 0.0)
        p, _, _ = setup_pool(arrive, s.hours_per_review, s.review_cv, np.maximum(c, 1), s.switch_delay_hours)
        per_team = task_rate * (1 - np.nan_to_num(p))
    else:
        t = s.batch_interval_hours
        engineers = reviewers - teams.lead_reviews()
        per_team = np.zeros(reviewers.shape)
        for count, lam in ((engineers, load.rates.engineer), (teams.lead_reviews(), load.rates.lead)):
            rho = lam * s.hours_per_review
            per_team += count * (1 - rho) / t * -np.expm1(-lam * t)
    return float(per_team.sum() / reviewers.sum() * hpd)


def _analytic(scenario: Scenario, table: OrgTable, teams: ReviewTeams, load: _Load,
              notes: list[str], reason: str | None, absent: ReviewSettings | None = None) -> ReviewResult:
    """Analytic figures; ``absent``: the original settings with absences (``scenario`` then holds the
    equivalent settings), for the pooled stages of `orgmodel.review.pooled` and the review-first
    single servers (`_team_pmf`)."""
    s = scenario.review
    assert s is not None
    reps, group = teams.groups()
    gaps = gaps_for(absent) if absent is not None and absent.policy == "batched" else None
    lat = _lattice_for(teams, reps, load, s, gaps.mean_residual_hours if gaps is not None else 0.0)
    looks = shared_look_model(lat, absent) if absent is not None else None
    n_groups = reps.size
    pmfs = np.zeros((n_groups, lat.points))
    means = np.full(n_groups, np.nan)
    stats = np.full((n_groups, 2), np.nan)
    methods: dict[str, int] = {}
    for g, t in enumerate(reps):
        if load.unstable[t]:
            continue
        pmfs[g], means[g], how = _team_pmf(lat, teams, int(t), s, looks, absent)
        stats[g] = dist.quantile(pmfs[g], lat, np.array([0.5, 0.9]))
        if how is not None:
            methods[how] = methods.get(how, 0) + int(np.count_nonzero(group == g))
    notes = [*notes, *_method_notes(methods)]
    exact = _mean_exact(teams, reps, load, s, methods, absent)
    team_rows = [
        _team_review(table, teams, load, t, means[group[t]], stats[group[t], 0], stats[group[t], 1])
        for t in range(teams.size.size)
    ]
    weights = np.bincount(group, weights=_weights(teams), minlength=n_groups) if n_groups else np.zeros(0)
    unstable = reason is not None
    if unstable or weights.sum() == 0:
        return _assemble(scenario, teams, load, notes, reason, team_rows, "analytic", None)
    # the organisation's turnaround: the teams' lattice laws mixed by their share of changes
    q = dist.mixture_cdf_quantiles(pmfs, weights.astype(np.float64), lat, np.r_[0.5, 0.9, CDF_PROBS, _EVEN])
    probs_w, even = q[2:2 + CDF_PROBS.size], q[2 + CDF_PROBS.size:]
    cal_q, cal_mean = calendar_quantiles(even, scenario.work, np.r_[0.5, 0.9, CDF_PROBS])
    figures = _Figures(
        mean=float(np.dot(weights, means) / weights.sum()),
        p50=float(q[0]), p90=float(q[1]),
        cal_mean=cal_mean, cal_p50=float(cal_q[0]), cal_p90=float(cal_q[1]),
        cdf=list(zip(probs_w.tolist(), CDF_PROBS.tolist())),
        cdf_calendar=list(zip(cal_q[2:].tolist(), CDF_PROBS.tolist())),
        reviewer_utilisation=_reviewer_utilisation(teams, s),
        interruptions=_interruptions(teams, load, s, scenario.work.hours_per_day),
    )
    result = _assemble(scenario, teams, load, notes, reason, team_rows, "analytic", figures)
    return result.model_copy(update={"mean_exact": exact})


EXACT_METHODS = frozenset({"exact", "exact single reviewer"})
"""Review-first methods whose mean is exact (`_team_pmf`)."""


def _mean_exact(teams: ReviewTeams, reps: NDArray[np.int64], load: _Load, s: ReviewSettings,
                methods: dict[str, int], absent: ReviewSettings | None) -> bool:
    """True when every team's mean turnaround is exact: review first by an exact method, batched
    with one eligible reviewer per change (Fuhrmann-Cooper), and no sign-off after a review stage
    (its input is then not Poisson)."""
    live = [int(t) for t in reps if not load.unstable[t]]
    if any(int(teams.reviews_per_change[t]) > 0 and (teams.approvers[t] >= 0).any() for t in live):
        return False
    if s.policy == "review_first":
        return all(how in EXACT_METHODS for how in methods)
    return absent is not None and all(int(teams.eligible[t]) <= 1 for t in live
                                      if int(teams.reviews_per_change[t]) > 0)


@dataclass
class _Figures:
    mean: float
    p50: float
    p90: float
    cal_mean: float
    cal_p50: float
    cal_p90: float
    cdf: list[tuple[float, float]]
    cdf_calendar: list[tuple[float, float]]
    reviewer_utilisation: float
    interruptions: float


def _reviewer_utilisation(teams: ReviewTeams, s: ReviewSettings) -> float:
    work = float(np.sum(teams.change_rate * teams.reviews_per_change)) * s.hours_per_review
    people = float(teams.reviewers.sum())
    return work / people if people else 0.0


def _opt(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def _team_review(table: OrgTable, teams: ReviewTeams, load: _Load, t: int, mean: float, p50: float,
                 p90: float, reviewer_utilisation: float | None = None) -> TeamReview:
    bad = bool(load.unstable[t])
    rev = float(load.reviewer[t]) if reviewer_utilisation is None else reviewer_utilisation
    return TeamReview.model_construct(
        team=table.team_names[t], size=int(teams.size[t]), reviewers=int(teams.reviewers[t]),
        mean_working_hours=None if bad else _opt(mean), p50_working_hours=None if bad else _opt(p50),
        p90_working_hours=None if bad else _opt(p90),
        reviewer_utilisation=None if load.reviewer[t] >= 1 else rev,
        approver_utilisation=_approver_max(load, np.arange(t, t + 1)), unstable=bad,
    )


def _assemble(scenario: Scenario, teams: ReviewTeams, load: _Load, notes: list[str],
              reason: str | None, team_rows: list[TeamReview],
              method: Literal["analytic", "simulation"], f: _Figures | None) -> ReviewResult:
    s = scenario.review
    assert s is not None
    unstable = reason is not None
    return ReviewResult(
        method=method, policy=s.policy,
        changes_per_day=float(teams.change_rate.sum() * scenario.work.hours_per_day),
        mean_working_hours=f.mean if f else None, p50_working_hours=f.p50 if f else None,
        p90_working_hours=f.p90 if f else None,
        mean_calendar_hours=f.cal_mean if f else None, p50_calendar_hours=f.cal_p50 if f else None,
        p90_calendar_hours=f.cal_p90 if f else None,
        reviewer_utilisation=(None if (load.reviewer >= 1).any() else
                              (f.reviewer_utilisation if f else _reviewer_utilisation(teams, s))),
        approver_utilisation_max=None if unstable else _approver_max(load),
        unstable=unstable, unstable_reason=reason,
        interruptions_per_engineer_per_day=f.interruptions if f else None,
        teams=team_rows, cdf=f.cdf if f else [], cdf_calendar=f.cdf_calendar if f else [],
        notes=notes,
    )


def _simulated(scenario: Scenario, table: OrgTable, teams: ReviewTeams, load: _Load,
               notes: list[str]) -> ReviewResult:
    s = scenario.review
    assert s is not None
    hpd = scenario.work.hours_per_day
    sample = steady_sample(teams, s, scenario.seed)
    w, wt = sample.turnaround_hours, sample.weight
    order = np.lexsort((w, sample.team))
    bounds = np.searchsorted(sample.team[order], np.arange(int(sample.team_sample.max(initial=-1)) + 2))
    team_rows = []
    for t in range(teams.size.size):
        g = int(sample.team_sample[t])
        x = w[order[bounds[g]:bounds[g + 1]]]
        mean, p50, p90 = (float(x.mean()), *np.quantile(x, [0.5, 0.9]).tolist()) if x.size else (np.nan,) * 3
        hours = sample.window_hours * teams.reviewers[t]
        util = float(sample.reviewer_busy_hours[g] / hours) if hours > 0 else 0.0
        team_rows.append(_team_review(table, teams, load, t, mean, p50, p90, util))
    cal = calendar_turnaround(sample.sent_hours, w, scenario.work)
    people = float(teams.reviewers.sum())
    busy = float(sample.reviewer_busy_hours[sample.team_sample].sum())
    breaks = float(sample.interruptions[sample.team_sample].sum())
    q_w = weighted_quantile(w, wt, np.r_[0.5, 0.9, CDF_PROBS])
    q_cal = weighted_quantile(cal, wt, np.r_[0.5, 0.9, CDF_PROBS])
    figures = _Figures(
        mean=float(np.average(w, weights=wt)), p50=float(q_w[0]), p90=float(q_w[1]),
        cal_mean=float(np.average(cal, weights=wt)), cal_p50=float(q_cal[0]), cal_p90=float(q_cal[1]),
        cdf=list(zip(q_w[2:].tolist(), CDF_PROBS.tolist())),
        cdf_calendar=list(zip(q_cal[2:].tolist(), CDF_PROBS.tolist())),
        reviewer_utilisation=busy / (sample.window_hours * people) if people else 0.0,
        interruptions=breaks / (sample.window_hours * people) * hpd if people else 0.0,
    )
    notes = [*notes, f"simulated {w.size:,} changes over {sample.window_hours:,.0f} working hours "
             f"(after warm-up), seed {scenario.seed}"]
    # --- steady state (simulation engineer's block): interval of the mean, convergence note ---
    low, high = sample.mean_interval
    if not sample.converged:
        notes.append(f"simulation not converged: the 95% interval of the mean turnaround is "
                     f"{low:.3g}-{high:.3g} working hours (wider than +/-2%) at the sample cap of "
                     f"{sample.changes_per_team:,} changes per simulated team, or a warm-up trend is left; read "
                     "the figures as rough")
    result = _assemble(scenario, teams, load, notes, None, team_rows, "simulation", figures)
    return result.model_copy(update={"mean_working_hours_ci": (low, high), "converged": sample.converged})


# --- absences and code owners (simulation engineer's block) ------------------------------------
def _with_absences(scenario: Scenario, table: OrgTable, teams: ReviewTeams,
                   method: Literal["analytic", "simulation"]) -> ReviewResult:
    """Absences (``review.absences``) and code owners (``review.owner_share``).

    Analytic: review first, the absence-free formulas on moment-matched equivalent settings
    (`orgmodel.review.effective`); batched, one shared queue per team (`_pooled_analytic`). Code
    owners need the simulation, which also runs when asked.
    Stability and sign-off loads come from the equivalent settings (busy time includes the
    absences that interrupt work); utilisations are reported as work hours / working hours.
    """
    s = scenario.review
    assert s is not None
    eq = equivalent_settings(s, teams)
    p = present_share(s.absences)
    extra = [f"reviewers and approvers are present {p:.0%} of the working time (review.absences); "
             "work in progress pauses during an absence"] if s.absences else []
    if method == "analytic" and s.owner_share == 0:
        if s.absences:
            extra.append("absences folded into equivalent effort and delays (approximation; "
                         "method='simulation' models them exactly)")
        if s.policy == "batched":
            extra.append(POOLED_NOTE)
            pooled = _pooled_analytic(scenario.model_copy(update={"review": eq}), table, teams, s)
            return _present_scaled(pooled, p, extra, scale_reviewers=True)
        extra.append("measured error of this approximation (docs/model.md): means within +3%, p90 up to +7% "
                     "in the validation grid; on the Xiaomi preset mean -0.5%, median -26%, p90 +19%")
        first = _review_first_analytic(scenario.model_copy(update={"review": eq}), table, teams, s)
        return _present_scaled(first, p, extra, scale_reviewers=True)
    check = analyse_review(scenario.model_copy(update={"review": eq}), table)
    if method == "analytic":
        extra.append("code owners (review.owner_share) are modelled by the simulation only: simulated figures")
    load = _loads(teams, eq)
    # one queue per team: the pool keeps up while its average load is below 1 (batched included)
    pool_unstable = bool((load.reviewer >= 1).any() or (np.nan_to_num(load.approver) >= 1).any())
    if pool_unstable or not (teams.change_rate > 0).any():  # nothing to simulate
        return _present_scaled(check, p, extra, scale_reviewers=True)
    load.unstable[:] = False
    result = _simulated(scenario, table, teams, load, [*check.notes, *extra])
    return _present_scaled(result, p, [], scale_reviewers=False)


POOLED_NOTE = (
    "batched review: one shared queue per team, taken at the first look of an idle "
    "eligible reviewer or the next finish (a Markov chain on busy reviewers and waiting changes; "
    "docs/model.md); measured error against the simulation: {err}; analyse_review(..., "
    "method='simulation') models it exactly").format(
        err="mean -9% to 0%, p90 -11% to +2% over teams of 1-12, loads up to 0.9 of present time, up to 50% "
            "absent, T 0.5-8 h; it reads low, by up to -28%, in large teams with few absences, whose look "
            "times bunch together; hierarchical preset mean -1%, median +3%, p90 -3%")
"""The note on the analytic batched-with-absences figures, with the measured error (docs/model.md)."""


def _pooled_analytic(scenario: Scenario, table: OrgTable, teams: ReviewTeams, absent: ReviewSettings) -> ReviewResult:
    """Batched review with absences, analytic: ``scenario.review`` holds the equivalent settings,
    ``absent`` the original ones.

    One shared queue per team (`orgmodel.review.pooled`), so a team keeps up while its average
    reviewer load is below 1 (the lead takes no more than the others); a lead who reviews and signs
    off is checked on both loads together.
    """
    s = scenario.review
    assert s is not None
    load = _loads(teams, s)
    load.busiest = load.reviewer.copy()
    if s.leads_review and "lead" in s.approvals:
        load.lead_total = load.reviewer + load.approver[:, s.approvals.index("lead")]
    load.unstable = ((load.busiest >= 1) | np.any(np.nan_to_num(load.approver) >= 1, axis=1)
                     | (np.nan_to_num(load.lead_total) >= 1))
    notes = [*_notes(table, teams, s), *_busy_leads_note(load)]
    return _analytic(scenario, table, teams, load, notes, _unstable_reason(table, teams, load, s), absent)


def _review_first_analytic(scenario: Scenario, table: OrgTable, teams: ReviewTeams,
                           absent: ReviewSettings) -> ReviewResult:
    """Review first with absences, analytic: ``scenario.review`` holds the equivalent settings,
    ``absent`` the original ones (each team's own switch delay, exact single servers)."""
    s = scenario.review
    assert s is not None
    load = _loads(teams, s)
    notes = [*_notes(table, teams, s), *_busy_leads_note(load)]
    return _analytic(scenario, table, teams, load, notes, _unstable_reason(table, teams, load, s), absent)


def _busy_leads_note(load: _Load) -> list[str]:
    """A note when leads are over 80% busy on reviews and sign-offs together (queued separately)."""
    both = np.nan_to_num(load.lead_total)
    busy_leads = int(np.count_nonzero((both >= 0.8) & (both < 1)))
    if not busy_leads:
        return []
    return [f"{busy_leads} lead(s) spend over 80% of their time on reviews and sign-offs together: "
            "the model queues the two separately, so their waits are understated"]


def _present_scaled(r: ReviewResult, p: float, notes: list[str], scale_reviewers: bool) -> ReviewResult:
    """Busy time including absences -> work hours: utilisations from equivalent loads times ``p``."""
    def scaled(x: float | None) -> float | None:
        return None if x is None else x * p

    teams = [t.model_copy(update={
        "approver_utilisation": scaled(t.approver_utilisation),
        "reviewer_utilisation": scaled(t.reviewer_utilisation) if scale_reviewers else t.reviewer_utilisation,
    }) for t in r.teams]
    return r.model_copy(update={
        "teams": teams, "notes": [*r.notes, *notes], "reviewer_present_share": p,
        "approver_utilisation_max": scaled(r.approver_utilisation_max),
        "reviewer_utilisation": scaled(r.reviewer_utilisation) if scale_reviewers else r.reviewer_utilisation,
    })
