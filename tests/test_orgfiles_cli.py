"""The command line on org-chart files: --map, --habits, --orphans, import, export-csv what-ifs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from orgmodel.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
D3 = str(FIXTURES / "d3_orgchart.csv")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_report_on_an_org_file_says_how_it_was_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "report", D3, "--habits", "hierarchical-400")
    assert code == 0
    assert out.startswith("Imported d3_orgchart.csv: 9 rows -> 9 people, 1 with no manager; columns id=id, "
                          "manager=parentId")
    assert "working habits from preset hierarchical-400" in out
    code, out, _ = run(capsys, "report", D3, "--format", "json")
    data = json.loads(out)
    assert data["structure"]["imported"]["habits_from"] == "preset xiaomi-2012"
    assert data["structure"]["layers"] == [1, 2, 3, 3] and data["review"] is not None


def test_import_writes_one_scenario_that_reopens_to_the_identical_report(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "import", D3, "--set", "org.max_team_size=1")
    assert code == 0
    saved = tmp_path / "ours.yaml"
    saved.write_text(out, encoding="utf-8")
    _, again, _ = run(capsys, "report", str(saved), "--format", "json")
    _, direct, _ = run(capsys, "report", D3, "--set", "org.max_team_size=1", "--format", "json")
    assert again == direct
    assert json.loads(again)["structure"]["leads"] == 4  # Di's team of 2 split in two


def test_export_csv_applies_the_what_ifs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export-csv", D3, "--set", "org.max_team_size=1", "--set", "org.max_span=2")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "id,name,manager_id,role,department,team" and len(lines) == 1 + 12
    names = [line.split(",")[1] for line in lines[1:]]
    assert [n for n in names if n.startswith("new")] == [
        "new manager 1.1 under Bo", "new manager 1.2 under Bo", "new lead 2 (team of Di)",
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--map", "manager=parentID2"], "no column 'parentID2' in the file (did you mean 'parentId'?)"),
        (["--map", "manager"], "--map 'manager': expected FIELD=COLUMN"),
        (["--map", "boss=parentId"], "unknown field 'boss'"),
        (["--habits", "nobody"], "--habits 'nobody': not a preset"),
    ],
)
def test_bad_import_options_exit_2_with_the_reason(capsys: pytest.CaptureFixture[str], argv: list[str],
                                                   message: str) -> None:
    code, _, err = run(capsys, "report", D3, *argv)
    assert code == 2 and message in err, err


def test_orphans_placeholder_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    kaggle = str(FIXTURES / "kaggle_hr.csv")
    code, _, err = run(capsys, "report", kaggle)
    assert code == 2 and "--orphans placeholder" in err
    code, out, _ = run(capsys, "report", kaggle, "--orphans", "placeholder", "--keep-former", "--format", "json")
    assert code == 0 and json.loads(out)["structure"]["headcount"] == 4


def test_compare_and_sweep_take_org_files(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "compare", D3, "presets/hierarchical-400.yaml", "--format", "json")
    assert code == 0 and json.loads(out)["a_name"] == "d3_orgchart"
    code, out, _ = run(capsys, "sweep", D3, "--values", "1:2", "--format", "json")
    assert code == 0
    points = json.loads(out)["points"]
    assert [p["teams"] for p in points] == [4, 3]  # cap 1 splits Di's team of 2; cap 2 splits nothing


def test_a_one_person_org_gets_a_plain_message(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "one.csv"
    path.write_text("id,name,manager_id\n1,Solo,\n")
    code, _, err = run(capsys, "report", str(path))
    assert code == 2 and "everyone in the file is at the top" in err
    assert "pydantic" not in err and "validation error" not in err


def test_cli_sheet_and_keep_former_options(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["nothing here"])
    people = book.create_sheet("People")
    for row in (["id", "manager_id", "Status"], [1, None, "Active"], [2, 1, "Active"], [3, 1, "Terminated"]):
        people.append(row)
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "hr.xlsx"
    path.write_bytes(out.getvalue())
    code, text, _ = run(capsys, "report", str(path), "--sheet", "People")
    assert code == 0 and "1 rows are not current staff" in text and "Imported hr.xlsx: 2 rows" in text
    code, text, _ = run(capsys, "report", str(path), "--sheet", "People", "--keep-former")
    assert code == 0 and "Imported hr.xlsx: 3 rows" in text
