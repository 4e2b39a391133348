"""The engine contract: a toy engine registered here shows up everywhere with no other file changed,
and every registered engine passes one common check (JSON round trip, determinism, refusal)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from pydantic import Field

from orgmodel.cli import main
from orgmodel.compare import compare_reports, comparison_text
from orgmodel.engines import Engine, engine, engines, register, unregister
from orgmodel.headlines import Headline
from orgmodel.layout import layout
from orgmodel.loading import load_preset
from orgmodel.model_base import Result, StrictModel
from orgmodel.orgtable import OrgTable
from orgmodel.report import build_report, report_text
from orgmodel.scenario import Scenario
from orgmodel.source import assumption


class Coffee(Result):
    """A toy result: cups of coffee the organisation drinks per working day."""

    cups_per_day: float = Field(description="cups per working day")


def _coffee(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    return Coffee(cups_per_day=2.0 * len(table))


TOY = Engine("coffee", "Coffee", _coffee, figures=(
    Headline("coffee", "cups_per_day", "Coffee drunk", "cups/day", "lower", "Two cups per person per working day."),
))


@pytest.fixture
def toy() -> Iterator[Engine]:
    register(TOY)
    try:
        yield TOY
    finally:
        unregister(TOY.section)


def test_toy_engine_is_in_the_json_report_and_the_text(toy: Engine) -> None:
    report = build_report(load_preset("xiaomi-2012"))
    data = json.loads(report.model_dump_json())
    assert data["coffee"] == {"cups_per_day": 800.0}
    assert "Coffee drunk" in report_text(report) and "800" in report_text(report)


def test_toy_engine_is_in_the_cli(toy: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "presets/xiaomi-2012.yaml", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["coffee"]["cups_per_day"] == 800.0
    assert main(["report", "presets/hierarchical-400.yaml"]) == 0
    assert "Coffee drunk" in capsys.readouterr().out


def test_toy_engine_is_in_compare(toy: Engine) -> None:
    a, b = build_report(load_preset("xiaomi-2012")), build_report(load_preset("hierarchical-400"))
    row = next(r for r in compare_reports(a, b).rows if r.section == "coffee")
    assert (row.a, row.b, row.delta, row.verdict) == (800.0, 800.0, 0.0, "same")
    assert "Coffee drunk" in comparison_text(compare_reports(a, b))


@pytest.mark.slow
def test_toy_engine_is_in_the_app(toy: Engine, fresh_caches: None) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).parent.parent / "app.py"), default_timeout=60).run()
    assert not at.exception
    at.session_state["org_every_figure"] = True  # open "Every figure in the report"
    at.run()
    tables = [df.value for df in at.dataframe]
    assert any("Coffee drunk" in set(t.get("figure", [])) for t in tables), "the toy figure is not on the page"
    at.switch_page("app_pages/compare.py").run()
    assert not at.exception
    assert any("Coffee drunk" in set(t.get("figure", [])) for t in (df.value for df in at.dataframe))


def test_a_refusal_stays_in_its_section(toy: Engine) -> None:
    def refuse(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
        raise ValueError("review.hours_per_review = 3: the toy refuses it")

    built_in = engine("review")
    register(Engine("review", "Review turnaround", refuse, settings="review"))
    try:
        report = build_report(load_preset("xiaomi-2012"))
    finally:
        register(built_in)
    assert report.review is None and "toy refuses" in report.refused["review"]
    assert report.decisions is not None and report.equity is not None
    assert report.section("coffee") is not None
    assert "refused: review.hours_per_review = 3" in report_text(report)


def test_only_the_sections_asked_for_run_with_what_they_use() -> None:
    report = build_report(load_preset("xiaomi-2012"), sections=["time_budget"])
    assert set(report.sections) == {"structure", "review", "time_budget"}


@pytest.mark.parametrize("preset", ["xiaomi-2012", "hierarchical-400"])
def test_every_engine_round_trips_json_and_is_deterministic(preset: str) -> None:
    """The common check every registered engine passes (scikit-learn's check_estimator, in small)."""
    scenario = load_preset(preset)
    table = layout(scenario)
    done: dict[str, Result] = {}
    for e in engines():
        if not e.applies(scenario):
            continue
        first = e.run(scenario, table, done)
        again = e.run(scenario, table, done)
        assert first.model_dump_json() == again.model_dump_json(), f"{e.section} is not deterministic"
        assert type(first).model_validate_json(first.model_dump_json()) == first, f"{e.section} JSON round trip"
        keys = set(type(first).model_fields)
        for figure in e.figures:
            assert figure.section == e.section and figure.key in keys, f"{figure.key} is not a field of {e.section}"
        done[e.section] = first


# --- a toy engine WITH settings: its own model, defaults' provenance, group and sidebar control, one register line

class CoffeeSettings(StrictModel):
    """A toy settings section: how much coffee each person drinks."""

    cups_per_person_per_day: float = Field(default=2.0, ge=0, le=20, description="cups per person per working day")


class Brew(Result):
    """A toy result with settings."""

    cups_per_day: float = Field(description="cups per working day")


def _brew(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    settings = scenario.settings("brew")
    assert isinstance(settings, CoffeeSettings)
    return Brew(cups_per_day=settings.cups_per_person_per_day * len(table))


BREW = Engine(
    "brew", "Coffee brewing", _brew, settings="brew", settings_model=CoffeeSettings, result=Brew,
    figures=(Headline("brew", "cups_per_day", "Coffee brewed", "cups/day", "lower", "Cups per working day."),),
    provenance={"brew": assumption("No coffee section: no coffee figures."),
                "brew.cups_per_person_per_day": assumption("Two cups a day: a guess.")},
    controls=("cups_per_person_per_day",), controls_title="Coffee",
)


def _with_brew(preset: str, cups: float) -> Scenario:
    mapping = load_preset(preset).model_dump(mode="json")
    mapping["brew"] = {"cups_per_person_per_day": cups}
    return Scenario.model_validate(mapping)


@pytest.fixture
def brew() -> Iterator[Engine]:
    register(BREW)
    try:
        yield BREW
    finally:
        unregister(BREW.section)


def test_a_settings_engine_adds_its_section_to_the_scenario_and_its_schema(brew: Engine) -> None:
    assert "brew" in Scenario.model_json_schema()["properties"]
    scenario = _with_brew("xiaomi-2012", 3.0)
    assert isinstance(scenario.settings("brew"), CoffeeSettings)
    assert load_preset("xiaomi-2012").settings("brew") is None  # a section left out is null
    assert json.loads(scenario.model_dump_json())["brew"] == {"cups_per_person_per_day": 3.0}
    with pytest.raises(ValueError, match="cups_per_person_per_day"):
        _with_brew("xiaomi-2012", 99.0)


def test_a_settings_engine_is_read_from_yaml_and_set_from_the_cli(brew: Engine, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from orgmodel.loading import load_scenario, scenario_to_yaml

    path = tmp_path / "coffee.yaml"
    path.write_text(scenario_to_yaml(_with_brew("xiaomi-2012", 3.0)))
    assert load_scenario(str(path)).settings("brew") == CoffeeSettings(cups_per_person_per_day=3.0)
    assert main(["report", str(path), "--set", "brew.cups_per_person_per_day=1.5", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["brew"]["cups_per_day"] == 600.0


def test_a_settings_engine_is_a_group_in_the_attribution(brew: Engine) -> None:
    from orgmodel.attribution import attribute
    from orgmodel.groups import GROUPS, section_groups, ungrouped_fields

    assert GROUPS["brew"] == ("brew",) and section_groups("brew") == {"org", "work", "brew"}
    assert ungrouped_fields() == {"missing": [], "twice": [], "unknown": []}
    a, b = _with_brew("xiaomi-2012", 2.0), _with_brew("xiaomi-2012", 3.0)
    b = b.model_copy(update={"org": b.org.model_copy(update={"max_team_size": 6})})
    result = attribute(a, b)
    split = result.figures["brew.cups_per_day"]
    assert split.total is not None and split.groups["brew"] + split.groups["org"] == pytest.approx(split.total)
    assert split.groups["brew"] > 0


def test_a_settings_engine_is_grown_and_its_defaults_are_sourced(brew: Engine) -> None:
    from orgmodel.growth import grow
    from orgmodel.provenance import DEFAULT_PROVENANCE, missing_default_provenance, provenance_rows

    growth = grow(_with_brew("xiaomi-2012", 2.0), [100, 400])
    assert [p.value("brew.cups_per_day") for p in growth.points] == [2.0 * p.headcount for p in growth.points]
    assert "brew.cups_per_person_per_day" in DEFAULT_PROVENANCE and not missing_default_provenance()
    rows = {r.path: r for r in provenance_rows(_with_brew("xiaomi-2012", 2.0))}
    assert rows["brew.cups_per_person_per_day"].kind == "assumption"


def test_unregistering_a_settings_engine_drops_its_section(brew: Engine) -> None:
    unregister("brew")
    try:
        assert "brew" not in Scenario.model_fields
        with pytest.raises(ValueError, match="brew"):
            _with_brew("xiaomi-2012", 2.0)
    finally:
        register(BREW)
    assert "brew" in Scenario.model_fields


@pytest.mark.slow
def test_a_settings_engine_is_in_the_sidebar_and_on_the_assumptions_page(brew: Engine, fresh_caches: None) -> None:
    from streamlit.testing.v1 import AppTest

    scenario = _with_brew("xiaomi-2012", 2.0)
    at = AppTest.from_file(str(Path(__file__).parent.parent / "app.py"), default_timeout=60)
    at.session_state["om.base_name"] = "upload:coffee.yaml"
    at.session_state["om.base"] = scenario.model_dump(mode="json")
    at.session_state["om.overrides"] = {}
    at.session_state["om.good"] = scenario.model_dump_json()
    at.session_state["om.sb.brew"] = True  # open the engine's sidebar box
    at.run()
    assert not at.exception, at.exception
    assert any(e.label == "Cups per person per day" for e in at.sidebar.number_input)
    at.switch_page("app_pages/assumptions.py").run()
    assert not at.exception, at.exception
    shown = " ".join(str(df.value.to_dict()) for df in at.dataframe)
    assert "brew.cups_per_person_per_day" in shown


def test_a_registered_section_is_an_attribute_of_the_report(toy: Engine) -> None:
    report = build_report(load_preset("xiaomi-2012"))
    assert report.coffee == report.section("coffee")  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="no attribute"):
        _ = report.tea  # type: ignore[attr-defined]
