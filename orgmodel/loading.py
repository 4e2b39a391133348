"""Reading scenarios safely: size caps, ``yaml.safe_load`` without aliases, ``--set`` overrides.

Hostile input is refused before it costs anything: the byte cap first, then a scan of the YAML
events (no aliases, bounded nesting and node count, no absurdly long numbers) before any Python
object is built, then finite numbers and list lengths before pydantic validates each item.
Every refusal is an `InputError`; nothing in a file can run code.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from annotated_types import MaxLen
from pydantic import BaseModel, ValidationError

from orgmodel.errors import InputError, describe_validation_error
from orgmodel.limits import MAX_NUMBER_DIGITS, MAX_UPLOAD_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES
from orgmodel.scenario import Scenario

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


_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it (about 25x faster), else the pure-Python one.

Both construct only plain YAML types: a ``!!python/...`` tag is a ``ConstructorError``."""

_OPENERS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSERS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
_NUMBER = re.compile(r"[-+]?\.?[0-9][0-9a-fA-FxXoO_:.+\-]*\Z")
"""A plain scalar YAML 1.1 may read as a number: decimal, hex, octal, binary, sexagesimal, float."""


class YamlShapeError(yaml.YAMLError):
    """YAML that is well formed but shaped to exhaust the reader (aliases, depth, size)."""


def _bracket_depth(text: str) -> int:
    """Deepest ``[``/``{`` nesting in the text, counting every bracket (quotes are not parsed).

    A cheap upper bound taken before the parser sees the text: libyaml's scanner slows
    quadratically on deep flow nesting (100,000 ``[`` take about 50 s) and the pure-Python
    composer recurses once per level.
    """
    raw = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    step = np.zeros(256, dtype=np.int32)
    step[[ord("["), ord("{")]] = 1
    step[[ord("]"), ord("}")]] = -1
    if raw.size == 0:
        return 0
    return int(np.cumsum(step[raw], dtype=np.int64).max(initial=0))


