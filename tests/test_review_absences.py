"""Reviewers who are not always there: absence moments, timelines, exact one-reviewer mean, engine.

References, written independently of orgmodel's code: closed forms for one exponential kind, a
brute-force scan of the drawn intervals, and the event-driven simulator in
tests/reference_absences.py (seeded, with its batch-means interval).
"""

import math

import numpy as np
import pytest
from pydantic import ValidationError

from orgmodel.review.absences import (
    absence_moments,
    draw_timelines,
    present_share,
    residual_after_idle,
    single_reviewer_sojourn,
)
from orgmodel.review.analysis import analyse_review
from orgmodel.review.settings import AbsenceKind, ReviewSettings
from orgmodel.scenario import Scenario
from tests.reference_absences import Reference, batch_interval


def kinds(*pairs: tuple[float, float]) -> list[AbsenceKind]:
    return [AbsenceKind(name=f"k{i}", share=s, mean_hours=m) for i, (s, m) in enumerate(pairs)]


def team(n: int, per_day: float, policy: str, pairs: list[tuple[float, float]], **review: object) -> Scenario:
    return Scenario.model_validate({
        "name": "t", "org": {"founders": [{"name": "A"}],
                             "departments": [{"name": "D", "head": "A", "engineers": n}], "max_team_size": n},
        "work": {"days_per_week": 5, "hours_per_day": 8},
        "review": {"changes_per_engineer_per_day": per_day, "hours_per_review": 0.5, "policy": policy,
                   "absences": [{"name": f"k{i}", "share": s, "mean_hours": m} for i, (s, m) in enumerate(pairs)],
                   **review},
    })


# --- inputs -------------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [
    [{"name": "a", "share": 0.95, "mean_hours": 1}],
    [{"name": "a", "share": -0.1, "mean_hours": 1}],
    [{"name": "a", "share": 0.2, "mean_hours": 0}],
    [{"name": "a", "share": 0.8, "mean_hours": 1}, {"name": "b", "share": 0.8, "mean_hours": 1}],
])
def test_bad_absences_are_refused(bad):
    with pytest.raises(ValidationError) as err:
        ReviewSettings(changes_per_engineer_per_day=1, hours_per_review=0.5, absences=bad)
    assert "absences" in str(err.value)


def test_defaults_keep_todays_figures():
    s = ReviewSettings(changes_per_engineer_per_day=1, hours_per_review=0.5)
    assert s.absences == [] and s.owner_share == 0
    r = analyse_review(team(4, 1.0, "review_first", []))
    assert r.reviewer_present_share == 1.0
    # M/M/c with switch setup, c = 4 eligible of 5 reviewers: the formula of docs/model.md
    assert r.mean_working_hours == pytest.approx(0.75, rel=0.02)


# --- moments ------------------------------------------------------------------------------------
def test_one_kind_has_exponential_periods():
    m = absence_moments(kinds((0.2, 1.5)))
    assert m.mean_period == pytest.approx(1.5) and m.second_period == pytest.approx(2 * 1.5**2)
    assert m.onset_rate == pytest.approx(0.2 / (0.8 * 1.5))


@pytest.mark.parametrize("pairs", [[(0.15, 1.0), (0.08, 16.0)], [(0.3, 0.5), (0.2, 2.0), (0.1, 8.0)]])
def test_present_share_is_one_over_one_plus_nu_r(pairs):
    # renewal argument: present stretches Exp(nu), absence periods mean E[R]
    m = absence_moments(kinds(*pairs))
    assert 1 / (1 + m.onset_rate * m.mean_period) == pytest.approx(present_share(kinds(*pairs)))


def test_residual_after_a_long_idle_time_is_the_stationary_residual():
    k = kinds((0.25, 2.0))
    a1, a2 = residual_after_idle(k, 1e-6)  # arrival at a random time: absent w.p. s, residual Exp(m)
    assert a1 == pytest.approx(0.25 * 2.0, rel=1e-4) and a2 == pytest.approx(0.25 * 2 * 2.0**2, rel=1e-4)


