"""Field paths for --set and the URL come from the Scenario model: no hand list to forget a section."""

from __future__ import annotations

from pathlib import Path

import pytest

from orgmodel.paths import NOT_EDITABLE, bounds, editable_roots, field_info, get_path, is_edit, value_text
from orgmodel.scenario import Scenario

APP = str(Path(__file__).parent.parent / "app.py")


def test_every_scenario_field_but_documentation_is_a_root() -> None:
    assert set(editable_roots()) == set(Scenario.model_fields) - NOT_EDITABLE
    assert {"org", "work", "review", "decisions", "equity", "seed", "name"} <= set(editable_roots())


@pytest.mark.parametrize(("key", "edit"), [
    ("org.max_span", True), ("seed", True), ("name", True), ("review.hours_per_review", True),
    ("provenance.org.max_span", False), ("sources", False), ("preset", False), ("cmp_a", False), ("", False),
])
def test_url_parameters_that_are_edits(key: str, edit: bool) -> None:
    assert is_edit(key) is edit


def test_field_info_walks_lists_and_optionals() -> None:
    info = field_info("org.departments.Phone.engineers")
    assert info is not None and bounds(info)[0] == 0
    assert field_info("review.hours_per_review") is not None
    assert field_info("org.no_such_field") is None


def test_get_path_by_index_and_name() -> None:
    data = {"org": {"departments": [{"name": "A", "engineers": 3}, {"name": "B", "engineers": 4}]}}
    assert get_path(data, "org.departments.B.engineers") == 4
    assert get_path(data, "org.departments.0.engineers") == 3
    assert get_path(data, "org.departments.7.engineers") is None


@pytest.mark.parametrize(("value", "text"), [(None, "null"), (True, "true"), (3.0, "3"), (0.25, "0.25"),
                                             (["lead"], '["lead"]'), ("yes", '"yes"'), ("Phone", "Phone")])
def test_value_text_is_what_set_reads_back(value: object, text: str) -> None:
    assert value_text(value) == text


def test_a_url_edit_of_a_field_no_list_named_reaches_the_scenario() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["preset"] = "xiaomi-2012"
    at.query_params["name"] = "Our flat org"
    at.run()
    assert not at.exception
    assert any(t.value == "Our flat org" for t in at.title)
