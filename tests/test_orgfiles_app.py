"""AppTest: import an org chart through the Organisation page (preview, mapping, habits), then
every page works on it; a bad chart shows its problems and keeps the scenario; find a person."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from orgmodel.scenario import Scenario

APP = "../app.py"
PAGES = ["organisation", "review", "decisions", "equity", "compare", "assumptions"]
"""Growth is left out: it grows presets by default, and refuses an imported chart (it scales departments)."""
FIXTURES = Path(__file__).resolve().parent / "fixtures"

pytestmark = pytest.mark.usefixtures("fresh_caches")


def _uploaded(name: str, data: bytes) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["om.import_box"] = True  # the upload box draws its uploader only while open
    at.run()
    at.file_uploader(key="om.org_csv_upload").set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_import_maps_columns_then_every_page_works_on_the_imported_org() -> None:
    at = _uploaded("d3_orgchart.csv", (FIXTURES / "d3_orgchart.csv").read_bytes())
    assert at.selectbox(key="om.map.id").value == "id"
    assert at.selectbox(key="om.map.manager").value == "parentId"
    assert at.dataframe, "a preview of the first rows"
    at.selectbox(key="om.map.habits").set_value("hierarchical-400").run()
    at.button(key="om.map.go").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "d3_orgchart"
    good = Scenario.model_validate_json(at.session_state["om.good"])
    assert good.org.people is not None and len(good.org.people) == 9
    assert good.org.imported is not None and good.org.imported.habits_from == "preset hierarchical-400"
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])


def test_a_chart_with_unknown_managers_lists_them_and_the_placeholder_option_fixes_it() -> None:
    at = _uploaded("kaggle_hr.csv", (FIXTURES / "kaggle_hr.csv").read_bytes())
    before = at.session_state["om.good"]
    assert any("line 3: ManagerID '1'" in e.value for e in at.error)  # Cy (terminated) left out by default
    at.checkbox(key="om.map.former").check().run()
    assert any("line 3, line 4: ManagerID '1'" in e.value for e in at.error)
    assert at.session_state["om.good"] == before
    at.checkbox(key="om.map.orphans").check().run()
    assert not at.error
    at.button(key="om.map.go").click().run()
    people = Scenario.model_validate_json(at.session_state["om.good"]).org.people
    assert people is not None and people[-1].name == "unknown manager 1"


def test_find_a_person_shows_their_chain() -> None:
    at = _uploaded("d3_orgchart.csv", (FIXTURES / "d3_orgchart.csv").read_bytes())
    at.button(key="om.map.go").click().run()
    at.session_state["org_chart_tab"] = "Find a person"
    at.run()
    at.text_input(key="om.find").input("Hal").run()
    assert not at.exception, at.exception
    assert any(md.value == "Hal → Di → Bo → Ann" for md in at.markdown)


@pytest.mark.parametrize("case", ["xlsx zip bomb (101 MB of zeros in one part)", "JSON 100,000 nested arrays",
                                  "JSON 5,000-digit number", "xlsx with 2,000 columns"])
def test_a_hostile_xlsx_or_json_upload_keeps_the_scenario(case: str) -> None:
    from tests.test_robustness_uploads import HOSTILE_ORG_FILES

    make, file_name, message = HOSTILE_ORG_FILES[case]
    content = make()
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["om.import_box"] = True
    at.run()
    before = at.session_state["om.good"]
    data = content.encode() if isinstance(content, str) else content
    at.file_uploader(key="om.org_csv_upload").set_value((file_name, data, "application/octet-stream")).run()
    assert not at.exception, at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert at.session_state["om.good"] == before


@pytest.mark.parametrize(("name", "text", "message"), [
    ("two_names.csv", "id,Name,Name,manager\n1,Ann,A,\n2,Bo,B,1\n", None),
    ("blank_header.csv", "id,,manager_id\n1,x,\n2,y,1\n", None),
    ("titled.csv", "Staff list 2024,,\nid,name,manager_id\n1,Ann,\n2,Bo,1\n", None),
    ("headerless.csv", "1\t295847284\t\tCEO\n2\t245797967\t/1/\tVP\n3\t509647174\t/1/1/\tDev\n", None),
    ("one.csv", "id,name,manager_id\n1,Solo,\n", "everyone in the file is at the top"),
])
def test_awkward_headers_and_a_one_person_org_never_crash_the_import_box(name: str, text: str,
                                                                          message: str | None) -> None:
    at = _uploaded(name, text.encode())
    assert at.dataframe and not at.error, [e.value for e in at.error]
    if message is not None:  # shown as a warning in the preview, refused by Import and analyse
        assert any(message in w.value for w in at.warning), [w.value for w in at.warning]
        before = at.session_state["om.good"]
        at.button(key="om.map.go").click().run()
        assert not at.exception, at.exception
        assert any(message in e.value for e in at.error) and at.session_state["om.good"] == before


def test_import_and_analyse_refused_keeps_the_scenario() -> None:
    """Founders only (by the role column): the preview reads it, Import and analyse says why not."""
    at = _uploaded("founders.csv", b"id,manager_id,role\n1,,founder\n2,1,founder\n")
    before = at.session_state["om.good"]
    at.button(key="om.map.go").click().run()
    assert not at.exception, at.exception
    assert any("everyone in the chart is a founder" in e.value for e in at.error)
    assert at.session_state["om.good"] == before
