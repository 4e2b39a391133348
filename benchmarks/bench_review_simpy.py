"""Benchmark: the vectorised review simulator against an equivalent SimPy model.

Workload: M/M/c, c = 5 reviewers, load 0.8 (lambda = 4 per hour, mean review 1 hour), 200,000
changes. Prints changes/second for both, the ratio, and each mean wait in queue beside the
Erlang C value with a 95% confidence interval from batch means.

Run: ``python benchmarks/bench_review_simpy.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import simpy
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ imports as a package from any folder

from tests.reference_queues import mgc_mean_wait, pool_waits

SERVERS, LOAD, CHANGES, SEED = 5, 0.8, 200_000, 2012
RATE = LOAD * SERVERS
BATCHES = 100  # the numpy run: 100 independent replications of 2,000 changes (batch = replication)
WARM_UP = 0.1


def ci95(batch_means: np.ndarray) -> tuple[float, float]:
    """Mean and half-width of the 95% t-interval over batch means."""
    m = float(batch_means.mean())
    half = float(stats.t.ppf(0.975, batch_means.size - 1) * batch_means.std(ddof=1) / np.sqrt(batch_means.size))
    return m, half


def run_numpy(seed: int = SEED) -> tuple[float, np.ndarray]:
    rng = np.random.default_rng(seed)
    per = CHANGES // BATCHES
    start = time.perf_counter()
    arrivals = np.cumsum(rng.exponential(1 / RATE, (BATCHES, per)), axis=1)
    services = rng.exponential(1.0, (BATCHES, per))
    waits = pool_waits(arrivals, services, SERVERS)
    elapsed = time.perf_counter() - start
    return elapsed, waits[:, int(WARM_UP * per):].mean(axis=1)


def run_simpy() -> tuple[float, np.ndarray]:
    rng = np.random.default_rng(SEED + 1)
    gaps = rng.exponential(1 / RATE, CHANGES)
    services = rng.exponential(1.0, CHANGES)
    waits = np.empty(CHANGES)
    env = simpy.Environment()
    reviewers = simpy.Resource(env, capacity=SERVERS)

    def change(i: int):
        arrived = env.now
        with reviewers.request() as req:
            yield req
            waits[i] = env.now - arrived
            yield env.timeout(services[i])

    def source():
        for i in range(CHANGES):
            yield env.timeout(gaps[i])
            env.process(change(i))

    start = time.perf_counter()
    env.process(source())
    env.run()
    elapsed = time.perf_counter() - start
    kept = waits[int(WARM_UP * CHANGES):]
    return elapsed, kept[: kept.size // BATCHES * BATCHES].reshape(BATCHES, -1).mean(axis=1)


def main() -> None:
    exact = float(mgc_mean_wait(RATE, 1.0, 1.0, SERVERS))
    # best of several runs each, to damp noise from other work on the machine
    t_np, b_np = min((run_numpy() for _ in range(5)), key=lambda r: r[0])
    t_sp, b_sp = min((run_simpy() for _ in range(2)), key=lambda r: r[0])
    print(f"M/M/{SERVERS}, load {LOAD}, {CHANGES:,} changes; Erlang C mean wait {exact:.4f} h")
    for name, t, b in (("orgmodel (numpy)", t_np, b_np), ("SimPy", t_sp, b_sp)):
        m, half = ci95(b)
        inside = "inside" if abs(m - exact) <= half else "OUTSIDE"
        print(f"{name:>17}: {CHANGES / t:>12,.0f} changes/s  ({t:.3f} s)  mean wait {m:.4f} "
              f"+/- {half:.4f} (95% CI, {b.size} batch means): Erlang C {inside}")
    print(f"speed-up: {t_sp / t_np:,.0f}x")
    # one seed is one draw: a 95% interval misses 1 time in 20. Coverage over many seeds:
    covered = []
    for seed in range(40):
        m, half = ci95(run_numpy(seed)[1])
        covered.append(abs(m - exact) <= half)
    print(f"numpy CI covers Erlang C in {sum(covered)}/{len(covered)} seeds (expected ~95%)")


if __name__ == "__main__":
    main()