def _checked_events(text: str) -> Iterator[yaml.Event]:
    """The YAML events of ``text``, refusing aliases, nesting past `MAX_YAML_DEPTH`, more than
    `MAX_YAML_NODES` nodes and plain numbers longer than `MAX_NUMBER_DIGITS` characters."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        if isinstance(event, yaml.AliasEvent):
            raise YamlShapeError(
                f"YAML aliases (*{event.anchor}) are not accepted in scenarios (line {line})"
            )
        if isinstance(event, _OPENERS):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise YamlShapeError(
                    f"lists and mappings nest more than {MAX_YAML_DEPTH} deep (line {line})"
                )
        elif isinstance(event, _CLOSERS):
            depth -= 1
        if isinstance(event, (*_OPENERS, yaml.ScalarEvent)):
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise YamlShapeError(f"more than {MAX_YAML_NODES:,} values in the file (line {line})")
        if (
            isinstance(event, yaml.ScalarEvent)
            and not event.style  # plain: None from PyYAML, "" from libyaml
            and len(event.value) > MAX_NUMBER_DIGITS
            and _NUMBER.match(event.value)
        ):
            raise YamlShapeError(
                f"a number {len(event.value):,} characters long (line {line}); "
                f"the limit is {MAX_NUMBER_DIGITS} characters"
            )
        yield event


def safe_yaml_load(text: str) -> Any:
    """Load one YAML document with only plain types, refusing hostile shapes first.

    Raises ``yaml.YAMLError`` (`YamlShapeError` for aliases, depth, node count, long numbers).
    """
    depth = _bracket_depth(text)
    if depth > MAX_YAML_DEPTH:
        raise YamlShapeError(f"brackets nest {depth:,} deep; the limit is {MAX_YAML_DEPTH}")
    for _ in _checked_events(text):
        pass
    try:
        return yaml.load(text, Loader=_Loader)
    except (ValueError, OverflowError, RecursionError) as err:  # e.g. int() digit limit
        raise yaml.YAMLError(f"a value cannot be read: {err}") from None


def decode_upload(data: bytes | str, what: str, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Check an upload's size and decode it as UTF-8 text, or raise `InputError`.

    The size is checked before anything is copied; text is checked for characters UTF-8
    cannot hold (lone surrogates), bytes for NULs, UTF-16/32 byte-order marks and bad UTF-8.
    """
    if isinstance(data, str):
        if len(data) > max_bytes:  # every character takes at least one byte
            raise InputError([f"the text is over {max_bytes:,} bytes; the limit is {max_bytes:,} bytes"], what)
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError as err:
            raise InputError(
                [f"the text holds a character UTF-8 cannot encode (position {err.start}); save it as UTF-8"], what
            ) from None
        if size > max_bytes:
            raise InputError([f"the text is {size:,} bytes; the limit is {max_bytes:,} bytes"], what)
        return data
    if not isinstance(data, bytes | bytearray | memoryview):
        raise InputError([f"expected the file's bytes or text, got {type(data).__name__}"], what)
    size = len(data)
    if size > max_bytes:
        raise InputError([f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes"], what)
    data = bytes(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(["the file is UTF-16 or UTF-32 text; save it as UTF-8"], what)
    if b"\x00" in data:
        raise InputError(["the file is binary (it contains NUL bytes); expected UTF-8 text"], what)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError([f"the file is not UTF-8 text (byte {err.start}); save it as UTF-8"], what) from None


def parse_yaml_mapping(text: str, what: str = "scenario") -> dict[str, Any]:
    """Parse YAML text into a mapping with a safe loader (no Python tags, no aliases).

    Refuses, as `InputError`: malformed YAML, tags other than YAML's own, aliases, nesting
    deeper than `MAX_YAML_DEPTH`, more than `MAX_YAML_NODES` values, numbers longer than
    `MAX_NUMBER_DIGITS` characters, and a top level that is not a mapping.
    """
    try:
        data = safe_yaml_load(text)
    except yaml.YAMLError as err:
        detail = " ".join(str(err).split())
        prefix = "refused YAML shape" if isinstance(err, YamlShapeError) else "not valid YAML"
        raise InputError([f"{prefix}: {_clip(detail, 400)}"], what) from None
    if not isinstance(data, dict):
        raise InputError([f"expected a mapping of fields at the top level, got {type(data).__name__}"], what)
    return data


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


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


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


@cache
def _length_limits(model: type[BaseModel]) -> tuple[tuple[tuple[str, ...], int, bool], ...]:
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
            value = safe_yaml_load(raw)
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
            index = list_index(node, part, where, item)
            if last:
                node[index] = value
                return
            node = node[index]
        else:
            raise InputError([f"--set {item!r}: {where} is inside a value, not a section"], "--set")


def list_index(items: list[Any], part: str, where: str, item: str) -> int:
    """The index a path part names in a list: a position (``0``, ``-1``) or an item's ``name``; InputError if none."""
    if part.lstrip("-").isdigit():
        try:
            index = int(part)
        except ValueError:  # a digit int() does not read (superscripts), or thousands of them
            raise InputError([f"--set {item!r}: {where}: {_clip(part, 20)!r} is not an index"], "--set") from None
        if not -len(items) <= index < len(items):
            raise InputError([f"--set {item!r}: {where}: index {index} is out of range 0..{len(items) - 1}"], "--set")
        return index
    for i, entry in enumerate(items):
        if isinstance(entry, dict) and entry.get("name") == part:
            return i
    names = [str(e.get("name")) for e in items if isinstance(e, dict)]
    raise InputError([f"--set {item!r}: {where}: no item named {part!r}; allowed: {', '.join(names)}"], "--set")


class _ScenarioDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumper (libyaml's where available) writing multi-line text as a literal block."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_ScenarioDumper.add_representer(str, _text)


def scenario_to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML text that `parse_scenario` reads back to an equal scenario.

    An imported chart's ``org.people`` is written as one block of CSV text (one line per person).
    """
    data = scenario.model_dump(mode="json")
    return yaml.dump(data, Dumper=_ScenarioDumper, sort_keys=False, allow_unicode=True, width=100)
