"""Batched review with random routing: the lead, eligible for every change, gets more reviews.

References written independently of orgmodel/review/routing.py: exact enumeration of every
author and every r-subset of eligible teammates, and the event-driven reference simulator
(tests/reference_review.py) with its batch-means 95% interval.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.queueing.queues import vacation_mean_wait
from orgmodel.review.analysis import analyse_review
from orgmodel.review.routing import reviewer_rates
from orgmodel.scenario import Scenario
from tests.reference_review import batch_means, simulate_team

PRESETS = Path(__file__).resolve().parents[1] / "presets"


def _enumerated_rates(n: int, lead: bool, r: int, lam: float) -> tuple[float, float]:
    """Tasks per hour reaching engineer 0 and the lead, by enumerating authors and subsets."""
    people = list(range(n)) + (["lead"] if lead else [])
    to_engineer = to_lead = 0.0
    for author in range(n):
        eligible = [p for p in people if p != author]
        subsets = list(itertools.combinations(eligible, min(r, len(eligible))))
        for sub in subsets:
            to_engineer += lam / len(subsets) * (0 in sub)
            to_lead += lam / len(subsets) * ("lead" in sub)
    return to_engineer, to_lead


@pytest.mark.parametrize("n", [1, 2, 3, 6, 12])
@pytest.mark.parametrize("lead", [True, False])
@pytest.mark.parametrize("r", [1, 2, 3])
def test_rates_match_enumeration(n: int, lead: bool, r: int) -> None:
    eligible = n - 1 + int(lead)
    if eligible == 0:
        return
    lam = 0.7
    got = reviewer_rates(n, int(lead), min(r, eligible), n * lam)
    eng, lead_rate = _enumerated_rates(n, lead, r, lam)
    assert float(got.engineer) == pytest.approx(eng if n >= 2 else 0.0, rel=1e-12, abs=1e-15)
    assert float(got.lead) == pytest.approx(lead_rate, rel=1e-12, abs=1e-15)
    # conservation: every change gets min(r, eligible) reviews
    total = n * float(got.engineer) + int(lead) * float(got.lead)
    assert total == pytest.approx(n * lam * min(r, eligible), rel=1e-12)


def _h400(**review: object) -> Scenario:
    data = yaml.safe_load((PRESETS / "hierarchical-400.yaml").read_text())
    data["review"] = {**data["review"], "absences": [], **review}
    return Scenario.model_validate(data)


def test_issue_11_overloaded_lead_is_unstable() -> None:
    # 16.8 changes a day over 8 hours, 0.5 h reviews: the lead of a team of n engineers gets
    # lambda = 2.1 an hour -> utilisation 1.05, although the team average is 2.1 n / (n + 1) * 0.5
    r = analyse_review(_h400(changes_per_engineer_per_day=16.8, approvals=[]))
    assert r.unstable and r.mean_working_hours is None
    assert "lead of team" in (r.unstable_reason or "") and "1.05" in (r.unstable_reason or "")
    # just below: 16 a day -> the lead at 1.0 exactly is unstable too; 15.9 is stable
    assert analyse_review(_h400(changes_per_engineer_per_day=16.0, approvals=[])).unstable
    assert not analyse_review(_h400(changes_per_engineer_per_day=15.9, approvals=[])).unstable


@pytest.mark.parametrize(("n", "load_lead"), [(2, 0.5), (6, 0.8), (3, 0.9)])
def test_batched_team_against_reference(n: int, load_lead: float) -> None:
    """One team, batched, lead reviewing: analytic mean turnaround inside the simulated interval."""
    hours, interval = 1.0, 2.0
    lam = load_lead / hours  # the lead's rate is lambda r = lambda: its load is lambda E[S]
    run = simulate_team(n, True, lam, hours, 60_000 if load_lead < 0.85 else 150_000, seed=11,
                        policy="batched", interval=interval)
    turnaround = [d - s for d, s in zip(run.done, run.sent)]
    ci = batch_means(turnaround)
    # independent closed form: the change goes to the lead w.p. 1/n, else to an engineer
    lam_eng = (n - 1) * lam / n
    wait_lead = float(vacation_mean_wait(lam, hours, 1.0, interval))
    wait_eng = float(vacation_mean_wait(lam_eng, hours, 1.0, interval))
    expected = hours + wait_lead / n + wait_eng * (n - 1) / n
    assert ci.contains(expected, rel_tol=0.01), (ci, expected)
    sc = Scenario.model_validate({
        "name": "t", "org": {"founders": [{"name": "A"}],
                             "departments": [{"name": "D", "head": "A", "engineers": n}], "max_team_size": 12},
        "work": {"days_per_week": 5, "hours_per_day": 8},
        "review": {"changes_per_engineer_per_day": lam * 8, "hours_per_review": hours, "policy": "batched",
                   "batch_interval_hours": interval},
    })
    got = analyse_review(sc)
    assert got.mean_working_hours == pytest.approx(expected, rel=1e-3)
    assert ci.contains(got.mean_working_hours, rel_tol=0.01)
    # the old even split (lambda_task / m per reviewer) is outside the interval for a small team
    # at high load (in bigger teams the lead's share 1 / n dilutes the difference)
    even = hours + float(vacation_mean_wait(n * lam / (n + 1), hours, 1.0, interval))
    if n <= 3 and load_lead >= 0.8:
        assert not ci.contains(even)


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 12), lead=st.booleans(), r=st.integers(1, 3), load=st.floats(0.05, 0.95),
       policy=st.sampled_from(["batched", "review_first"]), switch=st.sampled_from([0.0, 0.3]),
       seed=st.integers(0, 10_000))
def test_every_change_is_reviewed_once_per_required_reviewer(n: int, lead: bool, r: int, load: float,
                                                             policy: str, switch: float, seed: int) -> None:
    """Conservation (property): min(r, c) distinct reviewers per change, never its author; every
    review task received is done."""
    eligible = n - 1 + int(lead)
    if eligible == 0:
        return
    need = min(r, eligible)
    lam = load / (need * 1.0)  # keeps the busiest reviewer (at most lambda r) below 1
    run = simulate_team(n, lead, lam, 1.0, 400, seed=seed, r=r, policy=policy, switch=switch)
    assert all(len(who) == need and len(set(who)) == need for who in run.reviewers)
    assert all(a not in who for a, who in zip(run.author, run.reviewers))
    assert sum(run.received) == need * len(run.sent)
    assert all(math.isfinite(d) and d >= s for d, s in zip(run.done, run.sent))
