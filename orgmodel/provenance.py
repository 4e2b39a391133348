"""Where each input of a scenario comes from: one walk over the validated model, one matching rule.

Every leaf input of a validated `Scenario` (defaults included) becomes one `ProvenanceRow`. Its
source is found by one rule, in this order:

1. the scenario's own ``provenance`` map: the most specific key that covers the leaf's path;
2. when the value is the library's default for that path: the most specific key of
   `DEFAULT_PROVENANCE` that covers the path (a labelled assumption saying why that default);
3. otherwise no source (``kind = "none"``).

Paths are dotted, list items by index (``equity.rounds.0.amount_usd``), dict entries by key
(``equity.salary_by_role_usd.engineer``). A key *covers* a path when it has at most as many
segments and each of its segments equals the path's or is ``*`` (any list index or dict key):
``equity.rounds.*.amount_usd`` covers ``equity.rounds.3.amount_usd``, and ``org.founders`` covers
``org.founders.0.role``. The most specific key is the longest; between equally long keys, the one
with fewer ``*``. The Assumptions page renders exactly these rows, and the preset tests check them.

A new settings field with a default needs an entry in its engine's declared ``provenance`` (kind
``assumption``, a one-line reason; `DEFAULT_PROVENANCE` gathers them with the core fields');
`missing_default_provenance` lists the fields without one, and a test fails on any.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field
from pydantic_core import to_jsonable_python

from orgmodel.datapath import MISSING, get_value
from orgmodel.engines import RegistryView, settings_engines
from orgmodel.model_base import Result
from orgmodel.scenario import Scenario
from orgmodel.source import Provenance
from orgmodel.source import assumption as _a

__all__ = [
    "CORE_PROVENANCE",
    "DEFAULT_PROVENANCE",
    "NOT_INPUTS",
    "ProvenanceRow",
    "covers",
    "default_values",
    "missing_default_provenance",
    "most_specific",
    "provenance_rows",
    "unused_keys",
    "value_at",
]

NOT_INPUTS: tuple[str, ...] = ("name", "description", "sources", "provenance", "ranges")
"""Top-level fields that are labels and sources, not inputs of the model."""

MAX_LIST_ROWS = 500
"""A list of more items than this (e.g. an imported org's people) is one row, not one per item."""

Kind = Literal["fact", "report", "assumption", "illustrative", "none"]
Origin = Literal["scenario", "default", "none"]

_MISSING: Any = MISSING


CORE_PROVENANCE: dict[str, Provenance] = {
    "seed": _a("Library default seed for every random draw; any seed gives the same figures within sampling error."),
    "org.departments": _a("No departments by default: only founders, until departments are given."),
    "org.founders.*.role": _a("Empty by default: a founder's role is a label and changes no figure."),
    "org.people": _a("No imported org chart by default (null): the org is laid out from founders and departments."),
    "org.people.*.name": _a("Empty when the imported file gives no name: a label, it changes no figure."),
    "org.people.*.manager_id": _a("Empty when the imported file gives no manager: the person is at the top."),
    "org.people.*.role": _a("engineer when the imported file gives no role and none is inferred."),
    "org.people.*.department": _a("Empty when the imported file gives no department."),
    "org.people.*.team": _a("Empty when the imported file gives no team."),
    "edits": _a("No edits by default: the organisation as imported or laid out."),
    "org.people.*.dotted_managers": _a("No dotted-line managers unless the file or an edit gives them."),
    "org.people.*.open_from": _a("A person, not an open role, unless an edit opens one (with its start date)."),
    "org.imported": _a("Not imported (null): no record of how an org chart file was read."),
    "org.imported.file": _a("Empty when the imported file's name is not known; a label."),
    "org.imported.roles_source": _a("Empty when roles were not read from a column; a label."),
    "org.imported.departments_source": _a("Empty when departments were not read from a column; a label."),
    "org.imported.teams_source": _a("Empty when teams were not read from a column; a label."),
    "org.imported.columns": _a("No column mapping recorded by default; a label."),
    "org.imported.habits_from": _a("Empty when the imported org's settings were not taken from a preset; a label."),
    "org.imported.warnings": _a("No import warnings by default."),
    "org.max_span": _a("No span limit by default (null): a manager may have any number of reports, the flat case."),
    "work.start_hour": _a("09:00 by default: a common start of the working day; it only shifts calendar-time figures."),
}
"""Why the defaults of the fields every scenario has (seed, org, work) are what they are."""


def _merged_defaults() -> dict[str, Provenance]:
    """`CORE_PROVENANCE` and every registered engine's declared defaults."""
    merged = dict(CORE_PROVENANCE)
    for e in settings_engines():
        merged.update(e.default_provenance())
    return merged


DEFAULT_PROVENANCE: Mapping[str, Provenance] = RegistryView(_merged_defaults)
"""Schema path (``*`` = any list index or dict key) -> why the library's default is what it is.

Used only for a value equal to the library's default at that path; a scenario's own ``provenance``
entries come first. Every field with a default needs an entry (see `missing_default_provenance`): the
core fields' in `CORE_PROVENANCE`, an engine's in its registry line (``provenance=``)."""


class ProvenanceRow(Result):
    """One input of a scenario: its value and where it comes from."""

    path: str = Field(description="dotted field path, list items by index (equity.rounds.0.amount_usd)")
    label: str = Field(description="the same path with list items by name where they have one")
    value: Any = Field(description="the value as JSON (dates as ISO text)")
    kind: Kind = Field(description="fact, report, assumption, illustrative, or none (no source)")
    note: str = Field(description="where the value comes from, or why it was chosen")
    source: str | None = Field(description="the provenance key that matched (None: no source)")
    origin: Origin = Field(description="scenario = the scenario's provenance map; default = DEFAULT_PROVENANCE")


def covers(key: str, path: str) -> bool:
    """Whether provenance ``key`` covers ``path``: a prefix of it, segment by segment, ``*`` any one."""
    key_parts, parts = key.split("."), path.split(".")
    return len(key_parts) <= len(parts) and all(k in ("*", p) for k, p in zip(key_parts, parts))


def most_specific(path: str, keys: Mapping[str, Any] | list[str]) -> str | None:
    """The most specific key covering ``path`` (longest, then fewest ``*``), or None."""
    matching = [key for key in keys if covers(key, path)]
    if not matching:
        return None
    return max(matching, key=lambda k: (k.count(".") + 1, -k.split(".").count("*")))


def _leaves(node: Any, path: str, label: str, out: list[tuple[str, str, Any]]) -> None:
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if not path and name in NOT_INPUTS:
                continue
            _leaves(getattr(node, name), f"{path}.{name}" if path else name, f"{label}.{name}" if label else name, out)
    elif isinstance(node, list) and len(node) > MAX_LIST_ROWS:
        out.append((path, label, f"{len(node):,} items"))
    elif isinstance(node, list) and node and all(isinstance(item, BaseModel) for item in node):
        for i, item in enumerate(node):
            item_name = getattr(item, "name", None)
            shown = item_name if isinstance(item_name, str) and item_name else str(i)
            _leaves(item, f"{path}.{i}", f"{label}.{shown}", out)
    elif isinstance(node, dict) and node:
        for key, value in node.items():
            _leaves(value, f"{path}.{key}", f"{label}.{key}", out)
    else:
        out.append((path, label, to_jsonable_python(node)))


def _model_in(annotation: Any) -> tuple[type[BaseModel] | None, bool]:
    """(the pydantic model inside an annotation, whether it sits in a list): ``list[X] | None`` -> (X, True)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    origin = get_origin(annotation)
    if origin is list:
        model, _ = _model_in(get_args(annotation)[0])
        return model, model is not None
    if origin in (Union, types.UnionType):
        for arg in get_args(annotation):
            model, in_list = _model_in(arg)
            if model is not None:
                return model, in_list
    return None, False


def _dig(data: Any, parts: list[str]) -> Any:
    return get_value(data, ".".join(parts), _MISSING) if parts else data


def value_at(data: Any, path: str) -> Any:
    """The value at an index path (``equity.rounds.0.amount_usd``) of a JSON mapping, or None."""
    found = _dig(data, path.split("."))
    return None if found is _MISSING else found


def default_values(path: str, model: type[BaseModel] = Scenario) -> list[Any]:
    """The values the library gives ``path`` when a scenario leaves it (or a section above it) out.

    A field's own default, and the defaults of the fields above it that build it (``decisions.founder``
    is built with ``decision_time_share = 0.3``, though a role's own default is 0.25). As JSON.
    """
    parts = path.split(".")
    out: list[Any] = []
    cls: type[BaseModel] | None = model
    while cls is not None and parts:
        info = cls.model_fields.get(parts[0])
        if info is None:
            break
        rest = parts[1:]
        if not info.is_required():
            found = _dig(to_jsonable_python(info.get_default(call_default_factory=True)), rest)
            if found is not _MISSING:
                out.append(found)
        cls, in_list = _model_in(info.annotation)
        parts = rest[1:] if in_list else rest
    return out


def provenance_rows(
    scenario: Scenario, defaults: Mapping[str, Provenance] = DEFAULT_PROVENANCE
) -> list[ProvenanceRow]:
    """Every leaf input of ``scenario`` (defaults included) with its value and source, in schema order.

    Parameters
    ----------
    scenario
        A validated scenario; its ``provenance`` map is searched first.
    defaults
        Schema path -> provenance of the library default there (`DEFAULT_PROVENANCE`).

    Returns
    -------
    list of ProvenanceRow
        One per leaf; ``kind = "none"`` and ``source = None`` where no entry applies.
    """
    leaves: list[tuple[str, str, Any]] = []
    _leaves(scenario, "", "", leaves)
    rows: list[ProvenanceRow] = []
    for path, label, value in leaves:
        key = most_specific(path, scenario.provenance)
        if key is not None:
            entry = scenario.provenance[key]
            rows.append(ProvenanceRow(path=path, label=label, value=value, kind=entry.kind, note=entry.note,
                                      source=key, origin="scenario"))
            continue
        default_key = most_specific(path, defaults)
        if default_key is not None and value in default_values(path):
            entry = defaults[default_key]
            rows.append(ProvenanceRow(path=path, label=label, value=value, kind=entry.kind,
                                      note=f"Library default. {entry.note}", source=default_key, origin="default"))
            continue
        rows.append(ProvenanceRow(path=path, label=label, value=value, kind="none",
                                  note="No source given for this input.", source=None, origin="none"))
    return rows


def unused_keys(scenario: Scenario) -> list[str]:
    """Keys of the scenario's ``provenance`` map that cover no input (a typo or a removed field)."""
    leaves: list[tuple[str, str, Any]] = []
    _leaves(scenario, "", "", leaves)
    return [key for key in scenario.provenance if not any(covers(key, path) for path, _, _ in leaves)]


def _schema_paths(model: type[BaseModel], prefix: str = "") -> list[tuple[str, bool]]:
    """(schema path with ``*`` for list items, whether it is a leaf) for every field, depth first."""
    out: list[tuple[str, bool]] = []
    for name, info in model.model_fields.items():
        if not prefix and name in NOT_INPUTS:
            continue
        path = f"{prefix}{name}"
        sub, in_list = _model_in(info.annotation)
        out.append((path, sub is None))
        if sub is not None:
            out += _schema_paths(sub, f"{path}.*." if in_list else f"{path}.")
    return out


def missing_default_provenance(
    model: type[BaseModel] = Scenario, defaults: Mapping[str, Provenance] = DEFAULT_PROVENANCE
) -> list[str]:
    """Schema paths that can take a library default but have no `DEFAULT_PROVENANCE` entry of their own.

    A leaf field can take a default when it or a field above it has one; a section or list field
    (``review``, ``equity.pay_mix``) when its default is null or an empty list (it is then one row). The
    entry must be as long as the path (``decisions.*.relay`` for ``decisions.founder.relay``): a
    section's entry (``equity``) covers the rows below it by the prefix rule, but it explains only
    the section left out, not each field's default.
    """
    missing: list[str] = []
    for path, leaf in _schema_paths(model):
        candidates = default_values(path.replace("*", "0"), model)
        needs = bool(candidates) if leaf else any(c is None or c == [] for c in candidates)
        if needs and not any(covers(key, path) and key.count(".") == path.count(".") for key in defaults):
            missing.append(path)
    return missing
