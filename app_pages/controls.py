"""Widgets bound to scenario field paths: each reads its start value from the scenario and
reports an edit as ``path -> value text``. Widget keys are ``ctl:<path>``."""

from __future__ import annotations

import math
import types
import typing
from typing import Any

import annotated_types
import streamlit as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from app_pages import state
from orgmodel.scenario import Scenario


def field_info(path: str) -> FieldInfo | None:
    """The pydantic field at a dotted path of `Scenario` (a list item's name or index skipped), or None."""
    model: Any = Scenario
    parts = path.split(".")
    info: FieldInfo | None = None
    i = 0
    while i < len(parts):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(parts[i])
        if info is None:
            return None
        annotation, _ = _strip_optional(info.annotation)
        item = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
        if isinstance(item, type) and issubclass(item, BaseModel):
            model, i = item, i + 2
        else:
            model, i = annotation, i + 1
    return info


def bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    """Inclusive-ish (low, high) from ge/gt/le/lt constraints."""
    low = high = None
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            low = float(item.ge)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Gt):
            low = float(item.gt)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Le):
            high = float(item.le)  # type: ignore[arg-type]
        elif isinstance(item, annotated_types.Lt):
            high = float(item.lt)  # type: ignore[arg-type]
    return low, high


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


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0], True
    return annotation, False


def field_control(path: str, *, label: str | None = None, help: str | None = None) -> None:
    """Draw the widget for a scenario field (kind chosen from its type and range)."""
    info = field_info(path)
    if info is None:
        return
    key = state.CONTROL_PREFIX + path
    current = state.get_path(state.base_mapping(), path)
    if key not in st.session_state:
        edited = state.overrides().get(path)
        st.session_state[key] = _parse_text(edited) if edited is not None else current
    label = label or label_of(path)
    help = help or info.description
    annotation, optional = _strip_optional(info.annotation)
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
        if _same(value, state.get_path(base, path)):
            continue
        out[path] = state.value_text(value)
    return out


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return bool(a == b)
