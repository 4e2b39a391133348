"""Reading scenarios safely: size caps, ``yaml.safe_load`` without aliases, ``--set`` overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from orgmodel.errors import InputError, describe_validation_error
from orgmodel.limits import MAX_UPLOAD_BYTES
from orgmodel.scenario import Scenario

__all__ = [
    "PRESETS_DIR",
    "apply_overrides",
    "decode_upload",
    "load_preset",
    "load_scenario",
    "parse_scenario",
    "parse_yaml_mapping",
    "preset_names",
    "scenario_to_yaml",
    "validate_scenario",
]

PRESETS_DIR = Path(__file__).resolve().parent.parent / "presets"


class _NoAliasLoader(yaml.SafeLoader):
    """``SafeLoader`` that refuses anchors and aliases, so an alias bomb cannot expand."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(
                f"YAML aliases (*{event.anchor}) are not accepted in scenarios (line {event.start_mark.line + 1})"
            )
        return super().compose_node(parent, index)


def decode_upload(data: bytes | str, what: str, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Check an upload's size and decode it as UTF-8 text, or raise `InputError`."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise InputError([f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes"], what)
    if isinstance(data, str):
        return data
    if b"\x00" in data:
        raise InputError(["the file is binary (it contains NUL bytes); expected UTF-8 text"], what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError([f"the file is not UTF-8 text (byte {err.start}); save it as UTF-8"], what) from None


def parse_yaml_mapping(text: str, what: str = "scenario") -> dict[str, Any]:
    """Parse YAML text into a mapping with a safe loader (no Python tags, no aliases)."""
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)
    except yaml.YAMLError as err:
        detail = str(err).replace("\n", " ")
        raise InputError([f"not valid YAML: {detail}"], what) from None
    if not isinstance(data, dict):
        raise InputError([f"expected a mapping of fields at the top level, got {type(data).__name__}"], what)
    return data


def validate_scenario(data: dict[str, Any], what: str = "scenario") -> Scenario:
    """Validate a mapping as a `Scenario`, raising `InputError` that names each bad field."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:
        raise InputError(describe_validation_error(err), what) from None


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
        data = path.read_bytes()
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


def apply_overrides(data: dict[str, Any], overrides: list[str]) -> dict[str, Any]:
    """Apply ``PATH=VALUE`` overrides to a scenario mapping (a copy is returned).

    ``PATH`` is dotted (``org.max_team_size``); a list item is named by index or by its ``name``
    (``org.departments.MIUI.engineers``). ``VALUE`` is read as YAML (``null``, ``6``, ``[lead]``).
    """
    import copy

    result = copy.deepcopy(data)
    for item in overrides:
        path, sep, raw = item.partition("=")
        if not sep or not path.strip():
            raise InputError([f"--set {item!r}: expected PATH=VALUE, e.g. org.max_team_size=6"], "--set")
        try:
            value = yaml.load(raw, Loader=_NoAliasLoader)
        except yaml.YAMLError:
            value = raw
        _set_path(result, path.strip(), value, item)
    return result


def _set_path(data: dict[str, Any], path: str, value: object, item: str) -> None:
    parts = path.split(".")
    node: Any = data
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[: depth + 1])
        if isinstance(node, dict):
            if last:
                node[part] = value
                return
            if node.get(part) is None:
                node[part] = {}
            node = node[part]
        elif isinstance(node, list):
            index = _list_index(node, part, where, item)
            if last:
                node[index] = value
                return
            node = node[index]
        else:
            raise InputError([f"--set {item!r}: {where} is inside a value, not a section"], "--set")


def _list_index(items: list[Any], part: str, where: str, item: str) -> int:
    if part.lstrip("-").isdigit():
        index = int(part)
        if not -len(items) <= index < len(items):
            raise InputError([f"--set {item!r}: {where}: index {index} is out of range 0..{len(items) - 1}"], "--set")
        return index
    for i, entry in enumerate(items):
        if isinstance(entry, dict) and entry.get("name") == part:
            return i
    names = [str(e.get("name")) for e in items if isinstance(e, dict)]
    raise InputError([f"--set {item!r}: {where}: no item named {part!r}; allowed: {', '.join(names)}"], "--set")


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text that `parse_scenario` reads back to an equal scenario."""
    data = scenario.model_dump(mode="json")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
