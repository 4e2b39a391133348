"""Decisions: escalation round trips, mobilisation after a top decision, control loss, the engineer's week."""

from __future__ import annotations

import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.decisions import control_loss, latency_split, manager_load, mobilisation_timeline, week_budget

SECTIONS = ("decisions", "time_budget")  # the report sections this page shows: only their engines run


def page() -> None:
    scenario_json = state.scenario_json()
    report = compute.report(scenario_json, SECTIONS)
    ref_report = compute.report(compute.preset_json(state.reference_preset()), SECTIONS)
    name, ref = report.scenario.name, ref_report.scenario.name
    both = ref != name
    st.title("Decisions and mobilisation")
    result = report.decisions
    if result is None:
        ui.explain_absent(report, "decisions")
        return
    other = ref_report.decisions if both else None
    if result.unstable:
        st.error(f"A decision-maker's queue never clears: {result.unstable_reason}", icon=":material/warning:")
    st.info(result.bottleneck, icon=":material/bolt:")
    ui.metric_grid(report, ("decisions.escalation_p50_working_hours", "decisions.escalation_p90_working_hours",
                            "decisions.escalation_p90_calendar_hours", "decisions.mobilisation_p100_calendar_hours",
                            "decisions.fidelity_at_engineers", "decisions.busiest_manager_utilisation",
                            "time_budget.own_work_hours_per_week"),
                   ref_report, ref, per_row=4)

    left, right = st.columns(2)
    with left:
        timelines = {name: [(p.calendar_hours, p.share) for p in result.mobilisation_timeline]}
        if other is not None:
            timelines[ref] = [(p.calendar_hours, p.share) for p in other.mobilisation_timeline]
        ui.chart(mobilisation_timeline(timelines, target_hours=result.mobilisation_target_calendar_hours), "dec_mobil")
    with right:
        splits = {}
        if result.latency_split is not None:
            splits[name] = result.latency_split.model_dump()
        if other is not None and other.latency_split is not None:
            splits[ref] = other.latency_split.model_dump()
        if splits:
            ui.chart(latency_split(splits), "dec_split")
        else:
            st.info("No escalation round trip to split (a queue never clears).")

    left, right = st.columns(2)
    with left:
        fidelity = {name: result.fidelity_per_hop}
        hops = {name: report.structure.hops_engineer_to_founder_mean}
        if other is not None:
            fidelity[ref] = other.fidelity_per_hop
            hops[ref] = ref_report.structure.hops_engineer_to_founder_mean
        ui.chart(control_loss(fidelity, hops, max_hops=max(6, int(max(hops.values())) + 2)), "dec_control")
        st.caption("Each relay keeps a share of the intent (Williamson's control loss); the star marks the mean "
                   "engineer's distance from the founders.")
    with right:
        budgets = {}
        if report.time_budget is not None:
            budgets[name] = report.time_budget.model_dump()
        if both and ref_report.time_budget is not None:
            budgets[ref] = ref_report.time_budget.model_dump()
        if budgets:
            ui.chart(week_budget(budgets), "dec_week")
            budget = report.time_budget
            if budget is not None and budget.message:
                (st.caption if budget.fits else st.warning)(budget.message)
        else:
            ui.missing("time_budget")

    managers = result.busiest_managers
    if managers:
        ui.chart(manager_load([f"{m.name} ({m.role})" for m in managers], [m.utilisation for m in managers]),
                 "dec_load")
    for note in result.notes:
        st.caption(note)


page()
