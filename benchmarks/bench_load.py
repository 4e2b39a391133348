"""Benchmark: interaction latency with N browser sessions on one Streamlit server.

Starts ``streamlit run app.py`` on 127.0.0.1 and a free port, opens N pages (each its own
browser context, so its own Streamlit session) in Debian's chromium, and in every page at
once moves the team-size slider ``--moves`` times, timing each move from the key press to the
redrawn "Channels within teams" figure (new text, no stale elements, script not running).
Reports median and p90 latency per N and the ratio to N = 1. Loopback only; bounded in
sessions, moves and time (``--budget`` seconds in all); stops the server itself.

Run: ``python benchmarks/bench_load.py [--sessions 1 5 20] [--moves 6] [--json out.json]``
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from appserver import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402  (the browser tests' server and chromium)

MAX_SESSIONS = 40
FIGURE = "Channels within teams"
SLIDER_LABEL = "Team-size cap"

FIGURE_JS = """(label) => {
  for (const m of document.querySelectorAll('[data-testid=stMetric]')) {
    const lines = m.innerText.split('\\n').map(x => x.trim()).filter(x => x);
    if (lines.length > 1 && lines[0].startsWith(label)) return lines[1];
  }
  return null;
}"""
SETTLED_JS = """([label, old]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const m of document.querySelectorAll('[data-testid=stMetric]')) {
    const lines = m.innerText.split('\\n').map(x => x.trim()).filter(x => x);
    if (lines.length > 1 && lines[0].startsWith(label)) return lines[1] !== old;
  }
  return false;
}"""


async def open_session(browser: object, url: str) -> Page:
    context = await browser.new_context()  # type: ignore[attr-defined]
    page: Page = await context.new_page()
    await page.goto(url)
    await page.wait_for_function(FIGURE_JS, arg=FIGURE, timeout=60_000)
    return page


async def move_slider(page: Page, moves: int, timeout_ms: int) -> list[float]:
    slider = page.get_by_test_id("stSlider").filter(has_text=SLIDER_LABEL).get_by_role("slider")
    latencies = []
    for i in range(moves):
        old = await page.evaluate(FIGURE_JS, FIGURE)
        await slider.focus()
        started = time.perf_counter()
        await page.keyboard.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
        await page.wait_for_timeout(50)  # let the rerun start before waiting for it to settle
        await page.wait_for_function(SETTLED_JS, arg=[FIGURE, old], timeout=timeout_ms, polling=20)
        latencies.append(time.perf_counter() - started)
    return latencies


async def run(sessions: list[int], moves: int, budget_s: float) -> dict[str, object]:
    results: dict[str, object] = {"moves_per_session": moves, "levels": []}
    started = time.monotonic()
    with running_app() as base_url:
        url = f"{base_url}/"
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            for n in sessions:
                if time.monotonic() - started > budget_s:
                    print(f"budget of {budget_s:.0f} s spent: skipping N = {n}", file=sys.stderr)
                    break
                t_open = time.perf_counter()
                pages = await asyncio.gather(*(open_session(browser, url) for _ in range(n)))
                opened = time.perf_counter() - t_open
                per_page = await asyncio.gather(*(move_slider(p, moves, 60_000) for p in pages))
                lat = sorted(x for xs in per_page for x in xs)
                level = {
                    "sessions": n, "interactions": len(lat), "open_all_s": round(opened, 2),
                    "median_s": round(statistics.median(lat), 3),
                    "p90_s": round(lat[min(len(lat) - 1, int(0.9 * len(lat)))], 3),
                }
                results["levels"].append(level)  # type: ignore[attr-defined]
                print(level, flush=True)
                for p in pages:
                    await p.context.close()
            await browser.close()
    levels = results["levels"]
    if levels:
        base = levels[0]  # type: ignore[index]
        for level in levels:  # type: ignore[attr-defined]
            level["median_ratio_to_first"] = round(level["median_s"] / base["median_s"], 2)
            level["p90_ratio_to_first"] = round(level["p90_s"] / base["p90_s"], 2)
    results["cpus"] = os.cpu_count()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--moves", type=int, default=6, help="slider moves per session (at most 50)")
    parser.add_argument("--budget", type=float, default=600, help="seconds before no new level starts")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args()
    if any(n < 1 or n > MAX_SESSIONS for n in args.sessions) or not 1 <= args.moves <= 50:
        parser.error(f"sessions must be 1..{MAX_SESSIONS} and moves 1..50")
    results = asyncio.run(run(args.sessions, args.moves, args.budget))
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
