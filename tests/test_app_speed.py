"""What each page computes: only what it shows, read from the app's own rerun timing log.

No duration is asserted (that is the benchmarks' job): these tests check *which* parts run, that a
page's partial report holds the same figures as the full one, and the timing log's shape.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_pages import timing
from orgmodel.loading import load_preset
from orgmodel.report import build_report

APP = "../app.py"
TIMEOUT = 60

pytestmark = pytest.mark.usefixtures("fresh_caches")


def _runs(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def test_timing_log_records_each_part_once_per_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "t.jsonl"
    monkeypatch.setenv(timing.ENV, str(log))
    timing.start_run("organisation")
    for _ in range(3):
        with timing.part("report"):
            pass
    with timing.part("figures"), timing.part("inner"):
        pass
    record = timing.finish_run()
    assert record is not None and _runs(log) == [record]
    assert record["page"] == "organisation"
    assert record["parts"]["report"]["calls"] == 3 and record["parts"]["figures"]["calls"] == 1
    assert set(record["parts"]) == {"report", "figures", "inner"}
    assert all(v["wall_ms"] >= 0 and v["cpu_ms"] >= 0 for v in record["parts"].values())
    assert timing.finish_run() is None, "a run is closed once"
    with timing.part("outside a run"):  # no run open: nothing recorded, nothing raised
        pass
    assert len(_runs(log)) == 1


@pytest.mark.parametrize(("sections", "absent"), [(("review",), {"decisions", "equity", "time_budget"}),
                                                   (("time_budget",), {"decisions", "equity"}),
                                                   (("equity",), {"review", "decisions", "time_budget"})])
def test_a_partial_report_has_the_same_figures_as_the_full_one(sections: tuple[str, ...], absent: set[str]) -> None:
    from app_pages import compute

    scenario = load_preset("hierarchical-400")
    full = build_report(scenario)
    part = compute.report(scenario.model_dump_json(), sections)
    assert not absent & set(part.sections), f"{sections} ran engines it does not need"
    for name in (*sections, "structure"):
        assert part.sections[name] == full.sections[name], name
    if "time_budget" in sections:  # the week budget uses the review result: it must have been computed
        assert part.review == full.review


def test_pages_compute_only_what_they_show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "t.jsonl"
    monkeypatch.setenv(timing.ENV, str(log))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    first = _runs(log)[-1]
    assert first["page"] == "organisation" and "report" in first["parts"]
    assert "sweep" not in first["parts"], "the Organisation page draws no sweep"

    at.switch_page("app_pages/assumptions.py").run()
    assumptions = _runs(log)[-1]
    assert assumptions["page"] == "assumptions"
    assert "report" not in assumptions["parts"], "the sidebar's downloads must not build a report on every rerun"

    at.switch_page("app_pages/review.py").run()
    review = _runs(log)[-1]
    assert "sweep" in review["parts"]
    assert not at.get("download_button"), "the files are built only while the Download box is open"
    at.session_state["om.downloads"] = True  # open the sidebar's Download box
    at.run()
    labels = [el.proto.label for el in at.get("download_button")]
    assert labels == ["Scenario (YAML)", "Figures (CSV)", "Full report (JSON)"]


def test_downloads_are_built_from_the_scenario_on_click() -> None:
    """What the download buttons hold is the scenario's files."""
    from app_pages import compute
    from orgmodel.loading import parse_scenario
    from orgmodel.report import figures_csv

    scenario = load_preset("xiaomi-2012")
    key = scenario.model_dump_json()
    assert compute.figures_csv(key) == figures_csv(build_report(scenario))
    assert json.loads(compute.report_json(key)) == json.loads(build_report(scenario).model_dump_json())
    assert parse_scenario(compute.scenario_yaml(key).encode(), "x.yaml") == scenario


FIRST_SCREEN_IMPORTS = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120).run()
assert not at.exception, at.exception
print(" ".join(m for m in ("pandas", "scipy.stats") if m in sys.modules))
"""


def test_the_first_screen_imports_neither_pandas_nor_scipy_stats() -> None:
    """A fresh server's first visitor waits for every import on the way (each about half a second
    here); the Organisation page needs neither, so they stay off its path (a new process: pytest has
    imported both already)."""
    import subprocess
    import sys

    app = Path(__file__).resolve().parent.parent / "app.py"
    done = subprocess.run([sys.executable, "-c", FIRST_SCREEN_IMPORTS, str(app)], capture_output=True, text=True,
                          timeout=300, check=True)
    assert done.stdout.split() == [], done.stdout
