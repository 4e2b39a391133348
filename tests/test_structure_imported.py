"""Spans and layers on the hand-drawn nine-person chart, the cap/span what-ifs on an imported org,
every engine on it, and the save-and-reopen round trip.

    1 Ann ── 2 Bo ── 4 Di ── 7 Gus, 8 Hal
          │       └─ 5 Ed ── 9 Ivy
          └─ 3 Cy ── 6 Fay

Expected figures are worked out by hand below, not by the code under test.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from orgmodel.io.habits import imported_scenario
from orgmodel.io.orgfiles import read_org_file
from orgmodel.layout import layout
from orgmodel.loading import load_preset, parse_scenario, scenario_to_yaml
from orgmodel.orgtable import Role
from orgmodel.report import build_report
from orgmodel.structure import graicunas_relationships, headcount_under, measure_structure

CHART = (Path(__file__).resolve().parent / "fixtures" / "d3_orgchart.csv").read_bytes()


def _scenario(preset: str = "xiaomi-2012", **org: object):  # type: ignore[no-untyped-def]
    scenario = imported_scenario(read_org_file(CHART, "d3.csv"), load_preset(preset), f"preset {preset}")
    return scenario.model_copy(update={"org": scenario.org.model_copy(update=org)}) if org else scenario


def test_graicunas_counts_by_hand() -> None:
    # n direct + n(2^(n-1) - 1) group + n(n-1) cross relationships (Graicunas 1933)
    assert [graicunas_relationships(n) for n in (1, 2, 3, 4, 8)] == [1.0, 6.0, 18.0, 44.0, 1080.0]
    assert graicunas_relationships(2000) is None


def test_layers_buckets_and_off_target_by_hand() -> None:
    s = measure_structure(layout(_scenario()))
    assert s.layers == [1, 2, 3, 3]
    # spans: Ann 2, Bo 2, Cy 1, Di 2, Ed 1
    assert s.span_buckets == {"1-2": 5, "3-5": 0, "6-9": 0, "10-15": 0, "16+": 0}
    assert (s.managers_narrow, s.managers_wide) == (5, 0)
    # gaps below range: Cy 6-1=5, Ed 5, Bo 6-2=4, Di 4, Ann (player/coach, 3-5) 1
    listed = [(o.name, o.gap, o.headcount_under, o.direction) for o in s.off_target]
    assert listed == [("Cy", 5, 1, "narrow"), ("Ed", 5, 1, "narrow"), ("Bo", 4, 5, "narrow"),
                      ("Di", 4, 2, "narrow"), ("Ann", 1, 8, "narrow")]
    assert s.off_target[2].relationships == 6.0 and s.relationships_max == 6.0
    assert s.imported is not None and s.imported.rows_read == 9 and s.imported.roles_inferred


def test_headcount_under_counts_all_levels() -> None:
    table = layout(_scenario())
    under = dict(zip([table.name_of(i) for i in range(len(table))], headcount_under(table).tolist()))
    assert under == {"Ann": 8, "Bo": 5, "Cy": 1, "Di": 2, "Ed": 1, "Fay": 0, "Gus": 0, "Hal": 0, "Ivy": 0}


def test_wide_spans_are_flagged_against_the_range() -> None:
    rows = "id,manager_id\n0,\n1,0\n" + "".join(f"{i},1\n" for i in range(2, 12))  # a lead with 10 engineers
    scenario = imported_scenario(read_org_file(rows, "w.csv"), load_preset("xiaomi-2012"), "preset xiaomi-2012")
    s = measure_structure(layout(scenario))
    lead = next(o for o in s.off_target if o.id == "1")
    assert (lead.direction, lead.gap, lead.target_high) == ("wide", 3, 7)
    assert s.span_buckets["10-15"] == 1


def test_team_cap_and_span_limit_as_what_ifs_by_hand() -> None:
    table = layout(_scenario(max_team_size=1, max_span=2))
    names = [table.name_of(i) for i in range(len(table))]
    # Di's team of 2 splits: Di keeps Gus, a new lead takes Hal, beside Di under Bo.
    # Bo then has 3 reports > 2: two new managers under Bo take (Di, Ed) and (new lead).
    assert len(table) == 12
    assert table.count(Role.LEAD) == 4 and table.count(Role.MANAGER) == 3
    assert sorted(table.team_sizes.tolist()) == [1, 1, 1, 1]
    assert [int((table.level == lv).sum()) for lv in range(5)] == [1, 2, 3, 3, 3]
    new_lead = names.index("new lead 2 (team of Di)")
    assert names[int(table.parent[names.index("Hal")])] == "new lead 2 (team of Di)"
    assert names[int(table.parent[new_lead])].startswith("new manager 1.2 under Bo")
    assert max(table.direct_reports[table.role != Role.FOUNDER].tolist()) <= 2


def test_every_engine_runs_on_an_imported_org() -> None:
    for preset in ("xiaomi-2012", "hierarchical-400"):
        report = build_report(_scenario(preset))
        for section in ("review", "decisions", "time_budget", "equity"):
            assert getattr(report, section) is not None, (preset, section)
        assert report.review is not None and report.review.p90_working_hours is not None
        numbers = [v for v in report.model_dump(mode="json")["review"].values() if isinstance(v, float)]
        assert all(math.isfinite(v) for v in numbers)


def test_an_imported_org_saves_as_one_file_and_reopens_to_the_identical_report() -> None:
    scenario = _scenario("hierarchical-400", max_team_size=1)
    text = scenario_to_yaml(scenario)
    again = parse_scenario(text)
    assert again == scenario
    assert build_report(again).model_dump_json() == build_report(scenario).model_dump_json()


def test_a_broken_people_list_in_a_scenario_file_is_refused_by_field() -> None:
    text = scenario_to_yaml(_scenario()).replace("O-7,Gus,O-4,", "O-7,Gus,O-99,", 1)
    with pytest.raises(ValueError, match=r"org.people: people.6.manager_id = 'O-99' is not the id of anyone"):
        parse_scenario(text)
