"""Reading scenarios safely: an upload decoded (`orgmodel.uploads`), safe YAML (`orgmodel.safe_yaml`), ``--set``
edits (`orgmodel.overrides`), then validation that names each bad field.

Hostile input is refused before it costs anything: the byte cap first, then a scan of the YAML
events (no aliases, bounded nesting and node count, no absurdly long numbers) before any Python
object is built, then finite numbers and list lengths before pydantic validates each item.
Every refusal is an `InputError`; nothing in a file can run code.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

from annotated_types import MaxLen
from pydantic import BaseModel, ValidationError

from orgmodel.datapath import list_index
from orgmodel.errors import InputError, describe_validation_error
from orgmodel.limits import MAX_UPLOAD_BYTES, MAX_YAML_DEPTH
from orgmodel.overrides import apply_overrides
from orgmodel.safe_yaml import dump_yaml, parse_yaml_mapping, safe_yaml_load
from orgmodel.scenario import Scenario
from orgmodel.uploads import decode_upload

__all__ = [
    "PRESETS_DIR",
    "apply_overrides",
    "decode_upload",
    "list_index",
    "load_preset",
    "load_scenario",
    "parse_scenario",
    "parse_yaml_mapping",
    "preset_names",
    "safe_yaml_load",
    "scenario_to_yaml",
    "validate_scenario",
]

PRESETS_DIR = Path(__file__).resolve().parent.parent / "presets"


def validate_scenario(data: dict[str, Any], what: str = "scenario") -> Scenario:
    """Validate a mapping as a `Scenario`, raising `InputError` that names each bad field.

    Before pydantic runs: the top level must be a mapping, every number finite (``.nan`` and
    ``.inf`` are refused by path on any field) and every list or mapping with a schema maximum
    no longer than it (refused by length, before its items are validated one by one).
    """
    if not isinstance(data, dict):
        raise InputError([f"expected a mapping of fields at the top level, got {type(data).__name__}"], what)
    problems = _too_long(data) or _non_finite(data)
    if problems:
        raise InputError(problems, what)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as err:
        raise InputError(describe_validation_error(err), what) from None
    except RecursionError:
        raise InputError([f"values nest too deeply; the limit is {MAX_YAML_DEPTH} levels"], what) from None
    problems = _non_finite(scenario.model_dump())  # e.g. the string "nan" read as a float
    if problems:
        raise InputError(problems, what)
    return scenario


def _non_finite(data: Any, limit: int = 10) -> list[str]:
    """``path = nan: ...`` for each NaN or infinite float anywhere in ``data`` (at most ``limit``)."""
    problems: list[str] = []
    stack: list[tuple[str, Any, int]] = [("", data, 0)]
    while stack and len(problems) < limit:
        path, node, depth = stack.pop()
        if isinstance(node, float) and not math.isfinite(node):
            problems.append(f"{path or '(top level)'} = {node}: must be a finite number")
        elif depth > MAX_YAML_DEPTH:
            problems.append(f"{path}: values nest more than {MAX_YAML_DEPTH} deep")
        elif isinstance(node, dict):
            stack.extend((f"{path}.{k}" if path else str(k), v, depth + 1) for k, v in reversed(node.items()))
        elif isinstance(node, list | tuple):
            stack.extend((f"{path}.{i}" if path else str(i), v, depth + 1) for i, v in reversed(list(enumerate(node))))
    return problems


def _length_limits(model: type[BaseModel]) -> tuple[tuple[tuple[str, ...], int, bool], ...]:
    """(path, max items, is list) for every list or dict field with a maximum in the schema (cached by fields)."""
    return _limits_of(model, tuple(model.model_fields))


@cache
def _limits_of(model: type[BaseModel], fields: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], int, bool], ...]:
    """(path, max items, is list) for every list or dict field with a maximum in the schema."""
    out: list[tuple[tuple[str, ...], int, bool]] = []
    for name, field in model.model_fields.items():
        for meta in field.metadata:
            if isinstance(meta, MaxLen):
                out.append(((name,), meta.max_length, True))
        for sub in _models_in(field.annotation):
            out.extend(((name, *path), limit, is_list) for path, limit, is_list in _length_limits(sub))
    return tuple(out)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


def _too_long(data: dict[str, Any]) -> list[str]:
    """``path: N items; the limit is M`` for each list or mapping longer than the schema allows.

    Paths into a list (``org.departments.*.x``) are not followed: the lists checked are the
    top-level ones of each section, the ones a hostile file would make long."""
    problems = []
    for path, limit, _ in _length_limits(Scenario):
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, list | dict) and len(node) > limit:
            problems.append(f"{'.'.join(path)}: {len(node):,} items; the limit is {limit:,}")
    return problems


def parse_scenario(data: bytes | str, what: str = "scenario", overrides: list[str] | None = None) -> Scenario:
    """Parse an uploaded or read scenario: size cap, UTF-8, safe YAML, overrides, validation."""
    mapping = parse_yaml_mapping(decode_upload(data, what), what)
    if overrides:
        mapping = apply_overrides(mapping, overrides)
    return validate_scenario(mapping, what)


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Read a scenario YAML file (at most `MAX_UPLOAD_BYTES`), apply ``PATH=VALUE`` overrides."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_UPLOAD_BYTES:
            raise InputError([f"the file is {size:,} bytes; the limit is {MAX_UPLOAD_BYTES:,} bytes"], str(path))
        with path.open("rb") as handle:  # at most one byte over the cap: a growing file or a device
            data = handle.read(MAX_UPLOAD_BYTES + 1)
    except OSError as err:
        raise InputError([f"cannot read it: {err.strerror}"], str(path)) from None
    return parse_scenario(data, str(path), overrides)


def preset_names() -> list[str]:
    """Preset stems in `PRESETS_DIR`, Xiaomi first."""
    names = sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))
    return sorted(names, key=lambda n: (not n.startswith("xiaomi"), n))


def load_preset(name: str) -> Scenario:
    """Load a preset by stem, e.g. ``xiaomi-2012``."""
    if name not in preset_names():
        raise InputError([f"no preset named {name!r}; allowed: {', '.join(preset_names())}"], "preset")
    return load_scenario(PRESETS_DIR / f"{name}.yaml")


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text that `parse_scenario` reads back to an equal scenario.

    An imported chart's ``org.people`` is written as one block of CSV text (one line per person).
    """
    return dump_yaml(scenario.model_dump(mode="json"))
