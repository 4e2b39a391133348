"""A scenario's ranged inputs: every numeric assumption with its plausible range, checked.

For each leaf input of the scenario (`orgmodel.provenance.provenance_rows`) the range is the most
specific key of the scenario's own ``ranges:`` map covering its path, else of `DEFAULT_RANGES`
(the provenance matching rule). Only inputs labelled ``assumption`` or ``illustrative`` take a
default range; a fact or a public report keeps its value, and a range the file puts on one is
refused unless the range says the source itself gives it (``from_source: true``).
"""

from __future__ import annotations

import math
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from orgmodel.errors import InputError
from orgmodel.provenance import covers, most_specific, provenance_rows
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.ranges import DEFAULT_RANGES, NOT_RANGED, Range

__all__ = ["RangedInput", "field_bounds", "is_integer", "ranged_inputs", "unranged_assumptions"]

RANGED_KINDS = ("assumption", "illustrative")


@dataclass(frozen=True)
class RangedInput:
    """One input that varies: its path, value, resolved range (absolute units) and where the range is from."""

    path: str
    label: str
    kind: str
    value: float
    low: float
    high: float
    distribution: str
    mode: float | None
    integer: bool
    reason: str
    origin: str
    """``scenario`` (the file's ``ranges:``) or ``default`` (`DEFAULT_RANGES`)."""
    key: str

    @property
    def section(self) -> str:
        """The scenario section the input sits in (``review``, ``org``, ...)."""
        return self.path.split(".", 1)[0]


def _leaf_annotation(path: str) -> tuple[Any, tuple[Any, ...]]:
    """(the annotation of the value at ``path``, its constraint metadata), walking list items and dict values."""
    from pydantic import BaseModel

    from orgmodel.paths import strip_optional

    model: Any = Scenario
    metadata: tuple[Any, ...] = ()
    parts = path.split(".")
    i = 0
    while i < len(parts):
        if isinstance(model, type) and issubclass(model, BaseModel):
            info = model.model_fields.get(parts[i])
            if info is None:
                return None, ()
            model, metadata, i = strip_optional(info.annotation)[0], tuple(info.metadata), i + 1
            continue
        origin, args = typing.get_origin(model), typing.get_args(model)
        if origin is list and args:
            model, metadata, i = args[0], (), i + 1
        elif origin is dict and len(args) == 2:
            model, metadata, i = args[1], (), i + 1
        else:
            return None, ()
        if typing.get_origin(model) is typing.Annotated:
            model, *extra = typing.get_args(model)
            metadata = tuple(m for e in extra for m in getattr(e, "metadata", [e]))
    return model, metadata


def field_bounds(path: str) -> tuple[float | None, float | None, bool, bool]:
    """(low, high, low inclusive, high inclusive) of the field at ``path`` from its ge/gt/le/lt (None: unbounded)."""
    import annotated_types as at

    _, metadata = _leaf_annotation(path)
    low = high = None
    low_in = high_in = True
    for item in metadata:
        if isinstance(item, at.Ge):
            low, low_in = float(typing.cast(float, item.ge)), True
        elif isinstance(item, at.Gt):
            low, low_in = float(typing.cast(float, item.gt)), False
        elif isinstance(item, at.Le):
            high, high_in = float(typing.cast(float, item.le)), True
        elif isinstance(item, at.Lt):
            high, high_in = float(typing.cast(float, item.lt)), False
    return low, high, low_in, high_in


def is_integer(path: str) -> bool:
    """True when the field at ``path`` holds whole numbers (drawn values are rounded)."""
    annotation, _ = _leaf_annotation(path)
    return annotation is int


