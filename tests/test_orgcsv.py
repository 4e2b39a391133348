"""Tests for orgmodel.orgcsv: HR-shaped CSV round trips and refusals."""

from __future__ import annotations

import networkx as nx
import pytest

from orgmodel.build import build_org
from orgmodel.errors import InputError
from orgmodel.layout import layout
from orgmodel.orgcsv import COLUMNS, graph_to_csv, read_org_csv, read_org_file, table_from_csv, table_to_csv
from orgmodel.orgtable import Role
from orgmodel.structure import measure_structure
from tests.conftest import small

HEADER = "id,name,manager_id,role,department,team\n"


def test_round_trip_gives_the_same_graph_and_metrics(hierarchical) -> None:  # type: ignore[no-untyped-def]
    graph = build_org(hierarchical)
    back = read_org_csv(graph_to_csv(graph))
    assert nx.utils.graphs_equal(graph, back)
    assert dict(graph.nodes(data=True)) == dict(back.nodes(data=True))
    assert measure_structure(table_from_csv(table_to_csv(layout(hierarchical)))) == measure_structure(
        layout(hierarchical)
    )


def test_string_ids_are_kept() -> None:
    text = HEADER + "ceo,Ann,,founder,,\nl1,Bo,ceo,lead,Eng,Eng/1\ne1,Cy,l1,engineer,Eng,Eng/1\n"
    graph = read_org_csv(text)
    assert set(graph.nodes) == {"ceo", "l1", "e1"}
    assert graph.nodes["e1"]["level"] == 2
    assert measure_structure(table_from_csv(text)).engineers == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("1,A,,founder,,\n2,B,3,engineer,,\n3,C,2,lead,,\n", "cycle"),
        ("1,A,,founder,,\n2,B,9,engineer,,\n", "line 3: manager_id '9' is not the id of anyone"),
        ("1,A,,founder,,\n1,B,1,engineer,,\n", "appears twice"),
        ("", "no people"),
    ],
)
def test_bad_org_charts_are_refused_with_the_reason(body: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_org_csv(HEADER + body)


def test_a_role_value_naming_no_role_takes_the_trees_role() -> None:
    org = read_org_file(HEADER + "1,A,,founder,,\n2,B,1,wizard,,\n", "x.csv")
    assert [p.role for p in org.people] == ["founder", "engineer"]
    assert org.info.roles_source == "column role (1 value(s) naming no role: inferred from the tree)"


def test_several_roots_form_the_founders_tier_and_self_reference_is_a_root() -> None:
    table = table_from_csv(HEADER + "1,A,,founder,,\n2,B,2,founder,,\n3,C,2,engineer,,\n")
    assert table.count(Role.FOUNDER) == 2 and len(table) == 3
    assert list(table.level) == [0, 0, 1]  # both founders at level 0, C one below B
    assert read_org_file(HEADER + "1,A,,founder,,\n2,B,2,founder,,\n3,C,2,,,\n", "x.csv").info.roots == 2


def test_missing_columns() -> None:
    with pytest.raises(InputError, match="missing column"):
        read_org_csv("id,name\n1,A\n")


def test_row_cap() -> None:
    rows = "".join(f"{i},P{i},{0 if i else ''},{'founder' if i == 0 else 'engineer'},,\n" for i in range(50))
    with pytest.raises(InputError, match="the limit is 10 rows"):
        read_org_csv(HEADER + rows, max_rows=10)


def test_export_lists_managers_before_reports() -> None:
    lines = table_to_csv(layout(small())).splitlines()
    assert lines[0] == HEADER.strip()
    seen: set[str] = set()
    for line in lines[1:]:
        row_id, _, manager, *_ = line.split(",")
        assert manager == "" or manager in seen
        seen.add(row_id)


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "@SUM(A1)", "+1+2", "-2+3+cmd|' /C calc'!A0"])
def test_formula_leading_cells_are_escaped_and_read_back(name: str) -> None:
    from orgmodel.io.csvcells import csv_text

    text = csv_text(COLUMNS, [("1", "A", "", "founder", "", ""), ("2", name, "1", "engineer", "", "")])
    out = table_to_csv(table_from_csv(text))
    assert out.splitlines()[2].split(",", 1)[1].lstrip('"').startswith("'" + name[:2])  # OWASP: a ' first
    assert table_from_csv(out).name_of(1) == name  # read back as the same name


def test_safe_cell_keeps_numbers_and_escapes_tabs_and_returns() -> None:
    from orgmodel.io.csvcells import csv_text, safe_cell, unescape_cell

    assert safe_cell(-3) == "-3" and safe_cell("-0.25") == "-0.25" and safe_cell("+1e-3") == "+1e-3"
    assert safe_cell("\tx") == "'\tx" and safe_cell("\rx") == "'\rx" and safe_cell("-x") == "'-x"
    assert csv_text(["=a"], [["-1", "-x"]]) == "'=a\n-1,'-x\n"
    assert unescape_cell("'=a") == "=a" and unescape_cell("'a") == "'a" and unescape_cell("'") == "'"


def test_export_csv_escapes_names_on_the_command_line(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from orgmodel.cli import main

    path = tmp_path / "org.csv"
    path.write_text(HEADER + '1,"=HYPERLINK(""http://evil"",""x"")",,founder,,\n2,@B,1,engineer,,\n')
    assert main(["export-csv", str(path)]) == 0
    out = capsys.readouterr().out
    assert "'=HYPERLINK" in out and ",'@B," in out
