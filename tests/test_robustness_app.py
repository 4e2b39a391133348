"""Every hostile upload of test_robustness_uploads.py, through the app: refused on screen with a
message, no exception, and the session's current scenario (with its edits) left as it was."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_robustness_uploads import HOSTILE_CSV, HOSTILE_YAML

CAP = "ctl:org.max_team_size"
APP_CSV_CASES = [c for c in HOSTILE_CSV if "10 million" not in c and "over the byte cap" not in c]
"""CSV cases sent through the app (multi-megabyte ones are covered at the library level)."""
APP_YAML_CASES = [c for c in HOSTILE_YAML if HOSTILE_YAML[c][0] and len(HOSTILE_YAML[c][0]) <= 1_500_000]


pytestmark = [pytest.mark.usefixtures("fresh_caches"), pytest.mark.slow]


@pytest.fixture(scope="module")
def edited() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["om.sb.files"] = True  # open the boxes that hold the two uploaders
    at.session_state["om.import_box"] = True
    at.run()
    at.slider(key=CAP).set_value(5).run()
    assert not at.exception
    return at


@pytest.mark.parametrize("case", APP_YAML_CASES, ids=APP_YAML_CASES)
def test_hostile_scenario_upload_keeps_the_current_scenario(edited: AppTest, case: str) -> None:
    content, _ = HOSTILE_YAML[case]
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    before = edited.session_state["om.good"]
    edited.file_uploader(key="om.upload").set_value((f"{case}.yaml", data, "application/yaml")).run()
    assert not edited.exception, edited.exception
    assert edited.error, f"{case}: no error shown"
    assert edited.session_state["om.good"] == before
    assert edited.slider(key=CAP).value == 5


@pytest.mark.parametrize("case", APP_CSV_CASES, ids=APP_CSV_CASES)
def test_hostile_org_csv_upload_keeps_the_current_scenario(edited: AppTest, case: str) -> None:
    make, _ = HOSTILE_CSV[case]
    content = make()
    data = content.encode() if isinstance(content, str) else content
    before = edited.session_state["om.good"]
    edited.file_uploader(key="om.org_csv_upload").set_value((f"{case}.csv", data, "text/csv")).run()
    assert not edited.exception, edited.exception
    assert edited.error, f"{case}: no error shown"
    assert edited.session_state["om.good"] == before
    assert edited.title[0].value.startswith("Xiaomi")
