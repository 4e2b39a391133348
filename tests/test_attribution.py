"""Setting groups and the Shapley attribution of headline differences."""

from __future__ import annotations

import copy
import json
import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orgmodel.attribution import attribute, attribution_text, mixed_scenario, players, shapley
from orgmodel.cli import main
from orgmodel.groups import GROUPS, NOT_SETTINGS, differing_fields, group_of, ungrouped_fields
from orgmodel.loading import validate_scenario
from orgmodel.scenario import Scenario

# ---------------------------------------------------------------- groups


def test_every_scenario_field_is_in_exactly_one_group_or_not_a_setting() -> None:
    problems = ungrouped_fields()
    assert not problems["missing"], (
        f"Scenario fields in no group: {problems['missing']}. Add each to orgmodel/groups.py GROUPS "
        "(the group whose settings it belongs to) or, if it is not a setting, to NOT_SETTINGS."
    )
    assert not problems["twice"], f"fields in more than one group: {problems['twice']}"
    assert not problems["unknown"], f"GROUPS/NOT_SETTINGS name paths Scenario does not have: {problems['unknown']}"


def test_a_new_field_without_a_group_is_reported_by_name() -> None:
    class Extended(Scenario):
        shiny_new_setting: int = 0

    assert ungrouped_fields(Extended)["missing"] == ["shiny_new_setting"]


def test_group_of_paths() -> None:
    assert group_of("org.departments.0.engineers") == "org"
    assert group_of("decisions.founder.meeting_hour") == "decisions"
    assert group_of("equity.rounds.0.amount_usd") == "financing"
    assert group_of("equity.vesting_years") == "equity_policy"
    assert group_of("seed") is None and "seed" in NOT_SETTINGS


def test_preset_differences_are_listed_per_group(xiaomi: Scenario, hierarchical: Scenario) -> None:
    diff = differing_fields(xiaomi, hierarchical)
    assert list(diff) == [g for g in GROUPS if g != "cost"]  # the presets differ in every group but cost's defaults
    assert diff["work"] == ["work.days_per_week", "work.hours_per_day"]
    assert {"review.policy", "review.approvals"} <= set(diff["review"])
    assert "equity.rounds" in diff["financing"] and "equity.pay_mix" in diff["equity_policy"]
    assert differing_fields(xiaomi, xiaomi) == {}


# ---------------------------------------------------------------- Shapley, exact references


def test_shapley_two_players_by_hand() -> None:
    # v({})=0, v({0})=1, v({1})=2, v({0,1})=5: phi_0 = (1-0)/2 + (5-2)/2 = 2, phi_1 = (2-0)/2 + (5-1)/2 = 3
    v = {frozenset(): 0.0, frozenset({0}): 1.0, frozenset({1}): 2.0, frozenset({0, 1}): 5.0}
    assert shapley(v, 2) == [Fraction(2), Fraction(3)]


def test_shapley_glove_game() -> None:
    # Classic glove game: player 0 holds a left glove, 1 and 2 right gloves; a pair is worth 1.
    # Known Shapley values: 2/3 for the scarce left glove, 1/6 for each right glove.
    v = {}
    for mask in range(8):
        s = frozenset(i for i in range(3) if mask >> i & 1)
        v[s] = 1.0 if 0 in s and (1 in s or 2 in s) else 0.0
    assert shapley(v, 3) == [Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]


def test_shapley_additive_game_gives_each_its_own_part() -> None:
    parts = [0.5, -2.0, 3.25, 0.125]
    v = {}
    for mask in range(16):
        s = frozenset(i for i in range(4) if mask >> i & 1)
        v[s] = 10.0 + sum(parts[i] for i in s)
    assert [float(x) for x in shapley(v, 4)] == parts


# ---------------------------------------------------------------- small generated scenario pairs


def _base() -> dict[str, Any]:
    return {
        "name": "base",
        "seed": 7,
        "org": {
            "founders": [{"name": "A"}, {"name": "B"}],
            "departments": [{"name": "X", "head": "A", "engineers": 9}, {"name": "Y", "head": "B", "engineers": 5}],
            "max_team_size": 4,
            "max_span": None,
        },
        "work": {"days_per_week": 5, "hours_per_day": 8, "start_hour": 9},
        "review": {"changes_per_engineer_per_day": 1.0, "hours_per_review": 0.5,
                   "simulation_changes_per_team": 200},
        "decisions": {"simulation_draws": 1000},
        "equity": {
            "founded": "2010-01-01",
            "rounds": [{"name": "A", "date": "2011-01-01", "amount_usd": 1_000_000, "pre_money_usd": 4_000_000}],
        },
    }


