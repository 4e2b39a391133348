"""Benchmark: sensitivity on the Xiaomi preset (issue 24), each figure beside a reference of the same run.

1. Tornado of every headline figure (2 evaluations per ranged input, only the sections an input
   can move) against one full ``build_report`` per evaluation, i.e. 2 full reports per input, in
   this process. Goal: at most 3x the reference.
2. Morris screening of every ranged input, 10 trajectories (trajectories x (inputs + 1) full
   reports) on a local pool of 2 workers. Goal: under a minute on 2 cores.
3. The same Morris on 1 worker (this process) against 2 workers. Goal: 2 workers at least 1.7x.

The machine is shared: the load average is printed before and after. Results go to
``benchmarks/results/sensitivity.json``.

Run: ``python benchmarks/bench_sensitivity.py [--trajectories 10] [--skip-serial]``
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import time
from pathlib import Path

from orgmodel.engines import headline_figures
from orgmodel.loading import load_preset
from orgmodel.report import build_report
from orgmodel.sensitivity.analysis import analyse
from orgmodel.sensitivity.batch import PoolRunner, SerialRunner
from orgmodel.sensitivity.inputs import ranged_inputs
from orgmodel.sensitivity.sampling import overrides_for

OUT = Path(__file__).parent / "results" / "sensitivity.json"


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def tornado_against_full_reports() -> dict[str, float]:
    """Seconds for the tornado of every figure, and for 2 full reports per input (the reference)."""
    from orgmodel.loading import apply_overrides, validate_scenario
    from orgmodel.paths import value_text

    scenario = load_preset("xiaomi-2012")
    inputs = ranged_inputs(scenario)
    build_report(scenario)
    started = time.perf_counter()
    analyse(scenario, SerialRunner(), methods=["tornado"])
    tornado_s = time.perf_counter() - started
    base = scenario.model_dump(mode="json")
    started = time.perf_counter()
    for item in inputs:
        for x in (item.low, item.high):
            edit = overrides_for([item], [x])
            build_report(validate_scenario(apply_overrides(base, [f"{p}={value_text(v)}" for p, v in edit.items()])))
    full_s = time.perf_counter() - started
    return {"inputs": len(inputs), "figures": len(headline_figures()), "tornado_s": tornado_s,
            "two_full_reports_per_input_s": full_s, "ratio": tornado_s / full_s}


def _cpu_seconds() -> float:
    """CPU seconds of this process and every descendant (the pool's workers sit under its forkserver)."""
    import psutil

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += sum(child.cpu_times()[:2])
    return total


def morris_on(workers: int, trajectories: int) -> dict[str, float]:
    """Wall and CPU seconds of Morris on every ranged input (CPU: what the run would take on idle cores)."""
    scenario = load_preset("xiaomi-2012")
    runner = PoolRunner(workers) if workers > 1 else SerialRunner()
    with runner:
        if workers > 1:  # start the pool's processes before the clock (a server keeps them)
            analyse(scenario, runner, methods=["bands"], samples=2 * workers)
        cpu, started = _cpu_seconds(), time.perf_counter()
        result = analyse(scenario, runner, methods=["morris"], trajectories=trajectories)
        seconds, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    return {"workers": workers, "reports": result.info.reports, "seconds": seconds, "cpu_seconds": cpu,
            "load_after": _load()[0]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trajectories", type=int, default=10)
    parser.add_argument("--skip-serial", action="store_true", help="leave out the 1-worker Morris run")
    args = parser.parse_args()
    out: dict[str, object] = {"load_before": _load(), "cores": os.cpu_count()}
    tornado = tornado_against_full_reports()
    out["tornado"] = tornado
    print(f"tornado, {tornado['figures']} figures x {tornado['inputs']} inputs: {tornado['tornado_s']:.1f} s; "
          f"2 full reports per input: {tornado['two_full_reports_per_input_s']:.1f} s "
          f"({tornado['ratio']:.2f}x; goal <= 3x)")
    two = morris_on(2, args.trajectories)
    out["morris_2_workers"] = two
    print(f"Morris, {args.trajectories} trajectories, {two['reports']} reports on 2 workers: {two['seconds']:.1f} s "
          f"wall, {two['cpu_seconds']:.1f} CPU s in all (goal < 60 s wall on 2 cores)")
    if not args.skip_serial:
        one = morris_on(1, args.trajectories)
        out["morris_1_worker"] = one
        out["speedup_2_over_1"] = one["seconds"] / two["seconds"]
        print(f"same on 1 worker: {one['seconds']:.1f} s wall, {one['cpu_seconds']:.1f} CPU s; "
              f"2 workers {out['speedup_2_over_1']:.2f}x (goal >= 1.7x)")
    out["load_after"] = _load()
    print(f"load average before {out['load_before']}, after {out['load_after']}")
    OUT.write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
