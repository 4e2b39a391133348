"""The JSON key reference: generated from the result models, in docs/, every duration naming its clock."""

from __future__ import annotations

import json
from pathlib import Path

from orgmodel.loading import load_preset
from orgmodel.report import build_report
from orgmodel.reportkeys import key_rows, keys_markdown, unit_and_clock

DOC = Path(__file__).parent.parent / "docs" / "report-keys.md"


def test_the_doc_is_the_generated_reference() -> None:
    assert DOC.read_text() == keys_markdown(), "regenerate: python -m orgmodel keys > docs/report-keys.md"


def test_every_duration_names_its_clock() -> None:
    vague = [r.key for r in key_rows() if r.clock == "see meaning"]
    assert not vague, f"name the clock (_working_hours or _calendar_hours): {vague}"


def test_unit_and_clock_from_the_name() -> None:
    assert unit_and_clock("p90_working_hours") == ("hours", "working")
    assert unit_and_clock("calendar_hours") == ("hours", "calendar")
    assert unit_and_clock("mobilisation_p90_hours") == ("hours", "see meaning")
    assert unit_and_clock("median_engineer_stake_usd") == ("USD", "")


def _leaf_keys(data: object, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        keys = set()
        for k, v in data.items():
            key = f"{prefix}.{k}" if prefix else str(k)
            keys.add(key)
            keys |= _leaf_keys(v, key)
        return keys
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return _leaf_keys(data[0], prefix + "[]")
    return set()


def test_every_key_of_a_real_report_is_documented() -> None:
    rows = key_rows()
    documented = {r.key for r in rows}
    maps = {r.key for r in rows if r.type.startswith("dict[")}  # their keys are data (team sizes, groups)
    for preset in ("xiaomi-2012", "hierarchical-400"):
        data = json.loads(build_report(load_preset(preset)).model_dump_json())
        keys = {k for k in _leaf_keys(data) if not any(k.startswith(m + ".") for m in maps)}
        missing = keys - documented
        assert not missing, f"keys in the JSON report but not in the reference: {sorted(missing)[:10]}"
