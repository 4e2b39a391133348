"""Reading and measuring a generated 1,000,000-commit log against a bare Python loop over its lines.

Goal (issue 23): read + measure at most 3x the bare loop, in under 1 GB. Both timings are taken in
the same run on the same file; peak memory is the process's maximum resident size (ru_maxrss).

With ``--app``: a 10,000-commit log from upload to every chart of the history page (fit included),
against the Xiaomi preset's first screen, both as Streamlit AppTest runs (server time, no browser)
in the same process after one warm-up run of each (imports warm, every cache emptied).

    PYTHONPATH=. python benchmarks/bench_history.py [--commits 1000000] [--keep FILE]
    PYTHONPATH=. python benchmarks/bench_history.py --app
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from datetime import UTC
from pathlib import Path

import numpy as np


def generate(path: Path, commits: int, seed: int = 23) -> None:
    """A Gerrit-style history: 80% reviewed (1-2 Reviewed-by), 20% plain; 500 authors; newest first."""
    rng = np.random.default_rng(seed)
    land = 1_700_000_000 - np.cumsum(rng.exponential(600, commits)).astype(np.int64)
    wait = rng.lognormal(10, 1.5, commits).astype(np.int64)
    author = rng.integers(0, 500, commits)
    reviewer = rng.integers(0, 60, (commits, 2))
    reviewed = rng.random(commits) < 0.8
    two = rng.random(commits) < 0.4
    shas = [f"{i:040x}" for i in range(commits + 1)]
    from datetime import datetime

    def iso(t: int) -> str:
        return datetime.fromtimestamp(int(t), UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")

    with path.open("w", encoding="utf-8") as out:
        for i in range(commits):
            a = f"Dev {author[i]} <dev{author[i]}@example.org>"
            lines = [f"commit {shas[i]} {shas[i + 1]}", f"Author:     {a}", f"AuthorDate: {iso(land[i] - wait[i])}",
                     f"Commit:     {a}", f"CommitDate: {iso(land[i])}", "", f"    pkg: change number {i}", "",
                     "    Some explanation of the change, wrapped at", "    seventy-two columns as usual.", ""]
            if reviewed[i]:
                lines.insert(-1, "    Change-Id: I0123456789abcdef")
                lines.insert(-1, f"    Reviewed-on: https://review.example.org/c/{i}")
                lines.insert(-1, f"    Reviewed-by: Rev {reviewer[i, 0]} <rev{reviewer[i, 0]}@example.org>")
                if two[i]:
                    lines.insert(-1, f"    Reviewed-by: Rev {reviewer[i, 1]} <rev{reviewer[i, 1]}@example.org>")
            out.write("\n".join(lines) + "\n")


def bare_loop(path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    with path.open(encoding="utf-8") as f:
        for _line in f:
            n += 1
    return time.perf_counter() - start, n


def read_and_measure(path: Path) -> tuple[float, float, int]:
    """Seconds to read, seconds to measure (Louvain included), reviewed changes."""
    from orgmodel.history.analysis import DEFAULT_WEEK
    from orgmodel.history.measure import Window, measure
    from orgmodel.history.source import read_history

    start = time.perf_counter()
    changes = read_history(path)
    read = time.perf_counter() - start
    result = measure(changes, Window(), DEFAULT_WEEK).measure
    return read, time.perf_counter() - start - read, result.changes


def _fresh() -> None:
    """Empty every cache a new server would start without (imports stay warm)."""
    import streamlit as st

    from orgmodel.history.fit import _engine_json

    st.cache_data.clear()
    st.cache_resource.clear()
    _engine_json.cache_clear()


def _first_screen() -> float:
    from streamlit.testing.v1 import AppTest

    _fresh()
    start = time.perf_counter()
    at = AppTest.from_file("../app.py", default_timeout=300).run()
    assert not at.exception, at.exception
    return time.perf_counter() - start


def _history_page(data: bytes, fit_until: str) -> tuple[float, float]:
    """Seconds from upload to the first chart, and to every chart (the four tabs) of the history page."""
    from streamlit.testing.v1 import AppTest

    _fresh()
    at = AppTest.from_file("../app.py", default_timeout=300).run()
    at.switch_page("app_pages/history.py").run()
    start = time.perf_counter()
    at.text_input(key="history_fit_until").set_value(fit_until)
    at.file_uploader(key="om.history_upload").set_value(("history.log", data, "text/plain")).run()
    first = time.perf_counter() - start
    for tab in ("Review load", "Who reviews whom", "Fit and what-if"):
        at.session_state["history_tab"] = tab
        at.run()
        assert not at.exception, at.exception
        assert at.get("plotly_chart"), tab
    return first, time.perf_counter() - start


def app_benchmark() -> None:
    from datetime import datetime

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "history.log"
        generate(path, 10_000)
        data = path.read_bytes()
    dates = [line.split()[1] for line in data.decode().splitlines() if line.startswith("CommitDate:")]
    middle = datetime.fromisoformat(sorted(dates)[len(dates) // 2]).astimezone(UTC)
    fit_until = middle.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    _first_screen()
    _history_page(data, fit_until)
    screen = _first_screen()
    first, every = _history_page(data, fit_until)
    print(f"Xiaomi first screen (AppTest): {screen:.2f} s")
    print(f"10,000-commit history: upload -> first chart {first:.2f} s, -> every chart {every:.2f} s")
    print(f"ratio: {every / screen:.2f}x (goal <= 2x)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commits", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="generate into (or reuse) this file")
    parser.add_argument("--app", action="store_true", help="upload to every chart vs the first screen")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved runs of each; the best is compared")
    args = parser.parse_args()
    if args.app:
        app_benchmark()
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "history.log"
        if not path.exists():
            t = time.perf_counter()
            generate(path, args.commits)
            size_mb = path.stat().st_size / 1e6
            print(f"generated {args.commits:,} commits, {size_mb:,.0f} MB in {time.perf_counter() - t:.1f} s")
        bares, runs = [], []
        for _ in range(args.repeat):  # interleaved, so a burst of load on the shared machine hits both
            bare, lines = bare_loop(path)
            bares.append(bare)
            read, measured, changes = read_and_measure(path)
            runs.append((read + measured, read, measured))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ours, read, measured = min(runs)
        bare = min(bares)
        print(f"bare line loop: best {bare:.2f} s of {', '.join(f'{b:.2f}' for b in bares)} ({lines:,} lines)")
        print(f"read + measure: best {ours:.2f} s = read {read:.2f} s + measure {measured:.2f} s, of "
              f"{', '.join(f'{r[0]:.2f}' for r in runs)} ({changes:,} reviewed changes)")
        print(f"ratio of the best runs: {ours / bare:.2f}x (goal <= 3x); peak memory {peak_mb:,.0f} MB "
              "(goal < 1,024 MB)")


if __name__ == "__main__":
    main()
