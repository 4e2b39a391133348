"""Browser benchmark: the first screen, a control change to the redrawn figure, and the server's share.

Run from the repo root: ``python benchmarks/bench_app_browser.py [--repeats 5] [--json FILE]``. Needs
/usr/bin/chromium and the playwright package. For each preset it starts the app and a one-widget
reference app (one number input, one metric, one plotly chart) on free loopback ports, measures
both in the same round, and stops both; so a ratio compares two figures taken under the same load.

Measured per preset (browser wall clock, chromium headless):
- first screen, cold: a fresh server's first visitor opens the URL -> the metrics and a plotly chart
  are drawn (for the app: the headline figures and the org chart), script finished, two frames painted;
- first screen, warm: the same with a new browser session on the now-running server;
- redraw: median over ``repeats`` of: team-size slider moved one notch -> the *Teams* metric shows the
  new value after a finished rerun, two frames painted (the reference: its number input changed);
- server: median CPU and wall ms per rerun, split by part, read from the app's own timing log
  (``ORGMODEL_TIMINGS``, app_pages/timing.py) for the redraw reruns and the cold first screen.
Then the compute of one uncached organisation-page rerun is timed directly in this process, per part.

JSON (``--json``): ``reference_first_render_ms``, ``reference_redraw_ms`` (medians over the rounds),
``presets.<name>.{first_render_ms, first_render_warm_ms, redraw_ms, reference_*, *_ratio, server_*}``,
``compute_ms`` and ``cpus``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import rerun_timings  # noqa: E402
from appserver import launch, metric_value, running_app, wait_idle, wait_metric_change  # noqa: E402

REFERENCE_APP = textwrap.dedent('''
    import plotly.graph_objects as go
    import streamlit as st

    n = st.number_input("n", 1, 1000, 8, key="n")
    st.metric("Teams", n * 2)
    st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[n, n + 1, n + 2])))
''')
PRESETS = ("xiaomi-2012", "hierarchical-400")
PAINTED_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"


def _median_ms(samples: list[float]) -> float:
    return round(1000 * statistics.median(samples), 1)


def first_screen(context: Any, url: str) -> tuple[float, Any]:
    """Seconds from opening ``url`` in a new tab to metrics and a drawn plotly chart; the tab."""
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector("[data-testid=stMetricValue]", timeout=120_000)
    wait_idle(page, 120_000)
    page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=120_000)
    page.evaluate(PAINTED_JS)
    return time.perf_counter() - start, page


def redraw_app(page: Any, repeats: int) -> float:
    """Median ms from a team-size slider notch to the new Teams value, painted."""
    thumb = page.get_by_test_id("stSlider").first.get_by_role("slider")
    samples = []
    for i in range(repeats + 1):
        old = metric_value(page, "Teams")
        thumb.focus()
        t0 = time.perf_counter()
        thumb.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
        wait_metric_change(page, "Teams", old, 60_000)
        page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg")
        page.evaluate(PAINTED_JS)
        if i:  # the first move computes a value never seen; the others alternate between two seen values
            samples.append(time.perf_counter() - t0)
        wait_idle(page)
    return _median_ms(samples)


def redraw_reference(page: Any, repeats: int) -> float:
    box = page.get_by_test_id("stNumberInput").locator("input")
    samples = []
    for i in range(repeats + 1):
        old = metric_value(page, "Teams")
        box.fill(str(9 + i % 2))
        t0 = time.perf_counter()
        box.press("Enter")
        wait_metric_change(page, "Teams", old, 60_000)
        page.evaluate(PAINTED_JS)
        if i:
            samples.append(time.perf_counter() - t0)
        wait_idle(page)
    return _median_ms(samples)


def one_round(pw: Any, preset: str, ref_script: Path, log: Path, repeats: int) -> dict[str, Any]:
    """Reference and app, each on a fresh server, measured alternately in one round."""
    log.unlink(missing_ok=True)
    with running_app(script=str(ref_script)) as ref_url, \
            running_app(env={"ORGMODEL_TIMINGS": str(log)}) as url:
        browser = launch(pw)
        try:
            contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(4)]
            ref_cold, _ = first_screen(contexts[0], ref_url)
            app_cold, _ = first_screen(contexts[1], f"{url}/?preset={preset}")
            cold_records = rerun_timings.read(log)
            ref_warm, ref_page = first_screen(contexts[2], ref_url)
            app_warm, app_page = first_screen(contexts[3], f"{url}/?preset={preset}")
            ref_redraw = redraw_reference(ref_page, repeats)
            before = len(rerun_timings.read(log))
            app_redraw = redraw_app(app_page, repeats)
            redraw_records = rerun_timings.read(log)[before + 1:]  # the first move is not a sample
        finally:
            browser.close()
    return {
        "first_render_ms": round(1000 * app_cold, 1), "first_render_warm_ms": round(1000 * app_warm, 1),
        "redraw_ms": app_redraw,
        "reference_first_render_ms": round(1000 * ref_cold, 1),
        "reference_first_render_warm_ms": round(1000 * ref_warm, 1), "reference_redraw_ms": ref_redraw,
        "first_render_ratio": round(app_cold / ref_cold, 2), "first_render_warm_ratio": round(app_warm / ref_warm, 2),
        "redraw_ratio": round(app_redraw / ref_redraw, 2),
        "server_first_screen": rerun_timings.summarise(cold_records[:1]),
        "server_redraw": rerun_timings.summarise(redraw_records),
    }


def compute_parts(preset: str, repeats: int) -> dict[str, float]:
    """Median ms of each step of one uncached Organisation-page rerun (and the Review page's sweep), timed here."""
    from orgmodel.charts.orgchart import org_sunburst, org_tree
    from orgmodel.layout import layout
    from orgmodel.loading import load_preset
    from orgmodel.report import build_report
    from orgmodel.review.sweep import sweep_team_size

    scenario = load_preset(preset)
    table = layout(scenario)
    engine_ms: dict[str, list[float]] = {}

    def by_engine() -> None:
        marks: list[tuple[str, float]] = []
        build_report(scenario, table, on_section=lambda s, i, n: marks.append((s, time.perf_counter())))
        marks.append(("", time.perf_counter()))
        for (name, t0), (_, t1) in itertools.pairwise(marks):
            engine_ms.setdefault(f"engine {name}", []).append(1000 * (t1 - t0))

    values = [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 20, 24, 30]  # app_pages/review.py's SWEEP_VALUES
    steps = {
        "layout": lambda: layout(scenario),
        "report (every engine)": lambda: build_report(scenario, table),
        "report (review page: review)": lambda: build_report(scenario, table, sections=["review"]),
        "org chart figures": lambda: (org_tree(table), org_sunburst(table)),
        "review sweep (15 caps)": lambda: sweep_team_size(scenario, values),
    }
    out: dict[str, float] = {}
    for name, step in steps.items():
        step()
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            step()
            samples.append(time.perf_counter() - t0)
        out[name] = _median_ms(samples)
    for _ in range(repeats):
        by_engine()
    out.update({k: round(statistics.median(v), 1) for k, v in engine_ms.items()})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--presets", nargs="+", default=list(PRESETS))
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rounds: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        ref_script = Path(tmp) / "reference_app.py"
        ref_script.write_text(REFERENCE_APP)
        for preset in args.presets:
            rounds[preset] = one_round(pw, preset, ref_script, Path(tmp) / f"{preset}.jsonl", args.repeats)
    results: dict[str, Any] = {
        "reference_first_render_ms": round(statistics.median(r["reference_first_render_ms"]
                                                             for r in rounds.values()), 1),
        "reference_redraw_ms": round(statistics.median(r["reference_redraw_ms"] for r in rounds.values()), 1),
        "presets": rounds, "repeats": args.repeats, "cpus": os.cpu_count(),
        "load_average_at_end": list(os.getloadavg()),
    }
    print(f"Browser (chromium headless), each preset measured in its own round beside the reference app "
          f"(1 input, 1 metric, 1 chart); redraw = median of {args.repeats}:")
    for preset, r in rounds.items():
        print(f"  {preset}")
        print(f"    first screen, fresh server: {r['first_render_ms']:7.0f} ms vs reference "
              f"{r['reference_first_render_ms']:6.0f} ms ({r['first_render_ratio']:.2f}x)")
        print(f"    first screen, new session:  {r['first_render_warm_ms']:7.0f} ms vs reference "
              f"{r['reference_first_render_warm_ms']:6.0f} ms ({r['first_render_warm_ratio']:.2f}x)")
        print(f"    slider -> redrawn figure:   {r['redraw_ms']:7.0f} ms vs reference "
              f"{r['reference_redraw_ms']:6.0f} ms ({r['redraw_ratio']:.2f}x)")
        print(f"    redraw: {rerun_timings.line(r['server_redraw'])}")
        print(f"    first screen: {rerun_timings.line(r['server_first_screen'])}")
    print("Compute of one uncached Organisation-page rerun, timed in this process (median ms):")
    results["compute_ms"] = {}
    for preset in args.presets:
        parts = compute_parts(preset, args.repeats)
        results["compute_ms"][preset] = parts
        print(f"  {preset:<18} " + ", ".join(f"{k} {v:.1f}" for k, v in parts.items()))
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
