"""A plausible range for each assumption: low, high, distribution and a one-line reason.

`Range` is what a scenario file's ``ranges:`` map holds (dotted input path -> range) and what
`DEFAULT_RANGES` holds for the library, keyed by schema path with ``*`` for any list item or dict
key (the matching rule of `orgmodel.provenance`: the most specific key wins, a scenario's own range
before the default). A ``relative`` range is in multiples of the scenario's own value (department
sizes, round amounts: a per-path absolute range would not fit every preset).

`NOT_RANGED` lists the numeric assumptions deliberately given no range, each with why (a seed, a
sample size, a share unit, a calendar choice, a yardstick). Inputs that are not numbers (labels,
choices such as ``review.policy``, null options) are never ranged: compare scenarios for them.
This module imports only pydantic, so `orgmodel.scenario` can hold ``ranges`` without a cycle;
checking a range against its field's bounds is in `orgmodel.sensitivity.inputs`.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from orgmodel.model_base import StrictModel

__all__ = ["DEFAULT_RANGES", "NOT_RANGED", "Distribution", "Range"]

Distribution = Literal["uniform", "triangular", "loguniform"]


class Range(StrictModel):
    """A plausible range of one input: ``low`` to ``high`` in the input's own unit (or in multiples
    of its value when ``relative``), drawn from ``distribution`` (``mode`` for triangular)."""

    low: float = Field(description="lowest plausible value, in the input's unit (a multiple when relative)")
    high: float = Field(description="highest plausible value, in the input's unit (a multiple when relative)")
    distribution: Distribution = Field(default="uniform", description="uniform, triangular or loguniform")
    mode: float | None = Field(default=None, description="most likely value (triangular only; default: midpoint)")
    relative: bool = Field(default=False, description="low, high and mode are multiples of the scenario's value")
    reason: str = Field(default="", max_length=1_000, description="why this range, with its source where one exists")
    from_source: bool = Field(
        default=False, description="the cited source itself gives this range (allowed on a fact or report)"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if not (math.isfinite(self.low) and math.isfinite(self.high)):
            raise ValueError(f"low = {self.low:g} and high = {self.high:g} must be finite numbers")
        if self.low > self.high:
            raise ValueError(f"low = {self.low:g} is above high = {self.high:g}; low must be at most high")
        if self.distribution == "loguniform" and self.low <= 0:
            raise ValueError(f"a loguniform range needs low > 0, got low = {self.low:g}")
        if self.mode is not None:
            if self.distribution != "triangular":
                raise ValueError(f"mode is for a triangular range only (distribution is {self.distribution})")
            if not self.low <= self.mode <= self.high:
                raise ValueError(f"mode = {self.mode:g} is outside [low, high] = [{self.low:g}, {self.high:g}]")
        return self

    def peak(self) -> float:
        """The triangular mode (the midpoint when none is given)."""
        return (self.low + self.high) / 2 if self.mode is None else self.mode


def _r(low: float, high: float, reason: str, distribution: Distribution = "uniform", *, mode: float | None = None,
       relative: bool = False) -> Range:
    """A default range, built without validation so importing the schema stays cheap (a test validates each)."""
    return Range.model_construct(low=float(low), high=float(high), distribution=distribution, mode=mode,
                                 relative=relative, reason=reason, from_source=False)


SADOWSKI = "Sadowski et al., 'Modern code review: a case study at Google', ICSE-SEIP 2018"

DEFAULT_RANGES: dict[str, Range] = {
    # --- shape
    "org.departments.*.engineers": _r(0.8, 1.2, "Department sizes are estimated so they add up to the reported "
                                      "total (about 400, L66); each within 20% of the estimate.", relative=True),
    "org.max_team_size": _r(4, 12, "Small-team conventions run from 4 to 12 engineers (Amazon's two-pizza team; the "
                            "Scrum Guide's 10 or fewer); the cap is not reported."),
    "org.max_span": _r(4, 10, "McKinsey's span archetypes put most managers between 5 and 10 direct reports; "
                       "4 for a player-coach."),
    # --- working week (facts in the Xiaomi preset; illustrative in the hierarchy)
    "work.start_hour": _r(8.5, 9.5, "Office start between 08:30 and 09:30; not reported. It shifts calendar-time "
                          "figures only."),
    "work.days_per_week": _r(5, 6, "A conventional 5-day week, up to the 6 days of a start-up."),
    "work.hours_per_day": _r(7.5, 10, "7.5 to 10 working hours a day: an office day to long start-up days."),
    # --- review
    "review.changes_per_engineer_per_day": _r(
        0.4, 2.0, f"{SADOWSKI}: the median Google author sends about 3 changes a week (0.6 a working day); "
        "from two-thirds of that to twice the preset's 1 a day.", "loguniform"),
    "review.reviewers_per_change": _r(1, 2, f"One approving reviewer at Google ({SADOWSKI}); about two in open-source "
                                      "projects (Rigby and Bird, FSE 2013)."),
    "review.hours_per_review": _r(0.25, 1.5, f"Most changes are small (median about 24 lines, {SADOWSKI}); Cisco's "
                                  "review study (SmartBear 2006) advises at most 60-90 minutes a review.",
                                  "loguniform"),
    "review.review_cv": _r(0.5, 2.0, "Variation of review effort, from nearly fixed to heavy-tailed; no data."),
    "review.switch_delay_hours": _r(0.05, 1.0, "Minutes to an hour to reach a break point in one's own work "
                                    "(resuming an interrupted task takes about 23 minutes: Mark et al., CHI 2008).",
                                    "loguniform"),
    "review.batch_interval_hours": _r(1, 8, "Batched reviewers look hourly to once a working day.", "loguniform"),
    "review.hours_per_approval": _r(0.1, 1.0, "Six minutes to an hour per sign-off; not measured.", "loguniform"),
    "review.approval_cv": _r(0.5, 2.0, "Variation of sign-off effort, nearly fixed to heavy-tailed; no data."),
    "review.absences.*.share": _r(0.5, 1.5, "Absence shares are not reported: half to one and a half times the "
                                  "preset's share.", relative=True),
    "review.absences.*.mean_hours": _r(0.5, 2.0, "Spell lengths are not reported: half to twice the preset's.",
                                       "loguniform", relative=True),
    # --- decisions
    "decisions.escalations_per_engineer_per_week": _r(0.5, 2.0, "Decisions an engineer cannot take alone: one every "
                                                      "two weeks to two a week; not measured.", "loguniform"),
    "decisions.share_to_top": _r(0.05, 0.4, "One escalation in twenty to two in five needs the department head; "
                                 "not measured."),
    "decisions.hours_per_decision": _r(0.25, 1.0, "A quarter of an hour to an hour of the decider's time; not "
                                       "measured.", "loguniform"),
    "decisions.decision_cv": _r(0.5, 2.0, "Variation of decision effort, nearly fixed to heavy-tailed; no data."),
    "decisions.fidelity_per_hop": _r(0.8, 0.97, "Williamson (1967) leaves the per-hop fidelity a parameter; 0.8 to "
                                     "0.97 around the illustrative 0.9."),
    "decisions.hours_to_raise": _r(0.1, 1.0, "Six minutes to an hour to write up an escalation; not measured.",
                                   "loguniform"),
    "decisions.*.meeting_interval_days": _r(1, 2, "Meeting as often as set, up to half as often (weekly to "
                                            "fortnightly).", relative=True),
    "decisions.*.meeting_hour": _r(9.5, 12, "A morning meeting, 09:30 to noon; the hour is not reported."),
    "decisions.lead.meeting_hour": _r(9.5, 10.5, "A team's daily meeting early in the day, 09:30 to 10:30."),
    "decisions.*.relay_delay_hours": _r(0.25, 4.0, "A quarter of an hour to half a working day until a message is "
                                        "read and acted on; not measured.", "loguniform"),
    "decisions.*.relay_hours_per_report": _r(0.0, 0.25, "Telling reports one by one: at once to 15 minutes each; "
                                             "not measured."),
    "decisions.*.decision_time_share": _r(0.7, 1.3, "Share of working time for escalations: within 30% of the "
                                          "preset's; not measured.", relative=True),
    "decisions.engineer_meeting_hours_per_week": _r(0.5, 2.0, "Half to twice the preset's meeting hours; not "
                                                    "measured.", "loguniform", relative=True),
    "decisions.feedback_posts_per_day": _r(0.5, 1.5, "Half to one and a half times the preset's posts a day.",
                                           relative=True),
    "decisions.minutes_per_post": _r(0.5, 3.0, "Most replies are short (about 8,000 of 120,000 daily posts are "
                                     "substantive, L105): 30 seconds to 3 minutes each.", "loguniform"),
    "decisions.decision_hour": _r(9.5, 15, "A top decision taken between 09:30 and 15:00."),
    # --- equity
    "equity.rounds.*.amount_usd": _r(0.5, 2.0, "Illustrative round sizes: half to twice the preset's.", "loguniform",
                                     relative=True),
    "equity.rounds.*.pre_money_usd": _r(0.5, 2.0, "Illustrative valuations: half to twice the preset's.",
                                        "loguniform", relative=True),
    "equity.rounds.*.post_money_usd": _r(0.5, 2.0, "Illustrative valuations: half to twice the preset's.",
                                         "loguniform", relative=True),
    "equity.rounds.*.employee_buy_in_usd": _r(0.5, 1.5, "Staff money in a round: half to one and a half times the "
                                              "preset's (none stays none).", relative=True),
    "equity.rounds.*.pool_top_up_pct": _r(0.5, 1.5, "Pool top-ups: half to one and a half times the preset's.",
                                          relative=True),
    "equity.rounds.*.preference_multiple": _r(1.0, 2.0, "1x in most venture deals (Cooley and Fenwick venture "
                                              "surveys), up to 2x in hard markets.", "triangular", mode=1.0),
    "equity.buy_in_people": _r(0.8, 1.2, "Staff buying in: within 20% of the preset's count.", relative=True),
    "equity.pool_initial_pct": _r(5, 20, "Option pools of 10-20% are common at early rounds (Carta); 5% at the low "
                                  "end."),
    "equity.pool_granted_share": _r(0.6, 1.0, "60% to all of a pool tranche granted to current staff."),
    "equity.grant_weight_by_role.*": _r(0.5, 2.0, "Grant sizes by role are not reported: half to twice the "
                                        "preset's weight.", "loguniform", relative=True),
    "equity.vesting_years": _r(3, 5, "4-year vesting is conventional; 3 and 5 years occur."),
    "equity.cliff_years": _r(0, 1, "A 1-year cliff is conventional; some plans have none.", "triangular", mode=1.0),
    "equity.buyback_rate_per_year": _r(0.0, 0.15, "Buybacks happened (L79) at an unreported rate: none to 15% of "
                                       "vested options a year, most likely 5%.", "triangular", mode=0.05),
    "equity.exit_valuation_usd": _r(0.25, 4.0, "An illustrative exit: a quarter to four times the preset's.",
                                    "loguniform", relative=True),
    "equity.salary_by_role_usd.*": _r(0.7, 1.5, "Salaries are not reported: 70% to 150% of the placeholder.",
                                      "loguniform", relative=True),
    "equity.pay_mix.*.equity_multiplier": _r(0.85, 1.15, "Derived from 'mostly stock' read as 70% equity; 60-80% "
                                             "gives about 15% either way.", relative=True),
    "equity.pay_mix.*.salary_multiplier": _r(0.9, 1.1, "The cash side of the same choices, within 10%.",
                                             relative=True),
    # --- cost
    "cost.overhead_multiplier": _r(1.25, 1.6, "Loaded cost over salary: wages are 68-80% of employer compensation "
                                   "across US private industry (BLS, Employer Costs for Employee Compensation), "
                                   "so 1.25-1.5, more with office and equipment."),
    "cost.dotted_line_hours_per_week": _r(0.25, 2.0, "A dotted line costs a weekly sync of half an hour to a "
                                          "couple of hours for both people; not measured.", "triangular",
                                          mode=0.5),
}
"""Schema path (``*`` = any list index or dict key) -> the default plausible range of that input."""

NOT_RANGED: dict[str, str] = {
    "seed": "The random seed changes only sampling error; it is held fixed so every draw shares it.",
    "review.simulation_changes_per_team": "A sample size: it changes only sampling error.",
    "decisions.simulation_draws": "A sample size: it changes only sampling error.",
    "equity.founder_shares": "A share unit: every figure depends on ratios, not on this count.",
    "decisions.*.meeting_day": "A weekday is a calendar choice, not a quantity; compare scenarios for it.",
    "decisions.decision_weekday": "A weekday is a calendar choice, not a quantity; compare scenarios for it.",
    "decisions.mobilisation_target_hours": "A yardstick the mobilisation figure is read against, not an input of it.",
    "equity.rounds.*.seniority": "A rank order of rounds, a term of the deal; compare scenarios for it.",
    "equity.rounds.*.participation_cap_multiple": "A deal term that exists only for participating rounds.",
    "equity.rounds.*.conversion_ratio": "A term of the deal (1:1 unless anti-dilution adjusted it); compare "
                                        "scenarios for it.",
    "equity.rounds.*.dividend_pct": "A term of the deal (no dividend unless the term sheet says so); compare "
                                    "scenarios for it.",
    "equity.convertibles": "SAFEs and notes are instruments with stated terms, not estimates; compare scenarios.",
    "equity.next_round": "A stated next round's terms are the deal being weighed, not estimates; compare scenarios.",
    "equity.transaction_fees_usd": "A term of the exit deal (none by default); compare scenarios for it.",
    "equity.transaction_fees_pct": "A term of the exit deal (none by default); compare scenarios for it.",
    "equity.carve_out_pct": "A term of the exit deal (none by default); compare scenarios for it.",
    "equity.escrow_pct": "A term of the exit deal (none by default); compare scenarios for it.",
    "equity.acceleration_pct": "A term of the option plan (none by default); compare scenarios for it.",
    "review.owner_share": "A policy switch (0 = no code-owner rule, as L52 reads): any share above 0 moves the review "
                          "engine to its simulation (about 2 s a report); compare a scenario with code owners instead.",
}
"""Numeric schema paths given no range on purpose, with why (the test accepts these and nothing else)."""