def bounds_problem(path: str, low: float, high: float) -> str | None:
    """Why ``[low, high]`` leaves the field's validated bounds (None when inside)."""
    lo, hi, lo_in, hi_in = field_bounds(path)
    for name, x in (("low", low), ("high", high)):
        if lo is not None and (x < lo or (x == lo and not lo_in)):
            return f"{name} = {x:g} is below the field's bound ({'>=' if lo_in else '>'} {lo:g})"
        if hi is not None and (x > hi or (x == hi and not hi_in)):
            return f"{name} = {x:g} is above the field's bound ({'<=' if hi_in else '<'} {hi:g})"
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _resolve(row_value: float, rng: Range, integer: bool) -> tuple[float, float, float | None]:
    scale = row_value if rng.relative else 1.0
    low, high = rng.low * scale, rng.high * scale
    mode = None if rng.distribution != "triangular" else rng.peak() * scale
    if scale < 0:
        low, high = high, low
    if integer:
        low, high = float(math.ceil(low - 1e-9)), float(math.floor(high + 1e-9))
        if low > high:
            low = high = float(round(row_value))
    return low, high, mode


def ranged_inputs(
    scenario: Scenario, *, only_scenario: bool = False, defaults: Mapping[str, Range] = DEFAULT_RANGES
) -> list[RangedInput]:
    """Every input that varies, in schema order, with its range in the input's own unit.

    ``only_scenario``: only the ranges the scenario file gives (``--only-ranges``). Inputs whose
    range is a single value (a relative range of 0) are left out: they cannot vary.

    Raises
    ------
    InputError : naming each bad range: a key that covers no input, a range over a fact or report
        (without ``from_source``), over a value that is not a number, or outside the field's bounds.
    """
    problems: list[str] = []
    rows = provenance_rows(scenario)
    paths = [r.path for r in rows]
    for given in scenario.ranges:
        if not any(covers(given, p) and given.count(".") == p.count(".") for p in paths):
            problems.append(f"ranges.{given}: names no numeric input of this scenario (check the path)")
    out: list[RangedInput] = []
    for row in rows:
        key: str | None = most_specific(row.path, scenario.ranges)
        if key is not None and key.count(".") != row.path.count("."):
            key = None
        rng, origin = (scenario.ranges[key], "scenario") if key is not None else (None, "")
        if rng is None and not only_scenario and row.kind in RANGED_KINDS:
            key = most_specific(row.path, defaults)
            if key is not None and key.count(".") == row.path.count("."):
                rng, origin = defaults[key], "default"
        if rng is None or key is None:
            continue
        value = _number(row.value)
        if origin == "scenario":
            if row.kind not in RANGED_KINDS and not rng.from_source:
                problems.append(f"ranges.{key}: {row.path} is a {row.kind} ({row.note[:80]}); a fact keeps its "
                                "value (set from_source: true if the source itself gives this range)")
                continue
            if value is None:
                problems.append(f"ranges.{key}: {row.path} = {row.value!r} is not a number; only numbers take a range")
                continue
        if value is None:
            continue
        integer = is_integer(row.path)
        low, high, mode = _resolve(value, rng, integer)
        bad = bounds_problem(row.path, low, high)
        if bad:
            problems.append(f"ranges.{key} on {row.path}: {bad}")
            continue
        if low == high:
            continue
        out.append(RangedInput(path=row.path, label=row.label, kind=row.kind, value=value, low=low, high=high,
                               distribution=rng.distribution, mode=mode, integer=integer, reason=rng.reason,
                               origin=origin, key=key))
    if problems:
        raise InputError(problems, "ranges")
    return out


def unranged_assumptions(scenario: Scenario, defaults: Mapping[str, Range] = DEFAULT_RANGES) -> list[str]:
    """Numeric assumption or illustrative inputs with no range and no `NOT_RANGED` reason (a test keeps it empty)."""
    ranged = {r.path for r in ranged_inputs(scenario, defaults=defaults)}
    missing = []
    for row in provenance_rows(scenario):
        if row.kind not in RANGED_KINDS or _number(row.value) is None or row.path in ranged:
            continue
        if most_specific(row.path, NOT_RANGED) is not None:
            continue
        if most_specific(row.path, defaults) is None and most_specific(row.path, scenario.ranges) is None:
            missing.append(row.path)
    return missing
