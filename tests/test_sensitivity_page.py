"""AppTest of the "How sure is it?" page: nothing is computed until a button is pressed; then the bands,
the tornado and the verdict odds are drawn, and a rerun (as after any widget move) does not recompute them."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"

pytestmark = pytest.mark.usefixtures("fresh_caches")


def _charts(at: AppTest) -> list[str]:
    return [json.loads(el.proto.spec)["layout"]["title"]["text"] for el in at.get("plotly_chart")]


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("app_pages/sensitivity.py").run()  # straight to the page: the first screen is not drawn
    assert not at.exception and at.title[0].value == "How sure is it?"
    return at


def test_the_page_draws_nothing_before_a_button_is_pressed() -> None:
    at = _page()
    assert _charts(at) == [] and "om.sensitivity_runs" not in at.session_state
    at.number_input(key="sen_samples").set_value(8).run()
    assert _charts(at) == [] and "om.sensitivity_runs" not in at.session_state
    assert [b.label for b in at.button] == ["Compute tornado and bands", "Compute verdict odds"]


@pytest.mark.slow
def test_the_page_computes_on_request_and_holds_the_result() -> None:
    at = _page()
    at.multiselect(key="sen_figures").set_value(["review.p90_working_hours"]).run()
    at.number_input(key="sen_samples").set_value(8).run()
    at.button(key="sen_go").click().run()
    assert not at.exception, at.exception
    titles = _charts(at)
    assert any("all its assumptions drawn" in t for t in titles)
    assert any("one input at a time" in t for t in titles)
    assert len(at.session_state["om.sensitivity_runs"]) == 1
    at.button(key="sen_odds_go").click().run()
    assert not at.exception, at.exception
    assert any("better or worse" in t for t in _charts(at))
    at.run()  # a rerun (as after any widget move) reuses the held results
    assert len(at.session_state["om.sensitivity_runs"]) == 1 and len(_charts(at)) == 3
