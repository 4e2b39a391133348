"""Importing an org-chart file as the command line asks: `ImportOptions` in, a `Scenario` out.

`orgmodel.cli` builds the parser (``--map``, ``--habits``, ``--orphans``, ``--virtual-top``,
``--sheet``, ``--keep-former``) and turns its arguments into `ImportOptions`; nothing here builds a
parser.

``python -m orgmodel report org.xlsx --map id=Employee_ID --map manager=Manager_ID --habits
hierarchical-400`` reads the chart, joins it with the named preset's (or scenario file's) working
habits, applies ``--set`` what-ifs (``org.max_team_size``, ``org.max_span``) and reports.
``python -m orgmodel import org.csv > org.yaml`` writes that scenario as one file that reopens to
the identical report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from orgmodel.errors import InputError
from orgmodel.loading import apply_overrides, load_preset, load_scenario, preset_names, validate_scenario
from orgmodel.model_base import StrictModel
from orgmodel.people import ImportInfo
from orgmodel.scenario import Scenario

__all__ = [
    "DEFAULT_HABITS", "ORG_FILE_SUFFIXES", "ImportOptions", "habits_scenario", "import_summary_text",
    "is_org_file", "org_file_scenario", "parse_map",
]

ORG_FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json")
DEFAULT_HABITS = "xiaomi-2012"
"""Whose working habits an imported org gets when none are named."""


def is_org_file(path: str) -> bool:
    """True for an org-chart file (by extension) rather than a scenario YAML."""
    return path.lower().endswith(ORG_FILE_SUFFIXES)


class ImportOptions(StrictModel):
    """How to read an org-chart file and whose habits to give it (the CLI's import options)."""

    mapping: dict[str, str] = Field(default_factory=dict, description="field -> column; wins over detection")
    habits: str = Field(default=DEFAULT_HABITS, description="a preset name or a scenario .yaml path")
    orphans: Literal["error", "placeholder"] = "error"
    virtual_top: bool = False
    sheet: str | None = Field(default=None, description="the .xlsx sheet, by name or number from 1")
    keep_former: bool = Field(default=False, description="keep rows a status or end-date column marks as former")


def parse_map(items: list[str]) -> dict[str, str]:
    """``["id=Employee_ID", ...]`` -> ``{"id": "Employee_ID"}``; refuses an item without ``=``."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, column = item.partition("=")
        if not sep or not key.strip() or not column.strip():
            raise InputError([f"--map {item!r}: expected FIELD=COLUMN, e.g. manager=Manager_ID"], "--map")
        out[key.strip().lower()] = column.strip()
    return out


def habits_scenario(spec: str) -> tuple[Scenario, str]:
    """A preset by name or a scenario YAML by path, and how to name it in the output."""
    if spec in preset_names():
        return load_preset(spec), f"preset {spec}"
    if Path(spec).suffix.lower() in (".yaml", ".yml"):
        return load_scenario(spec), f"scenario file {Path(spec).name}"
    raise InputError([f"--habits {spec!r}: not a preset ({', '.join(preset_names())}) or a .yaml scenario file"],
                     "--habits")


def org_file_scenario(path: str, options: ImportOptions | None = None, overrides: list[str] | None = None) -> Scenario:
    """Read an org-chart file as ``options`` say and return it as a scenario (``--set`` applied)."""
    from orgmodel.io.habits import imported_scenario
    from orgmodel.io.orgfiles import read_org_file  # lazy: off the CLI start path
    from orgmodel.io.rows import MAX_ORG_FILE_BYTES

    try:
        size = Path(path).stat().st_size
        if size > MAX_ORG_FILE_BYTES:
            raise InputError([f"the file is {size:,} bytes; the limit is {MAX_ORG_FILE_BYTES:,} bytes"], path)
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError([f"cannot read it: {err.strerror}"], path) from None
    options = options or ImportOptions()
    org = read_org_file(data, Path(path).name, mapping=options.mapping, orphans=options.orphans,
                        virtual_top=options.virtual_top, what=path, sheet=options.sheet,
                        keep_former=options.keep_former)
    habits, label = habits_scenario(options.habits)
    scenario = imported_scenario(org, habits, label)
    if overrides:
        scenario = validate_scenario(apply_overrides(scenario.model_dump(mode="json"), overrides), path)
    return scenario


def import_summary_text(info: ImportInfo | None) -> str:
    """Lines saying how an imported org was read and what was inferred (empty for other scenarios)."""
    if info is None:
        return ""
    lines = [
        f"Imported {info.file}: {info.rows_read:,} rows -> {info.people:,} people, {info.roots:,} "
        f"with no manager; columns {', '.join(f'{k}={v}' for k, v in info.columns.items())}",
        f"  roles: {info.roles_source}",
        f"  teams: {info.teams_source}; departments: {info.departments_source}",
        f"  working habits from {info.habits_from}",
    ]
    lines += [f"  warning: {w}" for w in info.warnings]
    return "\n".join(lines) + "\n"
