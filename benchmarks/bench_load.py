"""Benchmark: interaction latency with N browser sessions at once, on one server or several behind nginx.

Starts ``streamlit run app.py`` on 127.0.0.1 (``--servers K`` starts K processes behind Debian's nginx
with cookie-sticky sessions, the configuration of deploy/nginx-orgmodel.conf), opens N pages (each its
own browser context, so its own Streamlit session) in Debian's chromium. Every session uploads its
own scenario (a YAML named ``Load session i`` with its own team-size cap), then in every page at once
the team-size slider is moved ``--moves`` times (an even number, so it ends where it started), each
move timed from the key press to the redrawn "Channels within teams" figure (new text, no stale
elements, script not running). At the end every session must still show its own upload's name and
the team count of its own cap: a session that sees another's edits or upload fails the run.

Reports median and p90 latency per N, the ratio to the first N, and the server CPU per rerun read
from the app's timing log (``ORGMODEL_TIMINGS``). Loopback only; bounded in sessions, moves and
time (``--budget`` seconds in all); stops the servers itself.

Run: ``python benchmarks/bench_load.py [--sessions 1 5 20] [--moves 6] [--servers 1] [--json out.json]``
JSON: ``levels[i].{sessions, median_ms, p90_ms, median_ratio_to_first, ...}`` and ``by_sessions.<N>.median_ms``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.async_api import Page, async_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "benchmarks"))
import rerun_timings  # noqa: E402
from appserver import CHROMIUM, CHROMIUM_ARGS, free_port, running_app  # noqa: E402

MAX_SESSIONS = 40
FIGURE = "Channels within teams"
TEAMS = "Teams"
SLIDER_LABEL = "Team-size cap"
NGINX_CONF = ROOT / "deploy" / "nginx-orgmodel.conf"

FIGURE_JS = """(label) => {
  for (const m of document.querySelectorAll('[data-testid=stMetric]')) {
    if (m.closest('[data-stale=true]')) continue;
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
TITLE_JS = """(want) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const h1 = [...document.querySelectorAll('h1')].find(e => !e.closest('[data-stale=true]'));
  return !!h1 && h1.innerText.startsWith(want);
}"""


def session_scenario(i: int) -> tuple[str, int, str]:
    """Session i's own scenario: (name, team-size cap, YAML text); caps 3..12 so neighbours differ."""
    from orgmodel.loading import load_preset, scenario_to_yaml

    cap = 3 + i % 10
    base = load_preset("xiaomi-2012")
    scenario = base.model_copy(update={"name": f"Load session {i:02d}",
                                       "org": base.org.model_copy(update={"max_team_size": cap})})
    return scenario.name, cap, scenario_to_yaml(scenario)


def teams_at(cap: int) -> str:
    from orgmodel.layout import layout
    from orgmodel.loading import load_preset
    from orgmodel.structure import measure_structure

    base = load_preset("xiaomi-2012")
    varied = base.model_copy(update={"org": base.org.model_copy(update={"max_team_size": cap})})
    return f"{measure_structure(layout(varied)).teams:,}"


async def open_session(browser: Any, url: str, i: int, folder: Path) -> tuple[Page, str, int]:
    """A new session that uploads its own scenario; returns (page, its name, its cap)."""
    name, cap, text = session_scenario(i)
    path = folder / f"session-{i}.yaml"
    path.write_text(text)
    context = await browser.new_context()
    page: Page = await context.new_page()
    await page.goto(url, timeout=300_000)
    await page.wait_for_function(FIGURE_JS, arg=FIGURE, timeout=300_000)
    await page.get_by_test_id("stSidebar").get_by_text("Open and save").click()
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Open a scenario")
    await uploader.locator("input[type=file]").set_input_files(str(path))
    await page.wait_for_function(TITLE_JS, arg=name, timeout=300_000)
    return page, name, cap


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


async def check_own(page: Page, name: str, cap: int) -> str | None:
    """None when the page shows its own upload and cap; else what it shows instead."""
    title = await page.evaluate("() => document.querySelector('h1')?.innerText || ''")
    teams = await page.evaluate(FIGURE_JS, TEAMS)
    want = teams_at(cap)
    if not title.startswith(name) or teams != want:
        return f"expected {name!r} with {want} teams, shows {title!r} with {teams} teams"
    return None


@contextlib.contextmanager
def nginx_front(ports: list[int]) -> Iterator[str]:
    """Debian's nginx on a free loopback port, proxying to ``ports`` with the repo's sticky-session config."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is missing: apt-get install -y nginx-light (or run with --servers 1)")
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        site = NGINX_CONF.read_text()
        site = site.replace("listen 8500;", f"listen 127.0.0.1:{port};")
        upstream = "\n".join(f"    server 127.0.0.1:{p};" for p in ports)
        site = site.replace("    server 127.0.0.1:8501;\n    server 127.0.0.1:8502;", upstream)
        os.chmod(tmp, 0o755)  # nginx's workers run as an unprivileged user when started as root
        for sub in ("body", "proxy", "fcgi", "uwsgi", "scgi"):
            (Path(tmp) / sub).mkdir()
            os.chmod(Path(tmp) / sub, 0o777)
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(f"""worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
{site}
}}
""")
        proc = subprocess.Popen([nginx, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
        try:
            time.sleep(0.5)
            if proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {proc.stderr.read().decode() if proc.stderr else ''}")
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=10)


@contextlib.contextmanager
def serving(servers: int, log: Path) -> Iterator[str]:
    """One Streamlit process, or ``servers`` of them behind nginx; yields the URL people open."""
    env = {"ORGMODEL_TIMINGS": str(log)}
    if servers == 1:
        with running_app(env=env) as url:
            yield url
        return
    secret = os.urandom(16).hex()  # one cookie secret: every process accepts the others' XSRF cookie
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = secret
    with contextlib.ExitStack() as stack:
        urls = [stack.enter_context(running_app(env=env)) for _ in range(servers)]
        ports = [int(u.rsplit(":", 1)[1]) for u in urls]
        yield stack.enter_context(nginx_front(ports))


def level_figures(sessions: int, latencies: list[float], open_s: float, wrong: list[str],
                  server: dict[str, Any]) -> dict[str, Any]:
    """One session count's figures: interactions, median and p90 latency (ms), mix-ups, server ms per rerun."""
    lat = sorted(latencies)
    return {
        "sessions": sessions, "interactions": len(lat), "open_all_s": round(open_s, 2),
        "median_ms": round(1000 * statistics.median(lat), 1),
        "p90_ms": round(1000 * lat[min(len(lat) - 1, int(0.9 * len(lat)))], 1),
        "sessions_showing_others": len(wrong), "server_cpu_ms_per_rerun": server.get("cpu_ms"),
        "server_wall_ms_per_rerun": server.get("wall_ms"),
    }


