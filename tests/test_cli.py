"""Tests for orgmodel.cli: JSON shape, exit codes, messages on stderr without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from orgmodel.cli import main, parse_values

XIAOMI = "presets/xiaomi-2012.yaml"
HIER = "presets/hierarchical-400.yaml"
STRUCTURE_KEYS = {
    "headcount", "levels", "founders", "managers", "leads", "engineers", "teams", "max_team_size_seen",
    "span_mean", "span_max", "channels_within_teams", "channels_if_undivided", "mean_hops_between_engineers",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_json_has_stable_sections(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", XIAOMI, "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert {"scenario", "structure"} <= set(data)
    assert set(data["structure"]) >= STRUCTURE_KEYS
    assert data["structure"]["headcount"] == 400


def test_set_changes_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    _, base, _ = run(capsys, "report", XIAOMI, "--format", "json")
    _, split, _ = run(capsys, "report", XIAOMI, "--format", "json", "--set", "org.max_team_size=4")
    assert json.loads(split)["structure"]["teams"] > json.loads(base)["structure"]["teams"]


def test_bad_set_exits_2_naming_the_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "report", XIAOMI, "--set", "org.max_team_size=-1")
    assert code == 2 and out == ""
    assert "org.max_team_size = -1: must be greater than or equal to 1" in err
    assert "Traceback" not in err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "report", "nope.yaml")
    assert code == 2 and "cannot read it" in err


def test_compare_json_has_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", XIAOMI, HIER, "--format", "json")
    rows = {r["key"]: r for r in json.loads(out)["rows"]}
    assert code == 0
    assert rows["levels"]["verdict"] == "worse" and rows["levels"]["delta"] > 0
    assert rows["headcount"]["verdict"] == "same"


def test_text_report_lists_labels(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", XIAOMI)
    assert code == 0 and "Channels within teams" in out


def test_export_csv_then_report_it(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "export-csv", HIER)
    path = tmp_path / "org.csv"
    path.write_text(out)
    code, out, _ = run(capsys, "report", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["structure"]["headcount"] == 400


@pytest.mark.parametrize(("spec", "expected"), [("3:6", [3, 4, 5, 6]), ("2:10:4", [2, 6, 10]), ("4,8", [4, 8])])
def test_parse_values(spec: str, expected: list[float]) -> None:
    assert parse_values(spec) == expected


@pytest.mark.parametrize("spec", ["9:3", "1:2:0", "a:b", "1:100000"])
def test_bad_values_exit_2(spec: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "sweep", XIAOMI, "--values", spec)
    assert code == 2 and "--values" in err


def test_module_entry_point_runs_without_traceback() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "orgmodel", "report", XIAOMI, "--set", "work.days_per_week=8"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2
    assert "work.days_per_week = 8" in proc.stderr and "Traceback" not in proc.stderr
