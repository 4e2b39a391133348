"""Importing org charts in the shapes real systems export (orgmodel.io).

Every fixture in tests/fixtures/ draws the same nine-person chart, drawn here by hand:

    1 Ann ── 2 Bo ── 4 Di ── 7 Gus, 8 Hal
          │       └─ 5 Ed ── 9 Ivy
          └─ 3 Cy ── 6 Fay

so roles, teams and departments read from any of them must equal `EXPECTED` (worked out by hand
from the rules in docs/model.md, not by the code under test).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest

from orgmodel.errors import InputError
from orgmodel.io.columns import detect_columns, normalise
from orgmodel.io.habits import imported_scenario
from orgmodel.io.orgfiles import MAX_PROBLEMS, read_org_file
from orgmodel.io.rows import read_csv_rows
from orgmodel.loading import load_preset

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# name -> (role, team, inferred department)
EXPECTED = {
    "Ann": ("founder", "", ""),
    "Bo": ("manager", "", "Bo"),
    "Cy": ("lead", "team of Cy", "Cy"),
    "Di": ("lead", "team of Di", "Bo"),
    "Ed": ("lead", "team of Ed", "Bo"),
    "Fay": ("engineer", "team of Cy", "Cy"),
    "Gus": ("engineer", "team of Di", "Bo"),
    "Hal": ("engineer", "team of Di", "Bo"),
    "Ivy": ("engineer", "team of Ed", "Bo"),
}
MANAGER_OF = {"Bo": "Ann", "Cy": "Ann", "Di": "Bo", "Ed": "Bo", "Fay": "Cy", "Gus": "Di", "Hal": "Di", "Ivy": "Ed"}


def _hibob_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Employee Id", "Display Name", "Reports To", "Site"])
    for pid, name in enumerate(EXPECTED, start=1):
        boss = MANAGER_OF.get(name)
        sheet.append([pid, name, list(EXPECTED).index(boss) + 1 if boss else None, "HQ"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CONVENTIONS = {
    # file, expected id column, expected manager column
    "workday_semicolon.csv": ("Employee_ID", "Manager_ID"),
    "personio_tab.tsv": ("id", "supervisor_id"),
    "orgchartjs.json": ("id", "pid"),
    "gojs.json": ("key", "boss"),
    "adventureworks.csv": ("EmployeeKey", "ParentEmployeeKey"),
    "d3_orgchart.csv": ("id", "parentId"),
    "hibob.xlsx": ("Employee Id", "Reports To"),
}


def _data(name: str) -> bytes:
    return _hibob_xlsx() if name == "hibob.xlsx" else (FIXTURES / name).read_bytes()


def _by_name(people: list) -> dict:  # type: ignore[type-arg]
    return {p.name.split()[0]: p for p in people}


@pytest.mark.parametrize("name", list(CONVENTIONS))
def test_each_convention_reads_to_the_hand_drawn_chart(name: str) -> None:
    org = read_org_file(_data(name), name, keep_former=True)
    id_col, manager_col = CONVENTIONS[name]
    assert org.info.columns["id"] == id_col and org.info.columns["manager"] == manager_col
    people = _by_name(org.people)
    assert set(people) == set(EXPECTED)
    ids = {p.id: first for first, p in people.items()}
    for first, p in people.items():
        assert ids.get(p.manager_id) == MANAGER_OF.get(first), first
        role, team, dept = EXPECTED[first]
        assert p.role == role and p.team.startswith(team) and bool(p.team) == bool(team), first
        if "department" not in org.info.columns:
            assert p.department == dept, first
    assert org.info.roles_inferred and org.info.rows_read == 9 and org.info.roots == 1


def test_a_department_column_wins_over_the_branch() -> None:
    people = _by_name(read_org_file(_data("personio_tab.tsv"), "p.tsv").people)
    assert people["Fay"].department == "Design" and people["Gus"].department == "Eng"
    assert people["Ann"].department == ""  # founders belong to no department


def test_names_from_first_and_last_name_columns() -> None:
    people = read_org_file(_data("adventureworks.csv"), "a.csv").people
    assert people[0].name == "Ann Ames"


def test_columns_are_matched_case_and_separator_insensitively() -> None:
    assert normalise("Manager_ID") == normalise("manager id") == normalise("managerId") == "managerid"
    text = "EMPLOYEE-ID,Full Name,Reports.To\n1,Ann,\n2,Bo,1\n"
    org = read_org_file(text, "x.csv")
    assert org.info.columns == {"id": "EMPLOYEE-ID", "manager": "Reports.To", "name": "Full Name"}


def test_the_manager_column_is_found_by_its_values() -> None:
    text = "person,label,answers_to\na,Ann,\nb,Bo,a\nc,Cy,a\nd,Di,b\n"
    org = read_org_file(text, "x.csv")
    assert org.info.columns["manager"] == "answers_to"
    assert [p.manager_id for p in org.people] == ["", "a", "a", "b"]


def test_of_two_supervisor_columns_the_one_holding_ids_is_taken() -> None:
    """BambooHR exports supervisorId (a name here) beside supervisorEId (the manager's id)."""
    rows = [{"id": "1", "displayName": "Ann", "supervisorId": "", "supervisorEId": ""},
            {"id": "2", "displayName": "Bo", "supervisorId": "Ann", "supervisorEId": "1"}]
    org = read_org_file(json.dumps(rows), "bamboo.json")
    assert org.info.columns["manager"] == "supervisorEId"


def test_an_explicit_mapping_wins_and_a_typo_gets_a_suggestion() -> None:
    text = "id,boss,real_boss,name\n1,,,Ann\n2,9,1,Bo\n"
    org = read_org_file(text, "x.csv", mapping={"manager": "real_boss"})
    assert org.people[1].manager_id == "1"
    with pytest.raises(InputError, match=r"no column 'real_bos' in the file \(did you mean 'real_boss'\?\)"):
        read_org_file(text, "x.csv", mapping={"manager": "real_bos"})


def test_every_root_marker_and_self_reference_is_the_top() -> None:
    for marker in ("", "NULL", "None", "0", "-", "1"):
        org = read_org_file(f"id,manager_id\n1,{marker}\n2,1\n", "x.csv")
        assert org.people[0].manager_id == "" and org.people[0].role == "founder", marker
    org = read_org_file("id,manager_id\n0,\n1,0\n", "x.csv")  # "0" is an id here, so not a marker
    assert org.people[1].manager_id == "0"


def test_several_roots_form_the_founders_tier_or_sit_under_a_virtual_top() -> None:
    text = "id,manager_id\n1,\n2,\n3,1\n4,2\n"
    org = read_org_file(text, "x.csv")
    assert org.info.roots == 2 and [p.role for p in org.people[:2]] == ["founder", "founder"]
    top = read_org_file(text, "x.csv", virtual_top=True)
    assert len(top.people) == 5 and top.people[-1].id == "(top)"
    assert [p.manager_id for p in top.people[:2]] == ["(top)", "(top)"]
    assert [p.role for p in top.people[:2]] == ["lead", "lead"]


def test_unknown_managers_are_named_then_hung_under_placeholders() -> None:
    text = (FIXTURES / "kaggle_hr.csv").read_bytes()
    with pytest.raises(InputError) as info:
        read_org_file(text, "k.csv", keep_former=True)
    assert "line 3, line 4: ManagerID '1' is not the EmpID of anyone" in str(info.value)
    org = read_org_file(text, "k.csv", orphans="placeholder", keep_former=True)
    placeholder = org.people[-1]
    assert placeholder.name == "unknown manager 1" and placeholder.manager_id == "10001"
    assert [p.manager_id for p in org.people[1:3]] == [placeholder.id] * 2
    assert any("not current staff by column 'EmploymentStatus' and are kept" in w for w in org.info.warnings)


def test_a_cycle_is_refused_naming_the_people_in_it() -> None:
    text = "id,name,manager_id\n1,Ann,\n2,Bo,4\n3,Cy,2\n4,Di,3\n5,Ed,1\n"
    with pytest.raises(InputError, match=r"a manager cycle: Bo \(line 3\) -> Di \(line 5\) -> Cy \(line 4\)"):
        read_org_file(text, "x.csv")


def test_all_problems_are_listed_at_once_up_to_the_cap() -> None:
    rows = "".join(f"{i},{i},x{i}\n" for i in range(2, 200))
    with pytest.raises(InputError) as info:
        read_org_file("id,name,manager_id\n1,A,\n" + rows, "x.csv")
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1 and problems[-1] == "... and 148 more problems"
    assert problems[0].startswith("line 3: manager_id 'x2'") and problems[1].startswith("line 4:")


def test_rows_that_are_not_current_staff_are_left_out_and_counted() -> None:
    """AdventureWorks DW: Status 'Current', else NULL (a history row) or another word; Ed's report moves up."""
    org = read_org_file(_data("adventureworks.csv"), "a.csv")
    assert org.info.warnings == [
        "2 rows are not current staff by column 'Status': left out (keep them with --keep-former, "
        "or the app's 'Keep former staff' box)"
    ]
    people = _by_name(org.people)
    assert "Ed" not in people and "Hal" not in people and people["Ivy"].manager_id == people["Bo"].id
    assert org.info.rows_read == 7


@pytest.mark.parametrize(("column", "values", "former"), [
    ("Termd", ["0", "1", "0"], [False, True, False]),
    ("Active", ["true", "true", "false"], [False, False, True]),
    ("DateofTermination", ["", "4/15/2016", "2999-01-01"], [False, True, False]),
    ("EmploymentStatus", ["Active", "Voluntarily Terminated", "Active"], [False, True, False]),
])
def test_status_and_end_date_columns_mark_former_staff(column: str, values: list[str], former: list[bool]) -> None:
    from orgmodel.io.rows import read_csv_rows
    from orgmodel.io.staff import former_staff

    text = f"id,manager_id,{column}\n" + "".join(f"{k},{'' if k == 1 else 1},{v}\n"
                                                  for k, v in enumerate(values, start=1))
    raw = read_csv_rows(text)
    marks, said = former_staff(raw, detect_columns(raw.header, raw.rows))
    assert marks == former and said == repr(column)


def test_duplicate_names_are_warnings_not_errors() -> None:
    dup = read_org_file("id,name,manager_id\n1,Al,\n2,Al,1\n", "x.csv")
    assert "shared by more than one person" in dup.info.warnings[0]


def test_a_role_column_is_used_and_one_of_titles_is_not() -> None:
    text = "id,manager_id,role\n1,,founder\n2,1,manager\n3,2,engineer\n"
    assert [p.role for p in read_org_file(text, "x.csv").people] == ["founder", "manager", "engineer"]
    titles = "id,manager_id,role\n1,,Owner\n2,1,Designer\n"
    org = read_org_file(titles, "x.csv")
    assert org.info.roles_inferred and org.info.columns["title"] == "role"


def test_one_rule_for_a_role_column_of_titles_found_by_name_or_mapped() -> None:
    """A title that is a role word ("CEO") no longer makes the other titles errors (issue 22)."""
    text = "id,manager_id,role\n1,,CEO\n2,1,Engineering Manager\n3,2,Accountant\n4,2,Software Engineer\n"
    found, mapped = read_org_file(text, "x.csv"), read_org_file(text, "x.csv", mapping={"role": "role"})
    assert [p.role for p in found.people] == [p.role for p in mapped.people] == [
        "founder", "manager", "engineer", "engineer"]
    assert found.info.roles_source == mapped.info.roles_source == (
        "column role (1 value(s) naming no role: inferred from the tree)")


def test_csv_sniffing_of_delimiters() -> None:
    for sep in (",", ";", "\t", "|"):
        raw = read_csv_rows(sep.join(["id", "manager_id", "name"]) + "\n1" + sep + sep + '"A' + sep + ' B"\n')
        assert raw.header == ["id", "manager_id", "name"] and raw.rows == [["1", "", "A" + sep + " B"]], repr(sep)


def test_detect_columns_reports_how() -> None:
    choice = detect_columns(["EmployeeKey", "ParentEmployeeKey"], [["1", "NULL"], ["2", "1"]])
    assert choice.how == {"id": "by name", "manager": "by name"}


def test_imported_scenario_takes_the_habits_and_says_so() -> None:
    org = read_org_file(_data("d3_orgchart.csv"), "d3.csv")
    scenario = imported_scenario(org, load_preset("hierarchical-400"), "preset hierarchical-400")
    assert scenario.work == load_preset("hierarchical-400").work
    assert scenario.org.imported is not None and scenario.org.imported.habits_from == "preset hierarchical-400"
    assert "from preset hierarchical-400" in scenario.description
    assert [f.name for f in scenario.org.founders] == ["Ann"]
    assert scenario.org.max_team_size == 2  # Di's team, the largest


def test_a_sheet_of_names_uses_the_names_as_ids() -> None:
    text = "Name,Manager,Team\nAnn,,\nBo,Ann,Core\nCy,Bo,Core\n"
    org = read_org_file(text, "names.csv")
    assert org.info.columns["id"] == "Name" and [p.manager_id for p in org.people] == ["", "Ann", "Bo"]
    assert [p.role for p in org.people] == ["founder", "lead", "engineer"]


def test_a_title_column_mapped_as_role_is_read_by_its_role_words() -> None:
    org = read_org_file(_data("workday_semicolon.csv"), "w.csv", mapping={"role": "Business_Title"})
    roles = {p.name: p.role for p in org.people}
    # Chief Executive Officer -> founder (a root); VP -> manager; Design Lead -> lead; Engineering Manager ->
    # manager (though Di and Ed head teams of engineers); Engineer -> engineer; Designer names no role:
    # inferred from the tree (engineer)
    assert roles == {"Ann": "founder", "Bo": "manager", "Cy": "lead", "Di": "manager", "Ed": "manager",
                     "Fay": "engineer", "Gus": "engineer", "Hal": "engineer", "Ivy": "engineer"}
    assert not org.info.roles_inferred
    assert org.info.roles_source == "column Business_Title (1 value(s) naming no role: inferred from the tree)"
