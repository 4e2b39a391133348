"""Benchmark: cold start of the CLI, ``import orgmodel.cli`` in a fresh interpreter.

Goal (issue 10, item 7): at most 1.5 times the import of the libraries orgmodel stands on
(``import numpy, networkx, pydantic, yaml``), measured in the same run. Each figure is the
median of ``--runs`` fresh subprocesses (default 5), timing the import statement only
(``time.perf_counter`` around it, interpreter start-up excluded); the two are interleaved so
that other load on the machine hits both alike.

Run: ``python benchmarks/bench_cold_start.py [--runs 5] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

TARGET = "orgmodel.cli"
BASELINE = "numpy, networkx, pydantic, yaml"
GOAL_RATIO = 1.5
_TIMER = "import time; t = time.perf_counter(); import {mod}; print(time.perf_counter() - t)"


def import_seconds(modules: str) -> float:
    """Seconds to run ``import <modules>`` in a fresh interpreter (start-up not counted)."""
    out = subprocess.run([sys.executable, "-c", _TIMER.format(mod=modules)], check=True,
                         capture_output=True, text=True).stdout
    return float(out.strip().splitlines()[-1])


def measure(runs: int) -> dict[str, float]:
    """Median import times of the CLI and of the baseline libraries, and their ratio."""
    cli: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        cli.append(import_seconds(TARGET))
        base.append(import_seconds(BASELINE))
    cli_s, base_s = statistics.median(cli), statistics.median(base)
    return {"cli_seconds": cli_s, "baseline_seconds": base_s, "ratio": cli_s / base_s,
            "goal_ratio": GOAL_RATIO, "runs": runs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh subprocesses per figure (median)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
    args = parser.parse_args(argv)
    figures = measure(args.runs)
    print(f"import {TARGET}: {figures['cli_seconds']:.3f} s (median of {args.runs})")
    print(f"import {BASELINE}: {figures['baseline_seconds']:.3f} s (median of {args.runs})")
    verdict = "within" if figures["ratio"] <= GOAL_RATIO else "over"
    print(f"ratio: {figures['ratio']:.2f}x ({verdict} the {GOAL_RATIO}x goal)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(figures, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
