"""Organisation: headline figures, the org chart, team sizes, spans and layers, find a person; import an org."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from app_pages import compute, findperson, orgedit, orgimport, orgspans, state, ui
from orgmodel.charts.orgchart import MAX_TREE_PEOPLE, org_sunburst, org_tree
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


def _views(table: OrgTable, structure: StructureMetrics, name: str, key: str, scenario_json: str | None = None) -> None:
    """The org chart, its departments, spans and layers, and find a person: one tab each.

    Only the open tab is drawn: every chart on screen costs the browser a re-plot on each rerun, so a
    slider move redraws one chart, not six.
    """
    sun_title = "Departments and teams (area = people; click to zoom)"
    labels = ["Everyone", "Departments and teams", "Spans and layers", "Find a person"]
    if len(table) > MAX_TREE_PEOPLE:
        st.caption(f"{len(table):,} people: too many to draw one by one, so teams are grouped.")
        labels = labels[1:]
    tabs = dict(zip(labels, st.tabs(labels, key=f"{key}_chart_tab", on_change="rerun"), strict=True))
    shown = next((label for label, tab in tabs.items() if tab.open), labels[0])
    with tabs[shown]:
        if shown == "Everyone":
            tree_title = f"{name}: one dot per person, managers above their reports"
            fig = (compute.org_tree_figure(scenario_json, tree_title) if scenario_json
                   else org_tree(table, title=tree_title))
            if scenario_json:  # a click on a dot picks that person for "Change the organisation"
                st.plotly_chart(fig, width="stretch", key=f"{key}_tree", config={"displaylogo": False},
                                on_select="rerun", selection_mode="points")
            else:
                ui.chart(fig, f"{key}_tree")
        elif shown == "Departments and teams":
            ui.chart(compute.org_sunburst_figure(scenario_json, sun_title) if scenario_json
                     else org_sunburst(table, title=sun_title), f"{key}_sun")
        elif shown == "Spans and layers":
            orgspans.spans_and_layers(structure, name)
        else:
            findperson.find_a_person(table)


def _clicked_row(key: str) -> int | None:
    """The row of the dot last clicked on the org chart (its ``customdata``), or None."""
    selection = st.session_state.get(key)
    points = selection.get("selection", {}).get("points", []) if isinstance(selection, Mapping) else []
    data = points[-1].get("customdata") if points else None
    if isinstance(data, list):
        data = data[0] if data else None
    return int(data) if isinstance(data, (int, float)) else None


def page() -> None:
    scenario = state.scenario()
    scenario_json = state.scenario_json()
    with st.spinner("Computing…"):
        table = compute.org_table(scenario_json)
        report = compute.report(scenario_json)
        ref_name = state.reference_preset()
        # with hand edits, every delta here is "as it was -> as edited"
        ref_json = state.unedited_json() if state.edits() else compute.preset_json(ref_name)
        ref_report = compute.report(ref_json)
    ref_label = "as it was" if state.edits() else ref_report.scenario.name
    st.title(scenario.name)
    if scenario.description:
        st.caption(scenario.description)
    line = ui.takeaway(compute.comparison(scenario_json, ref_json))
    if line and state.edits():
        line = "**As edited, against the organisation as it was:**" + line.split(":**", 1)[-1]
    if line:
        st.markdown(line)
    ui.metric_grid(report, HEADLINES, ref_report, ref_label)
    _views(table, report.structure, scenario.name, "org", scenario_json)
    st.subheader("More figures")
    ui.metric_grid(report, STRUCTURE_KEYS, ref_report, ref_label)
    with ui.lazy_expander("Every figure in the report", "org_every_figure", icon=":material/table:") as opened:
        if opened:  # drawn only when opened (a table costs every rerun otherwise)
            import pandas as pd  # lazy: pandas is off the first screen's path (half a second on a fresh server)

            st.dataframe(pd.DataFrame(figures_table(report)), hide_index=True, width="stretch",
                         column_config={"what it means": st.column_config.TextColumn(width="large")})
    orgedit.render(scenario_json, scenario.name, _clicked_row("org_tree"))
    orgimport.render()


page()
