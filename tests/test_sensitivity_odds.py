"""Verdict odds: a shared input is drawn once for both sides; a verdict that cannot flip holds in every draw."""

from __future__ import annotations

from orgmodel.loading import apply_overrides, validate_scenario
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.analysis import choose_figures
from orgmodel.sensitivity.batch import SerialRunner
from orgmodel.sensitivity.inputs import ranged_inputs
from orgmodel.sensitivity.odds import verdict_odds

FIGURE = "review.p90_working_hours"


def _only(scenario: Scenario, path: str) -> list:
    return [i for i in ranged_inputs(scenario) if i.path == path]


def test_a_shared_input_is_drawn_once_for_both_sides(xiaomi: Scenario) -> None:
    inputs = _only(xiaomi, "review.hours_per_review")
    odds = verdict_odds(SerialRunner(), xiaomi, xiaomi, inputs, inputs, choose_figures([FIGURE]), draws=8, seed=3)
    item = odds.figures[FIGURE]
    assert odds.shared_inputs == ["review.hours_per_review"]
    assert (item.verdict, item.same, item.holds, item.draws) == ("same", 1.0, 1.0, 8)


def test_a_verdict_that_cannot_flip_holds_in_every_draw_and_names_what_it_hangs_on(xiaomi: Scenario) -> None:
    slower = validate_scenario(apply_overrides(xiaomi.model_dump(mode="json"), ["review.switch_delay_hours=0.5"]))
    a_inputs = _only(xiaomi, "review.hours_per_review")
    b_inputs = a_inputs + _only(slower, "review.review_cv")  # ranged on B's side only: drawn for B alone
    odds = verdict_odds(SerialRunner(), xiaomi, slower, a_inputs, b_inputs, choose_figures([FIGURE]), draws=16,
                        seed=1)
    item = odds.figures[FIGURE]
    assert item.verdict == "worse" and item.b_worse == 1.0 and item.holds == 1.0
    assert item.delta_p5 is not None and item.delta_p5 > 0
    assert all(h.path.startswith("review.") for h in item.hangs_on)
    assert odds.shared_inputs == ["review.hours_per_review"]
