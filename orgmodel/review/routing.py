"""Who receives a team's review tasks under random routing (batched policy): per-reviewer rates.

A change goes to ``r`` distinct reviewers drawn uniformly from its author's eligible teammates
(the other engineers, plus the lead if leads review). The lead never authors, so the lead is
eligible for every change while an engineer is eligible only for the others' changes: the lead
receives more than the team average.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["ReviewerRates", "reviewer_rates"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class ReviewerRates:
    """Review tasks per working hour reaching each reviewer of a team (arrays over teams).

    Attributes
    ----------
    engineer : tasks per working hour reaching one engineer-reviewer (0 if engineers do not review).
    lead : tasks per working hour reaching the lead (0 if the lead does not review).
    lead_share : probability that a given change has the lead among its reviewers, ``r / c``.
    """

    engineer: FloatArray
    lead: FloatArray
    lead_share: FloatArray


def reviewer_rates(engineers: ArrayLike, lead_reviews: ArrayLike, reviews_per_change: ArrayLike,
                   change_rate: ArrayLike) -> ReviewerRates:
    """Per-reviewer task rates when each change picks ``r`` distinct eligible teammates uniformly.

    Parameters
    ----------
    engineers : n, engineers (authors) per team.
    lead_reviews : 1 where the team's lead takes peer reviews, else 0.
    reviews_per_change : r, reviewers per change (already capped at the eligible count).
    change_rate : n * lambda, changes per working hour sent by the team.

    Returns
    -------
    ReviewerRates (tasks per working hour).

    Notes
    -----
    With ``c = n - 1 + L`` eligible reviewers per change (``L`` = 1 if the lead reviews), a given
    eligible reviewer is among a change's ``r`` reviewers with probability ``r / c`` (uniform
    ``r``-subset). Engineer ``j`` is eligible for the changes of the other ``n - 1`` engineers,
    the lead for all ``n``:

        lambda_eng  = (n - 1) lambda r / c,      lambda_lead = n lambda r / c.

    They add up to the team's task rate: ``n lambda_eng + L lambda_lead = n lambda r`` (each
    of ``n lambda`` changes gets ``r`` reviews). With the lead reviewing (``c = n``) the lead gets
    ``lambda r`` against the engineers' ``(n - 1) lambda r / n``; without it everyone gets
    ``lambda r``. Each reviewer's input is an independent thinning of Poisson streams, hence
    Poisson (splitting and superposition of Poisson processes; Ross, *Introduction to
    Probability Models*, ch. 5), so each reviewer is an exact
    M/G/1 queue (with vacations under the batched policy) at its own rate.
    """
    n = np.asarray(engineers, dtype=np.float64)
    lead = np.asarray(lead_reviews, dtype=np.float64)
    r = np.asarray(reviews_per_change, dtype=np.float64)
    rate = np.asarray(change_rate, dtype=np.float64)
    c = np.maximum(n - 1, 0) + lead
    with np.errstate(divide="ignore", invalid="ignore"):
        per_engineer = np.where(n > 0, rate / n, 0.0)
        share = np.where(c > 0, r / c, 0.0)
    engineer = np.where(n >= 2, (n - 1) * per_engineer * share, 0.0)
    lead_rate = np.where(lead > 0, n * per_engineer * share, 0.0)
    return ReviewerRates(engineer=engineer, lead=lead_rate, lead_share=np.where(lead > 0, share, 0.0))
