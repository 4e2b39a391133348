"""Benchmark: the Review page's team-size sweep (caps 2..30, analytic figures) against one report.

Times, in one process and run: one full report of the preset (every engine), then the sweep over
``org.max_team_size`` 2..30 cold (fresh caches: the chains and lattices are solved) and warm (the
second call, as a rerun of the app would see). Prints each time and the ratio sweep / report.

Run: ``PYTHONPATH=. python benchmarks/bench_review_sweep.py [preset]`` (default xiaomi-2012).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from orgmodel.loading import load_scenario
from orgmodel.report import build_report
from orgmodel.review.sweep import sweep_team_size

PRESETS = Path(__file__).resolve().parents[1] / "presets"


def timed(fn, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start


def main() -> None:
    name = sys.argv[1] if len(sys.argv) > 1 else "xiaomi-2012"
    scenario = load_scenario(str(PRESETS / f"{name}.yaml"))
    caps = list(range(2, 31))
    _, report_s = timed(build_report, scenario)
    sweep, cold_s = timed(sweep_team_size, scenario, caps)
    _, warm_s = timed(sweep_team_size, scenario, caps)
    print(f"{name}: one report {report_s:.3f} s; sweep of {len(caps)} caps cold {cold_s:.3f} s "
          f"({cold_s / report_s:.2f}x the report), warm {warm_s:.3f} s ({warm_s / report_s:.2f}x)")
    for p in sweep.points[:3] + sweep.points[-2:]:
        print(f"  cap {p.value}: mean {p.mean_working_hours} p90 {p.p90_working_hours}")


if __name__ == "__main__":
    main()
