"""Bring your own organisation: upload, map columns (preview + selectboxes), pick working habits, import.

Also the spans-and-layers section and "find a person" of the Organisation page. The import
itself is `orgmodel.io`; this module only gathers choices and renders.
"""

from __future__ import annotations

import streamlit as st

from app_pages import state, ui
from orgmodel.charts.people import person_chart
from orgmodel.charts.structure import layer_pyramid, span_buckets, spans_by_level, team_size_histogram
from orgmodel.errors import InputError
from orgmodel.io.columns import detect_columns
from orgmodel.io.orgfiles import ImportedOrg, imported_scenario, people_from_rows
from orgmodel.io.people import chain_to_top, find_people, team_rows
from orgmodel.io.rows import MAX_ORG_FILE_BYTES, RawTable, read_rows
from orgmodel.loading import preset_names
from orgmodel.orgtable import OrgTable
from orgmodel.scenario import Scenario
from orgmodel.structure import StructureMetrics

UPLOAD_KEY = "om.org_csv_upload"
IMPORT_BOX = "om.import_box"
MAPPED_FIELDS = ("id", "manager", "name", "department", "role")
FIELD_HELP = {
    "id": "a unique id per person", "manager": "the manager's id; empty, NULL, 0 or - at the top",
    "name": "shown in charts; the id when none", "department": "none: the branch under the founders",
    "role": "founder/manager/lead/engineer, or job titles read by their role words; none: from the tree",
}
NONE = "(none)"
CURRENT = "the current scenario"


@st.cache_data(max_entries=4, show_spinner=False)
def _rows(data: bytes, file_name: str) -> RawTable:
    return read_rows(data, file_name, file_name)


@st.cache_data(max_entries=8, show_spinner=False)
def _import(data: bytes, file_name: str, mapping: tuple[tuple[str, str], ...], orphans: str,
            virtual_top: bool) -> ImportedOrg:
    return people_from_rows(_rows(data, file_name), file_name, mapping=dict(mapping),
                            orphans="placeholder" if orphans == "placeholder" else "error",
                            virtual_top=virtual_top, what=file_name)


def _problems(title: str, err: InputError) -> None:
    st.error(title + "\n" + "\n".join(f"- {p}" for p in err.problems), icon=":material/error:")


def _habits(choice: str) -> tuple[Scenario, str]:
    if choice == CURRENT:
        current = state.scenario()
        return current, f"the scenario {current.name!r}"
    return Scenario.model_validate(state.preset_mapping(choice)), f"preset {choice}"


