"""Review: how long a change waits for review, how the team-size cap moves it, who is busy."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.review import split_sweep, turnaround_cdf, utilisation_by_team
from orgmodel.review.absences import present_share
from orgmodel.review.result import ReviewResult, TeamReview
from orgmodel.review.settings import ReviewSettings
from orgmodel.review.sweep import SWEEP_VALUES
from orgmodel.scenario import Scenario


def _span_caption(scenario: Scenario) -> str:
    span = scenario.org.max_span
    if span is None or span >= SWEEP_VALUES[-1]:
        return ""
    return (f" A lead is a manager too, so teams never exceed the span limit ({span} reports): "
            f"caps above {span} change nothing here.")


def _contrast_caption(first_bad: int | None, label: str, current: int) -> str:
    if first_bad is None:
        return f"The dotted line shows the p90 {label}: no queue overflows at any cap shown."
    side = "already past it" if current >= first_bad else f"the cap is {current} now"
    return (f"The dotted line shows the p90 {label}: from a cap of **{first_bad} engineers per lead** the "
            f"sign-off queue never clears ({side}).")


def _near_best_caption(span: tuple[int, int] | None, fewest: int | None, settings: ReviewSettings) -> str:
    """Where the sweep is near its best, and what drives each end of the curve (one sentence each)."""
    away = (f" with reviewers present {present_share(settings.absences):.0%} of the time (absences in force)"
            if settings.absences else "")
    if span is None or fewest is None:
        return f"No cap keeps every queue stable{away}."
    return (f"Shaded: caps {span[0]}-{span[1]} keep p90 turnaround within 10% of its best{away}; "
            f"{fewest} has the fewest channels among them. "
            "At the small end a change has few teammates to review it, so one absent or busy reviewer "
            "holds it; at the large end the lead's sign-offs and everyone's channels grow with the team.")


def _how_exact(review: ReviewResult, scenario_json: str) -> None:
    """Say whether the figures above are exact; where they are not, offer the simulated ones with ±."""
    if review.unstable:
        return
    if review.mean_exact:
        st.caption("The mean turnaround is exact for these rules (docs/model.md); the median and p90 use "
                   "approximate wait shapes.")
        return
    st.caption("These figures are an **approximation** (≈; its measured error is in the notes below and in "
               "docs/model.md). The simulation gives them with a 95% interval.")
    if st.toggle("Simulate (a few seconds)", key="review_simulate"):
        with st.spinner("Simulating…"):
            sim = compute.review_simulation(scenario_json)
        if sim is not None and sim.mean_working_hours is not None and sim.mean_working_hours_ci is not None:
            low, high = sim.mean_working_hours_ci
            half = (high - low) / 2
            st.markdown(f"Simulated: mean **{sim.mean_working_hours:.2f} ± {half:.2f} h** (95%), median "
                        f"{sim.p50_working_hours:.2f} h, p90 {sim.p90_working_hours:.2f} h (working hours)"
                        + ("" if sim.converged else "; not converged, read as rough") + ".")


SECTIONS = ("review",)  # the report sections this page shows: only their engines run


def _sweep(scenario_json: str, cap: int, settings: ReviewSettings, scenario: Scenario) -> None:
    """The team-size sweep: turnaround and channels as the cap varies, with what it means."""
    with st.spinner("Sweeping the team-size cap…"):
        view = compute.review_sweep_view(scenario_json)
    if view is None:
        st.info("The team-size sweep is not available for this scenario.")
    else:
        ui.chart(split_sweep(view.values, view.p50_working_hours, view.p90_working_hours,
                             view.channels_within_teams, current=cap, unstable=view.unstable,
                             contrast_p90_hours=view.contrast_p90_working_hours,
                             contrast_label=view.contrast_label, contrast_unstable=view.contrast_unstable,
                             near_best=view.near_best_range),
                 "review_sweep")
        st.caption(_near_best_caption(view.near_best_range, view.near_best_fewest_channels, settings))
        for note in view.notes:
            st.caption(note)
        st.caption("Smaller teams cut the channels everyone must keep up with but leave fewer teammates to "
                   "review and more changes per approver; turnaround only moves once reviewers or approvers "
                   "get busy (utilisation towards 80%). "
                   + _contrast_caption(view.contrast_first_unstable, view.contrast_label, cap)
                   + _span_caption(scenario))


def _teams(teams: list[TeamReview]) -> None:
    """Load and turnaround of each team (chart, and a table in a box)."""
    if teams:
        ui.chart(utilisation_by_team([t.team for t in teams], [t.reviewer_utilisation for t in teams],
                                     [t.approver_utilisation for t in teams]), "review_util")
        frame = pd.DataFrame([{
            "team": t.team, "engineers": t.size, "reviewers": t.reviewers, "median (h)": t.p50_working_hours,
            "p90 (h)": t.p90_working_hours,
            "reviewers busy": t.reviewer_utilisation, "approver busy": t.approver_utilisation,
            "never clears": t.unstable,
        } for t in teams])
        with st.expander(f"Per team ({len(teams)} teams)"):
            st.dataframe(frame, hide_index=True, width="stretch", column_config={
                "median (h)": st.column_config.NumberColumn(format="%.2f", help="working hours"),
                "p90 (h)": st.column_config.NumberColumn(format="%.2f", help="working hours"),
                "reviewers busy": st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent"),
                "approver busy": st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent"),
            })


def page() -> None:
    scenario = state.scenario()
    scenario_json = state.scenario_json()
    report = compute.report(scenario_json, SECTIONS)
    ref_name = state.reference_preset()
    ref_report = compute.report(compute.preset_json(ref_name), SECTIONS)
    st.title("Code review")
    review = report.review
    if review is None:
        ui.explain_absent(report, "review")
        return
    settings = scenario.review
    assert settings is not None
    st.markdown(
        f"Each engineer sends **{settings.changes_per_engineer_per_day:g}** "
        f"change{'' if settings.changes_per_engineer_per_day == 1 else 's'} a day; "
        f"**{settings.reviewers_per_change}** teammate{'' if settings.reviewers_per_change == 1 else 's'} "
        f"review each, taking **{settings.hours_per_review:g} h** "
        f"on average; policy **{settings.policy.replace('_', ' ')}**"
        + (f", then sign-off by {', '.join(settings.approvals)}" if settings.approvals else ", no sign-off")
        + ". Times are working hours unless marked calendar."
    )
    if review.unstable:
        st.error(f"Reviews pile up faster than they are done: {review.unstable_reason or 'a queue never clears'}. "
                 "The waits below grow without bound; lower the load, add reviewers or drop a sign-off.",
                 icon=":material/warning:")
    ui.metric_grid(report, ("review.p50_working_hours", "review.p90_working_hours", "review.p90_calendar_hours",
                            "review.reviewer_utilisation", "review.approver_utilisation_max"),
                   ref_report, ref_report.scenario.name, per_row=4)
    _how_exact(review, scenario_json)

    curves = {scenario.name: review.cdf}
    p90 = {scenario.name: review.p90_working_hours}
    ref_review = ref_report.review
    if ref_review is not None and ref_report.scenario.name != scenario.name:
        curves[ref_report.scenario.name] = ref_review.cdf
        p90[ref_report.scenario.name] = ref_review.p90_working_hours
    left, right = st.columns(2)
    with left:
        ui.chart(turnaround_cdf(curves, p90=p90, title="Review turnaround, against " + ref_report.scenario.name),
                 "review_cdf")
    with right:
        _sweep(scenario_json, scenario.org.max_team_size, settings, scenario)
    _teams(review.teams)
    for note in review.notes:
        st.caption(note)


page()
