"""Server time of one rerun, split into named parts: wall clock and this thread's CPU, in milliseconds.

``app.py`` opens a run (`start_run`) and closes it (`finish_run`); the code in between wraps its
parts in ``with part("report"):``. Each Streamlit session reruns its script in its own thread, so
the record is thread-local and ``time.thread_time`` is that session's CPU alone (another
session's work on the other core is not counted; waiting for the GIL is wall time, not CPU).

A finished run is logged at DEBUG level by the ``orgmodel.timing`` logger, and appended as one JSON
line to the file named by the ``ORGMODEL_TIMINGS`` environment variable when it is set (the
benchmarks set it and read the per-part medians back). Nothing here asserts a duration: timings
are for the benchmarks and for reading, not for tests.

A line: ``{"page": "organisation", "wall_ms": 180.2, "cpu_ms": 150.1,
"parts": {"report": {"wall_ms": 90.0, "cpu_ms": 88.1, "calls": 2}, ...}}``. Parts may nest
(``charts`` inside a page); each part counts its own nested parts too.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from typing import Any

LOG = logging.getLogger("orgmodel.timing")
ENV = "ORGMODEL_TIMINGS"

_local = threading.local()
_write_lock = threading.Lock()


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.thread_time()


def start_run(page: str = "") -> None:
    """Begin recording one rerun of the script (in this thread)."""
    _local.run = {"page": page, "start": _now(), "parts": {}}


def set_page(page: str) -> None:
    """Name the page this rerun draws (known only after ``st.navigation``)."""
    run = getattr(_local, "run", None)
    if run is not None:
        run["page"] = page


@contextlib.contextmanager
def part(name: str) -> Iterator[None]:
    """Time the block as part ``name`` of the current rerun (does nothing outside a run)."""
    run = getattr(_local, "run", None)
    if run is None:
        yield
        return
    wall0, cpu0 = _now()
    try:
        yield
    finally:
        wall1, cpu1 = _now()
        entry = run["parts"].setdefault(name, {"wall_ms": 0.0, "cpu_ms": 0.0, "calls": 0})
        entry["wall_ms"] += 1000 * (wall1 - wall0)
        entry["cpu_ms"] += 1000 * (cpu1 - cpu0)
        entry["calls"] += 1


def finish_run() -> dict[str, Any] | None:
    """End the current rerun; log it (and append it to ``$ORGMODEL_TIMINGS``); return the record."""
    run = getattr(_local, "run", None)
    if run is None:
        return None
    _local.run = None
    wall1, cpu1 = _now()
    wall0, cpu0 = run["start"]
    record = {
        "page": run["page"], "wall_ms": round(1000 * (wall1 - wall0), 2), "cpu_ms": round(1000 * (cpu1 - cpu0), 2),
        "parts": {k: {"wall_ms": round(v["wall_ms"], 2), "cpu_ms": round(v["cpu_ms"], 2), "calls": v["calls"]}
                  for k, v in run["parts"].items()},
    }
    if LOG.isEnabledFor(logging.DEBUG):
        LOG.debug("rerun %s", json.dumps(record))
    path = os.environ.get(ENV)
    if path:
        line = json.dumps(record) + "\n"
        with _write_lock, open(path, "a", encoding="utf-8") as out:
            out.write(line)
    return record
