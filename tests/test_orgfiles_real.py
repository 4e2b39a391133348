"""Issue 22: org charts as people have them. One small hand-written fixture per real convention
(shapes of AdventureWorks OLTP, draw.io, d3 hierarchies, Excel, Northwind), each checked against
the chart drawn by hand, plus spans with several roots against networkx."""

from __future__ import annotations

import io
import json

import networkx as nx
import openpyxl
import pytest

from orgmodel.errors import InputError
from orgmodel.io.habits import imported_scenario
from orgmodel.io.orgfiles import read_org_file
from orgmodel.io.rows import read_rows
from orgmodel.io.tree import table_from_people
from orgmodel.layout import layout
from orgmodel.loading import load_preset
from orgmodel.structure import measure_structure

EDGES = {"2": "1", "3": "1", "4": "2", "5": "2", "6": "3"}
"""The hand-drawn chart most fixtures below encode: 1 at the top; 2 and 3 under 1; 4, 5 under 2; 6 under 3."""


def _managers(org) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {p.id: p.manager_id for p in org.people if p.manager_id}


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_duplicate_and_blank_header_names_become_distinct() -> None:
    raw = read_rows("id,Name,Name,,manager\n1,a,b,x,\n2,c,d,y,1\n", "x.csv")
    assert raw.header == ["id", "Name", "Name (2)", "column 4", "manager"]
    assert any("repeated column names" in n for n in raw.notes) and any("blank" in n for n in raw.notes)
    assert _managers(read_org_file("id,Name,Name,,manager\n1,a,b,x,\n2,c,d,y,1\n", "x.csv")) == {"2": "1"}


def test_a_title_row_above_the_header_is_skipped() -> None:
    org = read_org_file("Staff list 2024,,\n\nid,name,manager_id\n1,Ann,\n2,Bo,1\n", "x.csv")
    assert _managers(org) == {"2": "1"} and any("title row" in w for w in org.info.warnings)


def test_a_headerless_file_gets_generated_names_and_its_columns_by_value() -> None:
    """AdventureWorks OLTP Employee.csv has no header: id, national id, login, node path, level, title..."""
    rows = [("1", "295847284", r"adventure-works\ken0", "", "0", "Chief Executive Officer", "1969-01-29", "40"),
            ("2", "245797967", r"adventure-works\terri0", "/1/", "1", "VP Engineering", "1971-08-01", "41"),
            ("3", "509647174", r"adventure-works\roberto0", "/1/1/", "2", "Engineering Manager", "1974-11-12", "42"),
            ("4", "112457891", r"adventure-works\rob0", "/1/1/1/", "3", "Senior Tool Designer", "1974-12-23", "43"),
            ("5", "695256908", r"adventure-works\gail0", "/1/1/2/", "3", "Design Engineer", "1952-09-27", "44"),
            ("6", "998320692", r"adventure-works\jossef0", "/2/", "1", "Marketing Manager", "1959-03-11", "45")]
    text = "".join("\t".join(r) + "\n" for r in rows)
    raw = read_rows(text, "Employee.csv")
    assert raw.header[0] == "column 1" and len(raw.rows) == 6  # the first person is a person, not the header
    org = read_org_file(text, "Employee.csv")
    assert org.info.columns["path"] == "column 4"
    by_path = {p.id: p.manager_id for p in org.people}
    assert by_path == {"/": "", "1": "/", "1/1": "1", "1/1/1": "1/1", "1/1/2": "1/1", "2": "/"}


def test_a_path_column_of_names_is_the_hierarchy() -> None:
    text = "name,path\nAnn,CEO\nBo,CEO/VP Eng\nCy,CEO/VP Eng/Team A\nDi,CEO/VP Eng/Team B\nEd,CEO/Sales\n"
    org = read_org_file(text, "paths.csv")
    names = {p.id: p.name for p in org.people}
    assert {names[p.id]: names.get(p.manager_id, "") for p in org.people} == {
        "Ann": "", "Bo": "Ann", "Cy": "Bo", "Di": "Bo", "Ed": "Ann"}