def test_timelines_match_a_brute_force_scan():
    rng = np.random.default_rng(0)
    tl = draw_timelines(rng, kinds((0.05, 0.5), (0.03, 24.0), (0.2, 1.0)), 20, 400.0)
    for lane in range(20):
        a, b = tl.start[tl.first[lane]:tl.first[lane + 1]], tl.end[tl.first[lane]:tl.first[lane + 1]]
        assert np.all(a[1:] > b[:-1])  # merged, disjoint
        t = np.sort(rng.uniform(0, 600, 100))
        lanes = np.full(t.size, lane)
        absent = np.array([np.clip(np.minimum(b, x) - a, 0, None).sum() for x in t])
        np.testing.assert_allclose(tl.present_clock(lanes, t), t - absent, atol=1e-9)
        inside = [(a <= x) & (x < b) for x in t]
        np.testing.assert_allclose(tl.next_present(lanes, t), [b[m][0] if m.any() else x for m, x in zip(inside, t)])
        work = rng.exponential(3.0, t.size)
        done = tl.finish(lanes, t, work)
        np.testing.assert_allclose(tl.present_clock(lanes, done) - tl.present_clock(lanes, t), work, atol=1e-9)


def test_long_run_absent_share_of_drawn_timelines():
    tl = draw_timelines(np.random.default_rng(1), kinds((0.15, 1.0), (0.2, 2.0)), 200, 2_000.0)
    absent = (tl.absent_through[tl.first[1:] - 1]).sum() / (200 * 2_000.0)
    assert absent == pytest.approx(1 - 0.85 * 0.8, abs=0.01)


