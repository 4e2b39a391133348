"""The sidebar: preset, organisation shape, working week, policies, open/save. Drawn on every page."""

from __future__ import annotations

import streamlit as st

from app_pages import compute, controls, state, ui
from orgmodel.engines import engines
from orgmodel.limits import MAX_UPLOAD_BYTES
from orgmodel.loading import preset_names
from orgmodel.paths import get_path

PRESET_CHOICE = "om.preset_choice"
UPLOAD_SEEN = "om.upload_seen"
MAX_DEPARTMENT_CONTROLS = 40
MAX_LIST_CONTROLS = 4

def _preset_label(name: str) -> str:
    return str(state.preset_mapping(name).get("name", name))


def _on_preset() -> None:
    state.choose_preset(st.session_state[PRESET_CHOICE])


def _on_reset() -> None:
    state.set_base(state.base_name(), state.base_mapping())
    state.clear_notice("edit")


def _department_path(index: int, name: str) -> str:
    key = name if "." not in name and not name.lstrip("-").isdigit() else str(index)
    return f"org.departments.{key}.engineers"


def render() -> None:
    """Draw the sidebar and bring the session's scenario up to date with its widgets."""
    state.init_session()
    if PRESET_CHOICE not in st.session_state:
        name = state.base_name()
        st.session_state[PRESET_CHOICE] = name if name in preset_names() else preset_names()[0]
    sb = st.sidebar
    top, shape, files = sb.container(), sb.container(), sb.container()

    with top:
        st.selectbox("Preset", preset_names(), key=PRESET_CHOICE, format_func=_preset_label, on_change=_on_preset,
                     help="A starting point. Xiaomi 2012 is the flat three-level organisation the article describes; "
                     "Hierarchical 400 is the same headcount with spans of six.")

    with ui.lazy_expander("Open and save", "om.sb.files", icon=":material/folder_open:", where=files) as opened:
        if opened:
            _open_scenario()

    paths: list[str] = []
    with shape:
        base = state.base_mapping()
        paths.append("org.max_team_size")
        top_cap = max(40, int(base["org"]["max_team_size"]) * 2)
        key = state.CONTROL_PREFIX + "org.max_team_size"
        if key not in st.session_state:
            st.session_state[key] = _whole_number_start(base, "org.max_team_size")
        st.slider("Team-size cap (engineers per lead)", 1, max(top_cap, int(st.session_state[key])), key=key,
                  help="A team that grows past this is split into balanced smaller teams, each with a lead. "
                  "Smaller teams: fewer channels to keep in sync, fewer reviewers each, more leads.")
        _span_controls(base)
        paths.append("org.max_span")
        with ui.lazy_expander("Headcount per department", "om.sb.departments", where=shape) as opened:
            for i, dept in enumerate(base["org"]["departments"][:MAX_DEPARTMENT_CONTROLS] if opened else []):
                path = _department_path(i, dept["name"])
                controls.field_control(path, label=dept["name"], help=f"Engineers in {dept['name']} "
                                       "(leads and managers are added on top).")
                paths.append(path)
            if opened and len(base["org"]["departments"]) > MAX_DEPARTMENT_CONTROLS:
                st.caption("Only the first departments are editable here; edit the YAML for the rest.")
        with ui.lazy_expander("Working week", "om.sb.week", where=shape) as opened:
            if opened:
                _week_controls(base)
                paths += ["work.days_per_week", "work.hours_per_day"]
        for e in engines():
            if e.controls and e.settings is not None and base.get(e.settings) is not None:
                with ui.lazy_expander(e.controls_title or e.title, f"om.sb.{e.settings}", where=shape) as opened:
                    if opened:
                        paths += _engine_controls(base, e.settings, e.controls)

    new = {k: v for k, v in state.overrides().items() if k not in paths}
    new.update(controls.edits(paths))
    state.set_overrides(new)
    state.sync_url()

    with top:
        n_edits = len(state.overrides())
        name = state.base_name()
        where = name.removeprefix("upload:") + " (uploaded)" if name.startswith("upload:") else _preset_label(name)
        if n_edits:
            st.caption(f"{where} with {n_edits} edit{'s' if n_edits > 1 else ''}. The page link keeps them.")
            st.button("Reset edits", on_click=_on_reset, icon=":material/undo:")
        else:
            st.caption(f"{where}, as published. Change anything below; the page link keeps your edits.")

    with ui.lazy_expander("Download", "om.downloads", icon=":material/download:", where=files) as opened:
        if opened:  # built only while the box is open (from the cached report), not on every rerun
            scenario_json = state.scenario_json()
            slug = "scenario"
            st.download_button("Scenario (YAML)", compute.scenario_yaml(scenario_json), file_name=f"{slug}.yaml",
                               mime="application/yaml", key="dl_yaml")
            st.download_button("Figures (CSV)", compute.figures_csv(scenario_json),
                               file_name=f"{slug}-figures.csv", mime="text/csv", key="dl_csv")
            st.download_button("Full report (JSON)", compute.report_json(scenario_json),
                               file_name=f"{slug}-report.json", mime="application/json", key="dl_json")


