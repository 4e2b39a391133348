"""Bring your own organisation: upload, map columns (preview + selectboxes), pick working habits, import.

The import itself is `orgmodel.io`; this module only gathers choices and renders. Every refusal
(`InputError`) is shown as an error box and the session's scenario is kept.
"""

from __future__ import annotations

import streamlit as st

from app_pages import state, ui
from orgmodel.errors import InputError
from orgmodel.io.columns import detect_columns
from orgmodel.io.habits import imported_scenario
from orgmodel.io.orgfiles import ImportedOrg, people_from_rows
from orgmodel.io.roles import ROLE_RULE
from orgmodel.io.rows import MAX_ORG_FILE_BYTES, RawTable, read_rows
from orgmodel.loading import preset_names
from orgmodel.scenario import Scenario

UPLOAD_KEY = "om.org_csv_upload"
IMPORT_BOX = "om.import_box"
MAPPED_FIELDS = ("id", "manager", "name", "department", "role")
FIELD_HELP = {
    "id": "a unique id per person", "manager": "the manager's id; empty, NULL, 0, #N/A or - at the top",
    "name": "shown in charts; the id when none", "department": "none: the branch under the founders",
    "role": ROLE_RULE,
}
NONE = "(none)"
CURRENT = "the current scenario"
NOT_LOADED = "Not loaded; still showing the previous scenario."


@st.cache_data(max_entries=4, show_spinner=False)
def _rows(data: bytes, file_name: str, sheet: str | None) -> RawTable:
    return read_rows(data, file_name, file_name, sheet=sheet)


@st.cache_data(max_entries=8, show_spinner=False)
def _import(data: bytes, file_name: str, sheet: str | None, mapping: tuple[tuple[str, str], ...], orphans: str,
            virtual_top: bool, keep_former: bool) -> ImportedOrg:
    return people_from_rows(_rows(data, file_name, sheet), file_name, mapping=dict(mapping),
                            orphans="placeholder" if orphans == "placeholder" else "error",
                            virtual_top=virtual_top, what=file_name, keep_former=keep_former)


def _problems(title: str, err: InputError) -> None:
    st.error(title + "\n" + "\n".join(f"- {p}" for p in err.problems), icon=":material/error:")


def _habits(choice: str) -> tuple[Scenario, str]:
    if choice == CURRENT:
        current = state.scenario()
        return current, f"the scenario {current.name!r}"
    return Scenario.model_validate(state.preset_mapping(choice)), f"preset {choice}"


def _preview(raw: RawTable) -> None:
    """The first 8 rows under the file's (distinct) column names."""
    import pandas as pd  # lazy: pandas is off the first screen's path

    width = len(raw.header)
    cells = [(row + [""] * width)[:width] for row in raw.rows[:8]]
    st.dataframe(pd.DataFrame(cells, columns=raw.header), hide_index=True)
    st.caption(f"{len(raw.rows):,} rows; {', '.join(raw.notes)}. The first 8 rows are shown.")


def _mapping(raw: RawTable) -> dict[str, str]:
    """Field -> column as the selectboxes say (they start from the detected columns)."""
    detected = detect_columns(raw.header, raw.rows)
    options = [NONE, *raw.header]
    mapping: dict[str, str] = {}
    for col, field in zip(st.columns(len(MAPPED_FIELDS)), MAPPED_FIELDS):
        found = detected.column(field)
        with col:
            picked = st.selectbox(field, options, index=options.index(found) if found in options else 0,
                                  key=f"om.map.{field}", help=FIELD_HELP[field])
        if picked != NONE:
            mapping[field] = picked
    return mapping


def _upload() -> tuple[bytes, str, str | None, RawTable] | None:
    """The uploaded file, the sheet chosen (an .xlsx with several) and its rows; None if none or refused."""
    upload = st.file_uploader(f"Org chart (at most {MAX_ORG_FILE_BYTES // 1_000_000} MB)",
                              type=["csv", "tsv", "txt", "xlsx", "json"], key=UPLOAD_KEY)
    if upload is None:
        return None
    data, file_name = upload.getvalue(), upload.name
    sheet = None
    try:
        raw = _rows(data, file_name, None)
        if len(raw.sheets) > 1:
            picked = st.selectbox("Sheet", raw.sheets, key=f"om.map.sheet.{len(data)}.{file_name}",
                                  help="the workbook has several sheets; the first is read unless you choose")
            if picked != raw.sheets[0]:
                sheet, raw = picked, _rows(data, file_name, picked)
    except InputError as err:
        _problems(NOT_LOADED, err)
        return None
    return data, file_name, sheet, raw


def render() -> None:
    """The upload-and-map expander; on import the session's scenario becomes the imported org."""
    with ui.lazy_expander("Analyse your own organisation (CSV, Excel or JSON org chart)", IMPORT_BOX,
                          icon=":material/upload_file:") as opened:
        if not opened:  # the uploader and mapping step are drawn only while the box is open
            return
        st.caption("Any export with one row per person and their manager's id (or a path such as "
                   "CEO/VP Eng/Team A, or nested children): Workday, BambooHR, HiBob, Personio, SQL tables, "
                   "d3-org-chart, OrgChart JS, GoJS, draw.io. Columns are detected; check them below. Roles, "
                   "teams and departments the file lacks are inferred from the tree.")
        uploaded = _upload()
        if uploaded is None:
            return
        data, file_name, sheet, raw = uploaded
        _preview(raw)
        mapping = _mapping(raw)
        st.caption(f"Roles: {ROLE_RULE}.")
        left, right = st.columns(2)
        with left:
            placeholder = st.checkbox("Hang people whose manager matches nobody under a placeholder",
                                      key="om.map.orphans")
            virtual_top = st.checkbox("Put everyone without a manager under one virtual top", key="om.map.top")
            keep_former = st.checkbox("Keep former staff", key="om.map.former",
                                      help="rows a status or end-date column marks as not current staff are "
                                           "left out unless this is ticked")
        with right:
            habits_choice = st.selectbox("Whose working habits to assume (review, decisions, week, equity)",
                                         [*preset_names(), CURRENT], key="om.map.habits")
        try:
            org = _import(data, file_name, sheet, tuple(sorted(mapping.items())),
                          "placeholder" if placeholder else "error", virtual_top, keep_former)
        except InputError as err:
            _problems(NOT_LOADED, err)
            return
        _read_summary(org)
        if st.button("Import and analyse", type="primary", key="om.map.go"):
            _import_and_analyse(org, file_name, habits_choice)


def _read_summary(org: ImportedOrg) -> None:
    info = org.info
    st.success(f"{info.rows_read:,} rows read: {info.people:,} people, {info.roots:,} without a manager. "
               f"Roles: {info.roles_source}. Teams: {info.teams_source}. Departments: "
               f"{info.departments_source}.")
    for warning in info.warnings:
        st.warning(warning)


def _import_and_analyse(org: ImportedOrg, file_name: str, habits_choice: str) -> None:
    """Make the chart the session's scenario, or show why not (the scenario kept)."""
    habits, label = _habits(habits_choice)
    try:
        scenario = imported_scenario(org, habits, label)
    except InputError as err:
        _problems(NOT_LOADED, err)
        return
    state.set_base(f"upload:{file_name}", scenario.model_dump(mode="json"))
    state.notice("info", "upload", [f"Imported {file_name}: {org.info.people:,} people, habits from {label}."])
    st.rerun()
