"""Benchmark: import a 15,000-person JSON org chart and run the full report on it.

Goal (issue 12): about the time of the Xiaomi preset's report plus a second. Both are measured in
the same run and printed with their ratio; so is a 100,000-row CSV (goal: still usable), and the
refusal time of each hostile .xlsx/JSON file of tests/test_robustness_uploads.py (goal: < 2 s).

The chart is synthetic, in OrgChart JS's shape (``id, pid, name, title, department``): a CEO, 8
VPs, managers of up to 8 leads, leads of 4 to 10 engineers (seeded), so roles and teams are
inferred from the tree as for a real export.

Run: ``python benchmarks/bench_import.py [people]``
"""

from __future__ import annotations

import contextlib
import json
import sys
import time

import numpy as np

from orgmodel.io.habits import imported_scenario
from orgmodel.io.orgfiles import read_org_file
from orgmodel.loading import load_preset
from orgmodel.report import build_report


def synthetic_chart(people: int, seed: int = 2012) -> list[dict[str, object]]:
    """A CEO, 8 VPs, then managers (8 leads each) and leads (4-10 engineers each) until ``people``."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, object]] = [{"id": 1, "name": "CEO", "title": "Chief Executive Officer"}]
    vps = list(range(2, 10))
    rows += [{"id": v, "pid": 1, "name": f"VP {v}", "title": "Vice President", "department": f"D{v}"} for v in vps]
    next_id = 10
    while next_id <= people:
        vp = vps[(next_id // 97) % len(vps)]
        manager = next_id
        rows.append({"id": manager, "pid": vp, "name": f"Manager {manager}", "title": "Manager",
                     "department": f"D{vp}"})
        next_id += 1
        for _ in range(8):
            if next_id > people:
                break
            lead = next_id
            rows.append({"id": lead, "pid": manager, "name": f"Lead {lead}", "title": "Lead", "department": f"D{vp}"})
            next_id += 1
            for _ in range(int(rng.integers(4, 11))):
                if next_id > people:
                    break
                rows.append({"id": next_id, "pid": lead, "name": f"Person {next_id}", "title": "Engineer",
                             "department": f"D{vp}"})
                next_id += 1
    return rows[:people]


def timed(fn):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - started


def import_and_report(data: bytes, name: str):  # type: ignore[no-untyped-def]
    habits = load_preset("xiaomi-2012")
    org = read_org_file(data, name)
    return build_report(imported_scenario(org, habits, "preset xiaomi-2012"))


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 15_000
    xiaomi = load_preset("xiaomi-2012")
    build_report(xiaomi)  # warm imports and caches before timing either side
    data = json.dumps(synthetic_chart(people)).encode()
    _, t_ref = timed(lambda: build_report(xiaomi))
    report, t_import = timed(lambda: import_and_report(data, "org.json"))
    s = report.structure
    print(f"Xiaomi preset report: {t_ref:.2f} s")
    print(f"{people:,}-person JSON ({len(data) / 1e6:.1f} MB) imported + full report: {t_import:.2f} s "
          f"(ratio {t_import / t_ref:.1f}x, difference {t_import - t_ref:+.2f} s; goal: difference <= about 1 s)")
    print(f"  {s.headcount:,} people, {s.levels} levels, {s.teams:,} teams, layers {s.layers}")
    print(f"  sections: {[k for k in ('review', 'decisions', 'time_budget', 'equity') if getattr(report, k)]}")

    big = 100_000
    rows = synthetic_chart(big)
    lines = ["id,manager_id,name,department"] + [
        f"{r['id']},{r.get('pid', '')},{r['name']},{r.get('department', '')}" for r in rows
    ]
    csv_data = ("\n".join(lines) + "\n").encode()
    _, t_big = timed(lambda: import_and_report(csv_data, "org.csv"))
    print(f"{big:,}-row CSV ({len(csv_data) / 1e6:.1f} MB) imported + full report: {t_big:.2f} s")

    sys.path.insert(0, ".")
    from orgmodel.errors import InputError
    from tests.test_robustness_uploads import HOSTILE_ORG_FILES

    worst = 0.0
    for case, (make, file_name, _) in HOSTILE_ORG_FILES.items():
        content = make()
        started = time.perf_counter()
        with contextlib.suppress(InputError):
            read_org_file(content, file_name)
        took = time.perf_counter() - started
        worst = max(worst, took)
        print(f"  refused in {took * 1000:7.1f} ms: {case}")
    print(f"slowest hostile .xlsx/JSON refusal: {worst:.2f} s (goal < 2 s)")


if __name__ == "__main__":
    main()
