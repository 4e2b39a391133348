"""Command line: ``python -m orgmodel report|compare|sweep|keys|export-csv|sensitivity``.

Bad input exits with status 2 and one line per problem on stderr (field path, value, limit),
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError

from orgmodel.compare import compare_reports, comparison_text
from orgmodel.errors import InputError, describe_validation_error
from orgmodel.history.command import add_history_parser, run_history
from orgmodel.io.columns import FIELDS
from orgmodel.io.commands import (
    DEFAULT_HABITS,
    ImportOptions,
    import_summary_text,
    is_org_file,
    org_file_scenario,
    parse_map,
)
from orgmodel.io.roles import ROLE_RULE
from orgmodel.layout import layout
from orgmodel.limits import MAX_SWEEP_POINTS
from orgmodel.loading import load_scenario
from orgmodel.orgcsv import table_to_csv
from orgmodel.report import Report, build_report, report_text
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.commands import add_odds_options, add_sensitivity_parser, run_odds, run_sensitivity

__all__ = ["add_import_options", "import_options", "main", "parse_values"]


def add_import_options(parser: argparse.ArgumentParser) -> None:
    """Add the import options to a subcommand that takes an org-chart file (`import_options` reads them)."""
    parser.add_argument("--map", dest="mapping", action="append", default=[], metavar="FIELD=COLUMN",
                        help=f"which column holds what ({', '.join(FIELDS)}); wins over detection. Roles: {ROLE_RULE}")
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


def import_options(args: argparse.Namespace) -> ImportOptions:
    """The parsed import options as the library's `ImportOptions` (``--map`` items checked)."""
    return ImportOptions(mapping=parse_map(args.mapping), habits=args.habits, orphans=args.orphans,
                         virtual_top=args.virtual_top, sheet=args.sheet, keep_former=args.keep_former)


def _org_scenario(path: str, args: argparse.Namespace, overrides: list[str] | None = None) -> Scenario:
    return org_file_scenario(path, import_options(args), overrides)


def _scenario_for(path: str, overrides: list[str], args: argparse.Namespace, edits: list[str] | None = None) -> Any:
    scenario = _org_scenario(path, args, overrides) if is_org_file(path) else load_scenario(path, overrides)
    if edits:
        from orgmodel.edits.scenario_edits import parse_edit_texts, with_edits

        scenario = with_edits(scenario, parse_edit_texts(edits))
    return scenario


def _report_for(path: str, overrides: list[str], args: argparse.Namespace, edits: list[str] | None = None) -> Report:
    return build_report(_scenario_for(path, overrides, args, edits))


def _add_edit_option(parser: argparse.ArgumentParser, on: str = "the scenario") -> None:
    parser.add_argument("--edit", dest="edits", action="append", default=[], metavar="'move: 17, under: 4'",
                        help=f"change the organisation of {on} (move, merge, split, promote, remove, open_role, "
                             "dotted); repeat for several, applied in order")


