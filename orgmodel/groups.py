"""The setting groups: which scenario fields are shape, working week, and each engine's settings.

One grouping serves the attribution of differences (`orgmodel.attribution`), the note listing
what two scenarios differ in, and the test that every field of `Scenario` is in exactly one
group (or in `NOT_SETTINGS`). A field path is dotted (``org.max_team_size``); a path naming a
whole section (``review``) covers every field in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from orgmodel.datapath import get_value
from orgmodel.engines import CORE_GROUPS, RegistryView, SettingGroup, engine, settings_engines
from orgmodel.scenario import Scenario

__all__ = [
    "GROUPS",
    "GROUP_LABELS",
    "NOT_SETTINGS",
    "differing_fields",
    "differing_fields_text",
    "group_of",
    "section_groups",
    "setting_groups",
    "ungrouped_fields",
]

def setting_groups() -> tuple[SettingGroup, ...]:
    """Every setting group: the core ones (shape, working week), then each engine's, in registry order."""
    return CORE_GROUPS + tuple(g for e in settings_engines() for g in e.setting_groups())


GROUPS: Mapping[str, tuple[str, ...]] = RegistryView(lambda: {g.name: g.paths for g in setting_groups()})
"""Group -> the scenario field paths it holds, derived from the registry (`setting_groups`)."""

GROUP_LABELS: Mapping[str, str] = RegistryView(lambda: {g.name: g.label for g in setting_groups()})
"""Group -> what it is, in words, for tables and sentences."""


def section_groups(section: str) -> frozenset[str]:
    """The groups a report section's figures depend on: its engine's core groups, its settings' groups
    (those of the engine owning its settings field), and the same for every engine it uses."""
    e = engine(section)
    out = set(e.reads)
    if e.settings is not None:
        owner = next((o for o in settings_engines() if o.settings == e.settings), None)
        if owner is not None:
            out.update(g.name for g in owner.setting_groups())
    for used in e.uses:
        out |= section_groups(used)
    return frozenset(out)


NOT_SETTINGS: tuple[str, ...] = ("name", "description", "sources", "provenance", "ranges", "seed", "org.imported")
"""Fields that are not settings of the organisation: labels, sources, the random seed, and the
record of how an org chart was imported (``org.imported``; the chart itself, ``org.people``, is shape)."""


def group_of(path: str) -> str | None:
    """The group holding a field path (``org.departments.0.engineers`` -> ``org``), or None."""
    for group, paths in GROUPS.items():
        for owned in paths:
            if path == owned or path.startswith(owned + "."):
                return group
    return None


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        model = _model_of(arg)
        if model is not None:
            return model
    return None


def ungrouped_fields(model: type[BaseModel] = Scenario) -> dict[str, list[str]]:
    """Problems with the grouping of ``model``'s fields: ``{"missing": [...], "twice": [...]}``.

    A field is covered when its path, or a section path above it, is in one group, or when its path
    is in `NOT_SETTINGS`. Nested models are walked only until a covering path. ``unknown`` lists
    paths in `GROUPS` or `NOT_SETTINGS` that ``model`` does not have.
    """
    owners: dict[str, list[str]] = {}
    for group, paths in GROUPS.items():
        for path in paths:
            owners.setdefault(path, []).append(group)
    missing: list[str] = []
    twice: list[str] = [f"{p} (in {', '.join(g)})" for p, g in owners.items() if len(g) > 1]

    def walk(cls: type[BaseModel], prefix: str) -> None:
        for name, info in cls.model_fields.items():
            path = f"{prefix}{name}"
            if path in NOT_SETTINGS:
                if path in owners:
                    twice.append(f"{path} (in NOT_SETTINGS and {', '.join(owners[path])})")
                continue
            if path in owners:
                below = [p for p in owners if p.startswith(path + ".")]
                twice.extend(f"{p} (inside {path})" for p in below)
                continue
            sub = _model_of(info.annotation)
            if sub is None:
                missing.append(path)
            else:
                walk(sub, path + ".")

    walk(model, "")
    unknown = [p for p in [*owners, *NOT_SETTINGS] if not _path_exists(model, p)]
    return {"missing": missing, "twice": twice, "unknown": unknown}


def _path_exists(model: type[BaseModel], path: str) -> bool:
    cls: type[BaseModel] | None = model
    for part in path.split("."):
        if cls is None or part not in cls.model_fields:
            return False
        cls = _model_of(cls.model_fields[part].annotation)
    return True


def _diff(a: Any, b: Any, path: str, out: list[str]) -> None:
    if a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict) and not path.endswith(("_by_role_usd", "_by_role", "_split")):
        for key in list(a) + [k for k in b if k not in a]:
            _diff(a.get(key), b.get(key), f"{path}.{key}", out)
        return
    out.append(path)


def differing_fields(a: Scenario, b: Scenario) -> dict[str, list[str]]:
    """Group -> the field paths whose values differ between ``a`` and ``b`` (groups in `GROUPS` order).

    Sections are walked down to their settings (``decisions.founder.meeting_interval_days``);
    lists (``org.departments``, ``equity.rounds``) and per-role maps are compared whole. A
    section present in one scenario only is listed as the section itself. Groups with no
    difference are left out.
    """
    da, db = a.model_dump(mode="json"), b.model_dump(mode="json")
    out: dict[str, list[str]] = {}
    for group, paths in GROUPS.items():
        found: list[str] = []
        for path in paths:
            va, vb = _get(da, path), _get(db, path)
            if va is None or vb is None:
                if va != vb:
                    section = path.split(".")[0]
                    if (da.get(section) is None) != (db.get(section) is None):
                        path = section
                    if path not in found:
                        found.append(path)
                continue
            _diff(va, vb, path, found)
        if found:
            out[group] = found
    return out


def differing_fields_text(a: Scenario, b: Scenario) -> list[str]:
    """One line per group that differs: ``work (working week): work.days_per_week, work.hours_per_day``."""
    return [
        f"{group} ({GROUP_LABELS[group]}): {', '.join(paths)}" for group, paths in differing_fields(a, b).items()
    ]


def _get(data: dict[str, Any], path: str) -> Any:
    return get_value(data, path)