def render() -> None:
    """The upload-and-map expander; on import the session's scenario becomes the imported org."""
    with ui.lazy_expander("Analyse your own organisation (CSV, Excel or JSON org chart)", IMPORT_BOX,
                          icon=":material/upload_file:") as opened:
        if not opened:  # the uploader and mapping step are drawn only while the box is open
            return
        st.caption("Any export with one row per person and their manager's id: Workday, BambooHR, HiBob, "
                   "Personio, SQL tables, d3-org-chart, OrgChart JS, GoJS. Columns are detected; check them "
                   "below. Roles, teams and departments the file lacks are inferred from the tree.")
        upload = st.file_uploader(f"Org chart (at most {MAX_ORG_FILE_BYTES // 1_000_000} MB)",
                                  type=["csv", "tsv", "txt", "xlsx", "json"], key=UPLOAD_KEY)
        if upload is None:
            return
        data, file_name = upload.getvalue(), upload.name
        try:
            raw = _rows(data, file_name)
        except InputError as err:
            _problems("Not loaded; still showing the previous scenario.", err)
            return
        import pandas as pd  # lazy: pandas is off the first screen's path

        st.dataframe(pd.DataFrame(raw.rows[:8], columns=None).rename(columns=dict(enumerate(raw.header))),
                     hide_index=True)
        st.caption(f"{len(raw.rows):,} rows; {', '.join(raw.notes)}. The first 8 rows are shown.")
        detected = detect_columns(raw.header, raw.rows)
        options = [NONE, *raw.header]
        cols = st.columns(len(MAPPED_FIELDS))
        mapping: dict[str, str] = {}
        for col, field in zip(cols, MAPPED_FIELDS):
            found = detected.column(field)
            with col:
                picked = st.selectbox(field, options, index=options.index(found) if found in options else 0,
                                      key=f"om.map.{field}", help=FIELD_HELP[field])
            if picked != NONE:
                mapping[field] = picked
        left, right = st.columns(2)
        with left:
            placeholder = st.checkbox("Hang people whose manager matches nobody under a placeholder",
                                      key="om.map.orphans")
            virtual_top = st.checkbox("Put everyone without a manager under one virtual top", key="om.map.top")
        with right:
            habits_choice = st.selectbox("Whose working habits to assume (review, decisions, week, equity)",
                                         [*preset_names(), CURRENT], key="om.map.habits")
        try:
            org = _import(data, file_name, tuple(sorted(mapping.items())), "placeholder" if placeholder else "error",
                          virtual_top)
        except InputError as err:
            _problems("Not loaded; still showing the previous scenario.", err)
            return
        info = org.info
        st.success(f"{info.rows_read:,} rows read: {info.people:,} people, {info.roots:,} without a manager. "
                   f"Roles: {info.roles_source}. Teams: {info.teams_source}. Departments: "
                   f"{info.departments_source}.")
        for warning in info.warnings:
            st.warning(warning)
        if st.button("Import and analyse", type="primary", key="om.map.go"):
            habits, label = _habits(habits_choice)
            scenario = imported_scenario(org, habits, label)
            state.set_base(f"upload:{file_name}", scenario.model_dump(mode="json"))
            state.notice("info", "upload", [f"Imported {file_name}: {info.people:,} people, habits from {label}."])
            st.rerun()


def spans_and_layers(table: OrgTable, structure: StructureMetrics, name: str) -> None:
    """Team sizes, spans by level, the layer pyramid, span buckets, the managers furthest off their
    span range, and the import notes."""
    left, right = st.columns(2)
    with left:
        ui.chart(team_size_histogram({name: structure}), "org_hist")
    with right:
        ui.chart(spans_by_level({name: structure}), "org_spans")
    left, right = st.columns(2)
    with left:
        ui.chart(layer_pyramid({name: structure}), "org_pyramid")
    with right:
        ui.chart(span_buckets({name: structure}), "org_span_buckets")
    st.caption(f"{structure.managers_narrow:,} people with reports are narrower and {structure.managers_wide:,} "
               "wider than McKinsey's range for their archetype (player/coach 3-5 for founders, coach 6-7 for "
               "managers and leads; Acharya et al., 2017).")
    if structure.off_target:
        import pandas as pd  # lazy: pandas is off the first screen's path

        st.dataframe(pd.DataFrame([o.model_dump() for o in structure.off_target]), hide_index=True)
    if structure.imported is not None:
        info = structure.imported
        st.caption(f"Imported from {info.file} ({info.rows_read:,} rows); roles {info.roles_source}; "
                   f"working habits from {info.habits_from}.")


def find_a_person(table: OrgTable) -> None:
    """Search by name or id; show the chain to the top and the team highlighted."""
    query = st.text_input("Name or id", key="om.find")
    if not query:
        return
    rows = find_people(table, query)
    if not rows:
        st.info(f"Nobody's name or id matches {query!r}.")
        return
    row = st.selectbox("Person", rows, format_func=lambda r: f"{table.name_of(r)} (id {table.id_of(r)})",
                       key="om.find.pick")
    chain = chain_to_top(table, row)
    team = team_rows(table, row)
    st.markdown(" → ".join(table.name_of(r) for r in chain))
    ui.chart(person_chart(table, row, chain, team, title=f"{table.name_of(row)}: chain to the top and team"),
             "org_person")
