"""The app in a real chromium: first screen, a slider move redrawing figures, the URL, Compare, every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from appserver import go_to, metric_value, open_app, set_team_cap, wait_idle, wait_metric_change

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]  # one worker, one server (xdist)


def test_first_screen_then_team_cap_moves_the_figures(page: Any, app_url: str, artifacts: Path) -> None:
    open_app(page, app_url)
    assert metric_value(page, "Headcount") == "400"
    assert page.locator("h1").first.inner_text().startswith("Xiaomi")
    assert page.get_by_text("Against Hierarchical").count() >= 1
    page.screenshot(path=str(artifacts / "organisation.png"), full_page=True)
    teams = metric_value(page, "Teams")
    set_team_cap(page, 4)  # 8 -> 4 engineers per lead
    page.wait_for_function("() => new URLSearchParams(location.search).get('org.max_team_size') === '4'")
    wait_idle(page)
    assert wait_metric_change(page, "Teams", teams) == "89"  # 345 engineers in teams of at most 4
    query = parse_qs(urlparse(page.url).query)
    assert query["preset"] == ["xiaomi-2012"] and query["org.max_team_size"] == ["4"]
    page.screenshot(path=str(artifacts / "organisation-cap4.png"), full_page=True)


def test_link_restores_the_scenario(page: Any, app_url: str) -> None:
    open_app(page, f"{app_url}/?preset=hierarchical-400&org.max_team_size=3")
    assert page.locator("h1").first.inner_text().startswith("Hierarchical")
    assert metric_value(page, "Largest team") == "3"


def test_bad_link_names_the_field(page: Any, app_url: str) -> None:
    open_app(page, f"{app_url}/?org.max_team_size=0")
    alert = page.get_by_test_id("stAlertContentError").first
    assert "org.max_team_size" in alert.inner_text()
    assert metric_value(page, "Largest team") == "8"


def test_compare_and_every_page_render(page: Any, app_url: str, artifacts: Path) -> None:
    open_app(page, app_url)
    for title in ("Review", "Decisions", "Equity", "Assumptions", "Compare"):
        go_to(page, title)
        assert page.get_by_test_id("stException").count() == 0, title
        if title != "Assumptions":
            page.wait_for_selector("[data-testid=stPlotlyChart] .main-svg", timeout=30_000)
        page.screenshot(path=str(artifacts / f"{title.lower()}.png"), full_page=True)
    table = page.get_by_test_id("stDataFrame").first
    table.wait_for()
    assert page.get_by_test_id("stPlotlyChart").count() >= 4
