"""Review: how long a change waits for review, how the team-size cap moves it, who is busy."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.review import split_sweep, turnaround_cdf, utilisation_by_team
from orgmodel.review.absences import present_share
from orgmodel.review.settings import ReviewSettings
from orgmodel.scenario import Scenario

# Team-size caps the sweep evaluates (plus the current one): dense where teams are small.
# (A comment, not a docstring: Streamlit's magic would print a bare string on the page.)
SWEEP_VALUES = (2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 20, 24, 30)


def _sweep_values(current: int) -> tuple[int, ...]:
    extra = {current, current * 2} if current > SWEEP_VALUES[-1] else {current}
    return tuple(sorted({*SWEEP_VALUES, *extra}))


def _sweep_key(scenario: Scenario, approvals: list[str] | None = None) -> str:
    """The scenario's JSON with the swept cap fixed, so moving the cap slider reuses the cached sweep."""
    org = scenario.org.model_copy(update={"max_team_size": 1})
    update: dict[str, object] = {"org": org}
    if approvals is not None and scenario.review is not None:
        update["review"] = scenario.review.model_copy(update={"approvals": approvals})
    return scenario.model_copy(update=update).model_dump_json()


def _contrast(scenario: Scenario) -> tuple[list[str], str]:
    """The sign-off policy to draw against the scenario's own: lead sign-off if it has none, else none."""
    assert scenario.review is not None
    if scenario.review.approvals:
        return [], "with no sign-off"
    return ["lead"], "if leads signed off every change"


def _span_caption(scenario: Scenario) -> str:
    span = scenario.org.max_span
    if span is None or span >= SWEEP_VALUES[-1]:
        return ""
    return (f" A lead is a manager too, so teams never exceed the span limit ({span} reports): "
            f"caps above {span} change nothing here.")


def _contrast_caption(values: list[int], unstable: list[bool], label: str, current: int) -> str:
    first_bad = next((v for v, u in zip(values, unstable) if u), None)
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


SECTIONS = ("review",)  # the report sections this page shows: only their engines run


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
        cap = scenario.org.max_team_size
        approvals, label = _contrast(scenario)
        with st.spinner("Sweeping the team-size cap…"):
            sweep = compute.review_sweep(_sweep_key(scenario), _sweep_values(cap))
            contrast = compute.review_sweep(_sweep_key(scenario, approvals), _sweep_values(cap))
        if sweep is None:
            st.info("The team-size sweep is not available for this scenario.")
        else:
            pts = sweep.points
            alt = contrast.points if contrast is not None else []
            ui.chart(split_sweep([p.value for p in pts], [p.p50_working_hours for p in pts],
                                 [p.p90_working_hours for p in pts],
                                 [p.channels_within_teams for p in pts], current=cap,
                                 unstable=[p.unstable for p in pts],
                                 contrast_p90_hours=[p.p90_working_hours for p in alt] if alt else None,
                                 contrast_label=label, contrast_unstable=[p.unstable for p in alt],
                                 near_best=sweep.near_best_range),
                     "review_sweep")
            st.caption(_near_best_caption(sweep.near_best_range, sweep.near_best_fewest_channels, settings))
            for note in sweep.notes:
                st.caption(note)
            st.caption("Smaller teams cut the channels everyone must keep up with but leave fewer teammates to "
                       "review and more changes per approver; turnaround only moves once reviewers or approvers "
                       "get busy (utilisation towards 80%). "
                       + _contrast_caption([p.value for p in alt], [p.unstable for p in alt], label, cap)
                       + _span_caption(scenario))

    teams = review.teams
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
    for note in review.notes:
        st.caption(note)


page()
