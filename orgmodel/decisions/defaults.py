"""Why each default of the decision settings is what it is: the engine's default provenance.

The engine declares this map in its registry line; the Assumptions page labels a value equal to the
library's default with the entry covering its path (see `orgmodel.provenance`).
"""

from __future__ import annotations

from orgmodel.source import Provenance
from orgmodel.source import assumption as _a

__all__ = ["PROVENANCE"]

PROVENANCE: dict[str, Provenance] = {
    "decisions": _a("No decisions section: decision and mobilisation figures are not computed."),
    "decisions.escalations_per_engineer_per_week": _a("One decision a week that an engineer cannot take alone; "
                                                      "not measured."),
    "decisions.share_to_top": _a("One escalation in five needs the department head by default; not measured."),
    "decisions.hours_per_decision": _a("Half an hour of the decider's time per escalation by default; not measured."),
    "decisions.decision_cv": _a("Exponential decision effort (cv = 1) by default, which makes every queue M/M/1."),
    "decisions.fidelity_per_hop": _a("0.9 of intent kept per hop: Williamson (1967) leaves it a parameter; "
                                     "illustrative."),
    "decisions.hours_to_raise": _a("Fifteen minutes to write up an escalation by default; not measured."),
    "decisions.*.meeting_interval_days": _a("No decision meeting by default (null): the role decides directly."),
    "decisions.*.meeting_day": _a("Meetings fall on Monday (working day 0) by default; used only with a meeting."),
    "decisions.*.meeting_hour": _a("Meetings start at 10:00 by default; used only with a meeting."),
    "decisions.*.relay": _a("Decisions are passed down by direct message by default."),
    "decisions.*.relay_delay_hours": _a("One working hour until a direct message is read and acted on; not measured."),
    "decisions.*.relay_hours_per_report": _a("Reports are told at once (0 hours each) by default."),
    "decisions.*.decision_time_share": _a("Share of working time for escalations by default: founders 30%, "
                                          "managers 50%, leads 20% (a role's own default 25%); not measured."),
    "decisions.engineer_meeting_hours_per_week": _a("One hour of meetings in an engineer's week by default."),
    "decisions.feedback_posts_per_day": _a("Customer-feedback duty off (0 posts a day) by default."),
    "decisions.minutes_per_post": _a("One minute a customer post by default; used only when feedback duty is on."),
    "decisions.decided_by": _a("Top decisions are held by all founders together by default, so no founder has to "
                               "relay them to the others."),
    "decisions.decision_weekday": _a("The top decision is taken on a Wednesday by default, the weekday of Xiaomi's "
                                     "815 decision (2012-08-15, article L62-63)."),
    "decisions.decision_hour": _a("The top decision is taken at 10:30 by default, as Xiaomi's 815 decision "
                                  "(article L62-63)."),
    "decisions.mobilisation_target_hours": _a("24 calendar hours to compare mobilisation with by default, Xiaomi's "
                                              "815 case (article L62-63)."),
    "decisions.simulation_draws": _a("20,000 sampled escalations by default: percentiles within about 1%."),
}
"""Schema path (``*`` = any list index or dict key) -> why the library's default is what it is."""
