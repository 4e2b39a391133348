"""The CLI's sensitivity commands: ``sensitivity SCENARIO`` and ``compare A B --odds``.

`orgmodel.cli` adds these parsers and calls `run_sensitivity` / `run_odds`; a progress line goes
to stderr (``--quiet`` silences it), the result to stdout as text or JSON (keys in
docs/sensitivity-keys.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from orgmodel.errors import InputError

if TYPE_CHECKING:
    from orgmodel.sensitivity.batch import Progress

__all__ = ["add_odds_options", "add_sensitivity_parser", "run_odds", "run_sensitivity"]


def _runner_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--samples", type=int, default=128, metavar="N",
                        help="draws for the bands and the odds; Sobol's base sample (next power of two)")
    parser.add_argument("--scheduler", default=None, metavar="tcp://HOST:PORT", help="run on a Dask cluster")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="local worker processes (default: the machine's cores; 1 = this process)")
    parser.add_argument("--seed", type=int, default=0, help="seed of every draw of the inputs")
    parser.add_argument("--quiet", action="store_true", help="no progress line on stderr")


def add_sensitivity_parser(sub: Any) -> None:
    """The ``sensitivity`` subcommand."""
    sen = sub.add_parser("sensitivity", help="how sure is it: tornado, Morris, Sobol and p5/p50/p95 bands per figure")
    sen.add_argument("file")
    sen.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE")
    sen.add_argument("--format", choices=["json", "text"], default="text")
    sen.add_argument("--figure", action="append", default=[], metavar="KEY",
                     help="a headline figure, section.key (repeat; default: all)")
    sen.add_argument("--only-ranges", action="store_true", help="vary only the ranges the scenario file gives")
    sen.add_argument("--methods", default="tornado,morris,sobol,bands", help="comma-separated subset")
    sen.add_argument("--trajectories", type=int, default=10, help="Morris trajectories")
    sen.add_argument("--sobol-inputs", type=int, default=6, help="inputs Morris ranks highest, in the Sobol design")
    sen.add_argument("--sobol-by", choices=["inputs", "groups"], default="inputs")
    sen.add_argument("--sweep", default=None, metavar="PATH=VALUES",
                     help="bands along a sweep, e.g. org.max_team_size=3:30:3 (JSON sweep_bands)")
    sen.add_argument("--grow", default=None, metavar="START:STOP[:POINTS]",
                     help="bands along the growth curve, e.g. 14:20000:8 (JSON growth_bands)")
    _runner_options(sen)


def add_odds_options(parser: argparse.ArgumentParser) -> None:
    """``--odds`` and the runner options on ``compare``."""
    parser.add_argument("--odds", action="store_true",
                        help="the probability that each better/worse verdict holds, both sides' assumptions drawn")
    _runner_options(parser)


def _progress(args: argparse.Namespace, what: str) -> Progress | None:
    if args.quiet:
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{what}: {done:,} of {total:,} reports ({done / max(1, total):.0%})", end=end, file=sys.stderr,
              flush=True)

    return show


def _check_counts(args: argparse.Namespace) -> None:
    problems = []
    if not 4 <= args.samples <= 100_000:
        problems.append(f"--samples {args.samples}: give 4 to 100,000")
    if getattr(args, "trajectories", 10) < 2 or getattr(args, "trajectories", 10) > 1_000:
        problems.append(f"--trajectories {args.trajectories}: give 2 to 1,000")
    if problems:
        raise InputError(problems, "sensitivity")


def run_sensitivity(args: argparse.Namespace) -> str:
    """``sensitivity``: the result as text or ``{"sensitivity": {figure: ...}, "inputs": [...], "info": ...}``."""
    from orgmodel.loading import load_scenario
    from orgmodel.sensitivity.analysis import analyse, sensitivity_text
    from orgmodel.sensitivity.batch import make_runner

    _check_counts(args)
    scenario = load_scenario(args.file, args.overrides)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    with make_runner(args.scheduler, args.workers) as runner:
        result = analyse(scenario, runner, figures=args.figure or None, methods=methods, samples=args.samples,
                         trajectories=args.trajectories, sobol_inputs=args.sobol_inputs, sobol_by=args.sobol_by,
                         seed=args.seed, only_ranges=args.only_ranges,
                         on_progress=_progress(args, "sensitivity"))
        curves = _curves(args, scenario, runner)
    if args.format == "json":
        data = result.model_dump(mode="json")
        return json.dumps({"sensitivity": data["figures"], "inputs": data["inputs"], "info": data["info"], **curves},
                          indent=2)
    return "\n\n".join([sensitivity_text(result), *(_curve_text(name, c) for name, c in curves.items())])


CURVE_FIGURES = ("review.p90_working_hours", "decisions.escalation_p90_working_hours",
                 "decisions.mobilisation_p100_calendar_hours", "time_budget.own_work_hours_per_week")
"""Figures banded along a sweep or growth curve when no --figure is given."""


def _curves(args: argparse.Namespace, scenario: Any, runner: Any) -> dict[str, Any]:
    """``sweep_bands`` and ``growth_bands``: per figure, one {x, p5, p50, p95, missing} per point."""
    from orgmodel.sensitivity.analysis import choose_figures
    from orgmodel.sensitivity.bands import curve_bands

    out: dict[str, Any] = {}
    figures = choose_figures(args.figure or list(CURVE_FIGURES))
    for name, spec in (("sweep_bands", args.sweep), ("growth_bands", args.grow)):
        if not spec:
            continue
        xs, points, what = _sweep_points(args, spec) if name == "sweep_bands" else _growth_points(scenario, spec)
        found = curve_bands(runner, points, figures, samples=args.samples, seed=args.seed,
                            on_progress=_progress(args, name.replace("_", " ")))
        out[name] = {"x": what, "points": xs, "samples": args.samples, "figures": {
            f"{f.section}.{f.key}": [{"x": x, **b[j].model_dump()} for x, b in zip(xs, found, strict=True)]
            for j, f in enumerate(figures)}}
    return out


def _sweep_points(args: argparse.Namespace, spec: str) -> tuple[list[float], list[Any], str]:
    from orgmodel.cli import parse_values
    from orgmodel.loading import load_scenario
    from orgmodel.paths import value_text

    path, sep, values = spec.partition("=")
    if not sep or not path:
        raise InputError([f"--sweep {spec!r}: expected PATH=VALUES, e.g. org.max_team_size=3:30:3"], "--sweep")
    xs = parse_values(values)
    if len(xs) > 60:
        raise InputError([f"--sweep {spec!r}: {len(xs)} points; the limit is 60"], "--sweep")
    points = [load_scenario(args.file, [*args.overrides, f"{path}={value_text(int(x) if x.is_integer() else x)}"])
              for x in xs]
    return xs, points, path


def _growth_points(scenario: Any, spec: str) -> tuple[list[float], list[Any], str]:
    from orgmodel.growth import grow, headcount_points, scaled_scenario

    try:
        parts = [int(float(x)) for x in spec.split(":")]
        start, stop, count = (*parts, 8) if len(parts) == 2 else parts
    except ValueError:
        raise InputError([f"--grow {spec!r}: expected START:STOP[:POINTS], e.g. 14:20000:8"], "--grow") from None
    growth = grow(scenario, headcount_points(start, stop, min(count, 30)))
    return ([float(p.headcount) for p in growth.points],
            [scaled_scenario(scenario, p.engineers) for p in growth.points], "headcount")


def _curve_text(name: str, curve: dict[str, Any]) -> str:
    from orgmodel.report import format_value

    lines = [f"{name} along {curve['x']} ({curve['samples']} draws per point): p50 [p5 to p95]"]
    for key, rows in curve["figures"].items():
        cells = [f"{r['x']:g}: {format_value(r['p50'])} [{format_value(r['p5'])} to {format_value(r['p95'])}]"
                 for r in rows]
        lines.append(f"  {key}: " + "; ".join(cells))
    return "\n".join(lines)


def run_odds(args: argparse.Namespace) -> str:
    """``compare A B --odds``: the comparison with each verdict's odds (JSON ``odds.<figure>.b_worse``...)."""
    from orgmodel.compare import compare_reports
    from orgmodel.loading import load_scenario
    from orgmodel.report import build_report
    from orgmodel.sensitivity.analysis import choose_figures
    from orgmodel.sensitivity.batch import make_runner
    from orgmodel.sensitivity.inputs import ranged_inputs
    from orgmodel.sensitivity.odds import verdict_odds
    from orgmodel.sensitivity.text import odds_text

    _check_counts(args)
    a, b = load_scenario(args.file_a), load_scenario(args.file_b)
    inputs_a, inputs_b = ranged_inputs(a), ranged_inputs(b)
    with make_runner(args.scheduler, args.workers) as runner:
        odds = verdict_odds(runner, a, b, inputs_a, inputs_b, choose_figures(), draws=args.samples, seed=args.seed,
                            on_progress=_progress(args, "odds"))
    if args.format != "json":
        return odds_text(odds)
    data = compare_reports(build_report(a), build_report(b)).model_dump(mode="json")
    dumped = odds.model_dump(mode="json")
    data["odds"] = dumped["figures"]
    data["odds_info"] = {k: v for k, v in dumped.items() if k != "figures"}
    return json.dumps(data, indent=2)
