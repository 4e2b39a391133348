"""Results of a history analysis (the JSON of ``python -m orgmodel history``): measured, fitted, predicted."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from orgmodel.model_base import Result

__all__ = ["FitResult", "HistoryMeasure", "HistoryReport", "Holdout", "OrgBoundary", "QuarterLanding",
           "ReviewTeam", "WhatIf"]


class QuarterLanding(Result):
    """Time to land of the reviewed changes that landed in one calendar quarter (UTC)."""

    quarter: str = Field(description="e.g. 2024Q1, by landing date")
    changes: int
    p50_calendar_hours: float
    p75_calendar_hours: float
    p90_calendar_hours: float


class ReviewTeam(Result):
    """A review team: a Louvain community of the co-review graph (author-reviewer pairs)."""

    name: str = Field(description="team 1, team 2, ... by size")
    size: int = Field(description="people in the community (authors and reviewers)")
    members: list[str] = Field(description="their names, most active first (at most 30)")
    reviews: int = Field(description="reviews of changes its members authored")
    cross_team_share: float = Field(description="share of those reviews done by someone outside the team")


class OrgBoundary(Result):
    """One team of an imported org chart: how many of its members' reviews cross its boundary."""

    team: str
    people_matched: int = Field(description="its people found in the history (by email, then name)")
    reviews: int = Field(description="reviews of changes its matched members authored")
    cross_boundary_share: float = Field(description="share of those reviews done by someone outside the team")


class HistoryMeasure(Result):
    """What a history says about review flow in a window [since, until) of landing dates."""

    source: str
    since: str | None = Field(description="window start (ISO, UTC), None = the first landing")
    until: str | None = Field(description="window end, exclusive (ISO, UTC), None = after the last landing")
    flows: dict[str, int] = Field(description="reviewed changes per flow: gerrit, merge, gh")
    changes: int = Field(description="reviewed changes that landed in the window (bots left out)")
    authors: int = Field(description="distinct people who authored them")
    reviewers: int = Field(description="distinct people who reviewed them (never the author, never a bot)")
    plain_commits: int = Field(description="whole log: commits with no visible review (counted, not timed)")
    squash_merges: int = Field(description="whole log: subjects ending in (#N); time to land unknown")
    bot_changes: int = Field(description="whole log: reviewed changes by bots, left out")
    impossible_dates: int = Field(description="whole log: reviewed changes skipped for an impossible date")
    commits_with_impossible_dates: int = Field(description="whole log: commits with an impossible date")
    working_days: float = Field(description="working days in the window (its length x days_per_week / 7)")
    changes_per_author_per_day: float = Field(description="changes / authors / working days")
    reviewers_per_change_mean: float
    unreviewed_share: float = Field(description="share of changes with no reviewer other than the author")
    time_to_land_p50_calendar_hours: float | None
    time_to_land_p75_calendar_hours: float | None
    time_to_land_p90_calendar_hours: float | None
    time_to_land_p50_working_hours: float | None = Field(description="on each author's own clock (offset in the date)")
    time_to_land_p75_working_hours: float | None
    time_to_land_p90_working_hours: float | None
    time_to_first_review_p50_calendar_hours: float | None = Field(description="gh export only")
    time_to_first_review_p90_calendar_hours: float | None = Field(description="gh export only")
    top_reviewer_share: float | None = Field(description="the busiest reviewer's share of all reviews")
    reviewers_carrying_80_pct: int = Field(description="fewest reviewers who together did 80% of reviews")
    review_load_curve: list[float] = Field(description="cumulative share of reviews, busiest reviewer first")
    by_quarter: list[QuarterLanding]
    teams: list[ReviewTeam]
    cross_team_share: float | None = Field(description="share of all reviews done across review teams")
    org_boundaries: list[OrgBoundary] | None = Field(default=None, description="with an org chart only")
    notes: list[str] = Field(default_factory=list)


class FitResult(Result):
    """The fitted model of the fit window: review wait (the review engine) plus author time."""

    measured_p50_calendar_hours: float
    measured_p75_calendar_hours: float
    measured_p90_calendar_hours: float
    model_p50_calendar_hours: float
    model_p75_calendar_hours: float
    model_p90_calendar_hours: float
    error_p50_pct: float = Field(description="(model - measured) / measured x 100")
    error_p90_pct: float
    policy: str = Field(description="fitted review policy")
    batch_interval_hours: float | None = Field(description="batched only: working hours between looks")
    hours_per_review: float = Field(description="fitted mean effort of one review, working hours")
    absent_share: float = Field(description="fitted share of working time a reviewer is away")
    review_wait_p50_calendar_hours: float | None = Field(description="the review engine's part alone")
    review_wait_p90_calendar_hours: float | None
    rework_rounds_mean: float = Field(description="mean rework cycles per change (each: author rework + review)")
    rework_mean_calendar_hours: float
    author_delay_median_calendar_hours: float = Field(description="fitted lognormal author delay: median")
    author_delay_sigma: float = Field(description="fitted lognormal author delay: sigma of its log")
    review_share_of_p50: float = Field(
        description="1 - author-delay median / model p50: how much of the median the review stages explain "
        "(the mean is no guide: the fitted delay's tail makes it enormous)")
    unexplained: str = Field(description="what the model does not explain")


class Holdout(Result):
    """The hold-out window [fit_until, until): predicted from its own arrivals and people, observed, naive."""

    since: str
    until: str | None
    changes: int
    predicted_p50_calendar_hours: float | None
    predicted_p90_calendar_hours: float | None
    observed_p50_calendar_hours: float | None
    observed_p90_calendar_hours: float | None
    naive_p50_calendar_hours: float = Field(description="the fit window's own p50 (the naive forecast)")
    naive_p90_calendar_hours: float
    model_error_p50_pct: float | None
    model_error_p90_pct: float | None
    naive_error_p50_pct: float | None
    naive_error_p90_pct: float | None


class WhatIf(Result):
    """One change to the fitted organisation and what the model predicts for it."""

    label: str
    teams: int
    largest_team: int
    p50_calendar_hours: float | None
    p90_calendar_hours: float | None
    cross_team_share: float | None = Field(description="share of the measured reviews that would cross teams")


class HistoryReport(Result):
    """``python -m orgmodel history --format json``: the measurement, and with ``--fit-until`` the fit."""

    history: HistoryMeasure
    fit: FitResult | None = None
    holdout: Holdout | None = None
    what_if: list[WhatIf] = Field(default_factory=list)
    scenario: dict[str, Any] | None = Field(default=None, description="the fitted scenario (opens on every page)")
