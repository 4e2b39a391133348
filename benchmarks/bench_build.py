"""Benchmark: build and measure a 1,000,000-person organisation.

Goal (issue 2): ``build_org`` under 15 s and 4 GB on a 2-core machine. Printed beside a
reference measured in the same run: networkx building a bare tree of the same size from an
edge list (no attributes), the floor any networkx org graph stands on.

Run: ``python benchmarks/bench_build.py [people]``
"""

from __future__ import annotations

import resource
import sys
import time

import networkx as nx
import numpy as np

from orgmodel.build import build_org
from orgmodel.layout import layout
from orgmodel.scenario import Scenario
from orgmodel.structure import measure_structure


def million_person_scenario(engineers: int) -> Scenario:
    per_dept = engineers // 20
    return Scenario.model_validate(
        {
            "name": "bench",
            "org": {
                "founders": [{"name": f"F{i}"} for i in range(10)],
                "departments": [{"name": f"D{i}", "head": f"F{i % 10}", "engineers": per_dept} for i in range(20)],
                "max_team_size": 8,
                "max_span": 8,
            },
            "work": {"days_per_week": 5, "hours_per_day": 8},
        }
    )


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main() -> None:
    engineers = int(sys.argv[1]) if len(sys.argv) > 1 else 875_000  # + leads and managers = 1,000,000
    scenario = million_person_scenario(engineers)

    t0 = time.perf_counter()
    table = layout(scenario)
    t_layout = time.perf_counter() - t0
    t0 = time.perf_counter()
    metrics = measure_structure(table)
    t_metrics = time.perf_counter() - t0
    t0 = time.perf_counter()
    graph = build_org(scenario)
    t_graph = time.perf_counter() - t0
    rss_after_graph = peak_rss_gb()
    n = graph.number_of_nodes()
    del graph

    parent = table.parent
    children = np.flatnonzero(parent >= 0)
    t0 = time.perf_counter()
    reference = nx.DiGraph()
    reference.add_edges_from(zip(parent[children].tolist(), children.tolist()))
    t_reference = time.perf_counter() - t0

    print(f"people                       {n:>12,}")
    print(f"layout (numpy columns)       {t_layout:>10.2f} s")
    print(f"structure metrics            {t_metrics:>10.2f} s")
    print(f"build_org (networkx graph)   {t_graph:>10.2f} s   goal < 15 s")
    print(f"peak memory after build_org  {rss_after_graph:>10.2f} GB  goal < 4 GB")
    print(f"reference: bare nx tree      {t_reference:>10.2f} s")
    print(f"ratio build_org / reference  {t_graph / t_reference:>10.2f} x")
    print(f"levels {metrics.levels}, teams {metrics.teams:,}, managers {metrics.managers:,}")


if __name__ == "__main__":
    main()
