"""Error map of the analytic review figures against two independent simulators (issue 21).

For each policy, team size (engineers + a reviewing lead), load (share of present time) and absent
share, the analytic mean / p50 / p90 turnaround (``analyse_review``) against the event-driven
reference of the issue-13 rules (tests/reference_absences.py); the SimPy model
(tests/reference_simpy.py) checks the reference on a subset. One absence kind, spells of 1 hour;
reviews 0.5 h (exponential); review first with a 0.1 h switch delay; batched looks every 2 h.

Run: ``PYTHONPATH=. python benchmarks/review_error_map.py [changes]`` (default 40,000 changes per case;
prints a markdown table and writes benchmarks/results/review_error_map.json).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

from orgmodel.review.analysis import analyse_review
from orgmodel.scenario import Scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ imports as a package from any folder

from tests.reference_absences import Reference, batch_interval
from tests.reference_simpy import Team

EFFORT, SWITCH, INTERVAL, SPELL = 0.5, 0.1, 2.0, 1.0
SIZES, LOADS, SHARES = (1, 2, 4, 8, 12), (0.5, 0.8, 0.95), (0.0, 0.15, 0.5)


def per_engineer_rate(n: int, load: float, share: float) -> float:
    """Changes per engineer per working hour that keep the team's reviewers busy ``load`` of present time."""
    reviewers = n + 1 if n > 1 else 1
    return load * reviewers * (1 - share) / (n * EFFORT)


def scenario(n: int, rate: float, policy: str, share: float) -> Scenario:
    kinds = [{"name": "away", "share": share, "mean_hours": SPELL}] if share > 0 else []
    return Scenario.model_validate({
        "name": "map", "org": {"founders": [{"name": "A"}], "departments": [{"name": "D", "head": "A", "engineers": n}],
                               "max_team_size": n},
        "work": {"days_per_week": 5, "hours_per_day": 8},
        "review": {"changes_per_engineer_per_day": rate * 8, "hours_per_review": EFFORT, "policy": policy,
                   "switch_delay_hours": SWITCH if policy == "review_first" else 0.0,
                   "batch_interval_hours": INTERVAL, "absences": kinds},
    })


def case(n: int, load: float, share: float, policy: str, changes: int, outside: bool) -> dict[str, object]:
    rate = per_engineer_rate(n, load, share)
    kinds = [(share, SPELL)] if share > 0 else []
    many = changes * (3 if load >= 0.95 else 1)
    ref = Reference(n=n, lead_reviews=True, rate=rate, effort=EFFORT, cv=1.0, policy=policy, switch=SWITCH,
                    interval=INTERVAL, kinds=kinds, seed=2012)
    x = ref.run(many)[many // 20:]
    centre, low, high = batch_interval(x)
    a = analyse_review(scenario(n, rate, policy, share))
    row: dict[str, object] = {
        "policy": policy, "engineers": n, "load": load, "absent": share,
        "ref_mean": centre, "ref_half": (high - low) / 2, "ref_p50": float(np.quantile(x, 0.5)),
        "ref_p90": float(np.quantile(x, 0.9)),
        "mean": a.mean_working_hours, "p50": a.p50_working_hours, "p90": a.p90_working_hours,
    }
    if outside:
        y = Team(n, True, rate, EFFORT, policy, switch=SWITCH, interval=INTERVAL, kinds=tuple(kinds), seed=7).run(many)
        row["simpy_mean"], _, _ = batch_interval(y)
    return row


def err(a: object, b: object) -> str:
    return "-" if a is None or b is None else f"{100 * (float(a) / float(b) - 1):+.1f}%"  # type: ignore[arg-type]


def main() -> None:
    changes = int(sys.argv[1]) if len(sys.argv) > 1 else 40_000
    rows = []
    t0 = time.perf_counter()
    print("| policy | engineers + lead | load | absent | reference mean h (+/-) | mean | p50 | p90 | SimPy mean |")
    print("|---|---|---|---|---|---|---|---|---|")
    for policy in ("review_first", "batched"):
        for n in SIZES:
            for load in LOADS:
                for share in SHARES:
                    row = case(n, load, share, policy, changes, outside=load == 0.8 and share == 0.15)
                    rows.append(row)
                    simpy = f"{row['simpy_mean']:.3f}" if "simpy_mean" in row else ""
                    print(f"| {policy} | {n} | {load} | {share} | {row['ref_mean']:.3f} +/- {row['ref_half']:.3f} | "
                          f"{err(row['mean'], row['ref_mean'])} | {err(row['p50'], row['ref_p50'])} | "
                          f"{err(row['p90'], row['ref_p90'])} | {simpy} |", flush=True)
    out = Path(__file__).resolve().parent / "results" / "review_error_map.json"
    out.write_text(json.dumps({"changes": changes, "seconds": time.perf_counter() - t0, "rows": rows}, indent=1))


if __name__ == "__main__":
    main()
