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

from orgmodel.review.analysis import analyse_review
from orgmodel.review.routing import reviewer_rates
from orgmodel.scenario import Scenario
from tests.reference_absences import Reference, batch_interval
from tests.reference_queues import vacation_mean_wait
from tests.reference_review import simulate_team

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


def test_batched_without_absences_is_one_shared_queue() -> None:
    # issue 21: batched review is one shared queue per team with or without absences. At 16.8 changes a
    # day (0.5 h reviews) per-reviewer routing overloaded the lead (2.1 an hour: 1.05); the shared queue
    # keeps up while the team's average reviewer does (2.1 n / (n + 1) * 0.5 < 1 for every team here)
    r = analyse_review(_h400(changes_per_engineer_per_day=16.8, approvals=[]))
    assert not r.unstable and r.mean_working_hours is not None
    assert any("one shared queue per team" in x for x in r.notes)
    # 24 a day: 3 an hour, average 1.5 n / (n + 1) >= 1 from n = 2: the reviewers' queue is unstable
    over = analyse_review(_h400(changes_per_engineer_per_day=24.0, approvals=[]))
    assert over.unstable and "reviewers of team" in (over.unstable_reason or "")


def test_a_leads_signoff_overload_is_flagged_from_the_leads_own_queue() -> None:
    # 2 changes a day per engineer (8 h days), 0.8 h sign-offs: the lead of the preset's largest teams
    # (6 engineers) signs off 1.5 an hour, utilisation 1.2 on its own sign-off queue
    r = analyse_review(_h400(changes_per_engineer_per_day=2.0, approvals=["lead"], hours_per_approval=0.8))
    assert max(t.size for t in r.teams) == 6
    assert r.unstable and "(utilisation 1.20)" in (r.unstable_reason or "")
    assert "lead " in (r.unstable_reason or "")
    low = analyse_review(_h400(changes_per_engineer_per_day=2.0, approvals=["lead"], hours_per_approval=0.1))
    assert not low.unstable


@pytest.mark.parametrize(("n", "load"), [(2, 0.5), (6, 0.8), (3, 0.9)])
def test_batched_team_against_reference(n: int, load: float) -> None:
    """One team, batched, lead reviewing, no absences: the shared queue against the independent
    event-driven reference of the issue-13 rules (tests/reference_absences.py with no absence kinds).

    The analytic chain treats the reviewers' look phases as independent; without absences they
    bunch (docs/model.md), measured here at -0.5% (n = 2, load 0.5), -4.2% (6, 0.8), -0.2% (3, 0.9)."""
    hours, interval = 1.0, 2.0
    lam = load * (n + 1) / n / n  # per engineer: the team's average reviewer is busy ``load``
    ref = Reference(n=n, lead_reviews=True, rate=lam, effort=hours, cv=1.0, policy="batched", switch=0.0,
                    interval=interval, kinds=[], seed=3)
    centre, _, high = batch_interval(ref.run(60_000)[3_000:])
    sc = Scenario.model_validate({
        "name": "t", "org": {"founders": [{"name": "A"}],
                             "departments": [{"name": "D", "head": "A", "engineers": n}], "max_team_size": 12},
        "work": {"days_per_week": 5, "hours_per_day": 8},
        "review": {"changes_per_engineer_per_day": lam * 8, "hours_per_review": hours, "policy": "batched",
                   "batch_interval_hours": interval},
    })
    got = analyse_review(sc)
    assert got.mean_working_hours == pytest.approx(centre, rel=0.05)
    # per-reviewer queues (the old rule) are far off the shared queue in a small busy team
    lam_eng = (n - 1) * lam / n
    old = hours + float(vacation_mean_wait(lam, hours, 1.0, interval)) / n \
        + float(vacation_mean_wait(lam_eng, hours, 1.0, interval)) * (n - 1) / n
    if n <= 3 and load >= 0.8:
        assert old > high * 1.1


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