def parse_values(spec: str) -> list[float]:
    """``3:30`` (every integer), ``3:30:3`` (a step) or ``4,6,8`` -> values; at most MAX_SWEEP_POINTS."""
    try:
        if ":" in spec:
            parts = [float(p) for p in spec.split(":")]
            if len(parts) not in (2, 3):
                raise ValueError
            start, stop = parts[0], parts[1]
            step = parts[2] if len(parts) == 3 else 1.0
            if step <= 0 or stop < start:
                raise ValueError
            count = int((stop - start) / step + 1e-9) + 1
            if count > MAX_SWEEP_POINTS:
                raise InputError([f"--values {spec}: {count} points; the limit is {MAX_SWEEP_POINTS}"], "--values")
            values = [start + i * step for i in range(count)]
        else:
            values = [float(v) for v in spec.split(",") if v.strip()]
    except ValueError:
        raise InputError(
            [f"--values {spec!r}: expected START:STOP[:STEP] with STOP >= START and STEP > 0, or a,b,c"],
            "--values",
        ) from None
    if not values or len(values) > MAX_SWEEP_POINTS:
        raise InputError([f"--values {spec!r}: give 1 to {MAX_SWEEP_POINTS} values"], "--values")
    return values


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m orgmodel", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="every figure for one scenario (YAML) or org chart (CSV)")
    rep.add_argument("file")
    rep.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    rep.add_argument("--format", choices=["json", "text"], default="text")
    add_import_options(rep)
    _add_edit_option(rep)
    imp = sub.add_parser("import", help="an org chart file (CSV, .xlsx, JSON) as one scenario YAML, habits included")
    imp.add_argument("file")
    imp.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    add_import_options(imp)
    _add_edit_option(imp)
    cmp_ = sub.add_parser("compare", help="two scenarios side by side, B judged against A")
    cmp_.add_argument("file_a")
    cmp_.add_argument("file_b")
    cmp_.add_argument("--format", choices=["json", "text"], default="text")
    add_import_options(cmp_)
    _add_edit_option(cmp_, "B (A as it was, B as edited)")
    cmp_.add_argument("--explain", action="store_true",
                      help="split each difference B - A over the setting groups (Shapley values)")
    add_odds_options(cmp_)
    swp = sub.add_parser("sweep", help="review turnaround and channels as one setting varies")
    swp.add_argument("file")
    swp.add_argument("--param", default="org.max_team_size")
    swp.add_argument("--values", default="3:30")
    swp.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    swp.add_argument("--format", choices=["json", "text"], default="text")
    add_import_options(swp)
    sub.add_parser("keys", help="the JSON report's key reference (Markdown): name, type, unit, clock, meaning")
    exp = sub.add_parser("export-csv", help="the scenario's org chart as CSV (id,name,manager_id,role,...)")
    exp.add_argument("file")
    exp.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    add_import_options(exp)
    _add_grow_parser(sub)
    _add_export_ocf_parser(sub)
    _add_import_ocf_parser(sub)
    add_history_parser(sub)
    add_sensitivity_parser(sub)
    return parser


def _run(args: argparse.Namespace) -> str:
    if args.command == "report":
        report = _report_for(args.file, args.overrides, args, args.edits)
        if args.format == "json":
            return report.model_dump_json(indent=2)
        info = report.structure.imported if report.structure is not None else None
        head = import_summary_text(info)
        return head + report_text(report)
    if args.command == "import":
        from orgmodel.loading import scenario_to_yaml

        return scenario_to_yaml(_scenario_for(args.file, args.overrides, args, args.edits)).rstrip("\n")
    if args.command == "sensitivity":
        return run_sensitivity(args)
    if args.command == "compare" and args.odds:
        return run_odds(args)
    if args.command == "compare" and args.explain:
        return _explain(args)
    if args.command == "grow":
        return _grow(args)
    if args.command == "export-ocf":
        return _export_ocf(args)
    if args.command == "import-ocf":
        return _import_ocf(args)
    if args.command == "history":
        return run_history(args)
    if args.command == "compare":
        comparison = compare_reports(_report_for(args.file_a, [], args),
                                     _report_for(args.file_b, [], args, args.edits))
        return comparison.model_dump_json(indent=2) if args.format == "json" else comparison_text(comparison)
    if args.command == "keys":
        from orgmodel.reportkeys import keys_markdown

        return keys_markdown().rstrip("\n")
    if args.command == "export-csv":
        if is_org_file(args.file):
            return table_to_csv(layout(_org_scenario(args.file, args, args.overrides))).rstrip("\n")
        return table_to_csv(layout(load_scenario(args.file, args.overrides))).rstrip("\n")
    if args.command == "sweep":
        values = parse_values(args.values)
        if is_org_file(args.file):
            scenario = _org_scenario(args.file, args, args.overrides)
        else:
            scenario = load_scenario(args.file, args.overrides)
        from orgmodel.review.sweep import sweep_team_size

        if not all(v.is_integer() for v in values):
            raise InputError([f"--values {args.values!r}: {args.param} takes whole numbers"], "--values")
        result = sweep_team_size(scenario, [int(v) for v in values], args.param)
        return result.model_dump_json(indent=2) if args.format == "json" else result.to_text()
    raise AssertionError(args.command)


