"""Dotted field paths into a scenario (``org.max_team_size``, ``org.departments.Phone.engineers``).

The CLI's ``--set PATH=VALUE`` and the app's URL parameters both name scenario fields this way.
Everything here is walked over the `Scenario` model itself, so a new settings field is editable
from the CLI and the URL with no list to update.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from orgmodel.datapath import get_value
from orgmodel.scenario import Scenario

__all__ = ["NOT_EDITABLE", "bounds", "editable_roots", "field_info", "get_path", "is_edit", "strip_optional",
           "value_text"]

NOT_EDITABLE = frozenset({"provenance", "sources"})
"""Scenario fields that are documentation, not settings: a URL may not change them."""


def editable_roots() -> tuple[str, ...]:
    """The top-level scenario fields a ``--set`` or URL edit may start with (from the model)."""
    return tuple(name for name in Scenario.model_fields if name not in NOT_EDITABLE)


def is_edit(key: str) -> bool:
    """True when a URL parameter names a scenario field (``org.max_span``, ``seed``), not app state."""
    root = key.split(".", 1)[0]
    return root in editable_roots()


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` -> ``(X, True)``; anything else -> ``(annotation, False)``."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        return rest[0], True
    return annotation, False


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
        annotation, _ = strip_optional(info.annotation)
        item = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
        if isinstance(item, type) and issubclass(item, BaseModel):
            model, i = item, i + 2
        else:
            model, i = annotation, i + 1
    return info


def bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    """(low, high) from a field's ge/gt/le/lt constraints (None where unbounded)."""
    low: float | None = None
    high: float | None = None
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            low = float(typing.cast(float, item.ge))
        elif isinstance(item, annotated_types.Gt):
            low = float(typing.cast(float, item.gt))
        elif isinstance(item, annotated_types.Le):
            high = float(typing.cast(float, item.le))
        elif isinstance(item, annotated_types.Lt):
            high = float(typing.cast(float, item.lt))
    return low, high


def get_path(mapping: Any, path: str) -> Any:
    """The value at a dotted path of a scenario mapping; list items by index or by ``name`` (None if absent)."""
    return get_value(mapping, path)


def value_text(value: Any) -> str:
    """A value as the text of a ``PATH=VALUE`` edit (YAML scalars; lists as flow lists)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value)) if abs(value) < 1e6 else f"{value:.6g}".replace("e+", "e")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        parsed = yaml.safe_load(value) if value else None
        return value if isinstance(parsed, str) else json.dumps(value)
    return json.dumps(value)
