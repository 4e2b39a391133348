"""One reviewer per change under absences: the analytic figure is the exact one (issue 21, items 1b, 1d).

Exact means written out here from the textbook formulas for one exponential absence kind
(share ``s``, mean spell ``m``): absences start at ``nu = s / ((1 - s) m)`` per present hour and last
``R`` with ``E[R] = m``, ``E[R^2] = 2 m^2``; work of ``S`` present hours completes in ``C`` with
``E[C] = E[S] / (1 - s)``, ``E[C^2] = E[S^2] / (1 - s)^2 + nu E[S] 2 m^2`` (Gaver 1962).
Batched: M/G/1 with multiple vacations, the gap between looks ``V = T`` present hours, so
``E[V] = T / (1 - s)``, ``E[V^2] = E[V]^2 + nu T 2 m^2``; ``W = lambda E[C^2] / (2 (1 - rho)) +
E[V^2] / (2 E[V])`` (Fuhrmann & Cooper 1985). Review first: Welch (1964) with the first change's
extra delay ``D`` = rest of the absence in progress + the switch delay's completion time.
"""

import math

import pytest

from orgmodel.review.analysis import analyse_review
from orgmodel.scenario import Scenario
from tests.reference_absences import Reference, batch_interval


def team(n: int, per_day: float, policy: str, pairs: list[tuple[float, float]], **review: object) -> Scenario:
    return Scenario.model_validate({
        "name": "t", "org": {"founders": [{"name": "A"}],
                             "departments": [{"name": "D", "head": "A", "engineers": n}], "max_team_size": n},
        "work": {"days_per_week": 5, "hours_per_day": 8},
        "review": {"changes_per_engineer_per_day": per_day, "hours_per_review": 0.5, "policy": policy,
                   "absences": [{"name": f"k{i}", "share": s, "mean_hours": m} for i, (s, m) in enumerate(pairs)],
                   **review},
    })


def completion(work: float, second: float, share: float, spell: float) -> tuple[float, float]:
    nu = share / ((1 - share) * spell)
    return work / (1 - share), second / (1 - share) ** 2 + nu * work * 2 * spell**2


def batched_exact(lam: float, effort: float, share: float, spell: float, interval: float) -> float:
    c1, c2 = completion(effort, 2 * effort**2, share, spell)
    nu = share / ((1 - share) * spell)
    v1 = interval / (1 - share)
    v2 = v1**2 + nu * interval * 2 * spell**2
    return lam * c2 / (2 * (1 - lam * c1)) + v2 / (2 * v1) + c1


@pytest.mark.parametrize("per_day,interval,share,spell,issue_value", [
    (8.832, 4.0, 0.08, 16.0, 6.73),  # the issue's cases: the chain read 4.81 and 11.25
    (7.2, 1.0, 0.5, 0.5, 13.50),
    (3.0, 2.0, 0.3, 1.0, None),
])
def test_batched_one_reviewer_is_fuhrmann_cooper(per_day, interval, share, spell, issue_value):
    r = analyse_review(team(1, per_day, "batched", [(share, spell)], batch_interval_hours=interval))
    exact = batched_exact(per_day / 8, 0.5, share, spell, interval)
    if issue_value is not None:
        assert exact == pytest.approx(issue_value, abs=0.01)
    assert r.mean_working_hours == pytest.approx(exact, rel=1e-3)


def test_batched_two_engineers_without_reviewing_lead_are_two_single_servers():
    # each engineer reviews only the other's changes: two M/G/1 queues with vacations at rate lambda
    r = analyse_review(team(2, 4.0, "batched", [(0.2, 2.0)], batch_interval_hours=2.0, leads_review=False))
    assert r.mean_working_hours == pytest.approx(batched_exact(0.5, 0.5, 0.2, 2.0, 2.0), rel=1e-3)


