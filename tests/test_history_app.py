"""AppTest: the history page reads an upload, draws its charts, refuses bad files and opens the fit as the scenario."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from orgmodel.scenario import Scenario
from tests.test_history_read import commit

APP = "../app.py"
PAGE = "app_pages/history.py"
pytestmark = pytest.mark.usefixtures("fresh_caches")


def _log(changes: int = 30) -> bytes:
    """A Gerrit log of ``changes`` changes by four people reviewing each other, newest first."""
    people = ["Ann <ann@x.org>", "Bob <bob@x.org>", "Cat <cat@x.org>", "Dan <dan@x.org>"]
    text = ""
    for i in range(changes, 0, -1):
        author, reviewer = people[i % 4], people[(i + 1) % 4]
        day = 1 + i // 2
        text += commit(f"{i:040x}", f"{i - 1:040x}", author, f"2024-03-{day:02d}T09:00:00+00:00", author,
                       f"2024-03-{day:02d}T{10 + i % 7:02d}:00:00+00:00",
                       f"change {i}\n\nReviewed-on: https://r/{i}\nReviewed-by: {reviewer}")
    return (text + commit(f"{0:040x}", "", people[0], "2024-03-01T08:00:00+00:00", people[0],
                          "2024-03-01T08:00:00+00:00", "initial")).encode()


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page(PAGE).run()


def test_upload_measures_fits_and_opens_as_scenario() -> None:
    at = _page()
    before = at.session_state["om.good"]
    at.text_input(key="history_fit_until").set_value("2024-03-12")
    at.file_uploader(key="om.history_upload").set_value(("h.log", _log(), "text/plain")).run()
    assert not at.exception, at.exception
    assert any(m.label == "Reviewed changes" and m.value == "30" for m in at.metric)
    assert at.get("plotly_chart"), "a chart is drawn"
    at.session_state["history_tab"] = "Fit and what-if"
    at.run()
    assert not at.exception
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert "model" in json.dumps(spec)
    at.button(key="history_open").click().run()
    assert not at.exception
    assert at.session_state["om.good"] != before
    opened = Scenario.model_validate_json(at.session_state["om.good"])
    assert opened.org.people is not None and opened.review is not None
    assert opened.provenance["review.changes_per_engineer_per_day"].kind == "report"
    for page in ("organisation", "review", "decisions", "equity", "compare", "assumptions"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)


def test_a_bad_upload_keeps_the_scenario() -> None:
    at = _page()
    before = at.session_state["om.good"]
    at.file_uploader(key="om.history_upload").set_value(("x.bin", b"\x00\x01\x02", "application/octet-stream")).run()
    assert not at.exception
    assert any("binary" in e.value for e in at.error)
    assert at.session_state["om.good"] == before
