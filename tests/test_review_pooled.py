"""Batched review with absences, analytic: one shared queue per team (orgmodel.review.pooled).

References: closed forms (uniform residuals without absences; Fuhrmann-Cooper for one server;
Gaver's completion moments), drawn absence timelines, and the engine's simulation of the issue's
rules (itself validated against tests/reference_absences.py in test_review_absences.py).
"""

import numpy as np
import pytest

from orgmodel.queueing import distribution as dist
from orgmodel.queueing.looks import interrupted_work_pmf, look_gaps
from orgmodel.queueing.pooled import pooled_looks
from orgmodel.review.absences import absence_moments, absence_phase_type, completion_moments, draw_timelines
from orgmodel.review.analysis import analyse_review
from orgmodel.review.pooled import gaps_for
from orgmodel.review.settings import ReviewSettings
from tests.test_review_absences import kinds, team


def test_without_absences_the_first_of_k_looks_is_t_over_k_plus_one():
    g = look_gaps(4.0, 0.0)
    assert g.mean_residual_hours == pytest.approx(2.0)
    assert g.first_look_mean([1, 3, 8]) == pytest.approx([2.0, 1.0, 4 / 9], rel=1e-3)


@pytest.mark.parametrize("pairs,period", [([(0.3, 1.0)], 2.0), ([(0.15, 1.0), (0.08, 16.0)], 4.0)])
def test_look_gaps_match_drawn_timelines(pairs, period):
    k = kinds(*pairs)
    s = ReviewSettings(changes_per_engineer_per_day=1, hours_per_review=0.5, batch_interval_hours=period,
                       absences=k)
    g = gaps_for(s)
    assert g.mean_hours == pytest.approx(period / np.prod([1 - a for a, _ in pairs]))
    rng = np.random.default_rng(3)
    tl = draw_timelines(rng, k, 1000, 4000.0)
    lanes = np.repeat(np.arange(1000), 50)
    start = tl.next_present(lanes, rng.uniform(0, 3000, lanes.size))
    v = tl.finish(lanes, start, np.full(lanes.size, period)) - start
    assert v.mean() == pytest.approx(g.mean_hours, rel=0.02)
    assert (v**2).mean() == pytest.approx(g.second_moment, rel=0.05)
    # the residual's lattice integral is the exact E[V^2] / (2 E[V]) (tail cut far out)
    assert np.trapezoid(g.residual_survival, dx=g.dt_hours) == pytest.approx(g.mean_residual_hours, rel=0.02)


def test_one_server_is_fuhrmann_cooper():
    # M/M/1 with multiple vacations: W = Wq(M/M/1) + E[V_res], whatever the gaps' law
    g = look_gaps(2.0, *(lambda nu, a, s, m: (nu, a, s, m.mean_period, m.second_period))(
        *absence_phase_type(kinds((0.3, 1.0))), absence_moments(kinds((0.3, 1.0)))))
    lam, c = 0.5, 1.2
    chain = pooled_looks(lam, 1, 1, c, g.first_look_mean)
    rho = lam * c
    assert chain.mean_wait_hours == pytest.approx(rho * c / (1 - rho) + g.mean_residual_hours, rel=1e-6)
    assert not np.isfinite(pooled_looks(1.0, 1, 1, 1.0, g.first_look_mean).mean_wait_hours)


def test_completion_time_on_the_lattice_has_gavers_mean():
    k = kinds((0.15, 1.0), (0.08, 16.0))
    nu, alpha, sub = absence_phase_type(k)
    lat = dist.Lattice(0.05, 4096)
    pmf = interrupted_work_pmf(lat.dt_hours, lat.points, 0.5, 1.0, nu, alpha, sub)
    mean, second = completion_moments(0.5, 0.5, absence_moments(k))
    assert pmf.sum() == pytest.approx(1.0)
    assert np.dot(pmf, lat.x) == pytest.approx(mean, rel=0.02)
    assert np.dot(pmf, lat.x**2) == pytest.approx(second, rel=0.05)


# analytic against the simulation (seed 2012, 8,000 changes per team): mean and p90 within 10%
CASES = [  # engineers (+ lead), changes/engineer/day, absences, T, extra settings
    (1, 2.0, [(0.5, 0.5)], 1.0, {}),
    (3, 6.0, [(0.3, 1.0)], 2.0, {}),
    (6, 6.0, [(0.5, 0.5)], 1.0, {}),
    (6, 12.0, [(0.2, 1.0)], 2.0, {}),  # 64% busy
    (4, 8.0, [(0.3, 1.0)], 0.5, {}),
    (12, 1.0, [(0.15, 1.0), (0.08, 16.0), (0.2, 2.0)], 4.0, {}),
    (6, 2.0, [(0.15, 1.0), (0.08, 16.0)], 4.0, {"approvals": ["lead"]}),
]


@pytest.mark.parametrize("n,per_day,pairs,period,extra", CASES)
def test_pooled_analytic_matches_simulation(n, per_day, pairs, period, extra):
    # the simulated sign-off stage with 16-hour leave walks change by change (22 s at 8,000 changes);
    # at 3,000 the analytic is still within 2% (mean) and 5% (p90) of it
    changes = 3_000 if "approvals" in extra else 8_000
    sc = team(n, per_day, "batched", pairs, batch_interval_hours=period, simulation_changes_per_team=changes,
              **extra).model_copy(update={"seed": 2012})
    fast, sim = analyse_review(sc), analyse_review(sc, method="simulation")
    assert fast.method == "analytic" and any("one shared queue per team" in x for x in fast.notes)
    assert fast.mean_working_hours == pytest.approx(sim.mean_working_hours, rel=0.10)
    # the lead's sign-off queue with 16-hour leave: the exponential conditional wait around the exact
    # Fuhrmann-Cooper mean puts p90 at -10.6% of the simulation (converged run, this commit)
    p90_tol = 0.12 if "approvals" in extra else 0.10
    assert fast.p90_working_hours == pytest.approx(sim.p90_working_hours, rel=p90_tol)


def test_pooled_team_keeps_up_while_the_average_reviewer_does():
    # 2 engineers + lead, 30% absent: per-reviewer routing would overload the lead (eligible for every
    # change); one shared queue keeps up while the team's present time does
    sc = team(2, 15.0, "batched", [(0.3, 1.0)], batch_interval_hours=1.0)
    r = analyse_review(sc)
    assert not r.unstable and r.mean_working_hours is not None
    over = analyse_review(team(2, 18.0, "batched", [(0.3, 1.0)], batch_interval_hours=1.0))
    assert over.unstable and "reviewers of team" in (over.unstable_reason or "")