VARIATIONS: dict[str, st.SearchStrategy[Any]] = {
    "org": st.fixed_dictionaries({
        "max_team_size": st.integers(2, 8),
        "max_span": st.one_of(st.none(), st.integers(2, 5)),
        "x": st.integers(1, 16),
    }),
    "work": st.fixed_dictionaries(
        {"days_per_week": st.integers(4, 7), "hours_per_day": st.sampled_from([6, 8, 10, 12])}
    ),
    "review": st.fixed_dictionaries({
        "policy": st.sampled_from(["review_first", "batched"]),
        "approvals": st.sampled_from([[], ["lead"]]),
        "hours_per_review": st.sampled_from([0.25, 0.5, 1.0]),
    }),
    "decisions": st.fixed_dictionaries({
        "escalations_per_engineer_per_week": st.sampled_from([0.5, 1.0, 2.0]),
        "founder": st.one_of(st.just({}), st.just({"meeting_interval_days": 3, "meeting_hour": 10.0})),
    }),
    "equity_policy": st.fixed_dictionaries({
        "pool_initial_pct": st.sampled_from([5.0, 10.0, 20.0]),
        "buyback_rate_per_year": st.sampled_from([0.0, 0.1]),
    }),
    "financing": st.fixed_dictionaries({
        "exit_valuation_usd": st.sampled_from([2e7, 1e8, 1e9]),
        "pre_money_usd": st.sampled_from([2e6, 4e6, 9e6]),
    }),
}


def _apply(mapping: dict[str, Any], group: str, change: dict[str, Any]) -> None:
    if group == "org":
        mapping["org"]["max_team_size"] = change["max_team_size"]
        mapping["org"]["max_span"] = change["max_span"]
        mapping["org"]["departments"][0]["engineers"] = change["x"]
    elif group == "work":
        mapping["work"].update(change)
    elif group == "review":
        mapping["review"].update(change)
    elif group == "decisions":
        mapping["decisions"].update(change)
    elif group == "equity_policy":
        mapping["equity"].update(change)
    else:
        mapping["equity"]["exit_valuation_usd"] = change["exit_valuation_usd"]
        mapping["equity"]["rounds"][0]["pre_money_usd"] = change["pre_money_usd"]


@st.composite
def scenario_pairs(draw: st.DrawFn, max_groups: int = 4) -> tuple[Scenario, Scenario]:
    a, b = _base(), _base()
    changed = draw(st.lists(st.sampled_from(list(VARIATIONS)), min_size=1, max_size=max_groups, unique=True))
    for group in changed:
        _apply(a, group, draw(VARIATIONS[group]))
        _apply(b, group, draw(VARIATIONS[group]))
    b["name"] = "other"
    return validate_scenario(a), validate_scenario(b)


def _close(x: float, y: float, scale: float) -> bool:
    return abs(x - y) <= 1e-9 * max(1.0, abs(scale))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_pairs())
def test_contributions_add_up_to_the_difference(pair: tuple[Scenario, Scenario]) -> None:
    a, b = pair
    result = attribute(a, b)
    plays, same = players(a, b)
    assert result.reports == 2 ** len(plays)
    assert set(result.groups) | set(result.identical_groups) == set(GROUPS)
    for key, item in result.figures.items():
        if item.total is None:
            assert item.undefined
            continue
        if item.undefined:
            assert item.groups == {} and item.undefined_subsets
            continue
        assert set(item.groups) == set(result.groups), key
        assert all(g not in item.groups for g in same)
        assert _close(math.fsum(item.groups.values()), item.total, max(abs(item.a or 0), abs(item.b or 0))), key


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_pairs(max_groups=3))
def test_the_section_shortcut_gives_the_full_reports_numbers(pair: tuple[Scenario, Scenario]) -> None:
    a, b = pair
    fast, full = attribute(a, b), attribute(a, b, shortcut=False)
    if full.refused:  # a refused mix leaves more undefined in the full run; skip those pairs
        return
    assert fast.figures == full.figures


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(VARIATIONS)), st.data())
def test_one_differing_group_takes_the_whole_difference(group: str, data: st.DataObject) -> None:
    a, b = _base(), _base()
    _apply(b, group, data.draw(VARIATIONS[group]))
    sa, sb = validate_scenario(a), validate_scenario(b)
    result = attribute(sa, sb)
    if sa == sb.model_copy(update={"name": sa.name}):
        assert result.groups == [] and result.reports == 1
        return
    assert result.groups == [group] and result.reports == 2
    for item in result.figures.values():
        if item.undefined:
            continue
        assert item.groups == {group: item.total}  # n = 1: phi = v(B) - v(A) exactly


# ---------------------------------------------------------------- undefined and refused mixes


def test_an_unstable_mix_makes_the_figure_undefined_not_invented() -> None:
    # A: 6 x 12 hours, 6 escalations a week each -> the founder is busy but stable;
    # B: 5 x 8 hours, 1 escalation a week. A's escalation rate in B's short week overloads the founders.
    a, b = _base(), _base()
    a["work"].update(days_per_week=6, hours_per_day=12)
    a["decisions"]["escalations_per_engineer_per_week"] = 6.0
    a["org"]["departments"] = [{"name": "X", "head": "A", "engineers": 9}, {"name": "Y", "head": "B", "engineers": 9}]
    b["org"]["departments"] = copy.deepcopy(a["org"]["departments"])
    sa, sb = validate_scenario(a), validate_scenario(b)
    result = attribute(sa, sb)
    item = next(v for k, v in result.figures.items() if k.startswith("decisions.escalation_p90"))
    assert item.a is not None and item.b is not None
    assert item.undefined and item.groups == {}
    assert ["work"] in item.undefined_subsets  # A's decisions with B's working week
    assert "cannot be split" in item.sentence
    # structure figures do not depend on the week: still split
    assert not result.figures["structure.levels"].undefined


