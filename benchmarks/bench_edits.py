"""Benchmark: find a person on a 15,000-person import and edit them, against a slider move, in one run.

Goal (issue 25): a person's node found and edited as fast as a slider move. Both sides run what the
app runs on a rerun after the change: the slider move validates the scenario with one ``--set``
(``org.max_team_size``) and builds the full report; the edit finds the person by name (as the picker
does), validates the scenario with one more edit (each edit is checked against the organisation) and
builds the full report. Also printed: finding alone and ``apply_edits`` alone.

Run: ``python benchmarks/bench_edits.py [people]``
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from orgmodel.edits.apply import apply_edits
from orgmodel.edits.models import Move
from orgmodel.edits.scenario_edits import with_edits
from orgmodel.io.habits import imported_scenario
from orgmodel.io.orgfiles import read_org_file
from orgmodel.loading import apply_overrides, load_preset, validate_scenario
from orgmodel.report import build_report
from orgmodel.scenario import Scenario

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ imports as a package from any folder

from benchmarks.bench_import import synthetic_chart


def best_of(fn: Callable[[], Any], runs: int = 5) -> float:
    """Shortest wall time of ``runs`` calls, seconds (the machine is shared: the minimum is the least noisy)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 15_000
    org = read_org_file(json.dumps(synthetic_chart(people)).encode(), "org.json")
    scenario = imported_scenario(org, load_preset("xiaomi-2012"), "preset xiaomi-2012")
    mapping = scenario.model_dump(mode="json")
    persons = scenario.org.people or []
    target, boss = persons[-1], next(p for p in persons if p.role == "lead" and p.id != persons[-1].manager_id)

    def slider() -> Scenario:
        moved = validate_scenario(apply_overrides(mapping, ["org.max_team_size=7"]), "slider")
        build_report(moved)
        return moved

    def find() -> Any:
        wanted = target.name.lower()
        return next(p for p in persons if wanted in p.name.lower())

    def edit() -> Scenario:
        who = find()
        edited = with_edits(scenario, [{"move": who.id, "under": boss.id}])
        build_report(edited)
        return edited

    build_report(scenario)  # warm imports
    t_slider, t_edit = best_of(slider), best_of(edit)  # interleaving would not help: both are seconds long
    t_find = best_of(find, 5)
    t_apply = best_of(lambda: apply_edits(persons, [Move(move=target.id, under=boss.id)]), 5)
    print(f"{len(persons):,}-person import (synthetic, bench_import.py's shape)")
    print(f"slider move (validate + full report):               {t_slider:.2f} s")
    print(f"find by name + one edit (validate + full report):   {t_edit:.2f} s  "
          f"(ratio {t_edit / t_slider:.2f}x the slider move; goal <= about 1x)")
    print(f"  finding the person by name alone:                 {t_find * 1000:.1f} ms")
    print(f"  apply_edits alone (index {len(persons):,} people, one move): {t_apply * 1000:.1f} ms")


if __name__ == "__main__":
    main()
