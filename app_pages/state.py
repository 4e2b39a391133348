"""The canonical scenario of a session: a base (preset or upload) plus the user's edits.

Widgets come and go with pages; the scenario lives here, in ``st.session_state``:

- ``om.base_name``: the preset's stem, or ``upload:<file name>``;
- ``om.base``: the base scenario as a JSON-ready mapping;
- ``om.overrides``: edited field path -> value text (the CLI's ``--set PATH=VALUE``);
- ``om.good``: the last scenario that validated, as JSON (kept when an edit is refused).

The URL carries ``preset`` plus every override, so a link reopens the same scenario.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from orgmodel.errors import InputError
from orgmodel.loading import apply_overrides, load_preset, parse_scenario, preset_names, validate_scenario
from orgmodel.paths import is_edit
from orgmodel.scenario import Scenario

DEFAULT_PRESET = "xiaomi-2012"
REFERENCE_PRESET = "hierarchical-400"
CONTROL_PREFIX = "ctl:"

BASE_NAME = "om.base_name"
BASE = "om.base"
OVERRIDES = "om.overrides"
GOOD = "om.good"
NOTICES = "om.notices"


@st.cache_data(show_spinner=False)
def preset_mapping(name: str) -> dict[str, Any]:
    """A preset as a validated, JSON-ready mapping (cached: presets do not change while running)."""
    return load_preset(name).model_dump(mode="json")


def notice(kind: str, where: str, lines: list[str]) -> None:
    """Queue a message (``error``/``warning``/``info``) for `where` (``url``, ``upload``, ``edit``)."""
    st.session_state.setdefault(NOTICES, {})[where] = (kind, lines)


def take_notice(where: str) -> tuple[str, list[str]] | None:
    return st.session_state.get(NOTICES, {}).get(where)


def clear_notice(where: str) -> None:
    st.session_state.get(NOTICES, {}).pop(where, None)


def _reset_controls() -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(CONTROL_PREFIX)]:
        del st.session_state[key]


def set_base(name: str, mapping: dict[str, Any], overrides: dict[str, str] | None = None) -> None:
    """Start from a new base scenario; widgets re-read their values from it."""
    st.session_state[BASE_NAME] = name
    st.session_state[BASE] = mapping
    st.session_state[OVERRIDES] = dict(overrides or {})
    scenario = validate_scenario(apply_overrides(mapping, _override_list(overrides or {})), "the scenario")
    st.session_state[GOOD] = scenario.model_dump_json()
    _reset_controls()


def choose_preset(name: str) -> None:
    """Switch to a preset, dropping edits."""
    set_base(name, preset_mapping(name))
    clear_notice("edit")


def _override_list(overrides: dict[str, str]) -> list[str]:
    return [f"{path}={text}" for path, text in overrides.items()]


def init_session() -> None:
    """On a session's first run, restore the scenario from the URL (or the default preset)."""
    if BASE in st.session_state:
        return
    params = st.query_params.to_dict()
    name = params.get("preset", DEFAULT_PRESET)
    problems: list[str] = []
    if name not in preset_names():
        problems.append(f"preset = {name!r} in the link: no such preset; allowed: {', '.join(preset_names())}")
        name = DEFAULT_PRESET
    overrides = {k: v for k, v in params.items() if is_edit(k)}
    try:
        set_base(name, preset_mapping(name), overrides)
    except InputError as err:
        problems.extend(f"in the link: {line}" for line in err.problems)
        set_base(name, preset_mapping(name))
    if problems:
        notice("error", "url", [*problems, f"Showing the {name} preset without the link's edits instead."])


def accept_scenario_upload(file_name: str, data: bytes) -> bool:
    """Replace the base by an uploaded scenario; on a bad file keep everything and queue the errors."""
    try:
        scenario = parse_scenario(data, file_name)
    except InputError as err:
        notice("error", "upload", err.problems)
        return False
    set_base(f"upload:{file_name}", scenario.model_dump(mode="json"))
    notice("info", "upload", [f"Loaded {file_name}: {scenario.name}."])
    return True


def base_name() -> str:
    return str(st.session_state[BASE_NAME])


def base_mapping() -> dict[str, Any]:
    return dict(st.session_state[BASE])


def overrides() -> dict[str, str]:
    return dict(st.session_state[OVERRIDES])


def set_overrides(new: dict[str, str]) -> None:
    """Record the edits; validate them; keep the last good scenario when they are refused."""
    old = st.session_state[OVERRIDES]
    st.session_state[OVERRIDES] = dict(new)
    if new == old and GOOD in st.session_state and take_notice("edit") is None:
        return
    try:
        scenario = validate_scenario(apply_overrides(base_mapping(), _override_list(new)), "your edits")
    except InputError as err:
        notice("error", "edit", [*err.problems, "The figures below are for your last valid settings."])
        return
    clear_notice("edit")
    st.session_state[GOOD] = scenario.model_dump_json()


def scenario_json() -> str:
    """The current scenario as canonical JSON (the cache key for every computed result)."""
    return str(st.session_state[GOOD])


def scenario() -> Scenario:
    return Scenario.model_validate_json(scenario_json())


def reference_preset() -> str:
    """The preset to hold the current scenario against: the hierarchy, or Xiaomi when on the hierarchy."""
    return DEFAULT_PRESET if base_name() == REFERENCE_PRESET else REFERENCE_PRESET


def sync_url() -> None:
    """Write the preset and edits into the URL (only when they changed, to keep history clean)."""
    name = base_name()
    wanted = {} if name.startswith("upload:") else {"preset": name, **overrides()}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
