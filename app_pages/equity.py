"""Equity: who owns the company round by round, what staff stakes are worth, against their salary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.equity import (
    dilution,
    exit_proceeds,
    stake_across_exits,
    stake_distribution,
    stake_vs_salary,
    stakes_by_group,
)
from orgmodel.equity.analysis import EquityResult
from orgmodel.equity.offer import offer_summary
from orgmodel.equity.views import staff_groups, staff_stake_distribution
from orgmodel.errors import InputError
from orgmodel.scenario import Scenario

GROUPS = ("founders", "employees", "investors")


SECTIONS = ("equity",)  # the report sections this page shows: only their engines run


def page() -> None:
    scenario = state.scenario()
    scenario_json = state.scenario_json()
    report = compute.report(scenario_json, SECTIONS)
    ref_report = compute.report(compute.preset_json(state.reference_preset()), SECTIONS)
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
        staff = staff_groups(result)
        ui.chart(stake_vs_salary([s.label for s in staff], [s.salary_usd for s in staff], [s.stake_usd for s in staff],
                                 [s.count for s in staff], [s.role for s in staff]), "eq_salary")
    dist = {scenario.name: staff_stake_distribution(result)}
    ref_eq = ref_report.equity
    if ref_eq is not None and ref_report.scenario.name != scenario.name:
        dist[ref_report.scenario.name] = staff_stake_distribution(ref_eq)
    ui.chart(stake_distribution(dist), "eq_dist")
    _exit_range(result)
    _your_stake(scenario, scenario_json, result)
    with st.expander("Exit waterfall"):
        st.dataframe(pd.DataFrame([w.model_dump() for w in result.waterfall]), hide_index=True, width="stretch")
    for note in result.notes:
        st.caption(note)


def _exit_range(result: EquityResult) -> None:
    points = result.exit_range
    marks = [(b.exit_valuation_usd, b.description) for b in result.breakpoints]
    ui.chart(exit_proceeds([p.exit_valuation_usd for p in points],
                           {g: [getattr(p.proceeds_usd, g) for p in points] for g in GROUPS}, marks,
                           scenario_exit_usd=result.exit_valuation_usd), "eq_exit_range")
    st.caption("Every dollar of a sale goes to someone: below the investors' preferences they take it all; "
               "above, founders and staff share in it. Triangles mark where the split changes (hover for what "
               "happens); the unallocated option pool takes nothing.")
    with st.expander("Where the payout changes"):
        st.dataframe(pd.DataFrame([{"exit (US$)": b.exit_valuation_usd, "what happens": b.description}
                                   for b in result.breakpoints]), hide_index=True, width="stretch")


def _your_stake(scenario: Scenario, scenario_json: str, result: EquityResult) -> None:
    st.subheader("One person's stake")
    table = compute.org_table(scenario_json)
    present = {g.role for g in result.stakes}
    roles = [r for r in ("engineer", "lead", "manager", "founder") if r in present]
    left, right = st.columns([1, 2])
    with left:
        pick = st.selectbox("Whose stake", [*roles, "a person (id or name)"], key="eq_who")
    with right:
        person = st.text_input("Person id or name", value="0", key="eq_person",
                               disabled=pick != "a person (id or name)")
    who = person if pick == "a person (id or name)" else str(pick)
    try:
        offer = offer_summary(scenario, who, table)
    except InputError as err:
        st.warning(str(err))
        return
    ui.chart(stake_across_exits([p.exit_valuation_usd for p in offer.at_exits], [p.value_usd for p in offer.at_exits],
                                offer.salary_usd or None, who=offer.name,
                                title=f"{offer.name}: proceeds by exit value"), "eq_your_stake")
    st.caption("What this person would get if the company sold for each value, net of what their options cost "
               "to exercise; the dashed line is one year of their salary.")
    st.markdown("\n".join(f"- {line}" for line in offer.letter))
    if offer.grants:
        st.dataframe(pd.DataFrame([g.model_dump() for g in offer.grants]), hide_index=True, width="stretch")


page()
