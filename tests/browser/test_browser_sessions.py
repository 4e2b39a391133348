"""Several people on one server at once: each browser session sees only its own scenario.

``CAPS`` sessions open the app on one server with different team-size caps in the URL, load at
the same time, then all move their slider at once (the server reruns them concurrently); each
must show the team count of its own scenario, before and after.
"""

from __future__ import annotations

from typing import Any

import pytest
from appserver import metric_value, wait_idle, wait_metric_change

from orgmodel.layout import layout
from orgmodel.loading import load_preset
from orgmodel.structure import measure_structure

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]  # one worker, one server (xdist)

CAPS = (3, 6, 12)
"""One browser session per cap, all on the same server at once."""


def teams_at(cap: int) -> str:
    scenario = load_preset("xiaomi-2012")
    varied = scenario.model_copy(update={"org": scenario.org.model_copy(update={"max_team_size": cap})})
    return str(measure_structure(layout(varied)).teams)


def test_simultaneous_sessions_each_see_their_own_scenario(browser: Any, app_url: str) -> None:
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in CAPS]
    try:
        pages = [context.new_page() for context in contexts]
        for page, cap in zip(pages, CAPS, strict=True):  # start every load before waiting on any
            page.goto(f"{app_url}/?preset=xiaomi-2012&org.max_team_size={cap}", wait_until="commit")
        for page, cap in zip(pages, CAPS, strict=True):
            page.wait_for_selector("[data-testid=stMetricValue]", timeout=60_000)
            wait_idle(page)
            assert metric_value(page, "Teams") == teams_at(cap)
        before = [metric_value(page, "Teams") for page in pages]
        for page in pages:  # every session edits at once: one notch down each
            thumb = page.get_by_test_id("stSlider").first.get_by_role("slider")
            thumb.focus()
            thumb.press("ArrowLeft")
        for page, cap, old in zip(pages, CAPS, before, strict=True):
            assert wait_metric_change(page, "Teams", old) == teams_at(cap - 1), f"session with cap {cap}"
    finally:
        for context in contexts:
            context.close()
