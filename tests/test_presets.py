"""Every number in a preset is cited or labelled: a provenance entry covers each numeric input."""

from __future__ import annotations

import fnmatch

import pytest

from orgmodel.loading import PRESETS_DIR, load_preset, parse_yaml_mapping, preset_names


def numeric_leaves(node: object, path: str = "") -> list[str]:
    """Dotted paths of every number (not bool) in a mapping; list items by index."""
    if isinstance(node, dict):
        return [p for k, v in node.items() if k != "provenance" for p in numeric_leaves(v, f"{path}{k}.")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in numeric_leaves(v, f"{path}{i}.")]
    if isinstance(node, int | float) and not isinstance(node, bool):
        return [path.rstrip(".")]
    return []


def covered(leaf: str, keys: list[str]) -> bool:
    """A provenance key covers a leaf if it equals it or a prefix of it; ``*`` matches one segment."""
    parts = leaf.split(".")
    for key in keys:
        key_parts = key.split(".")
        if len(key_parts) <= len(parts) and all(
            fnmatch.fnmatchcase(p, k) for p, k in zip(parts, key_parts, strict=False)
        ):
            return True
    return False


@pytest.mark.parametrize("name", preset_names())
def test_every_number_has_a_source_or_is_labelled(name: str) -> None:
    raw = parse_yaml_mapping((PRESETS_DIR / f"{name}.yaml").read_text())
    keys = list(raw.get("provenance", {}))
    uncovered = [leaf for leaf in numeric_leaves(raw) if not covered(leaf, keys)]
    assert uncovered == [], f"{name}: numbers with no provenance entry: {uncovered}"


@pytest.mark.parametrize("name", preset_names())
def test_facts_cite_a_line_or_a_reporter(name: str) -> None:
    scenario = load_preset(name)
    for path, source in scenario.provenance.items():
        if source.kind == "fact":
            assert "L" in source.note, f"{name}: {path} is a fact without an article line"


def test_the_checker_catches_an_uncited_number() -> None:
    raw = {"org": {"max_team_size": 8, "departments": [{"engineers": 3}]}, "provenance": {"org.max_team_size": {}}}
    assert [leaf for leaf in numeric_leaves(raw) if not covered(leaf, list(raw["provenance"]))] == [
        "org.departments.0.engineers"
    ]
