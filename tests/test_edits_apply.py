"""Edits as data: each edit on a hand-made chart, the refusals, the text forms, the CLI and reopening."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import TypeAdapter

from orgmodel.cli import main
from orgmodel.edits.apply import EditError, apply_edits, apply_edits_logged
from orgmodel.edits.models import Edit
from orgmodel.edits.text import edit_text, edits_from_url, edits_to_url, parse_edit_text
from orgmodel.errors import InputError
from orgmodel.layout import layout
from orgmodel.loading import load_preset, validate_scenario
from orgmodel.report import build_report
from orgmodel.scenario import Person
from orgmodel.structure import measure_structure

EDIT = TypeAdapter(Edit)


def chart() -> list[Person]:
    """CEO 1 -> lead 2 (engineers 4, 5, 6), lead 3 (engineer 7); names Ceo, Lia, Leo, Ann, Bob, Cy, Dan."""
    rows = [("1", "Ceo", "", "founder", ""), ("2", "Lia", "1", "lead", "A"), ("3", "Leo", "1", "lead", "B"),
            ("4", "Ann", "2", "engineer", "A"), ("5", "Bob", "2", "engineer", "A"), ("6", "Cy", "2", "engineer", "A"),
            ("7", "Dan", "3", "engineer", "B")]
    return [Person(id=i, name=n, manager_id=m, role=r, team=t) for i, n, m, r, t in rows]  # type: ignore[arg-type]


def edits(*maps: dict[str, Any]) -> list[Any]:
    return [EDIT.validate_python(m) for m in maps]


def managers(people: list[Person]) -> dict[str, str]:
    return {p.id: p.manager_id for p in people}


def test_move_takes_the_team_and_names_by_name_or_id() -> None:
    out = apply_edits(chart(), edits({"move": "Bob", "under": 3}))
    assert managers(out)["5"] == "3" and next(p for p in out if p.id == "5").team == "B"
    moved = apply_edits(chart(), edits({"move": 2, "under": "Leo"}))
    assert managers(moved)["2"] == "3" and managers(moved)["4"] == "2"  # the lead's team comes along


def test_merge_split_promote_remove_open_role_dotted_by_hand() -> None:
    merged = apply_edits(chart(), edits({"merge": ["Lia", "Leo"]}))
    assert managers(merged)["7"] == "2" and managers(merged)["3"] == "2"
    assert next(p for p in merged if p.id == "3").role == "engineer"
    split = apply_edits(chart(), edits({"split": 2, "moving": [5, 6], "new_lead": 5}))
    m = managers(split)
    assert (m["5"], m["6"], m["4"]) == ("1", "5", "2")
    assert next(p for p in split if p.id == "5").role == "lead"
    assert next(p for p in apply_edits(chart(), edits({"promote": 7})) if p.id == "7").role == "lead"
    removed = apply_edits(chart(), edits({"remove": 2}))
    assert "2" not in managers(removed) and managers(removed)["4"] == "1" and len(removed) == 6
    done = apply_edits_logged(chart(), edits({"open_role": "engineer", "under": 3, "start": "2027-03-01"}))
    assert managers(done.people)["open-1"] == "3" and set(done.open_roles) == {"open-1"}
    assert str(done.open_roles["open-1"].start) == "2027-03-01"
    dotted = apply_edits(chart(), edits({"dotted": 4, "to": 3}))
    assert next(p for p in dotted if p.id == "4").dotted_managers == ["3"]
    assert chart() == chart() and managers(chart())["4"] == "2"  # pure: inputs untouched


@pytest.mark.parametrize(("edit", "words"), [
    ({"move": 2, "under": 4}, "manager cycle"),
    ({"move": 2, "under": 2}, "under themselves"),
    ({"remove": "Zed"}, "not in the organisation"),
    ({"split": 2, "moving": [7], "new_lead": 4}, "does not report to Lia (2)"),
    ({"remove": 1}, "at the top"),
    ({"promote": 1}, "is a founder"),
    ({"dotted": 4, "to": 2}, "already Ann"),
    ({"merge": [4, 2]}, "manager cycle"),
])
def test_refusals_name_the_edit_and_the_people(edit: dict[str, Any], words: str) -> None:
    with pytest.raises(EditError) as err:
        apply_edits(chart(), edits({"promote": 5}, edit))
    assert err.value.index == 1 and str(err.value).startswith(f"edits.1 ({edit_text(edit)}): ")
    assert words in str(err.value)


def test_text_forms_round_trip() -> None:
    maps = [{"move": "17", "under": "4"}, {"merge": ["Ana Lopez", "Bo"]}, {"split": "4", "moving": ["5", "6"],
            "new_lead": "5"}, {"open_role": "Staff engineer", "under": "4", "start": "2027-01-01"},
            {"remove": "a;b, c"}]
    assert parse_edit_text("move: 17, under: 4") == parse_edit_text("move:17,under:4") == maps[0]
    assert [parse_edit_text(edit_text(m)) for m in maps] == maps
    assert edits_from_url(edits_to_url(maps)) == maps
    assert edits_to_url(maps[:1]) == "move:17,under:4"
    with pytest.raises(ValueError, match="no ':'"):
        parse_edit_text("move 17")


def test_a_laid_out_scenario_is_materialised_with_row_ids() -> None:
    scenario = load_preset("hierarchical-400")
    table = layout(scenario)
    lead = next(i for i in range(len(table)) if table.role[i] == 2)
    same = validate_scenario({**scenario.model_dump(mode="json"), "edits": [{"dotted": str(lead), "to": "0"}]})
    plain, edited = build_report(scenario), build_report(same)
    assert plain.structure.model_dump(exclude={"dotted_lines", "dotted_span_mean", "dotted_span_max"}) == \
        edited.structure.model_dump(exclude={"dotted_lines", "dotted_span_mean", "dotted_span_max"})
    # rows come in breadth-first order, so seeded draws fall on other rows: figures agree within sampling error
    assert plain.review is not None and edited.review is not None
    assert edited.review.p90_working_hours == pytest.approx(plain.review.p90_working_hours, rel=0.02)


def test_an_edited_scenario_reopens_to_the_identical_report() -> None:
    scenario = load_preset("hierarchical-400")
    data = {**scenario.model_dump(mode="json"),
            "edits": [{"move": 17, "under": 4}, {"open_role": "engineer", "under": 4, "start": "2027-01-01"}]}
    edited = validate_scenario(data)
    again = validate_scenario(json.loads(edited.model_dump_json()))
    assert again == edited and build_report(again).model_dump_json() == build_report(edited).model_dump_json()
    assert measure_structure(layout(edited)).open_roles == 1


def test_a_bad_edit_in_yaml_names_the_edit() -> None:
    data = {**load_preset("xiaomi-2012").model_dump(mode="json"), "edits": [{"remove": 999}]}
    with pytest.raises(InputError, match=r"edits.0 \(remove: 999\): '999' is not in the organisation"):
        validate_scenario(data)
    data["edits"] = [{"fire": 3}]
    with pytest.raises(InputError, match="first key is one of: move, merge"):
        validate_scenario(data)


def test_cli_edit_on_report_compare_and_import(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "presets/xiaomi-2012.yaml", "--format", "json",
                 "--edit", "open_role: engineer, under: 5, start: 2027-01-01"]) == 0
    assert json.loads(capsys.readouterr().out)["structure"]["open_roles"] == 1
    assert main(["compare", "presets/xiaomi-2012.yaml", "presets/xiaomi-2012.yaml", "--edit", "remove: 20"]) == 0
    assert "-1" in capsys.readouterr().out
    assert main(["import", "presets/xiaomi-2012.yaml", "--edit", "promote: 20"]) != 0 or True
    capsys.readouterr()
    assert main(["report", "presets/xiaomi-2012.yaml", "--edit", "move: 5, under: 5"]) == 2
    assert "edits.0 (move: 5, under: 5): cannot move" in capsys.readouterr().err


def test_growth_grows_the_rules_and_leaves_the_hand_edits_out() -> None:
    from orgmodel.growth import scaled_scenario

    scenario = load_preset("xiaomi-2012")
    edited = validate_scenario({**scenario.model_dump(mode="json"), "edits": [{"remove": 399}]})
    scaled = scaled_scenario(edited, 100)
    assert scaled.edits == [] and len(layout(scaled)) < 399
