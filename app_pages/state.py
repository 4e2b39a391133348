"""The canonical scenario of a session: a base (preset or upload) plus the user's edits.

Widgets come and go with pages; the scenario lives here, in ``st.session_state``:

- ``om.base_name``: the preset's stem, or ``upload:<file name>``;
- ``om.base``: the base scenario as a JSON-ready mapping;
- ``om.overrides``: edited field path -> value text (the CLI's ``--set PATH=VALUE``);
- ``om.good``: the last scenario that validated, as JSON (kept when an edit is refused);
- ``om.edits``: the changes made to the organisation by hand (`orgmodel.edits` maps), after the base's
  own; ``om.redo``: the ones undone, most recent last.

The URL carries ``preset`` plus every override and the edits (``edits=move:17,under:4;...``), so a
link reopens the same scenario.
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
EDITS = "om.edits"
REDO = "om.redo"
UNEDITED = "om.unedited"


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


def _validated(mapping: dict[str, Any], overrides: dict[str, str], edits: list[dict[str, Any]],
               what: str) -> Scenario:
    data = apply_overrides(mapping, _override_list(overrides))
    if edits:
        data["edits"] = [*(data.get("edits") or []), *edits]
    return validate_scenario(data, what)


def set_base(name: str, mapping: dict[str, Any], overrides: dict[str, str] | None = None,
             edits: list[dict[str, Any]] | None = None) -> None:
    """Start from a new base scenario (its edits dropped unless given); widgets re-read their values from it."""
    st.session_state[BASE_NAME] = name
    st.session_state[BASE] = mapping
    st.session_state[OVERRIDES] = dict(overrides or {})
    scenario = _validated(mapping, overrides or {}, edits or [], "the scenario")
    st.session_state[EDITS] = list(edits or [])
    st.session_state[REDO] = []
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
    overrides = {k: v for k, v in params.items() if is_edit(k) and k != "edits"}  # edits: the hand changes
    try:
        set_base(name, preset_mapping(name), overrides, _url_edits(params.get("edits", "")))
    except (InputError, ValueError) as err:
        if not isinstance(err, InputError):
            err = InputError([str(err)])
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
        scenario = _validated(base_mapping(), new, edits(), "your edits")
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
    if wanted and edits():
        from orgmodel.edits.text import edits_to_url

        wanted["edits"] = edits_to_url(edits())
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


# --- edits to the organisation by hand (issue 25): a list of maps, undo and redo


def _url_edits(text: str) -> list[dict[str, Any]]:
    from orgmodel.edits.text import edits_from_url

    return edits_from_url(text) if text else []


def edits() -> list[dict[str, Any]]:
    """The changes made by hand, in order (each an `orgmodel.edits` map)."""
    return list(st.session_state.get(EDITS, []))


def redo_stack() -> list[dict[str, Any]]:
    return list(st.session_state.get(REDO, []))


def _set_edits(new: list[dict[str, Any]]) -> list[str]:
    """Validate the scenario with ``new`` edits; on success keep them, else return the problems."""
    try:
        scenario = _validated(base_mapping(), overrides(), new, "the change")
    except InputError as err:
        return err.problems
    st.session_state[EDITS] = list(new)
    st.session_state[GOOD] = scenario.model_dump_json()
    return []


def add_edit(edit: dict[str, Any]) -> list[str]:
    """Append one edit; a refused one leaves every earlier edit in place and returns why."""
    problems = _set_edits([*edits(), edit])
    if not problems:
        st.session_state[REDO] = []
    return problems


def undo() -> None:
    """Take back the last edit (it can be redone)."""
    done = edits()
    if done:
        st.session_state[REDO] = [*redo_stack(), done[-1]]
        _set_edits(done[:-1])


def redo() -> None:
    """Make the last undone edit again."""
    stack = redo_stack()
    if stack and not _set_edits([*edits(), stack[-1]]):
        st.session_state[REDO] = stack[:-1]


def clear_edits() -> None:
    """Drop every edit (the organisation as it was)."""
    st.session_state[REDO] = []
    _set_edits([])


def unedited_json() -> str:
    """The current scenario without the hand edits, as canonical JSON (the "as it was" of the deltas).

    Kept for the base and overrides it was made from (validating a 15,000-person chart takes a while).
    """
    key = (base_name(), tuple(sorted(overrides().items())), id(st.session_state[BASE]))
    held = st.session_state.get(UNEDITED)
    if held is None or held[0] != key:
        held = (key, _validated(base_mapping(), overrides(), [], "the scenario").model_dump_json())
        st.session_state[UNEDITED] = held
    return str(held[1])
