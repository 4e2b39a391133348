"""Widgets bound to scenario field paths: each reads its start value from the scenario and
reports an edit as ``path -> value text``. Widget keys are ``ctl:<path>``."""

from __future__ import annotations

import math
import typing
from typing import Any

import streamlit as st

from app_pages import state
from orgmodel.paths import bounds, field_info, get_path, strip_optional, value_text


def label_of(path: str) -> str:
    last = path.rsplit(".", 1)[-1]
    parent = path.split(".")[-2] if path.count(".") >= 2 else ""
    text = last.replace("_usd", " (US$)").replace("_pct", " (%)").replace("_", " ")
    if parent in ("founder", "manager", "lead"):
        text = f"{parent}s: {text}"
    return text[0].upper() + text[1:]


def _step(value: Any, is_int: bool) -> float | int:
    if is_int:
        return 1
    magnitude = abs(float(value)) if isinstance(value, int | float) and value else 1.0
    return float(10 ** (math.floor(math.log10(magnitude)) - 1)) if magnitude >= 1 else 0.05


def field_control(path: str, *, label: str | None = None, help: str | None = None) -> None:
    """Draw the widget for a scenario field (kind chosen from its type and range)."""
    info = field_info(path)
    if info is None:
        return
    key = state.CONTROL_PREFIX + path
    current = get_path(state.base_mapping(), path)
    if key not in st.session_state:
        edited = state.overrides().get(path)
        st.session_state[key] = _parse_text(edited) if edited is not None else current
    label = label or label_of(path)
    help = help or info.description
    annotation, optional = strip_optional(info.annotation)
    origin = typing.get_origin(annotation)
    if annotation is bool:
        st.checkbox(label, key=key, help=help)
    elif origin is typing.Literal:
        st.selectbox(label, options=list(typing.get_args(annotation)), key=key, help=help)
    elif origin is list and typing.get_origin(typing.get_args(annotation)[0]) is typing.Literal:
        options = list(typing.get_args(typing.get_args(annotation)[0]))
        st.multiselect(label, options=options, key=key, help=help)
    elif annotation in (int, float):
        is_int = annotation is int
        low, high = bounds(info)
        kwargs: dict[str, Any] = {"step": _step(current, is_int)}
        if low is not None:
            kwargs["min_value"] = int(low) if is_int else low
        if high is not None:
            kwargs["max_value"] = int(high) if is_int else high
        if not is_int and abs(float(current or 0)) >= 1e5:
            kwargs["format"] = "%.0f"
        if optional:
            help = (help or "") + " Leave empty for none."
        st.number_input(label, key=key, help=help, **kwargs)


def _parse_text(text: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return text


def edits(paths: list[str]) -> dict[str, str]:
    """The edits the widgets for ``paths`` hold: path -> value text, only where they differ from the base."""
    out: dict[str, str] = {}
    base = state.base_mapping()
    for path in paths:
        key = state.CONTROL_PREFIX + path
        if key not in st.session_state:
            continue
        value = st.session_state[key]
        if _same(value, get_path(base, path)):
            continue
        out[path] = value_text(value)
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return bool(a == b)