def _open_scenario() -> None:
    """The scenario upload; a bad file is refused with the reason and the current scenario kept."""
    upload = st.file_uploader(f"Open a scenario (YAML, at most {MAX_UPLOAD_BYTES // 1_000_000} MB)",
                              type=["yaml", "yml"], key="om.upload")
    if upload is not None and st.session_state.get(UPLOAD_SEEN) != upload.file_id:
        st.session_state[UPLOAD_SEEN] = upload.file_id
        state.clear_notice("upload")
        state.accept_scenario_upload(upload.name, upload.getvalue())
    shown = state.take_notice("upload")
    if shown:
        kind, lines = shown
        text = "\n".join(f"- {line}" for line in lines)
        if kind == "error":
            st.error(f"Not loaded; still showing the previous scenario.\n{text}", icon=":material/error:")
        else:
            st.success(text)


def _whole_number_start(base: dict, path: str) -> int:
    """Where a slider over whole numbers starts: the session's edit when it is one, else the base's."""
    edited = state.overrides().get(path)
    return int(edited) if edited is not None and edited.isdigit() else int(get_path(base, path))


def _week_controls(base: dict) -> None:
    key = state.CONTROL_PREFIX + "work.days_per_week"
    if key not in st.session_state:
        st.session_state[key] = _whole_number_start(base, "work.days_per_week")
    st.slider("Working days per week", 1, 7, key=key, help="Xiaomi worked 6 days for nearly three years (L56).")
    controls.field_control("work.hours_per_day", label="Working hours per day",
                           help="Xiaomi: 12 hours a day (L56). Review and decision waits are counted in "
                           "working hours; calendar figures add nights and rest days.")


def _engine_controls(base: dict, section: str, fields: tuple[str, ...]) -> list[str]:
    """An engine's declared controls; a ``*`` in a path stands for each item of a list (the first four)."""
    paths = []
    for field in fields:
        head, star, tail = f"{section}.{field}".partition(".*.")
        if not star:
            if get_path(base, head.rsplit(".", 1)[0]) is not None:
                controls.field_control(head)
                paths.append(head)
            continue
        for i, item in enumerate((get_path(base, head) or [])[:MAX_LIST_CONTROLS]):
            path = f"{head}.{i}.{tail}"
            name = item.get("name", str(i)) if isinstance(item, dict) else str(i)
            controls.field_control(path, label=f"{name}: {controls.label_of(path).lower()}")
            paths.append(path)
    return paths


def _span_controls(base: dict) -> None:
    on_key = state.CONTROL_PREFIX + "org.max_span:on"
    num_key = state.CONTROL_PREFIX + "org.max_span:value"
    path_key = state.CONTROL_PREFIX + "org.max_span"
    if on_key not in st.session_state:
        edited = state.overrides().get("org.max_span")
        value = base["org"].get("max_span") if edited is None else (None if edited == "null" else edited)
        try:
            number = int(value) if value is not None else None
        except ValueError:
            number = None
        st.session_state[on_key] = number is not None
        st.session_state[num_key] = number if number is not None else 8
    on = st.toggle("Limit direct reports per manager", key=on_key,
                   help="Off: no limit, so founders manage team leads directly (the flat case). On: nobody has more "
                   "than this many reports, so layers of middle managers appear between founders and leads.")
    if on:
        st.number_input("Most direct reports per manager", min_value=2, max_value=10_000, step=1, key=num_key)
    st.session_state[path_key] = int(st.session_state[num_key]) if on else None
