"""YAML read safely and written plainly: no aliases, no Python tags, bounded shape; multi-line text as blocks.

Hostile YAML is refused before any Python object is built: a scan of the events (no aliases, bounded
nesting and node count, no absurdly long numbers); only plain YAML types are constructed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import yaml

from orgmodel.errors import InputError
from orgmodel.limits import MAX_NUMBER_DIGITS, MAX_YAML_DEPTH, MAX_YAML_NODES

__all__ = ["YamlShapeError", "clip", "dump_yaml", "parse_yaml_mapping", "safe_yaml_load"]


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
        raise InputError([f"{prefix}: {clip(detail, 400)}"], what) from None
    if not isinstance(data, dict):
        raise InputError([f"expected a mapping of fields at the top level, got {type(data).__name__}"], what)
    return data


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _PlainDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Safe dumper (libyaml's where available) writing multi-line text as a literal block."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_PlainDumper.add_representer(str, _text)


def dump_yaml(data: Any) -> str:
    """Plain data as YAML text (insertion order kept, unicode as is, multi-line text as a literal block)."""
    return yaml.dump(data, Dumper=_PlainDumper, sort_keys=False, allow_unicode=True, width=100)
