"""Start the app on a free loopback port and drive it with Debian's chromium (shared by the browser
tests and benchmarks/bench_app_browser.py)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ORGMODEL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]
INSTALL_HINT = "install it with: apt-get install -y chromium && pip install playwright"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_app(timeout_s: float = 30.0, script: str = "app.py", env: dict[str, str] | None = None,
                port: int | None = None) -> Iterator[str]:
    """Run ``streamlit run <script>`` headless on loopback; yield its base URL; always stop it.

    ``env`` adds environment variables (e.g. ``ORGMODEL_TIMINGS``); ``port`` picks the port (a free one if None).
    """
    port = port or free_port()
    log = (ROOT / "test-artifacts").resolve()
    log.mkdir(exist_ok=True)
    out = open(log / f"streamlit-{port}.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true", "--server.address=127.0.0.1",
         f"--server.port={port}", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}; see {out.name}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout_s} s")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()


def launch(playwright: Any) -> Any:
    """Chromium from Debian (Playwright's own download needs the internet)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


IDLE_JS = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  return app && app.getAttribute('data-test-script-state') === 'notRunning'
             && app.getAttribute('data-test-connection-state') === 'CONNECTED';
}"""

METRIC_JS = """([label, old]) => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  for (const m of document.querySelectorAll('[data-testid=stMetric]')) {
    if (m.closest('[data-stale=true]')) continue;
    const lab = m.querySelector('[data-testid=stMetricLabel]');
    const val = m.querySelector('[data-testid=stMetricValue]');
    const text = val ? val.innerText.trim() : null;
    if (lab && val && lab.innerText.trim().startsWith(label) && text !== old) return text;
  }
  return false;
}"""


def wait_idle(page: Any, timeout_ms: float = 30_000) -> None:
    """Wait until the script has finished its rerun and the socket is connected."""
    page.wait_for_function(IDLE_JS, timeout=timeout_ms)


def metric_value(page: Any, label: str) -> str:
    """The current (not stale) value of the metric whose label starts with ``label``."""
    return str(page.wait_for_function(METRIC_JS, arg=[label, None], timeout=30_000).json_value())


def wait_metric_change(page: Any, label: str, old: str, timeout_ms: float = 30_000) -> str:
    """Wait until the metric shows a value other than ``old`` after a finished rerun; return it."""
    return str(page.wait_for_function(METRIC_JS, arg=[label, old], timeout=timeout_ms).json_value())


def open_app(page: Any, url: str) -> None:
    """Load the app and wait for its first full render (metrics and a drawn plotly chart)."""
    page.goto(url)
    page.wait_for_selector("[data-testid=stMetricValue]", timeout=60_000)
    wait_idle(page)
    page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=60_000)


HEADINGS = {"review": "Code review", "decisions": "Decisions and mobilisation", "equity": "Equity",
            "compare": "Compare two organisations", "assumptions": "Assumptions and sources"}


def go_to(page: Any, title: str) -> None:
    """Click a page in the sidebar navigation; wait for its heading after a finished rerun."""
    path = title.lower()
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.wait_for_url(f"**/{path}*", timeout=30_000)
    page.wait_for_function(
        """(h) => { const app = document.querySelector('[data-testid=stApp]');
                    const h1 = [...document.querySelectorAll('h1')].find(e => !e.closest('[data-stale=true]'));
                    return app && app.getAttribute('data-test-script-state') === 'notRunning'
                           && h1 && h1.innerText.startsWith(h); }""",
        arg=HEADINGS[path], timeout=30_000,
    )


def set_team_cap(page: Any, steps_left: int) -> None:
    """Move the team-size slider ``steps_left`` notches down with the keyboard (one rerun per notch)."""
    thumb = page.get_by_test_id("stSlider").first.get_by_role("slider")
    thumb.focus()
    for _ in range(steps_left):
        thumb.press("ArrowLeft")
