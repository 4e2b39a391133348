"""``python -m orgmodel sensitivity`` and ``compare A B --odds``: JSON keys, text, bad input with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from orgmodel.cli import main

XIAOMI = "presets/xiaomi-2012.yaml"
HIER = "presets/hierarchical-400.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _with_ranges(tmp_path: Path, ranges: dict) -> str:
    data = yaml.safe_load(Path(XIAOMI).read_text())
    data["ranges"] = ranges
    path = tmp_path / "ranged.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(path)


def test_sensitivity_json_has_the_documented_keys(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _with_ranges(tmp_path, {
        "review.hours_per_review": {"low": 0.25, "high": 1.0},
        "review.switch_delay_hours": {"low": 0.1, "high": 0.5, "distribution": "loguniform"}})
    code, out, err = run(capsys, "sensitivity", path, "--format", "json", "--only-ranges", "--workers", "1",
                         "--figure", "review.p90_working_hours", "--samples", "8", "--trajectories", "2")
    assert code == 0, err
    data = json.loads(out)
    figure = data["sensitivity"]["review.p90_working_hours"]
    assert [b["path"] for b in figure["tornado"]] == ["review.hours_per_review", "review.switch_delay_hours"]
    assert figure["tornado"][0]["swing"] > figure["tornado"][1]["swing"] > 0
    assert {"mu_star", "mu_star_conf", "sigma"} <= set(figure["morris"][0])
    assert set(figure["sobol"]["first"]) == set(figure["sobol"]["total"]) == {"review.hours_per_review",
                                                                              "review.switch_delay_hours"}
    band = figure["band"]
    assert band["p5"] <= band["p50"] <= band["p95"] and band["draws"] == 8
    assert [i["origin"] for i in data["inputs"]] == ["scenario", "scenario"]
    assert data["info"]["where"] == "this process" and "reports" in err


def test_sensitivity_text_names_the_largest_swing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sensitivity", XIAOMI, "--methods", "tornado", "--workers", "1", "--quiet",
                       "--figure", "equity.median_engineer_stake_usd")
    assert code == 0
    assert "tornado swing: equity.pool_initial_pct" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--figure", "review.p99"], "--figure review.p99: no such headline figure"),
    (["--samples", "1"], "--samples 1: give 4 to 100,000"),
    (["--scheduler", "localhost:1"], "expected an address like tcp://HOST:PORT"),
    (["--methods", "tornado,guess"], "allowed"),
])
def test_bad_options_exit_2_with_a_message(capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, "sensitivity", XIAOMI, "--workers", "1", "--quiet", *argv)
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_a_bad_range_in_the_file_exits_2_naming_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _with_ranges(tmp_path, {"review.hours_per_review": {"low": 3, "high": 1}})
    code, _, err = run(capsys, "sensitivity", path, "--workers", "1", "--quiet")
    assert code == 2 and "ranges.review.hours_per_review" in err and "low = 3 is above high = 1" in err
    path = _with_ranges(tmp_path, {"work.hours_per_day": {"low": 10, "high": 14}})
    code, _, err = run(capsys, "sensitivity", path, "--workers", "1", "--quiet")
    assert code == 2 and "work.hours_per_day is a fact" in err


def test_compare_odds_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "compare", XIAOMI, HIER, "--odds", "--format", "json", "--samples", "6",
                         "--workers", "1", "--quiet")
    assert code == 0, err
    data = json.loads(out)
    odds = data["odds"]["review.p90_working_hours"]
    assert odds["verdict"] == "worse" and 0 < odds["draws"] <= 6
    assert 0 <= odds["b_worse"] <= 1 and odds["holds"] == odds["b_worse"]
    assert "review.changes_per_engineer_per_day" in data["odds_info"]["shared_inputs"]
    assert data["rows"], "the comparison rows are kept beside the odds"


def test_bands_along_a_sweep(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = _with_ranges(tmp_path, {"review.hours_per_review": {"low": 0.25, "high": 1.0}})
    code, out, err = run(capsys, "sensitivity", path, "--format", "json", "--only-ranges", "--workers", "1",
                         "--quiet", "--methods", "", "--samples", "4", "--figure", "review.p90_working_hours",
                         "--sweep", "org.max_team_size=4,8")
    assert code == 0, err
    rows = json.loads(out)["sweep_bands"]["figures"]["review.p90_working_hours"]
    assert [r["x"] for r in rows] == [4, 8]
    assert all(r["p5"] <= r["p50"] <= r["p95"] and r["draws"] == 4 for r in rows)
