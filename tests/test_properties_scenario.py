"""Property tests (hypothesis): generated scenarios through validation, layout and every engine.

Scenarios are generated as plain mappings, the way a YAML upload or the app hands them over,
and pushed through `orgmodel.loading.validate_scenario`, then `layout`, `measure_structure`,
the CSV and YAML round trips and `build_report` (review, decisions, time budget, equity).

Properties:

- validation either returns a `Scenario` or raises `InputError` with at least one problem; no
  other exception escapes (``invalid`` cases also name the field that was broken);
- a valid scenario gives a report whose every number is finite; a None figure in the review or
  decisions sections comes with ``unstable = True`` (or a note, for a team that cannot review);
- the org chart survives CSV and YAML round trips with equal structure metrics.

Example counts are the ``*_EXAMPLES`` constants below; docs/robustness.md cites them.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from typing import Any, Literal, get_args, get_origin

import annotated_types as at
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from orgmodel.decisions.settings import DecisionSettings, RolePolicy
from orgmodel.errors import InputError
from orgmodel.layout import layout
from orgmodel.loading import load_preset, parse_scenario, scenario_to_yaml, validate_scenario
from orgmodel.orgcsv import table_from_csv, table_to_csv
from orgmodel.report import build_report
from orgmodel.review.settings import ReviewSettings
from orgmodel.structure import measure_structure

SCHEMA_EXAMPLES = 2_000
"""Mappings (valid and invalid) pushed through validation, layout and structure."""
ENGINE_EXAMPLES = 120
"""Valid scenarios with every engine section pushed through `build_report`."""
BROKEN_EXAMPLES = 120
"""Valid scenarios with one numeric field broken, checked to be refused naming that field."""
ROUND_TRIP_EXAMPLES = 150
"""Valid scenarios through the CSV and YAML round trips."""

FAST = settings(
    deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
"""Derandomised: the same examples on every run, so a failure reproduces and CI is not flaky."""
NAMES = st.sampled_from(["A", "B", "C", "Lei Jun", "林斌", "x" * 80])
BASE = load_preset("xiaomi-2012").model_dump(mode="json")


def _bounds(info: FieldInfo) -> tuple[float | None, float | None, bool, bool]:
    lo = hi = None
    lo_open = hi_open = False
    for meta in info.metadata:
        if isinstance(meta, at.Ge):
            lo = float(meta.ge)  # type: ignore[arg-type]
        elif isinstance(meta, at.Gt):
            lo, lo_open = float(meta.gt), True  # type: ignore[arg-type]
        elif isinstance(meta, at.Le):
            hi = float(meta.le)  # type: ignore[arg-type]
        elif isinstance(meta, at.Lt):
            hi, hi_open = float(meta.lt), True  # type: ignore[arg-type]
    return lo, hi, lo_open, hi_open


def _kind(annotation: Any) -> Any:
    """The non-None type of ``X | None``, and whether None is allowed."""
    args = [a for a in get_args(annotation) if a is not type(None)]
    if get_origin(annotation) is not None and len(args) == 1 and type(None) in get_args(annotation):
        return args[0]
    return annotation


def value_strategy(info: FieldInfo) -> st.SearchStrategy[Any] | None:
    """Values inside the field's declared range (ends included), or None for fields left as is."""
    kind = _kind(info.annotation)
    optional = type(None) in get_args(info.annotation)
    lo, hi, lo_open, hi_open = _bounds(info)
    strategy: st.SearchStrategy[Any] | None
    if kind is bool:
        strategy = st.booleans()
    elif get_origin(kind) is Literal:
        strategy = st.sampled_from(get_args(kind))
    elif kind is int and lo is not None and hi is not None:
        low, high = math.ceil(lo + lo_open), math.floor(hi - hi_open)
        strategy = st.one_of(st.integers(low, min(high, low + 50)), st.sampled_from([low, high]))
    elif kind is float and lo is not None and hi is not None:
        strategy = st.one_of(
            st.floats(lo, hi, exclude_min=lo_open, exclude_max=hi_open, allow_nan=False),
            st.sampled_from([v for v in (lo, hi, (lo + hi) / 2)
                             if not (v == lo and lo_open) and not (v == hi and hi_open)]),
        )
    elif isinstance(kind, type) and issubclass(kind, BaseModel):
        strategy = model_strategy(kind)
    else:
        return None
    return st.one_of(st.none(), strategy) if optional and strategy is not None else strategy


