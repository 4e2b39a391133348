"""Browser benchmark: time from a control change to the redrawn figure, and server-side compute.

Run from the repo root: ``python benchmarks/bench_app_browser.py [--repeats 5]``. Needs
/usr/bin/chromium and the playwright package. Starts the app (and a one-widget reference app)
on free loopback ports and stops both at the end.

Printed:
- per preset, the median over ``repeats`` of: team-size slider moved one notch -> the *Teams*
  metric shows the new value after a finished rerun (browser wall clock);
- the same for a reference app (one number input, one metric, one plotly chart) measured in
  the same run, and the ratio app / reference: what the app's own work adds to Streamlit's floor;
- the server-side compute of one uncached rerun (layout, report with every engine, the
  team-size sweep, the org-chart figures), timed directly in this process.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from appserver import launch, metric_value, open_app, running_app, wait_idle, wait_metric_change  # noqa: E402

REFERENCE_APP = textwrap.dedent('''
    import plotly.graph_objects as go
    import streamlit as st

    n = st.number_input("n", 1, 1000, 8, key="n")
    st.metric("Teams", n * 2)
    st.plotly_chart(go.Figure(go.Bar(x=[1, 2, 3], y=[n, n + 1, n + 2])))
''')


def _median_ms(samples: list[float]) -> float:
    return 1000 * statistics.median(samples)


def browser_app(url: str, page: object, preset: str, repeats: int) -> tuple[float, float]:
    """(first render s, median ms from a slider notch to the new Teams value)."""
    start = time.perf_counter()
    open_app(page, f"{url}/?preset={preset}")
    first = time.perf_counter() - start
    thumb = page.get_by_test_id("stSlider").first.get_by_role("slider")  # type: ignore[attr-defined]
    samples = []
    for i in range(repeats + 1):
        old = metric_value(page, "Teams")
        thumb.focus()
        t0 = time.perf_counter()
        thumb.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
        wait_metric_change(page, "Teams", old)
        page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg")  # type: ignore[attr-defined]
        if i:  # the first change warms the caches of the new value's neighbours
            samples.append(time.perf_counter() - t0)
        wait_idle(page)
    return first, _median_ms(samples)


def browser_reference(url: str, page: object, repeats: int) -> float:
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=60_000)  # type: ignore[attr-defined]
    wait_idle(page)
    box = page.get_by_test_id("stNumberInput").locator("input")  # type: ignore[attr-defined]
    samples = []
    for i in range(repeats + 1):
        old = metric_value(page, "Teams")
        box.fill(str(9 + i))
        t0 = time.perf_counter()
        box.press("Enter")
        wait_metric_change(page, "Teams", old)
        if i:
            samples.append(time.perf_counter() - t0)
        wait_idle(page)
    return _median_ms(samples)


def server_compute(preset: str, repeats: int) -> dict[str, float]:
    """Median ms of each step of one uncached rerun, timed directly."""
    from orgmodel.charts.orgchart import org_sunburst, org_tree
    from orgmodel.decisions.analysis import analyse_decisions
    from orgmodel.decisions.week import time_budget
    from orgmodel.equity.analysis import analyse_equity
    from orgmodel.loading import load_preset
    from orgmodel.orgtable import layout
    from orgmodel.report import build_report
    from orgmodel.review.analysis import analyse_review
    from orgmodel.review.sweep import sweep_team_size

    scenario = load_preset(preset)
    table = layout(scenario)
    steps = {
        "layout": lambda: layout(scenario),
        "build_report": lambda: build_report(scenario, table),
        "review": lambda: analyse_review(scenario, table),
        "decisions": lambda: analyse_decisions(scenario, table),
        "time_budget": lambda: time_budget(scenario),
        "equity": lambda: analyse_equity(scenario, table),
        "sweep 2..30": lambda: sweep_team_size(scenario, list(range(2, 31))),
        "org figures": lambda: (org_tree(table), org_sunburst(table)),
    }
    out = {}
    for name, step in steps.items():
        step()
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            step()
            samples.append(time.perf_counter() - t0)
        out[name] = _median_ms(samples)
    out["total"] = sum(out.values())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    presets = ("xiaomi-2012", "hierarchical-400")
    with tempfile.TemporaryDirectory() as tmp:
        ref_script = Path(tmp) / "reference_app.py"
        ref_script.write_text(REFERENCE_APP)
        with running_app() as url, running_app(script=str(ref_script)) as ref_url, sync_playwright() as pw:
            browser = launch(pw)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            reference = browser_reference(ref_url, page, args.repeats)
            results = {p: browser_app(url, page, p, args.repeats) for p in presets}
            browser.close()
    print(f"Browser, control change -> redrawn figure (median of {args.repeats}):")
    print(f"  reference app (1 input, 1 metric, 1 chart): {reference:7.0f} ms")
    for preset, (first, ms) in results.items():
        print(f"  {preset:<18} first render {first:5.1f} s; slider -> figure {ms:7.0f} ms "
              f"({ms / reference:.1f}x the reference)")
    print("Server-side compute of one uncached rerun (median ms):")
    for preset in presets:
        steps = server_compute(preset, args.repeats)
        cells = ", ".join(f"{k} {v:.1f}" for k, v in steps.items() if k != "total")
        print(f"  {preset:<18} total {steps['total']:6.1f} ms ({cells})")


if __name__ == "__main__":
    main()