def test_drawio_comment_lines_and_a_manager_column_of_names() -> None:
    text = ("## an org chart\n# label: %name%\n# connect: {\"from\": \"manager\", \"to\": \"name\"}\n"
            "name,position,id,manager\nAnn Ames,CEO,a1,\nBo Byrd,CTO,b2,Ann Ames\nCy Cole,Dev,c3,Bo Byrd\n")
    org = read_org_file(text, "orgchart.csv")
    assert _managers(org) == {"b2": "a1", "c3": "b2"}
    assert any("--map id=name" in w and "matched" in w for w in org.info.warnings)
    shared = text + "Bo Byrd,QA,b9,Ann Ames\nDi Dunn,Dev,d4,Bo Byrd\n"
    with pytest.raises(InputError, match=r"names are shared .*--map id=name"):
        read_org_file(shared, "orgchart.csv")


@pytest.mark.parametrize("marker", ["#N/A", "NA", "n.a.", "NULL", "(blank)"])
def test_spreadsheet_top_markers(marker: str) -> None:
    org = read_org_file(f"id,manager_id\n1,{marker}\n2,1\n", "x.csv")
    assert _managers(org) == {"2": "1"} and org.people[0].role == "founder"


def test_float_ids_and_lost_leading_zeros_match_as_numbers() -> None:
    org = read_org_file("id,manager_id\n1,\n2,1.0\n007,2.0\n8,7\n", "x.csv")
    assert _managers(org) == {"2": "1", "007": "2", "8": "007"}
    assert any("only as numbers" in w for w in org.info.warnings)


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_excels_sep_line(sep: str) -> None:
    text = f"sep={sep}\nid{sep}manager_id{sep}name\n1{sep}{sep}Ann, A\n2{sep}1{sep}Bo\n"
    raw = read_rows(text, "x.csv")
    assert raw.header == ["id", "manager_id", "name"] and raw.lines == [3, 4]
    assert _managers(read_org_file(text, "x.csv")) == {"2": "1"}


def test_nested_children_json() -> None:
    """d3.hierarchy / OrgChart.js: one root object with nested children; ids kept, or made from positions."""
    tree = {"name": "Ann", "children": [{"name": "Bo", "children": [{"name": "Di"}, {"name": "Ed"}]},
                                        {"name": "Cy", "children": [{"name": "Fay"}]}]}
    org = read_org_file(json.dumps(tree), "flare.json")
    names = {p.id: p.name for p in org.people}
    assert {names[p.id]: names.get(p.manager_id, "") for p in org.people} == {
        "Ann": "", "Bo": "Ann", "Di": "Bo", "Ed": "Bo", "Cy": "Ann", "Fay": "Cy"}
    with_ids = json.dumps([{"id": "x", "name": "Ann", "children": [{"id": "y", "name": "Bo"}]}])
    assert _managers(read_org_file(with_ids, "t.json")) == {"y": "x"}


def test_an_xlsx_with_several_sheets_says_which_and_takes_another() -> None:
    data = _xlsx({"Notes": [["exported 2024"], ["by HR", "x"]],
                  "People": [["id", "manager_id"], [1, None], [2, 1], [3, 2]]})
    raw = read_rows(data, "hr.xlsx", sheet="People")
    assert raw.sheets == ["Notes", "People"] and "sheet 'People' (2 of 2" in raw.notes[0]
    assert _managers(read_org_file(data, "hr.xlsx", sheet="2")) == {"2": "1", "3": "2"}
    with pytest.raises(InputError, match=r"--sheet .Staff.: no such sheet; the workbook has Notes, People"):
        read_rows(data, "hr.xlsx", sheet="Staff")


def test_xlsx_formulas_with_no_saved_value_are_named_in_the_refusal() -> None:
    """openpyxl writes formulas without cached values, as a file never opened in Excel has them."""
    data = _xlsx({"S": [["id", "manager_id"], [1, None], [2, "=A2"], [3, "=A2"]]})
    org = read_org_file(data, "f.xlsx")  # a chart of founders only reads (the preview shows it) ...
    assert any("everyone in the file is at the top" in w for w in org.info.warnings)
    with pytest.raises(InputError) as info:  # ... and Import and analyse says why it cannot be analysed
        imported_scenario(org, load_preset("xiaomi-2012"), "preset xiaomi-2012")
    assert "everyone in the file is at the top" in str(info.value)
    assert "2 cells are formulas with no saved value" in str(info.value)


