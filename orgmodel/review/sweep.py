"""Turnaround against team size (or span): the curve the app draws beside team channels."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field, ValidationError

from orgmodel.errors import InputError, describe_validation_error
from orgmodel.layout import layout
from orgmodel.limits import MAX_SWEEP_POINTS
from orgmodel.model_base import Result
from orgmodel.review.analysis import analyse_review
from orgmodel.scenario import OrgShape, Scenario
from orgmodel.structure import measure_structure

__all__ = ["NEAR_BEST", "SWEEP_PARAMS", "SWEEP_VALUES", "ReviewSweepView", "SweepPoint", "SweepResult",
           "contrast_approvals", "near_best", "review_sweep_view", "sweep_scenario", "sweep_team_size",
           "sweep_values", "sweep_view"]

SWEEP_PARAMS = ("org.max_team_size", "org.max_span")


class SweepPoint(Result):
    """Turnaround and structure at one value of the swept parameter (working hours)."""

    value: int
    p50_working_hours: float | None
    p90_working_hours: float | None
    mean_working_hours: float | None
    channels_within_teams: int = Field(description="sum over teams of n(n-1)/2, lead included")
    teams: int
    unstable: bool


class SweepResult(Result):
    """One analytic review result per value of ``param``."""

    param: str
    points: list[SweepPoint]
    near_best_range: tuple[int, int] | None = Field(
        default=None,
        description="smallest and largest value whose p90 turnaround (working hours) is within 10% of the "
        "best stable p90; None if no point is stable",
    )
    near_best_fewest_channels: int | None = Field(
        default=None, description="among those values, the one with the fewest channels within teams",
    )
    notes: list[str] = Field(default_factory=list)

    def to_text(self) -> str:
        """A plain-text table for the CLI."""
        head = f"{self.param:>18} {'teams':>6} {'channels':>9} {'mean h':>8} {'p50 h':>8} {'p90 h':>8}"
        lines = [head, "-" * len(head)]
        for p in self.points:
            cells = [_fmt(p.mean_working_hours), _fmt(p.p50_working_hours), _fmt(p.p90_working_hours)]
            if p.unstable:
                cells = ["unstable", "", ""]
            lines.append(f"{p.value:>18} {p.teams:>6} {p.channels_within_teams:>9} "
                         f"{cells[0]:>8} {cells[1]:>8} {cells[2]:>8}")
        return "\n".join(lines)


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def sweep_team_size(scenario: Scenario, values: list[int], param: str = "org.max_team_size") -> SweepResult:
    """Recompute review turnaround (analytic) with ``param`` set to each of ``values``.

    Parameters
    ----------
    scenario : a scenario with a ``review`` section.
    values : values of ``param`` (at most `orgmodel.limits.MAX_SWEEP_POINTS`).
    param : ``org.max_team_size`` or ``org.max_span``.

    Raises
    ------
    ValueError for an unknown parameter, too many values, or a value the schema rejects.
    """
    if param not in SWEEP_PARAMS:
        raise ValueError(f"param = {param!r} cannot be swept; allowed: {', '.join(SWEEP_PARAMS)}")
    if len(values) > MAX_SWEEP_POINTS:
        raise ValueError(f"{len(values)} sweep values is more than the {MAX_SWEEP_POINTS} allowed")
    field = param.split(".", 1)[1]
    points = []
    base = scenario.org.model_dump()
    notes: list[str] = []
    if scenario.review is not None and scenario.review.owner_share > 0:
        # code owners need the simulation (seconds per point): the sweep stays analytic without them
        scenario = scenario.model_copy(update={"review": scenario.review.model_copy(update={"owner_share": 0.0})})
        notes.append("the sweep leaves out code owners (review.owner_share), which only the simulation models")
    for value in values:
        try:
            org = OrgShape.model_validate({**base, field: value})
        except ValidationError as err:
            raise InputError([f"org.{line}" for line in describe_validation_error(err)], f"--param {param}") from None
        varied = scenario.model_copy(update={"org": org})
        table = layout(varied)
        result = analyse_review(varied, table)
        structure = measure_structure(table)
        points.append(SweepPoint(
            value=value, p50_working_hours=result.p50_working_hours, p90_working_hours=result.p90_working_hours,
            mean_working_hours=result.mean_working_hours, channels_within_teams=structure.channels_within_teams,
            teams=structure.teams, unstable=result.unstable,
        ))
    low, fewest = near_best(points)
    return SweepResult(param=param, points=points, near_best_range=low, near_best_fewest_channels=fewest,
                       notes=notes)


NEAR_BEST = 0.10
"""A value is near the best when its p90 turnaround is within this fraction of the best p90."""


def near_best(points: list[SweepPoint]) -> tuple[tuple[int, int] | None, int | None]:
    """The range of values with p90 within `NEAR_BEST` of the best, and its fewest-channel value.

    Notes
    -----
    Only stable points count. Turnaround is flat where reviewers are idle and rises at both
    ends (few reviewers per change at small caps, busy approvers and reviewers at large ones),
    while channels ``n (n - 1) / 2`` per team only grow with the cap: the fewest-channel value
    near the best turnaround is the cheapest team size that costs little waiting.
    """
    ok = [p for p in points if not p.unstable and p.p90_working_hours is not None]
    if not ok:
        return None, None
    best = min(p.p90_working_hours for p in ok if p.p90_working_hours is not None)
    near = [p for p in ok if p.p90_working_hours is not None and p.p90_working_hours <= (1 + NEAR_BEST) * best]
    fewest = min(near, key=lambda p: (p.channels_within_teams, p.value))
    return (min(p.value for p in near), max(p.value for p in near)), fewest.value


SWEEP_VALUES = (2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 20, 24, 30)
"""Team-size caps the Review page's sweep evaluates (plus the current one): dense where teams are small."""


