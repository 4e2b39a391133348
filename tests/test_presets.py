"""Every input of a preset is cited or labelled, as the Assumptions page shows it (`orgmodel.provenance`).

Values the preset file sets are covered by the file's own ``provenance:`` map; values it leaves to
the library's defaults by `DEFAULT_PROVENANCE`; nothing is left with no source.
"""

from __future__ import annotations

from typing import Any

import pytest

from orgmodel.loading import PRESETS_DIR, load_preset, parse_yaml_mapping, preset_names
from orgmodel.provenance import NOT_INPUTS, provenance_rows, unused_keys


def file_leaves(node: Any, path: str = "") -> list[str]:
    """Index paths of every value written in a preset file (the walk of `provenance_rows`, on raw YAML)."""
    if isinstance(node, dict) and node:
        return [p for k, v in node.items() if path or k not in NOT_INPUTS for p in file_leaves(v, f"{path}{k}.")]
    if isinstance(node, list) and node and all(isinstance(v, dict) for v in node):
        return [p for i, v in enumerate(node) for p in file_leaves(v, f"{path}{i}.")]
    return [path.rstrip(".")]


@pytest.mark.parametrize("name", preset_names())
def test_every_input_has_a_source(name: str) -> None:
    rows = provenance_rows(load_preset(name))
    assert [r.path for r in rows if r.kind == "none"] == [], f"{name}: inputs with no source"
    assert len(rows) > 100


@pytest.mark.parametrize("name", preset_names())
def test_every_value_written_in_the_file_is_cited_in_the_file(name: str) -> None:
    raw = parse_yaml_mapping((PRESETS_DIR / f"{name}.yaml").read_text())
    by_path = {r.path: r for r in provenance_rows(load_preset(name))}
    written = file_leaves(raw)
    assert set(written) <= set(by_path), f"{name}: the walk misses {sorted(set(written) - set(by_path))}"
    uncited = [p for p in written if by_path[p].origin != "scenario"]
    assert uncited == [], f"{name}: values set in the file with no entry under `provenance:`: {uncited}"


@pytest.mark.parametrize("name", preset_names())
def test_no_provenance_entry_is_stale(name: str) -> None:
    assert unused_keys(load_preset(name)) == [], f"{name}: provenance keys that cover no input"


@pytest.mark.parametrize("name", preset_names())
def test_facts_cite_a_line(name: str) -> None:
    for row in provenance_rows(load_preset(name)):
        if row.kind == "fact":
            assert "L" in row.note, f"{name}: {row.path} is a fact without an article line"


def test_removing_an_entry_leaves_a_set_value_with_no_source() -> None:
    scenario = load_preset("xiaomi-2012")
    key = "equity.rounds.2.amount_usd"
    trimmed = scenario.model_copy(update={"provenance": {k: v for k, v in scenario.provenance.items() if k != key}})
    missing = [r.path for r in provenance_rows(trimmed) if r.kind == "none"]
    assert missing == [key]