# --- compare --explain: why two scenarios differ, per setting group


def _explain(args: argparse.Namespace) -> str:
    from orgmodel.attribution import attribute, attribution_text

    a, b = load_scenario(args.file_a), load_scenario(args.file_b)
    attribution = attribute(a, b)
    if args.format != "json":
        return attribution_text(attribution)
    comparison = compare_reports(build_report(a), build_report(b))
    data = comparison.model_dump(mode="json")
    data["attribution"] = {key: item.model_dump(mode="json") for key, item in attribution.figures.items()}
    data["attribution_info"] = attribution.model_dump(mode="json", exclude={"figures"})
    return json.dumps(data, indent=2)


# --- grow: the organisation at larger headcounts, and where each figure breaks


def _add_grow_parser(sub: Any) -> None:
    grw = sub.add_parser("grow", help="scale the engineers, keep the rules: figures and breaks by headcount")
    grw.add_argument("file")
    grw.add_argument("--headcount", default="14:20000", metavar="START:STOP", help="people, log-spaced")
    grw.add_argument("--points", type=int, default=40)
    grw.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    grw.add_argument("--format", choices=["json", "text"], default="text")


def _grow(args: argparse.Namespace) -> str:
    from orgmodel.growth import grow, growth_text, headcount_points

    try:
        start, stop = (int(float(x)) for x in args.headcount.split(":"))
    except ValueError:
        problem = f"--headcount {args.headcount!r}: expected START:STOP, e.g. 14:20000"
        raise InputError([problem], "--headcount") from None
    growth = grow(load_scenario(args.file, args.overrides), headcount_points(start, stop, args.points))
    if args.format == "json":
        return json.dumps({"growth": growth.model_dump(mode="json")}, indent=2)
    return growth_text(growth)


# --- export-ocf: the cap table as an Open Cap Format package


def _add_export_ocf_parser(sub: Any) -> None:
    ocf = sub.add_parser("export-ocf", help="the cap table as an Open Cap Format (OCF 1.2.0) package")
    ocf.add_argument("file")
    ocf.add_argument("-o", "--out", required=True, metavar="DIR", help="folder for the manifest and object files")
    ocf.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")


def _export_ocf(args: argparse.Namespace) -> str:
    from orgmodel.equity.ocf import write_ocf

    paths = write_ocf(load_scenario(args.file, args.overrides), args.out)
    return "\n".join(str(p) for p in paths)


# --- import-ocf (issue 26): an Open Cap Format package as the scenario's equity


def _add_import_ocf_parser(sub: Any) -> None:
    ocf = sub.add_parser("import-ocf", help="an Open Cap Format package (a folder) as a scenario YAML's equity")
    ocf.add_argument("folder", metavar="DIR", help="folder with manifest.ocf.json and the files it lists")
    ocf.add_argument("--habits", required=True, metavar="SCENARIO",
                     help="a preset name or scenario (YAML) giving the org and everything the package does not hold")


def _import_ocf(args: argparse.Namespace) -> str:
    from orgmodel.equity.ocf_import import scenario_from_ocf
    from orgmodel.equity.ocf_read import read_ocf_dir
    from orgmodel.io.commands import habits_scenario
    from orgmodel.loading import scenario_to_yaml

    habits, _ = habits_scenario(args.habits)
    scenario, notes = scenario_from_ocf(read_ocf_dir(args.folder), habits)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    return scenario_to_yaml(scenario).rstrip("\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit status (0 ok, 2 bad input)."""
    args = _parser().parse_args(argv)
    try:
        out = _run(args)
    except InputError as err:
        print(str(err), file=sys.stderr)
        return 2
    except ValidationError as err:  # never pydantic's own text: one plain line per field
        print(str(InputError(describe_validation_error(err), "input")), file=sys.stderr)
        return 2
    except ValueError as err:  # an engine refusing a scenario it cannot analyse
        print(f"error: {err}", file=sys.stderr)
        return 2
    try:
        print(out)
    except BrokenPipeError:  # `| head`: the reader has what it wanted
        sys.stderr.close()
    return 0