# --- exact one-reviewer mean and the engine against the independent reference ------------------
def reference(n, per_day, policy, pairs, changes, seed=5, **kw):
    run = Reference(n=n, lead_reviews=True, rate=per_day / 8, effort=0.5, cv=1.0, policy=policy,
                    switch=kw.pop("switch", 0.25), interval=kw.pop("interval", 2.0), kinds=pairs, seed=seed, **kw)
    x = run.run(changes)[changes // 20:]
    mean, low, high = batch_interval(x)
    return mean, (high - low) / 2, float(np.quantile(x, 0.9))


def test_single_reviewer_formula_matches_reference():
    pairs = [(0.3, 0.5)]
    exact = single_reviewer_sojourn(4 / 8, 0.5, 1.0, 0.25, kinds(*pairs))
    mean, half, _ = reference(1, 4.0, "review_first", pairs, 60_000)
    assert abs(mean - exact) <= max(0.03 * exact, half)


CASES = [  # n, changes/engineer/day, policy, absences, extra review settings
    (1, 4.0, "review_first", [(0.3, 0.5)], {}),
    (4, 6.0, "review_first", [(0.2, 1.0), (0.1, 2.0)], {}),
    (3, 6.0, "batched", [(0.3, 1.0)], {"batch_interval_hours": 2.0}),
    (6, 6.0, "review_first", [(0.2, 1.0)], {"owner_share": 0.5}),
    (8, 10.0, "batched", [(0.05, 0.5)], {"owner_share": 0.3, "batch_interval_hours": 2.0}),
]


@pytest.mark.parametrize("n,per_day,policy,pairs,extra", CASES)
def test_engine_matches_reference(n, per_day, policy, pairs, extra):
    sc = team(n, per_day, policy, pairs, simulation_changes_per_team=8_000, **extra)
    got = analyse_review(sc, method="simulation")
    kw = {"owner_share": extra.get("owner_share", 0.0), "interval": extra.get("batch_interval_hours", 2.0)}
    mean, half, p90 = reference(n, per_day, policy, pairs, 40_000, **kw)
    assert got.method == "simulation" and got.reviewer_present_share == pytest.approx(present_share(kinds(*pairs)))
    assert abs(got.mean_working_hours - mean) <= 0.03 * mean + half
    assert got.p90_working_hours == pytest.approx(p90, rel=0.05)


@pytest.mark.slow
@pytest.mark.parametrize("n,per_day,policy,pairs,extra", [
    (12, 7.8, "review_first", [(0.3, 1.0), (0.25, 4.0)], {}),  # load 0.9 of present time, absent 47.5%
    (5, 5.0, "review_first", [(0.2, 1.0)], {"reviewers_per_change": 2}),
    (6, 6.0, "batched", [(0.5, 0.5)], {"batch_interval_hours": 1.0}),
])
def test_engine_matches_reference_slow(n, per_day, policy, pairs, extra):
    sc = team(n, per_day, policy, pairs, simulation_changes_per_team=20_000, **extra)
    got = analyse_review(sc, method="simulation")
    kw = {"r": extra.get("reviewers_per_change", 1), "interval": extra.get("batch_interval_hours", 2.0)}
    mean, half, p90 = reference(n, per_day, policy, pairs, 150_000, **kw)
    assert abs(got.mean_working_hours - mean) <= 0.03 * mean + half
    assert got.p90_working_hours == pytest.approx(p90, rel=0.05)


def test_unstable_when_present_time_cannot_keep_up():
    # 4 engineers, 5 reviewers present 60%: 4 x 7 / 8 x 0.5 = 1.75 h of review per hour > 5 x 0.6 = 3? no;
    # 4 x 14 / 8 x 0.5 = 3.5 > 3: unstable
    r = analyse_review(team(4, 14.0, "review_first", [(0.4, 1.0)]), method="simulation")
    assert r.unstable and r.mean_working_hours is None
    ok = analyse_review(team(4, 14.0, "review_first", []))
    assert not ok.unstable


def test_analytic_with_absences_is_close_to_simulation_and_says_so():
    sc = team(6, 3.0, "review_first", [(0.15, 1.0), (0.08, 16.0)], simulation_changes_per_team=8_000)
    fast, sim = analyse_review(sc), analyse_review(sc, method="simulation")
    assert any("equivalent" in n for n in fast.notes)
    assert fast.reviewer_utilisation == pytest.approx(sim.reviewer_utilisation, rel=0.05)
    assert fast.mean_working_hours == pytest.approx(sim.mean_working_hours, rel=0.25)
    assert math.isclose(fast.reviewer_present_share, 0.85 * 0.92)


def test_lead_sign_off_waits_for_the_lead_exactly():
    # one engineer, leads do not review: no peer review, so a change meets only the lead's sign-off,
    # one server who is absent at times: the exact one-reviewer mean applies (review first, switch)
    pairs = [(0.2, 0.5), (0.1, 2.0)]
    sc = team(1, 6.0, "review_first", pairs, leads_review=False, approvals=["lead"], hours_per_approval=0.4,
              switch_delay_hours=0.1, simulation_changes_per_team=8_000)
    got = analyse_review(sc, method="simulation")
    exact = single_reviewer_sojourn(6 / 8, 0.4, 1.0, 0.1, kinds(*pairs))
    assert got.mean_working_hours_ci is not None
    low, high = got.mean_working_hours_ci
    assert got.mean_working_hours == pytest.approx(exact, rel=0.03)
    assert low - 0.01 * exact <= exact <= high + 0.01 * exact


def test_a_simulation_needing_too_many_absence_spells_is_refused_not_run() -> None:
    """Minute-long spells over the years a trickle of changes takes would need billions of spells
    (gigabytes): the engine refuses, naming the absences, instead of running out of memory."""
    import numpy as np

    from orgmodel.review.absences import MAX_ABSENCE_SPELLS, draw_timelines
    from orgmodel.review.settings import AbsenceKind

    kind = AbsenceKind(name="meetings", share=0.5, mean_hours=0.01)
    with pytest.raises(ValueError, match="review.absences.*meetings.*limit"):
        draw_timelines(np.random.default_rng(0), [kind], 10, MAX_ABSENCE_SPELLS * 0.01)
    assert draw_timelines(np.random.default_rng(0), [kind], 10, 100.0).start.size > 0
