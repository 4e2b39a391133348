"""The analytic review figures against an outside simulator (SimPy, tests/reference_simpy.py).

The SimPy model is checked first against the exact one-reviewer mean, then the analytic mean of
two teams with absences against it (within 3% plus the simulation's half-width; the error map of
docs/model.md gives the full grid)."""

import pytest

from orgmodel.review.absences import single_reviewer_sojourn
from orgmodel.review.analysis import analyse_review
from orgmodel.review.settings import AbsenceKind
from orgmodel.scenario import Scenario
from tests.reference_absences import batch_interval
from tests.reference_simpy import Team


def scenario(n: int, rate: float, policy: str, share: float, **review: object) -> Scenario:
    return Scenario.model_validate({
        "name": "t", "org": {"founders": [{"name": "A"}], "departments": [{"name": "D", "head": "A", "engineers": n}],
                             "max_team_size": n},
        "work": {"days_per_week": 5, "hours_per_day": 8},
        "review": {"changes_per_engineer_per_day": rate * 8, "hours_per_review": 0.5, "policy": policy,
                   "absences": [{"name": "away", "share": share, "mean_hours": 1.0}], **review},
    })


def test_simpy_model_matches_the_exact_single_reviewer_mean():
    kinds = [AbsenceKind(name="a", share=0.3, mean_hours=0.5)]
    exact = single_reviewer_sojourn(0.8, 0.5, 1.0, 0.2, kinds)
    _, low, high = batch_interval(Team(1, True, 0.8, 0.5, "review_first", switch=0.2, kinds=((0.3, 0.5),),
                                            seed=3).run(30_000))
    assert low - 0.02 * exact <= exact <= high + 0.02 * exact


@pytest.mark.parametrize("policy,n,load", [("review_first", 4, 0.8), ("batched", 8, 0.8)])
def test_analytic_mean_within_3_percent_of_simpy(policy, n, load):
    share = 0.15
    rate = load * (n + 1) * (1 - share) / (n * 0.5)
    extra = {"switch_delay_hours": 0.1} if policy == "review_first" else {"batch_interval_hours": 2.0}
    centre, low, high = batch_interval(Team(n, True, rate, 0.5, policy, switch=0.1, interval=2.0,
                                            kinds=((share, 1.0),), seed=11).run(30_000))
    got = analyse_review(scenario(n, rate, policy, share, **extra)).mean_working_hours
    assert abs(got - centre) <= 0.03 * centre + (high - low) / 2, (got, centre, low, high)
