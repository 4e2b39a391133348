"""AppTest: change the organisation on the Organisation page, see the change, undo and redo it, follow the URL."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"
TIMEOUT = 60

pytestmark = pytest.mark.usefixtures("fresh_caches")


def _headcount(at: AppTest) -> str:
    return next(str(m.value) for m in at.metric if m.label.startswith("Headcount"))


def _opened() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    at.session_state["om.edit.open"] = True  # open "Move, merge, split, ..."
    return at.run()


def test_open_a_role_then_undo_and_redo_it() -> None:
    at = _opened()
    before = _headcount(at)
    who = at.selectbox(key="om.edit.who")
    lead = next(p for p in who.options if "(20, lead)" in p)
    who.select(lead).run()
    at.radio(key="om.edit.action").set_value("add open role…").run()
    at.button(key="om.edit.apply").click().run()
    assert not at.exception
    assert at.session_state["om.edits"] == [{"open_role": "engineer", "under": "20", "start": "2027-01-01"}]
    assert _headcount(at) != before
    assert at.query_params["edits"] == "open_role:engineer,under:20,start:2027-01-01"
    table = next(df.value for df in at.dataframe if "what changed" in df.value.columns)
    assert "open role open-1" in table["what changed"][0]
    at.button(key="om.edit.undo").click().run()
    assert at.session_state["om.edits"] == [] and _headcount(at) == before
    at.button(key="om.edit.redo").click().run()
    assert len(at.session_state["om.edits"]) == 1 and _headcount(at) != before


def test_a_refused_change_keeps_the_earlier_ones() -> None:
    at = _opened()
    who = at.selectbox(key="om.edit.who")
    who.select(next(p for p in who.options if "(0, founder)" in p)).run()
    at.radio(key="om.edit.action").set_value("remove").run()
    at.button(key="om.edit.apply").click().run()
    assert not at.exception
    assert any("refused" in e.value and "at the top" in e.value for e in at.error)
    assert at.session_state["om.edits"] == []


def test_a_link_with_edits_reopens_them() -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["preset"] = "xiaomi-2012"
    at.query_params["edits"] = "promote:21;remove:22"
    at.run()
    assert not at.exception
    assert at.session_state["om.edits"] == [{"promote": "21"}, {"remove": "22"}]


def test_a_click_on_the_chart_picks_the_person() -> None:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.session_state["org_tree"] = {"selection": {"points": [{"customdata": 20}], "point_indices": [], "box": [],
                                                   "lasso": []}}
    at.run()
    assert not at.exception
    assert any("Picked on the chart: lead MIUI/13 #20" in c.value for c in at.caption)
