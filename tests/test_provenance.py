"""orgmodel.provenance: one walk over the scenario, one matching rule; the Assumptions page shows exactly it."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import Field

from orgmodel.loading import load_preset, validate_scenario
from orgmodel.provenance import (
    DEFAULT_PROVENANCE,
    covers,
    default_values,
    missing_default_provenance,
    most_specific,
    provenance_rows,
    unused_keys,
)
from orgmodel.review.settings import ReviewSettings
from orgmodel.scenario import Scenario
from tests.conftest import small_mapping


def test_a_key_covers_its_own_path_a_prefix_and_star_for_one_segment() -> None:
    assert covers("equity.rounds.0.amount_usd", "equity.rounds.0.amount_usd")
    assert covers("equity.rounds.*.amount_usd", "equity.rounds.3.amount_usd")
    assert covers("org.founders", "org.founders.0.role")
    assert not covers("equity.rounds.1.amount_usd", "equity.rounds.0.amount_usd")
    assert not covers("equity.rounds.*", "equity")
    assert not covers("org.departments.MIUI.engineers", "org.departments.0.engineers"), "keys index, not name"


def test_the_most_specific_key_wins_longest_then_fewest_stars() -> None:
    keys = ["equity", "equity.rounds.*.amount_usd", "equity.rounds.2.amount_usd", "equity.rounds"]
    assert most_specific("equity.rounds.2.amount_usd", keys) == "equity.rounds.2.amount_usd"
    assert most_specific("equity.rounds.0.amount_usd", keys) == "equity.rounds.*.amount_usd"
    assert most_specific("equity.rounds.0.date", keys) == "equity.rounds"
    assert most_specific("equity.founded", keys) == "equity"
    assert most_specific("org.max_span", keys) is None


def _rows(mapping: dict[str, Any]) -> dict[str, Any]:
    return {r.path: r for r in provenance_rows(validate_scenario(mapping))}


def test_scenario_entry_then_library_default_then_no_source() -> None:
    mapping = small_mapping()
    mapping["provenance"] = {"org.departments.*.engineers": {"kind": "assumption", "note": "guess"},
                             "org.departments.1.engineers": {"kind": "fact", "note": "L1"}}
    mapping["work"]["start_hour"] = 9.0  # the library default, written out: still the default's note
    mapping["seed"] = 7  # not the default, no entry: no source
    rows = _rows(mapping)
    first = rows["org.departments.0.engineers"]
    assert (first.kind, first.note, first.source) == ("assumption", "guess", "org.departments.*.engineers")
    assert rows["org.departments.1.engineers"].kind == "fact"
    assert rows["org.departments.1.engineers"].label == "org.departments.Y.engineers"
    assert rows["work.start_hour"].origin == "default" and rows["work.start_hour"].source == "work.start_hour"
    assert (rows["seed"].kind, rows["seed"].source, rows["seed"].origin) == ("none", None, "none")
    assert rows["org.max_team_size"].kind == "none", "a required field has no default to fall back on"
    assert rows["review"].value is None and rows["review"].origin == "default", "a section left out is one row"
    assert not any(p.startswith("review.") for p in rows)


def test_a_default_built_by_the_section_above_counts_as_a_default() -> None:
    mapping = small_mapping()
    mapping["decisions"] = {}
    rows = _rows(mapping)
    share = rows["decisions.founder.decision_time_share"]
    assert share.value == 0.3 and share.origin == "default"  # RolePolicy's own default is 0.25
    assert sorted(default_values("decisions.founder.decision_time_share")) == [0.25, 0.3]
    mapping["decisions"] = {"founder": {"decision_time_share": 0.4}}
    assert _rows(mapping)["decisions.founder.decision_time_share"].kind == "none"
    mapping["decisions"] = {"founder": {"relay": "direct"}}
    assert _rows(mapping)["decisions.founder.decision_time_share"].origin == "default"  # 0.25, the field's own


def test_dict_entries_are_rows_under_their_field() -> None:
    mapping = small_mapping()
    mapping["equity"] = {"founded": "2020-01-01",
                         "rounds": [{"name": "A", "date": "2021-01-01", "amount_usd": 1e6, "post_money_usd": 5e6}]}
    rows = _rows(mapping)
    assert rows["equity.salary_by_role_usd.engineer"].source == "equity.salary_by_role_usd"
    assert rows["equity.rounds.0.preference_multiple"].source == "equity.rounds.*.preference_multiple"
    assert rows["equity.rounds.0.amount_usd"].kind == "none"
    assert rows["equity.rounds.0.name"].label == "equity.rounds.A.name"


def test_every_field_with_a_default_has_default_provenance() -> None:
    missing = missing_default_provenance()
    assert missing == [], (
        f"Scenario fields with a default but no entry in orgmodel.provenance.DEFAULT_PROVENANCE: {missing}. "
        'Add one per field, e.g. "review.my_field": _a("Why this default (a source or range if one exists)."); '
        "a list item's field is written with * for the index (equity.rounds.*.my_field)."
    )


def test_a_new_field_without_default_provenance_is_caught() -> None:
    class Review(ReviewSettings):
        absences_per_year: float = Field(default=0.0)

    class WithNewField(Scenario):
        review: Review | None = None  # type: ignore[assignment]

    before = missing_default_provenance()
    assert [p for p in missing_default_provenance(WithNewField) if p not in before] == ["review.absences_per_year"]
    table = {**DEFAULT_PROVENANCE, "review.absences_per_year": DEFAULT_PROVENANCE["review.leads_review"]}
    assert missing_default_provenance(WithNewField, table) == before


def test_a_section_entry_does_not_stand_in_for_its_fields() -> None:
    table = {k: v for k, v in DEFAULT_PROVENANCE.items() if k != "equity.vesting_years"}
    before = missing_default_provenance()
    after = missing_default_provenance(Scenario, table)
    assert [p for p in after if p not in before] == ["equity.vesting_years"]  # "equity" covers it: not enough


def test_unused_keys_are_reported() -> None:
    mapping = small_mapping()
    mapping["provenance"] = {"org.max_team_size": {"kind": "assumption", "note": "x"},
                             "org.max_teamsize": {"kind": "assumption", "note": "typo"}}
    assert unused_keys(validate_scenario(mapping)) == ["org.max_teamsize"]


KIND_LABEL = {"fact": "fact (article)", "report": "public report", "assumption": "assumption",
              "illustrative": "illustrative", "none": "no source"}
"""The page's names for the kinds (app_pages/assumptions.py)."""


@pytest.mark.parametrize("preset", ["xiaomi-2012", "hierarchical-400"])
def test_the_assumptions_page_shows_exactly_the_rows(preset: str, fresh_caches: None) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["preset"] = preset
    at.run()
    at.switch_page("app_pages/assumptions.py").run()
    assert not at.exception
    frame = at.dataframe[0].value
    rows = provenance_rows(load_preset(preset))
    assert list(frame["Input"]) == [r.label for r in rows]
    assert list(frame["Source"]) == [KIND_LABEL[r.kind] for r in rows]
    assert list(frame["Where it comes from"]) == [r.note for r in rows]
    no_source = next(m for m in at.metric if m.label == "no source")
    assert int(no_source.value) == 0
