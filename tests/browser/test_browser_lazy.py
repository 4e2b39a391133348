"""The Organisation page draws only the open tab's chart (issue 16); opening another tab draws its chart."""

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
    page.get_by_role("tab", name="Team sizes and spans").click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stPlotlyChart] .gtitle')]"
                           ".some(e => e.textContent.startsWith('Team sizes'))", timeout=60_000)
    wait_idle(page)
    assert any(t.startswith("Span of control") for t in _titles(page))