def sweep_values(current: int) -> tuple[int, ...]:
    """The caps to sweep: `SWEEP_VALUES`, the current cap, and twice it when it lies beyond them."""
    extra = {current, current * 2} if current > SWEEP_VALUES[-1] else {current}
    return tuple(sorted({*SWEEP_VALUES, *extra}))


def sweep_scenario(scenario: Scenario, approvals: list[str] | None = None) -> Scenario:
    """The scenario with the swept cap fixed (so every cap shares one cache key) and, optionally, other
    sign-offs."""
    org = scenario.org.model_copy(update={"max_team_size": 1})
    update: dict[str, object] = {"org": org}
    if approvals is not None and scenario.review is not None:
        update["review"] = scenario.review.model_copy(update={"approvals": approvals})
    return scenario.model_copy(update=update)


def contrast_approvals(scenario: Scenario) -> tuple[list[str], str]:
    """The sign-off policy to draw against the scenario's own: lead sign-off if it has none, else none."""
    assert scenario.review is not None
    if scenario.review.approvals:
        return [], "with no sign-off"
    return ["lead"], "if leads signed off every change"


class ReviewSweepView(Result):
    """What the Review page draws for the team-size sweep: the scenario's curve and a contrasting
    sign-off policy's p90 at the same caps (working hours), ready to plot."""

    values: list[int]
    p50_working_hours: list[float | None]
    p90_working_hours: list[float | None]
    channels_within_teams: list[int]
    unstable: list[bool]
    contrast_label: str = Field(description="the contrasting sign-off policy, as a phrase")
    contrast_p90_working_hours: list[float | None]
    contrast_unstable: list[bool]
    contrast_first_unstable: int | None = Field(
        default=None, description="smallest cap whose contrasting policy's queue never clears")
    near_best_range: tuple[int, int] | None = None
    near_best_fewest_channels: int | None = None
    notes: list[str] = Field(default_factory=list)


def review_sweep_view(sweep: SweepResult, contrast: SweepResult, contrast_label: str) -> ReviewSweepView:
    """The view of a sweep (`sweep_team_size` on `sweep_values`) and its contrast at the same values."""
    pts, alt = sweep.points, contrast.points
    return ReviewSweepView(
        values=[p.value for p in pts], p50_working_hours=[p.p50_working_hours for p in pts],
        p90_working_hours=[p.p90_working_hours for p in pts],
        channels_within_teams=[p.channels_within_teams for p in pts], unstable=[p.unstable for p in pts],
        contrast_label=contrast_label, contrast_p90_working_hours=[p.p90_working_hours for p in alt],
        contrast_unstable=[p.unstable for p in alt],
        contrast_first_unstable=next((p.value for p in alt if p.unstable), None),
        near_best_range=sweep.near_best_range, near_best_fewest_channels=sweep.near_best_fewest_channels,
        notes=sweep.notes,
    )


def sweep_view(scenario: Scenario, values: Sequence[int] | None = None) -> ReviewSweepView | None:
    """The Review page's sweep for ``scenario`` at ``values`` (default: `sweep_values` of its current
    cap), with its own sign-offs and the contrasting ones. None without a review section."""
    if scenario.review is None:
        return None
    values = list(sweep_values(scenario.org.max_team_size) if values is None else values)
    approvals, label = contrast_approvals(scenario)
    own = sweep_team_size(scenario, values)
    alt = sweep_team_size(scenario.model_copy(update={
        "review": scenario.review.model_copy(update={"approvals": approvals})}), values)
    return review_sweep_view(own, alt, label)
