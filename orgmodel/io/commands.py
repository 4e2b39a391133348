"""The command line's side of importing: ``--map``, ``--habits``, ``--orphans``, ``--virtual-top``.

``python -m orgmodel report org.xlsx --map id=Employee_ID --map manager=Manager_ID --habits
hierarchical-400`` reads the chart, joins it with the named preset's (or scenario file's) working
habits, applies ``--set`` what-ifs (``org.max_team_size``, ``org.max_span``) and reports.
``python -m orgmodel import org.csv > org.yaml`` writes that scenario as one file that reopens to
the identical report.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from orgmodel.errors import InputError
from orgmodel.io.columns import FIELDS
from orgmodel.loading import apply_overrides, load_preset, load_scenario, preset_names, validate_scenario
from orgmodel.people import ImportInfo
from orgmodel.scenario import Scenario

__all__ = [
    "DEFAULT_HABITS", "ORG_FILE_SUFFIXES", "add_import_options", "habits_scenario", "import_summary_text",
    "is_org_file", "org_file_scenario", "parse_map",
]

ORG_FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json")
DEFAULT_HABITS = "xiaomi-2012"
"""Whose working habits an imported org gets when none are named."""


def is_org_file(path: str) -> bool:
    """True for an org-chart file (by extension) rather than a scenario YAML."""
    return path.lower().endswith(ORG_FILE_SUFFIXES)


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """Add the import options to a subcommand that takes an org-chart file."""
    parser.add_argument("--map", dest="mapping", action="append", default=[], metavar="FIELD=COLUMN",
                        help=f"which column holds what ({', '.join(FIELDS)}); wins over detection")
    parser.add_argument("--habits", default=DEFAULT_HABITS, metavar="PRESET|FILE.yaml",
                        help="whose review, decisions, working week and equity settings to assume")
    parser.add_argument("--orphans", choices=["error", "placeholder"], default="error",
                        help="a manager id matching nobody: refuse (error) or hang them under a placeholder")
    parser.add_argument("--virtual-top", action="store_true",
                        help="put every person with no manager under one virtual top, not a founders' tier")
    parser.add_argument("--sheet", default=None, metavar="NAME|NUMBER",
                        help="the .xlsx sheet to read (by name, or number from 1); the first by default")
    parser.add_argument("--keep-former", action="store_true",
                        help="keep rows a status or end-date column marks as not current staff (left out by default)")


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


def org_file_scenario(path: str, args: argparse.Namespace, overrides: list[str] | None = None) -> Scenario:
    """Read an org-chart file as the CLI options say and return it as a scenario (``--set`` applied)."""
    from orgmodel.io.orgfiles import imported_scenario, read_org_file  # lazy: off the CLI start path
    from orgmodel.io.rows import MAX_ORG_FILE_BYTES

    try:
        size = Path(path).stat().st_size
        if size > MAX_ORG_FILE_BYTES:
            raise InputError([f"the file is {size:,} bytes; the limit is {MAX_ORG_FILE_BYTES:,} bytes"], path)
        data = Path(path).read_bytes()
    except OSError as err:
        raise InputError([f"cannot read it: {err.strerror}"], path) from None
    org = read_org_file(data, Path(path).name, mapping=parse_map(getattr(args, "mapping", [])),
                        orphans=getattr(args, "orphans", "error"), virtual_top=getattr(args, "virtual_top", False),
                        what=path, sheet=getattr(args, "sheet", None), keep_former=getattr(args, "keep_former", False))
    habits, label = habits_scenario(getattr(args, "habits", DEFAULT_HABITS))
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