def test_a_one_person_org_is_refused_in_plain_words() -> None:
    habits = load_preset("xiaomi-2012")
    with pytest.raises(InputError, match="everyone in the file is at the top"):
        imported_scenario(read_org_file("id,name,manager_id\n1,Solo,\n", "one.csv"), habits, "preset xiaomi-2012")
    org = read_org_file("id,manager_id,role\n1,,founder\n2,1,founder\n", "x.csv")  # founders only, by the column
    with pytest.raises(InputError, match="everyone in the chart is a founder"):
        imported_scenario(org, habits, "preset xiaomi-2012")


def test_a_big_xlsx_is_refused_before_it_is_parsed() -> None:
    import time

    from orgmodel.io import rows as rows_module

    cells = [["id", "manager_id", "a", "b"]] + [[k, k // 2 or None, "x", "y"] for k in range(1, 400)]
    data = _xlsx({"S": cells})
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"the sheet holds 1,\d{3} cells; the limit for .xlsx is 1,000 "):
        old, rows_module.MAX_XLSX_CELLS = rows_module.MAX_XLSX_CELLS, 1_000
        try:
            read_rows(data, "big.xlsx")
        finally:
            rows_module.MAX_XLSX_CELLS = old
    assert time.perf_counter() - start < 2.0


def test_spans_with_several_roots_match_networkx() -> None:
    """Three roots of two reports each: spans 2, 2, 2 as in the file's forest (was 2.67 / 4)."""
    text = "id,manager_id\n" + "".join(f"r{k},\nr{k}a,r{k}\nr{k}b,r{k}\n" for k in range(3))
    org = read_org_file(text, "roots.csv")
    metrics = measure_structure(table_from_people(org.people))
    forest = nx.DiGraph([(p.manager_id, p.id) for p in org.people if p.manager_id])
    spans = [d for _, d in forest.out_degree() if d > 0]
    assert metrics.span_mean == sum(spans) / len(spans) == 2.0 and metrics.span_max == max(spans) == 2
    assert metrics.span_buckets["1-2"] == 3


def test_a_managers_own_engineers_form_a_team_led_by_them() -> None:
    """Ann manages Bo (a lead) and two engineers directly: those two are Ann's team, in the review figures."""
    text = "id,manager_id\nann,\nbo,ann\ncy,bo\ndi,bo\ned,ann\nfay,ann\n"
    scenario = imported_scenario(read_org_file(text, "x.csv"), load_preset("hierarchical-400"), "h")
    people = {p.id: p for p in scenario.org.people or []}
    assert people["ed"].team == people["fay"].team == people["ann"].team == "team of ann"
    table = layout(scenario)
    assert int((table.team[table.role == 3] >= 0).sum()) == 4  # every engineer in a team
    from orgmodel.review.teams import review_teams

    assert scenario.review is not None
    teams = review_teams(table, scenario.review, scenario.work.hours_per_day)
    assert sorted(teams.size.tolist()) == [2, 2]


def test_former_staff_are_left_out_unless_kept() -> None:
    text = "id,manager_id,Status\n1,,Current\n2,1,\n3,2,Current\n4,1,Current\n"
    org = read_org_file(text, "dw.csv")
    assert _managers(org) == {"3": "1", "4": "1"} and org.info.rows_read == 3
    assert len(read_org_file(text, "dw.csv", keep_former=True).people) == 4


def test_a_formula_name_is_escaped_in_the_scenario_file_and_reads_back() -> None:
    from orgmodel.loading import parse_scenario, scenario_to_yaml

    org = read_org_file('id,name,manager_id\n1,=HYPERLINK("x"),\n2,@Bo,1\n', "x.csv")
    scenario = imported_scenario(org, load_preset("xiaomi-2012"), "preset xiaomi-2012")
    text = scenario_to_yaml(scenario)
    assert "'=HYPERLINK" in text and "'@Bo" in text
    again = parse_scenario(text)
    assert [p.name for p in again.org.people or []] == ['=HYPERLINK("x")', "@Bo"]