def model_strategy(model: type[BaseModel], base: dict[str, Any] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping for ``model``: fields drawn in range, or taken from ``base``, or left to default."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        strategy = value_strategy(info)
        if strategy is not None:
            fields[name] = strategy
    fixed = {k: v for k, v in (base or {}).items() if k not in fields}
    return st.fixed_dictionaries({}, optional=fields).map(lambda drawn: {**copy.deepcopy(fixed), **drawn})


@st.composite
def org_mappings(draw: st.DrawFn, valid: bool = True, max_engineers: int = 60) -> dict[str, Any]:
    founders = draw(st.lists(NAMES, min_size=1, max_size=4, unique=valid))
    heads = st.sampled_from(founders) if valid else st.one_of(st.sampled_from(founders), NAMES)
    depts = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.sampled_from(["MIUI", "Phone", "Ops", "R&D", "X"]),
                    "head": heads,
                    "engineers": st.integers(0, max_engineers) if valid else st.integers(-5, 10**13),
                }
            ),
            max_size=5,
            unique_by=(lambda d: d["name"]) if valid else None,
        )
    )
    sizes = st.integers(1, 12) if valid else st.integers(-3, 20_000)
    return {
        "founders": [{"name": n} for n in founders],
        "departments": depts,
        "max_team_size": draw(sizes),
        "max_span": draw(st.one_of(st.none(), st.integers(2, 12) if valid else st.integers(-2, 20_000))),
    }


@st.composite
def scenario_mappings(draw: st.DrawFn, valid: bool = True, engines: bool = False) -> dict[str, Any]:
    days = st.integers(1, 7) if valid else st.one_of(st.integers(-2, 9), st.floats(allow_nan=True))
    hours = st.floats(0.5, 12) if valid else st.one_of(st.floats(-1, 30), st.just(float("nan")), st.just("eight"))
    mapping: dict[str, Any] = {
        "name": draw(st.text(min_size=1, max_size=20)) if valid else draw(st.text(max_size=200)),
        "seed": draw(st.integers(0, 2**32 - 1) if valid else st.integers(-10, 2**40)),
        "org": draw(org_mappings(valid=valid, max_engineers=40 if engines else 60)),
        "work": {"days_per_week": draw(days), "hours_per_day": draw(hours), "start_hour": 8.0},
    }
    if engines:
        mapping["review"] = draw(model_strategy(ReviewSettings, BASE["review"]))
        mapping["review"]["simulation_changes_per_team"] = 200
        for cv in ("review_cv", "approval_cv"):  # cv**2 underflowing to 0 divides by zero: reported,
            value = mapping["review"].get(cv)     # pinned by test_robustness_edges.py (xfail)
            if value is not None and 0 < value < 1e-150:
                mapping["review"][cv] = 0.0
        decisions = draw(model_strategy(DecisionSettings, BASE["decisions"]))
        decisions["simulation_draws"] = 1_000
        mapping["decisions"] = decisions
        equity = copy.deepcopy(BASE["equity"])
        equity.update(draw(model_strategy(_EquityNumbers)))
        # founder_shares below 1 is refused by the schema (test_tiny_founder_shares_are_refused_by_validation).
        equity["founder_shares"] = max(equity["founder_shares"], 1.0)
        equity["founder_split"] = None
        equity["buy_in_people"] = draw(st.integers(1, 60))
        mapping["equity"] = equity
    return mapping


class _EquityNumbers(BaseModel):
    """The scalar equity fields the generator varies (ranges copied from `EquitySettings`)."""

    from orgmodel.equity.settings import EquitySettings as _E

    pool_initial_pct: float = _E.model_fields["pool_initial_pct"]
    pool_granted_share: float = _E.model_fields["pool_granted_share"]
    vesting_years: float = _E.model_fields["vesting_years"]
    buyback_rate_per_year: float = _E.model_fields["buyback_rate_per_year"]
    exit_valuation_usd: float = _E.model_fields["exit_valuation_usd"]
    founder_shares: float = _E.model_fields["founder_shares"]


def _numbers(node: Any, path: str = "") -> list[tuple[str, float]]:
    """Every number in a JSON-ready object, with its dotted path."""
    if isinstance(node, bool):
        return []
    if isinstance(node, int | float):
        return [(path, float(node))]
    if isinstance(node, dict):
        return [x for k, v in node.items() for x in _numbers(v, f"{path}.{k}" if path else str(k))]
    if isinstance(node, list):
        return [x for i, v in enumerate(node) for x in _numbers(v, f"{path}.{i}")]
    return []


def _validate(mapping: dict[str, Any]) -> Any:
    try:
        return validate_scenario(mapping)
    except InputError as err:
        assert err.problems and all(isinstance(p, str) and p for p in err.problems)
        return None


