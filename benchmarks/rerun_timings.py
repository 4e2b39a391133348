"""Read the app's per-rerun server timings (``ORGMODEL_TIMINGS`` JSON lines, see app_pages/timing.py).

Used by bench_app_browser.py and bench_load.py: they start the server with ``ORGMODEL_TIMINGS`` set,
drive it, then summarise the reruns they caused: median wall and CPU milliseconds per rerun and per part.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any


def read(path: Path) -> list[dict[str, Any]]:
    """Every rerun record in the file, oldest first (an absent file holds none)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def summarise(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Median ms per rerun (wall, CPU of the session's thread) and per part, over ``records``."""
    if not records:
        return {"reruns": 0}
    parts = sorted({name for r in records for name in r["parts"]})
    out: dict[str, Any] = {
        "reruns": len(records),
        "wall_ms": round(statistics.median(r["wall_ms"] for r in records), 1),
        "cpu_ms": round(statistics.median(r["cpu_ms"] for r in records), 1),
        "parts": {},
    }
    for name in parts:
        walls = [r["parts"].get(name, {}).get("wall_ms", 0.0) for r in records]
        cpus = [r["parts"].get(name, {}).get("cpu_ms", 0.0) for r in records]
        out["parts"][name] = {"wall_ms": round(statistics.median(walls), 1),
                              "cpu_ms": round(statistics.median(cpus), 1)}
    return out


def line(summary: dict[str, Any]) -> str:
    """One printable line: ``cpu 41 ms (wall 60) per rerun: page 30, sidebar 9, ...`` (CPU per part)."""
    if not summary.get("reruns"):
        return "no rerun recorded"
    parts = ", ".join(f"{k} {v['cpu_ms']:.0f}" for k, v in sorted(summary["parts"].items(),
                                                                   key=lambda kv: -kv[1]["cpu_ms"]))
    return (f"server cpu {summary['cpu_ms']:.0f} ms (wall {summary['wall_ms']:.0f}) per rerun over "
            f"{summary['reruns']} reruns; cpu by part: {parts}")
