"""Dotted-line managers read from an HR export's column (orgmodel/io/dotted.py), and carried to the graph."""

from __future__ import annotations

import pytest

from orgmodel.build import from_graph, to_graph
from orgmodel.charts.orgchart import org_tree
from orgmodel.errors import InputError
from orgmodel.io.dotted import dotted_column, dotted_ids, split_dotted_mapping, with_dotted_managers
from orgmodel.layout import layout
from orgmodel.loading import validate_scenario
from orgmodel.scenario import Person
from orgmodel.structure import measure_structure

HEADER = ["Employee_ID", "Manager_ID", "Matrix_Manager_ID"]
ROWS = [["1", "", ""], ["2", "1", ""], ["3", "1", ""], ["4", "2", "3; 1"], ["5", "2", "3;9"], ["6", "3", "2"]]


def people() -> list[Person]:
    return [Person(id=r[0], manager_id=r[1], role="founder" if not r[1] else "engineer") for r in ROWS]


def test_workday_matrix_manager_column_is_found_and_read() -> None:
    assert dotted_column(HEADER) == 2 and dotted_column(["id", "dotted_manager"]) == 1
    assert dotted_column(["id", "manager"]) is None
    assert dotted_ids("3; 1 | 7,3") == ["3", "1", "7"]
    out, warnings = with_dotted_managers(people(), HEADER, ROWS, 0, 2)
    got = {p.id: p.dotted_managers for p in out}
    assert got == {"1": [], "2": [], "3": [], "4": ["3", "1"], "5": ["3"], "6": ["2"]}
    assert len(warnings) == 1 and "managers 9 of 5" in warnings[0]


def test_map_dotted_names_the_column() -> None:
    mapping, column = split_dotted_mapping({"id": "Employee_ID", "dotted": "matrix manager id"})
    assert mapping == {"id": "Employee_ID"} and dotted_column(HEADER, column) == 2
    with pytest.raises(InputError, match="--map dotted=Nope: no such column"):
        dotted_column(HEADER, "Nope")


def test_dotted_lines_are_a_second_edge_kind_counted_apart_and_drawn_dashed() -> None:
    out, _ = with_dotted_managers(people(), HEADER, ROWS, 0, 2)
    scenario = validate_scenario({"name": "m", "org": {"founders": [{"name": "1"}], "max_team_size": 10,
                                                       "people": [p.model_dump() for p in out]},
                                  "work": {"days_per_week": 5, "hours_per_day": 8}})
    table = layout(scenario)
    s = measure_structure(table)
    # dotted: 4 -> 3, 4 -> 1, 5 -> 3, 6 -> 2; 3 has two dotted reports, 1 and 2 one each
    assert (s.dotted_lines, s.dotted_span_max, s.dotted_span_mean) == (4, 2, pytest.approx(4 / 3))
    assert s.span_max == 2  # solid spans unchanged: 1 has 2, 2 has 2, 3 has 1
    graph = to_graph(table)
    assert sum(1 for *_, k in graph.edges(data="kind") if k == "dotted") == 4
    assert from_graph(graph).dotted is not None and len(from_graph(graph).dotted) == 4  # type: ignore[arg-type]
    dashed = [t for t in org_tree(table).data if t.name and t.name.startswith("dotted")]
    assert len(dashed) == 1 and dashed[0].line.dash == "dash"


def test_imported_dotted_lines_survive_the_scenario_json_round_trip() -> None:
    out, _ = with_dotted_managers(people(), HEADER, ROWS, 0, 2)
    data = {"name": "m", "org": {"founders": [{"name": "1"}], "max_team_size": 10,
                                 "people": [p.model_dump() for p in out]},
            "work": {"days_per_week": 5, "hours_per_day": 8}}
    scenario = validate_scenario(data)
    again = validate_scenario(scenario.model_dump(mode="json"))
    assert again == scenario and measure_structure(layout(again)).dotted_lines == 4