@pytest.mark.slow
@settings(FAST, max_examples=SCHEMA_EXAMPLES)
@given(st.one_of(scenario_mappings(valid=True), scenario_mappings(valid=False)))
def test_any_mapping_validates_or_is_refused_and_lays_out(mapping: dict[str, Any]) -> None:
    scenario = _validate(mapping)
    if scenario is None:
        return
    table = layout(scenario)
    metrics = measure_structure(table)
    assert metrics.headcount == len(table) == len(scenario.org.founders) + metrics.managers + metrics.leads + (
        scenario.org.engineers
    )
    assert max(t for t in (metrics.team_size_histogram or {0: 0})) <= scenario.org.team_cap
    for path, value in _numbers(metrics.model_dump(mode="json")):
        assert math.isfinite(value), path


@pytest.mark.slow
@settings(FAST, max_examples=ENGINE_EXAMPLES)
@given(scenario_mappings(valid=True, engines=True))
def test_every_engine_gives_finite_figures_or_says_unstable(mapping: dict[str, Any]) -> None:
    scenario = _validate(mapping)
    assume(scenario is not None)  # model validators (cliff > vesting, meeting days) may refuse
    report = build_report(scenario)
    data = report.model_dump(mode="json")
    for path, value in _numbers(data):
        assert math.isfinite(value), f"{path} = {value}"
    _none_means_unstable(data["review"], "review")
    _none_means_unstable(data["decisions"], "decisions")


def _none_means_unstable(section: dict[str, Any] | None, name: str) -> None:
    if section is None:
        return
    headline = [k for k in ("mean_working_hours", "p50_working_hours", "p90_working_hours", "escalation_mean_working_hours") if k in section]
    missing = [k for k in headline if section[k] is None]
    if missing and not section.get("unstable"):
        notes = " ".join(section.get("notes") or [])
        assert notes, f"{name}: {missing} are None without unstable=True or a note"


BAD_VALUES = [-1, -1e9, 1e300, 10**13, float("nan"), float("inf"), float("-inf"), "ten", [], {}]


@pytest.mark.slow
@settings(FAST, max_examples=BROKEN_EXAMPLES)
@given(scenario_mappings(valid=True, engines=True), st.data())
def test_one_broken_number_is_refused_naming_its_field(mapping: dict[str, Any], data: st.DataObject) -> None:
    assume(_validate(mapping) is not None)
    paths = [p for p, _ in _numbers(mapping) if not p.startswith("provenance")]
    path = data.draw(st.sampled_from(paths))
    bad = data.draw(st.sampled_from(BAD_VALUES))
    node: Any = mapping
    *parents, last = path.split(".")
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    old = node[int(last)] if isinstance(node, list) else node[last]
    if isinstance(node, list):
        node[int(last)] = bad
    else:
        node[last] = bad
    try:
        validate_scenario(mapping)
    except InputError as err:
        shown = str(err)
        leaf = path.split(".")[-1]
        assert leaf in shown, f"{path} = {bad!r} refused without naming it: {shown}"
        return
    # Some "bad" values are legal for some fields (a huge float for exit_valuation_usd is not,
    # but -1 may be legal for nothing); only an accepted value inside the field's range passes.
    accepted = validate_scenario(mapping)
    value = _numbers(accepted.model_dump(mode="json"))
    assert all(math.isfinite(v) for _, v in value), (path, bad, old)


@settings(FAST, max_examples=ROUND_TRIP_EXAMPLES)
@given(scenario_mappings(valid=True))
def test_round_trips_keep_the_organisation(mapping: dict[str, Any]) -> None:
    scenario = _validate(mapping)
    assume(scenario is not None)
    assert parse_scenario(scenario_to_yaml(scenario)) == scenario
    table = layout(scenario)
    assume(len(table) > len(scenario.org.founders))  # a file of founders only is refused: nothing to analyse
    back = measure_structure(table_from_csv(table_to_csv(table)))
    # A department with no engineers has no rows in a CSV of people, so only it can be lost.
    staffed = sum(1 for d in scenario.org.departments if d.engineers > 0)
    assert back == measure_structure(table).model_copy(update={"departments": staffed})


@pytest.mark.parametrize("role", ["founder", "manager", "lead"])
def test_role_policies_have_bounded_numbers(role: str) -> None:
    """Every numeric field of the policy models has both ends, so generated values stay finite."""
    for model in (RolePolicy, ReviewSettings, DecisionSettings):
        for name, info in model.model_fields.items():
            if _kind(info.annotation) in (int, float):
                lo, hi, *_ = _bounds(info)
                assert lo is not None and hi is not None, f"{model.__name__}.{name} has an open range"
    assert isinstance(BASE["decisions"][role], dict)


def test_generated_dates_are_the_presets() -> None:
    """The generator keeps the preset's rounds and dates (they are checked by hand elsewhere)."""
    assert dt.date.fromisoformat(BASE["equity"]["founded"]) < dt.date.fromisoformat(BASE["equity"]["rounds"][0]["date"])