def with_ratios(results: dict[str, Any]) -> dict[str, Any]:
    """Add each level's ratios to the first, ``by_sessions``, the machine and whether sessions stayed apart."""
    levels = results["levels"]
    if levels:
        base = levels[0]
        for level in levels:
            level["median_ratio_to_first"] = round(level["median_ms"] / base["median_ms"], 2)
            level["p90_ratio_to_first"] = round(level["p90_ms"] / base["p90_ms"], 2)
    results["by_sessions"] = {str(level["sessions"]): {"median_ms": level["median_ms"], "p90_ms": level["p90_ms"]}
                              for level in levels}
    results["cpus"] = os.cpu_count()
    results["load_average_at_end"] = list(os.getloadavg())
    results["isolated"] = all(level["sessions_showing_others"] == 0 for level in levels)
    return results


async def run(sessions: list[int], moves: int, budget_s: float, servers: int) -> dict[str, Any]:
    results: dict[str, Any] = {"moves_per_session": moves, "servers": servers, "levels": []}
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, serving(servers, Path(tmp) / "timings.jsonl") as base_url:
        log = Path(tmp) / "timings.jsonl"
        url = f"{base_url}/"
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            next_id = 0
            for n in sessions:
                if time.monotonic() - started > budget_s:
                    print(f"budget of {budget_s:.0f} s spent: skipping N = {n}", file=sys.stderr)
                    break
                t_open = time.perf_counter()
                opened = []  # opened five at a time: twenty first screens at once only time out the opening
                for batch in range(0, n, 5):
                    opened += await asyncio.gather(*(open_session(browser, url, next_id + i, Path(tmp))
                                                     for i in range(batch, min(n, batch + 5))))
                next_id += n
                open_s = time.perf_counter() - t_open
                before = len(rerun_timings.read(log))
                per_page = await asyncio.gather(*(move_slider(p, moves, 120_000) for p, _, _ in opened))
                server = rerun_timings.summarise(rerun_timings.read(log)[before:])
                wrong = [w for w in await asyncio.gather(*(check_own(p, name, cap) for p, name, cap in opened)) if w]
                level = level_figures(n, [x for xs in per_page for x in xs], open_s, wrong, server)
                results["levels"].append(level)
                print(level, flush=True)
                if wrong:
                    print("SESSIONS MIXED UP:\n  " + "\n  ".join(wrong), file=sys.stderr)
                for p, _, _ in opened:
                    await p.context.close()
            await browser.close()
    return with_ratios(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--moves", type=int, default=6, help="slider moves per session (even, at most 50)")
    parser.add_argument("--servers", type=int, default=1, help="Streamlit processes (behind nginx when > 1)")
    parser.add_argument("--budget", type=float, default=900, help="seconds before no new level starts")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args()
    if any(n < 1 or n > MAX_SESSIONS for n in args.sessions) or not 2 <= args.moves <= 50 or args.moves % 2:
        parser.error(f"sessions must be 1..{MAX_SESSIONS} and moves an even number 2..50")
    if not 1 <= args.servers <= 8:
        parser.error("servers must be 1..8")
    results = asyncio.run(run(args.sessions, args.moves, args.budget, args.servers))
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if not results["isolated"]:
        raise SystemExit("a session saw another session's edits or upload")


if __name__ == "__main__":
    main()
