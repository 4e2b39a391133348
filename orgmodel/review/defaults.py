"""Why each default of the review settings is what it is: the engine's default provenance.

The engine declares this map in its registry line; the Assumptions page labels a value equal to the
library's default with the entry covering its path (see `orgmodel.provenance`).
"""

from __future__ import annotations

from orgmodel.source import Provenance
from orgmodel.source import assumption as _a

__all__ = ["PROVENANCE"]

PROVENANCE: dict[str, Provenance] = {
    "review": _a("No review section: review figures are not computed."),
    "review.reviewers_per_change": _a("One reviewer per change by default, the most common rule (one approving "
                                      "peer, as at Google: Sadowski et al., ICSE-SEIP 2018)."),
    "review.review_cv": _a("Exponential review effort (cv = 1) by default: no data; a neutral choice between "
                           "fixed (0) and heavy-tailed (> 1)."),
    "review.policy": _a("review_first by default: a reviewer turns to a colleague's change at the next break point."),
    "review.switch_delay_hours": _a("15 minutes on average to reach a break point in one's own work; not measured."),
    "review.batch_interval_hours": _a("Batched reviewers look at their queue every 4 working hours (twice a "
                                      "working day) by default; used only when policy = batched."),
    "review.leads_review": _a("Leads take peer reviews like any teammate by default."),
    "review.approvals": _a("No sign-off after peer review by default."),
    "review.hours_per_approval": _a("15 minutes per sign-off by default; used only when approvals are set."),
    "review.approval_cv": _a("Exponential sign-off effort (cv = 1) by default; no data."),
    "review.simulation_changes_per_team": _a("Simulation sample size: 4,000 changes per team gives the mean within "
                                             "about 1%."),
    "review.absences": _a("No absences by default: reviewers and approvers are at work all working hours."),
    "review.owner_share": _a("No code-owner rule by default: any teammate may review any change."),
}
"""Schema path (``*`` = any list index or dict key) -> why the library's default is what it is."""
