"""Measure the decision queues' approximations against long Lindley simulations.

For every (cv, load) on a grid, single-server FCFS queues with Poisson arrivals and gamma
service (mean 1) are simulated by Lindley's recursion (``rows`` independent runs of
``customers`` each, warm-up discarded), and compared with what `orgmodel.decisions` uses:

* the Pollaczek-Khinchine mean wait (exact: the error is simulation noise);
* the exponential approximation of the conditional wait in `sample_mg1_wait`
  (``P(W > x) = rho exp(-x rho / Wq)``): p90 of the wait and p90 of the sojourn (wait + an
  independent gamma service, as the escalation sampler draws it);
* the tandem sum of two M/G/1 means (lead then head, the second fed by the first's departures),
  the Jackson-network approximation behind the mean round trip.

Errors are (model - simulation) / simulation; the interval is 1.96 standard errors over rows.
Run: ``python benchmarks/validate_decision_queues.py [--customers 400000] [--rows 16] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np

from orgmodel.queueing.queues import mg1_mean_wait
from orgmodel.queueing.sampling import sample_gamma, sample_mg1_wait

CVS = (0.0, 0.5, 1.0, 1.5, 2.0)
LOADS = (0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95)


def lindley(arrivals: np.ndarray, services: np.ndarray) -> np.ndarray:
    """FCFS waits per row: ``W_k = X_k - min_{j <= k} X_j``, ``X_k = sum_{i<k} (S_i - A_{i+1})``."""
    steps = services[:, :-1] - np.diff(arrivals, axis=1)
    x = np.concatenate([np.zeros((arrivals.shape[0], 1)), np.cumsum(steps, axis=1)], axis=1)
    return x - np.minimum.accumulate(x, axis=1)


def row_stat(values: np.ndarray, fn: object) -> tuple[float, float]:
    per_row = np.array([fn(r) for r in values])  # type: ignore[operator]
    return float(per_row.mean()), float(1.96 * per_row.std(ddof=1) / np.sqrt(per_row.size))


def measure_point(cv: float, load: float, customers: int, rows: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / load, (rows, customers)), axis=1)
    services = sample_gamma(rng, 1.0, cv, (rows, customers))
    waits = lindley(arrivals, services)
    keep = customers // 10
    w = waits[:, keep:]
    sojourn = w + services[:, keep:]
    wq = float(mg1_mean_wait(load, 1.0, cv))
    # the approximation's own law, drawn as the escalation sampler draws it
    draws = 2_000_000
    approx_w = sample_mg1_wait(rng, np.full(draws, load), np.full(draws, wq))
    approx_s = approx_w + sample_gamma(rng, np.full(draws, 1.0), cv)
    sim_mean, mean_ci = row_stat(w, np.mean)
    sim_p90w, p90w_ci = row_stat(w, lambda r: np.quantile(r, 0.9))
    sim_p90s, p90s_ci = row_stat(sojourn, lambda r: np.quantile(r, 0.9))
    sim_p50s, p50s_ci = row_stat(sojourn, lambda r: np.quantile(r, 0.5))
    sim_tandem, tandem_ci = _tandem(rng, cv, load, customers // 2, rows)
    return {
        "cv": cv, "load": load,
        "pk_mean_wait": wq, "sim_mean_wait": sim_mean, "sim_mean_wait_ci": mean_ci,
        "p90_wait_model": float(np.quantile(approx_w, 0.9)), "p90_wait_sim": sim_p90w, "p90_wait_ci": p90w_ci,
        "p90_sojourn_model": float(np.quantile(approx_s, 0.9)), "p90_sojourn_sim": sim_p90s,
        "p90_sojourn_ci": p90s_ci,
        "p50_sojourn_model": float(np.quantile(approx_s, 0.5)), "p50_sojourn_sim": sim_p50s,
        "p50_sojourn_ci": p50s_ci,
        "tandem_mean_wait_model": wq + float(mg1_mean_wait(load, 1.0, cv)),
        "tandem_mean_wait_sim": sim_tandem, "tandem_ci": tandem_ci,
    }


def _tandem(rng: np.random.Generator, cv: float, load: float, customers: int, rows: int,
            leads: int = 5, share: float = 0.2) -> tuple[float, float]:
    """Mean wait lead + head of escalations that go up, simulated: ``leads`` M/G/1 leads at
    ``load``; a share ``share`` of each lead's departures goes to one head (the superposition of
    thinned departure streams, as in the escalation tree), head load ``leads share load``."""
    arrivals = np.cumsum(rng.exponential(1 / load, (rows * leads, customers)), axis=1)
    services = sample_gamma(rng, 1.0, cv, arrivals.shape)
    w_lead = lindley(arrivals, services)
    up = rng.random(arrivals.shape) < share
    out = []
    for r in range(rows):
        sl = slice(r * leads, (r + 1) * leads)
        dep = (arrivals[sl] + w_lead[sl] + services[sl])[up[sl]]
        wl = w_lead[sl][up[sl]]
        start = arrivals[sl][up[sl]]
        order = np.argsort(dep, kind="stable")
        dep, wl, start = dep[order], wl[order], start[order]
        head_service = sample_gamma(rng, 1.0 / (leads * share), cv, (1, dep.size))  # head load = load
        w_head = lindley(dep[None, :], head_service)[0]
        keep = start > 0.1 * customers / load
        out.append(float((wl + w_head)[keep].mean()))
    per_row = np.array(out)
    return float(per_row.mean()), float(1.96 * per_row.std(ddof=1) / np.sqrt(rows))


def _err(model: float, sim: float) -> str:
    return "n/a" if sim == 0 else f"{(model - sim) / sim * 100:+.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=400_000, help="customers per row")
    parser.add_argument("--rows", type=int, default=16, help="independent runs per grid point")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    results = []
    print("| cv | load | P-K mean | p90 wait (abs, x E[S]) | p90 sojourn | p50 sojourn | tandem mean |")
    print("|---|---|---|---|---|---|---|")
    for i, cv in enumerate(CVS):
        for j, load in enumerate(LOADS):
            r = measure_point(cv, load, args.customers, args.rows, seed=1000 * i + j)
            results.append(r)
            print(f"| {cv:g} | {load:g} | {_err(r['pk_mean_wait'], r['sim_mean_wait'])} "
                  f"| {r['p90_wait_model'] - r['p90_wait_sim']:+.2f} "
                  f"| {_err(r['p90_sojourn_model'], r['p90_sojourn_sim'])} "
                  f"| {_err(r['p50_sojourn_model'], r['p50_sojourn_sim'])} "
                  f"| {_err(r['tandem_mean_wait_model'], r['tandem_mean_wait_sim'])} |", flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