def test_a_mix_that_fails_validation_is_named() -> None:
    a, b = _base(), _base()
    b["work"].update(start_hour=13, hours_per_day=6)
    b["decisions"]["founder"] = {"meeting_interval_days": 1, "meeting_hour": 14.0}
    a["decisions"]["founder"] = {"meeting_interval_days": 1, "meeting_hour": 10.0}
    sa, sb = validate_scenario(a), validate_scenario(b)
    with pytest.raises(ValueError, match="meeting_hour"):
        mixed_scenario(sa, sb, [p for p in players(sa, sb)[0] if p.name == "work"])
    result = attribute(sa, sb)
    assert set(result.refused) == {"work"}
    item = next(v for k, v in result.figures.items() if k.startswith("decisions.escalation_p90"))
    assert item.undefined and item.undefined_subsets == [["work"]]
    # the shape does not depend on the working week: its figures stay split
    assert not result.figures["structure.levels"].undefined
    full = attribute(sa, sb, shortcut=False)  # one full report per coalition: every figure refused at {work}
    assert full.figures["structure.levels"].undefined_subsets == [["work"]]


def test_a_section_present_on_one_side_only_moves_as_one_player() -> None:
    a, b = _base(), _base()
    a["equity"] = None
    sa, sb = validate_scenario(a), validate_scenario(b)
    plays, _same = players(sa, sb)
    assert [p.name for p in plays] == ["equity_policy+financing"]
    result = attribute(sa, sb)
    assert result.figures["equity.founders_ownership_pct"].total is None
    assert result.figures["structure.levels"].groups == {"equity_policy+financing": 0.0}


# ---------------------------------------------------------------- presets and CLI


def test_presets_split_by_group(xiaomi: Scenario, hierarchical: Scenario) -> None:
    result = attribute(xiaomi, hierarchical)
    levels = result.figures["structure.levels"]
    assert levels.groups["org"] == levels.total == 1.0  # only shape can add a level
    assert all(v == 0.0 for g, v in levels.groups.items() if g != "org")
    founders = result.figures["equity.founders_ownership_pct"]
    # founders' ownership depends on rounds only here (neither preset splits founders' shares unequally)
    assert founders.groups["org"] == 0.0 and founders.groups["review"] == 0.0
    assert "financing" in founders.sentence


def test_cli_compare_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "presets/xiaomi-2012.yaml", "presets/hierarchical-400.yaml", "--explain",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    attribution = data["attribution"]
    key = next(k for k in attribution if k.startswith("review.p90"))
    item = attribution[key]
    assert set(item) >= {"total", "groups", "undefined"}
    assert not item["undefined"]
    assert _close(math.fsum(item["groups"].values()), item["total"], item["total"])
    assert "rows" in data  # the comparison is still there


def test_cli_compare_explain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "presets/xiaomi-2012.yaml", "presets/hierarchical-400.yaml", "--explain"]) == 0
    out = capsys.readouterr().out
    assert "equity_policy" in out and "financing" in out and "Levels" in out
    text = out[out.index("A = Xiaomi"):]
    assert text.count("\n") > 20


def test_attribution_text_names_identical_groups(xiaomi: Scenario) -> None:
    other = xiaomi.model_copy(update={"work": xiaomi.work.model_copy(update={"hours_per_day": 10.0})})
    text = attribution_text(attribute(xiaomi, other))
    assert "Groups that differ: work;" in text and "2 reports" in text


def test_waterfall_walks_from_a_through_the_contributions_to_b() -> None:
    from orgmodel.charts.compare import attribution_waterfall

    fig = attribution_waterfall("A", "B", 1.5, {"org": 0.5, "review": 4.0}, 6.0, label="Review wait", unit="h")
    bars = fig.data[0]
    assert list(bars.measure) == ["absolute", "relative", "relative", "total"]
    assert list(bars.x) == ["A", "org", "review", "B"]
    assert bars.y[0] + sum(bars.y[1:3]) == bars.y[3]


@pytest.mark.usefixtures("fresh_caches")
def test_compare_page_explains_the_presets_difference() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception, at.exception
    text = " ".join(md.value for md in at.markdown)
    assert "financing (rounds with staff buy-in" in text  # the note on what differs, by group
    assert "Review wait, p90: of the" in text and "review policy contributes the most" in text
    figures = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    waterfalls = [f for f in figures if f["data"] and f["data"][0].get("type") == "waterfall"]
    assert len(waterfalls) == 1
    spec = waterfalls[0]["data"][0]
    assert spec["x"][1:-1] == ["org", "work", "review", "decisions", "equity_policy", "financing"]
    assert spec["y"][0] + math.fsum(spec["y"][1:-1]) == pytest.approx(spec["y"][-1], rel=1e-9)
