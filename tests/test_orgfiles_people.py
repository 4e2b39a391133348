"""Find a person (orgmodel.io.people) and the structure charts of an imported org, on the
hand-drawn nine-person chart of tests/test_orgfiles.py:

    1 Ann ── 2 Bo ── 4 Di ── 7 Gus, 8 Hal
          │       └─ 5 Ed ── 9 Ivy
          └─ 3 Cy ── 6 Fay
"""

from __future__ import annotations

from pathlib import Path

from orgmodel.charts.people import person_chart
from orgmodel.charts.structure import layer_pyramid, span_buckets
from orgmodel.io.habits import imported_scenario
from orgmodel.io.orgfiles import read_org_file
from orgmodel.io.people import chain_to_top, find_people, team_rows
from orgmodel.layout import layout
from orgmodel.loading import load_preset
from orgmodel.structure import measure_structure

CHART = (Path(__file__).resolve().parent / "fixtures" / "d3_orgchart.csv").read_bytes()
TABLE = layout(imported_scenario(read_org_file(CHART, "d3.csv"), load_preset("xiaomi-2012"), "preset"))


def _names(rows: list[int]) -> list[str]:
    return [TABLE.name_of(r) for r in rows]


def test_search_by_id_or_part_of_a_name() -> None:
    assert _names(find_people(TABLE, "o-8")) == ["Hal"]
    assert _names(find_people(TABLE, "y")) == ["Cy", "Fay", "Ivy"]  # row (breadth-first) order
    assert find_people(TABLE, "  ") == [] and find_people(TABLE, "zz") == []


def test_chain_to_the_top_and_team_by_hand() -> None:
    hal = find_people(TABLE, "Hal")[0]
    assert _names(chain_to_top(TABLE, hal)) == ["Hal", "Di", "Bo", "Ann"]
    assert _names(team_rows(TABLE, hal)) == ["Di", "Gus", "Hal"]
    assert _names(team_rows(TABLE, find_people(TABLE, "Di")[0])) == ["Di", "Gus", "Hal"]
    assert _names(team_rows(TABLE, find_people(TABLE, "Bo")[0])) == ["Bo", "Di", "Ed"]


def test_charts_hold_the_figures() -> None:
    s = measure_structure(TABLE)
    pyramid = layer_pyramid({"x": s})
    assert list(pyramid.data[0].x) == [1, 2, 3, 3]
    buckets = span_buckets({"x": s})
    assert list(buckets.data[0].y) == [5, 0, 0, 0, 0]
    hal = find_people(TABLE, "Hal")[0]
    fig = person_chart(TABLE, hal, chain_to_top(TABLE, hal), team_rows(TABLE, hal))
    chain = next(t for t in fig.data if t.name == "chain to the top")
    assert list(chain.text) == ["Hal", "Di", "Bo", "Ann"]


def test_a_large_org_draws_only_the_chain_and_team() -> None:
    rows = "id,manager_id\n0,\n" + "".join(f"{i},{(i - 1) // 30}\n" for i in range(1, 1_000))
    table = layout(imported_scenario(read_org_file(rows, "big.csv"), load_preset("xiaomi-2012"), "preset"))
    row = find_people(table, "999")[0]
    fig = person_chart(table, row, chain_to_top(table, row), team_rows(table, row))
    drawn = sum(len(t.x) for t in fig.data if t.name != "chain to the top")
    assert drawn == len(set(chain_to_top(table, row)) | set(team_rows(table, row)))