def review_first_exact(lam: float, effort: float, switch: float, share: float, spell: float) -> float:
    """Welch (1964) for one reviewer, the rest of an absence in progress written for one kind:
    the reviewer was present at the last departure, an Exp(lam) idle time later they are absent
    with probability ``q = a / (a + lam + b)`` (on rate ``a``, off rate ``b``), the rest Exp(b)."""
    a, b = share / ((1 - share) * spell), 1 / spell
    # P(absent after Exp(lam) from present) for a two-state chain
    q = a / (a + b + lam)
    a1, a2 = q * spell, q * 2 * spell**2
    s1, s2 = completion(switch, 2 * switch**2, share, spell)
    d1, d2 = a1 + s1, a2 + 2 * a1 * s1 + s2
    c1, c2 = completion(effort, 2 * effort**2, share, spell)
    return lam * c2 / (2 * (1 - lam * c1)) + (2 * d1 + lam * d2) / (2 * (1 + lam * d1)) + c1


@pytest.mark.parametrize("load,share,spell,switch", [(0.8, 0.08, 16.0, 0.0), (0.8, 0.08, 16.0, 0.25),
                                                      (0.5, 0.3, 0.5, 0.1), (0.9, 0.5, 1.0, 0.0)])
def test_review_first_one_reviewer_is_welch(load, share, spell, switch):
    # a lone engineer's lead at ``load`` of present time: exact M/G/1 with exceptional first service
    per_day = load * (1 - share) / 0.5 * 8
    r = analyse_review(team(1, per_day, "review_first", [(share, spell)], switch_delay_hours=switch))
    exact = review_first_exact(per_day / 8, 0.5, switch, share, spell)
    assert r.mean_working_hours == pytest.approx(exact, rel=1e-3)


@pytest.mark.slow
def test_batched_one_reviewer_against_the_reference_simulator():
    ref = Reference(n=1, lead_reviews=True, rate=3.0 / 8, effort=0.5, cv=1.0, policy="batched", switch=0.0,
                    interval=2.0, kinds=[(0.3, 1.0)], seed=5)
    x = ref.run(60_000)[2_000:]
    _, low, high = batch_interval(x)
    exact = batched_exact(3.0 / 8, 0.5, 0.3, 1.0, 2.0)
    assert low - 0.02 * exact <= exact <= high + 0.02 * exact
    assert not math.isnan(exact)


@pytest.mark.parametrize("share,spell,switch", [(0.1, 16.0, 0.25), (0.3, 1.0, 0.5)])
def test_review_first_lead_signoff_is_the_single_approvers_welch(share, spell, switch):
    # no peer review, so the lead's sign-off queue sees the team's Poisson stream: one server, exact;
    # the pool's equivalent switch delay (scaled for idle teammates) read 28% low on Xiaomi (issue 21)
    s = team(4, 2.0, "review_first", [(share, spell)], switch_delay_hours=switch, reviewers_per_change=0,
             approvals=["lead"], hours_per_approval=0.25)
    r = analyse_review(s)
    exact = review_first_exact(4 * 2.0 / 8, 0.25, switch, share, spell)
    assert r.mean_working_hours == pytest.approx(exact, rel=1e-3)


def test_the_result_says_when_its_mean_is_exact():
    one = analyse_review(team(1, 3.0, "batched", [(0.3, 1.0)], batch_interval_hours=2.0))
    assert one.mean_exact is True
    assert analyse_review(team(1, 3.0, "review_first", [(0.3, 1.0)])).mean_exact is True
    assert analyse_review(team(4, 3.0, "batched", [(0.3, 1.0)])).mean_exact is False  # the pooled chain
    assert analyse_review(team(4, 3.0, "review_first", [(0.3, 1.0)])).mean_exact is False  # equivalent settings
    assert analyse_review(team(4, 3.0, "review_first", [])).mean_exact is True  # the exact chain
    signed = analyse_review(team(4, 1.0, "review_first", [], approvals=["lead"]))
    assert signed.mean_exact is False  # the sign-off's input is the review stage's output, not Poisson
