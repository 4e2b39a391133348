"""Organisation: headline figures, the org chart, team sizes, spans and layers, find a person; import an org."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import compute, orgimport, state, ui
from orgmodel.charts.orgchart import MAX_TREE_PEOPLE, org_sunburst, org_tree
from orgmodel.charts.structure import spans_by_level, team_size_histogram
from orgmodel.orgtable import OrgTable
from orgmodel.report import figures_table
from orgmodel.structure import StructureMetrics

HEADLINES = (
    "structure.headcount", "structure.levels", "structure.managers", "structure.teams",
    "structure.channels_within_teams", "structure.mean_hops_between_engineers",
    "review.p90_working_hours", "decisions.mobilisation_p100_calendar_hours",
)
STRUCTURE_KEYS = (
    "structure.max_team_size_seen", "structure.span_mean", "structure.channels_if_undivided",
    "review.approver_utilisation_max", "decisions.escalation_p50_working_hours", "time_budget.own_work_hours_per_week",
    "equity.employees_with_equity_pct", "equity.median_stake_to_salary",
)


def _drawings(table: OrgTable, structure: StructureMetrics, name: str, key: str) -> None:
    if len(table) <= MAX_TREE_PEOPLE:
        people, teams = st.tabs(["Everyone", "Departments and teams"])
        with people:
            ui.chart(org_tree(table, title=f"{name}: one dot per person, managers above their reports"),
                     f"{key}_tree")
        with teams:
            ui.chart(org_sunburst(table, title="Departments and teams (area = people; click to zoom)"),
                     f"{key}_sun")
    else:
        st.caption(f"{len(table):,} people: too many to draw one by one, so teams are grouped.")
        ui.chart(org_sunburst(table, title="Departments and teams (area = people; click to zoom)"), f"{key}_sun")
    left, right = st.columns(2)
    with left:
        ui.chart(team_size_histogram({name: structure}), f"{key}_hist")
    with right:
        ui.chart(spans_by_level({name: structure}), f"{key}_spans")


def page() -> None:
    scenario = state.scenario()
    scenario_json = state.scenario_json()
    with st.spinner("Computing…"):
        table = compute.org_table(scenario_json)
        report = compute.report(scenario_json)
        ref_name = state.reference_preset()
        ref_report = compute.report(compute.preset_json(ref_name))
    ref_label = ref_report.scenario.name
    st.title(scenario.name)
    if scenario.description:
        st.caption(scenario.description)
    line = ui.takeaway(compute.comparison(scenario_json, compute.preset_json(ref_name)))
    if line:
        st.markdown(line)
    ui.metric_grid(report, HEADLINES, ref_report, ref_label)
    _drawings(table, report.structure, scenario.name, "org")
    st.subheader("More figures")
    ui.metric_grid(report, STRUCTURE_KEYS, ref_report, ref_label)
    with st.expander("Every figure in the report", icon=":material/table:"):
        st.dataframe(pd.DataFrame(figures_table(report)), hide_index=True, width="stretch",
                     column_config={"what it means": st.column_config.TextColumn(width="large")})
    orgimport.spans_and_layers(table, report.structure, scenario.name)
    orgimport.find_a_person(table)
    orgimport.render()


page()
