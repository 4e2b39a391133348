"""Tests for orgmodel.loading and orgmodel.errors: safe parsing, overrides, messages that name the field."""

from __future__ import annotations

import pytest

from orgmodel.errors import InputError
from orgmodel.limits import MAX_UPLOAD_BYTES
from orgmodel.loading import (
    apply_overrides,
    load_preset,
    load_scenario,
    parse_scenario,
    preset_names,
    scenario_to_yaml,
)
from tests.conftest import small_mapping


def test_presets_load_xiaomi_first() -> None:
    assert preset_names()[0] == "xiaomi-2012"
    assert "hierarchical-400" in preset_names()


def test_yaml_round_trip_gives_an_equal_scenario(xiaomi) -> None:  # type: ignore[no-untyped-def]
    assert parse_scenario(scenario_to_yaml(xiaomi)) == xiaomi


def test_error_names_field_value_and_limit() -> None:
    with pytest.raises(InputError) as info:
        load_scenario("presets/xiaomi-2012.yaml", ["org.max_team_size=0", "work.hours_per_day=30"])
    problems = info.value.problems
    assert "org.max_team_size = 0: must be greater than or equal to 1" in problems
    assert "work.hours_per_day = 30: must be less than or equal to 24" in problems


def test_unknown_field_is_an_error_not_ignored() -> None:
    with pytest.raises(InputError, match=r"org\.max_team_sise: unknown field"):
        apply_and_parse(["org.max_team_sise=4"])


def test_unknown_head_lists_the_founders() -> None:
    with pytest.raises(InputError, match="'Zed' is not a founder; allowed: A, B"):
        apply_and_parse(["org.departments.X.head=Zed"])


def test_duplicate_names_are_refused() -> None:
    mapping = small_mapping(founders=[{"name": "A"}, {"name": "A"}])
    with pytest.raises(InputError, match="founder name 'A' appears twice"):
        parse_scenario(_yaml(mapping))


def test_override_by_item_name_and_index() -> None:
    out = apply_overrides(small_mapping(), ["org.departments.Y.engineers=3", "org.departments.0.engineers=1"])
    assert [d["engineers"] for d in out["org"]["departments"]] == [1, 3]


def test_override_values_are_yaml() -> None:
    out = apply_overrides(small_mapping(), ["org.max_span=null", "org.max_team_size=6"])
    assert out["org"]["max_span"] is None and out["org"]["max_team_size"] == 6


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("org.max_team_size", "expected PATH=VALUE"),
        ("org.departments.Nope.engineers=3", "no item named 'Nope'; allowed: X, Y"),
        ("org.departments.7.engineers=3", "index 7 is out of range 0..1"),
        ("org.max_team_size.x=3", "is inside a value"),
    ],
)
def test_bad_overrides_say_what_is_wrong(item: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace(".", r"\.")):
        apply_overrides(small_mapping(), [item])


def test_aliases_are_refused_so_bombs_cannot_expand() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    with pytest.raises(InputError, match="aliases"):
        parse_scenario(bomb)


def test_python_tags_are_refused_without_running_anything() -> None:
    with pytest.raises(InputError, match="not valid YAML"):
        parse_scenario("!!python/object/apply:os.system ['echo pwned']\n")


def test_size_cap() -> None:
    with pytest.raises(InputError, match="the limit is"):
        parse_scenario(b"#" * (MAX_UPLOAD_BYTES + 1))


def test_binary_and_non_utf8_are_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        parse_scenario(b"\x00\x01\x02")
    with pytest.raises(InputError, match="not UTF-8"):
        parse_scenario("name: caf\u00e9".encode("latin-1"))


def test_top_level_must_be_a_mapping() -> None:
    with pytest.raises(InputError, match="expected a mapping"):
        parse_scenario("- 1\n- 2\n")


def test_unknown_preset() -> None:
    with pytest.raises(InputError, match="no preset named 'nope'"):
        load_preset("nope")


def test_missing_file_is_an_input_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match="cannot read it"):
        load_scenario(tmp_path / "missing.yaml")


def apply_and_parse(overrides: list[str]) -> object:
    return parse_scenario(_yaml(small_mapping()), overrides=overrides)


def _yaml(mapping: dict) -> str:  # type: ignore[type-arg]
    import yaml

    return yaml.safe_dump(mapping)
