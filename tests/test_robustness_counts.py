"""The counts docs/robustness.md cites, computed from the constants the tests use.

``docs/robustness-counts.json`` must equal what this test computes, and the doc must quote each
number; after changing a test's constants regenerate with
``ROBUSTNESS_WRITE=1 python -m pytest tests/test_robustness_counts.py`` and update the doc.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests import test_properties_scenario as props
from tests import test_properties_upload as upload_props
from tests import test_robustness_app as app
from tests import test_robustness_uploads as uploads
from tests import test_sessions as sessions

DOCS = Path(__file__).resolve().parent.parent / "docs"


def counts() -> dict[str, int]:
    return {
        "schema_examples": props.SCHEMA_EXAMPLES,
        "engine_examples": props.ENGINE_EXAMPLES,
        "broken_field_examples": props.BROKEN_EXAMPLES,
        "round_trip_examples": props.ROUND_TRIP_EXAMPLES,
        "generated_scenarios": props.SCHEMA_EXAMPLES + props.ENGINE_EXAMPLES + props.BROKEN_EXAMPLES
        + props.ROUND_TRIP_EXAMPLES,
        "hostile_yaml_files": len(uploads.HOSTILE_YAML),
        "hostile_csv_files": len(uploads.HOSTILE_CSV),
        "hostile_xlsx_and_json_files": len(uploads.HOSTILE_ORG_FILES),
        "code_execution_payloads": 5 * 3,
        "hostile_uploads_through_the_app": len(app.APP_YAML_CASES) + len(app.APP_CSV_CASES),
        "upload_property_cases": upload_props.CASES,
        "interleaved_app_sessions": sessions.SESSIONS,
        "simultaneous_browser_sessions": len(_browser_session_caps()),
    }


def _browser_session_caps() -> tuple[int, ...]:
    """``CAPS`` of tests/browser/test_browser_sessions.py, read without importing its browser helpers."""
    import ast

    tree = ast.parse((Path(__file__).resolve().parent / "browser" / "test_browser_sessions.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "CAPS" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise AssertionError("CAPS not found in test_browser_sessions.py")


def test_doc_counts_are_current() -> None:
    path = DOCS / "robustness-counts.json"
    now = counts()
    if os.environ.get("ROBUSTNESS_WRITE"):
        path.write_text(json.dumps(now, indent=2) + "\n", encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8")) == now, "regenerate: see this module's docstring"
    doc = (DOCS / "robustness.md").read_text(encoding="utf-8")
    for key, value in now.items():
        assert f"{value:,}" in doc, f"docs/robustness.md does not quote {key} = {value:,}"
