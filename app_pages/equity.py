"""Equity: who owns the company round by round, what staff stakes are worth, against their salary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.equity import dilution, stake_distribution, stake_vs_salary, stakes_by_group


def page() -> None:
    scenario = state.scenario()
    scenario_json = state.scenario_json()
    report = compute.report(scenario_json)
    ref_report = compute.report(compute.preset_json(state.reference_preset()))
    st.title("Equity")
    result = report.equity
    if result is None:
        ui.explain_absent(report, "equity")
        return
    st.markdown(
        f"Figures at the **{result.as_of_round}** price ({result.as_of}), company valued at "
        f"**{ui.show(result.valuation_usd, 'USD')}**; exit scenario **{ui.show(result.exit_valuation_usd, 'USD')}**; "
        f"buybacks **{result.buyback_rate_per_year:.0%}** of vested options a year. Change the exit valuation and "
        "buyback rate under *Equity* in the sidebar."
    )
    ui.metric_grid(report, ("equity.employee_ownership_pct", "equity.employees_with_equity_pct",
                            "equity.median_engineer_stake_usd", "equity.median_stake_to_salary",
                            "equity.stake_gini", "equity.founders_ownership_pct"),
                   ref_report, ref_report.scenario.name, per_row=3)
    rows = result.dilution
    ui.chart(dilution([r.round for r in rows], {
        "founders_pct": [r.founders_pct for r in rows], "employees_pct": [r.employees_pct for r in rows],
        "investors_pct": [r.investors_pct for r in rows],
        "pool_unallocated_pct": [r.pool_unallocated_pct for r in rows],
    }), "eq_dilution")
    left, right = st.columns(2)
    with left:
        by = st.segmented_control("Group stakes by", ["role", "level"], default="role", key="eq_group_by") or "role"
        groups = [g for g in (result.by_role if by == "role" else result.by_level)
                  if g.key not in ("founder", "0")]
        ui.chart(stakes_by_group([g.key for g in groups], [g.median_stake_usd for g in groups],
                                 [g.people for g in groups], axis=by,
                                 title=f"Median staff stake by {by} (founders not shown)"), "eq_groups")
    with right:
        staff = [s for s in result.stakes if s.role != "founder"]
        ui.chart(stake_vs_salary([s.label for s in staff], [s.salary_usd for s in staff], [s.stake_usd for s in staff],
                                 [s.count for s in staff], [s.role for s in staff]), "eq_salary")
    dist = {scenario.name: ([s.stake_usd for s in staff], [s.count for s in staff])}
    ref_eq = ref_report.equity
    if ref_eq is not None and ref_report.scenario.name != scenario.name:
        ref_staff = [s for s in ref_eq.stakes if s.role != "founder"]
        dist[ref_report.scenario.name] = ([s.stake_usd for s in ref_staff], [s.count for s in ref_staff])
    ui.chart(stake_distribution(dist), "eq_dist")
    with st.expander("Exit waterfall"):
        st.dataframe(pd.DataFrame([w.model_dump() for w in result.waterfall]), hide_index=True, width="stretch")
    for note in result.notes:
        st.caption(note)


page()
