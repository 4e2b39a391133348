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
from orgmodel.figures import Figure
from orgmodel.layout import layout
from orgmodel.loading import load_preset
from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable
from orgmodel.report import build_report, report_text
from orgmodel.scenario import Scenario


class Coffee(Result):
    """A toy result: cups of coffee the organisation drinks per working day."""

    cups_per_day: float = Field(description="cups per working day")


def _coffee(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    return Coffee(cups_per_day=2.0 * len(table))


TOY = Engine("coffee", "Coffee", _coffee, figures=(
    Figure("coffee", "cups_per_day", "Coffee drunk", "cups/day", "lower", "Two cups per person per working day."),
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
