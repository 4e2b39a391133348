"""AppTest: the Equity page's exit-range chart, breakpoints and one person's stake."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"

pytestmark = pytest.mark.usefixtures("fresh_caches")


def _equity(preset: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["preset"] = preset
    at.run()
    return at.switch_page("app_pages/equity.py").run()


def _titles(at: AppTest) -> list[str]:
    return [json.loads(el.proto.spec)["layout"]["title"]["text"] for el in at.get("plotly_chart")]


def test_exit_range_and_a_roles_stake_are_drawn_with_captions() -> None:
    at = _equity("hierarchical-400")
    assert not at.exception
    titles = _titles(at)
    assert "Who gets the exit money, by exit value" in titles
    assert any(t.endswith("proceeds by exit value") for t in titles)
    captions = " ".join(c.value for c in at.caption)
    assert "Every dollar of a sale goes to someone" in captions and "one year of their salary" in captions
    assert any("the median engineer by stake" in md.value for md in at.markdown)


def test_a_person_by_id_and_an_unknown_person() -> None:
    at = _equity("xiaomi-2012")
    at.selectbox(key="eq_who").set_value("a person (id or name)").run()
    at.text_input(key="eq_person").set_value("Lei Jun").run()
    assert not at.exception
    assert any("Founder's shares" in md.value for md in at.markdown)
    at.text_input(key="eq_person").set_value("nobody").run()
    assert any("person = 'nobody'" in w.value for w in at.warning)
