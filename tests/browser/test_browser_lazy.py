"""What is built only when asked: the open tab's chart, and download files on click."""

from __future__ import annotations

from typing import Any

import pytest
from appserver import open_app, wait_idle

pytestmark = pytest.mark.browser

CHART_TITLE_JS = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .gtitle')]
    .filter(e => !e.closest('[data-stale=true]')).map(e => e.textContent)"""


def _titles(page: Any) -> list[str]:
    return list(page.evaluate(CHART_TITLE_JS))


def test_each_org_chart_tab_draws_its_own_chart_when_opened(page: Any, app_url: str) -> None:
    open_app(page, app_url)
    first = _titles(page)
    assert any("one dot per person" in t for t in first)
    assert not any(t.startswith("Departments and teams") for t in first), "a closed tab is not drawn"
    page.get_by_role("tab", name="Departments and teams").click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .gtitle')]"
                           ".some(e => e.textContent.startsWith('Departments and teams'))", timeout=60_000)
    wait_idle(page)
    assert not any("one dot per person" in t for t in _titles(page))
    page.get_by_role("tab", name="Spans and layers").click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .gtitle')]"
                           ".some(e => e.textContent.startsWith('Team sizes'))", timeout=60_000)
    wait_idle(page)
    assert any(t.startswith("Span of control") for t in _titles(page))


def test_downloads_are_built_when_clicked(browser: Any, app_url: str) -> None:
    """The sidebar's files are built when its Download box is opened, and hold the scenario's figures and settings."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        tab = context.new_page()
        open_app(tab, app_url)
        sidebar = tab.get_by_test_id("stSidebar")
        sidebar.get_by_text("Download", exact=True).click()
        wanted = {"Figures (CSV)": "structure,headcount,Headcount,people,400",
                  "Full report (JSON)": '"headcount": 400', "Scenario (YAML)": "name: Xiaomi 2012"}
        for label, line in wanted.items():
            text = _download(tab, sidebar, label)
            assert line in text, label
    finally:
        context.close()


def _download(tab: Any, sidebar: Any, label: str, tries: int = 3) -> str:
    """Click a deferred download button once the app is idle; on a busy machine a click that lands
    during a rerun can be lost, so it is clicked again (at most ``tries`` times) before failing."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(1, tries + 1):
        wait_idle(tab, timeout_ms=120_000)
        try:
            with tab.expect_download(timeout=60_000) as download:
                sidebar.get_by_role("button", name=label).click(timeout=60_000)
        except PlaywrightTimeout:
            if attempt == tries:
                raise
            continue
        with open(download.value.path(), encoding="utf-8") as handle:
            return handle.read()
    raise AssertionError("unreachable")
