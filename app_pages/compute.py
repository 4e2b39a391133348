"""Cached computations, keyed by a scenario's canonical JSON. Results are compact pydantic objects.

`st.cache_data` hands each caller its own copy, so nothing mutable is shared between sessions.
Engines still being written are imported lazily: a missing engine gives None, not an error.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

import streamlit as st

from app_pages import state
from orgmodel.compare import Comparison, compare_reports
from orgmodel.orgcsv import table_from_csv
from orgmodel.orgtable import OrgTable, layout
from orgmodel.report import Report, build_report, summarise
from orgmodel.scenario import Scenario
from orgmodel.structure import StructureMetrics, measure_structure


def _engine(module: str, name: str) -> Any:
    """An engine function if its module has landed, else None."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


@st.cache_data(max_entries=64, show_spinner=False)
def org_table(scenario_json: str) -> OrgTable:
    """The laid-out organisation (numpy columns; small even at 100,000 people)."""
    return layout(Scenario.model_validate_json(scenario_json))


ENGINES: dict[str, tuple[str, str, str]] = {
    "review": ("review", "orgmodel.review.analysis", "analyse_review"),
    "decisions": ("decisions", "orgmodel.decisions.analysis", "analyse_decisions"),
    "time_budget": ("decisions", "orgmodel.decisions.week", "time_budget"),
    "equity": ("equity", "orgmodel.equity.analysis", "analyse_equity"),
}
"""Report section -> (scenario section it needs, engine module, function)."""


@st.cache_data(max_entries=64, show_spinner=False)
def report_and_problems(scenario_json: str) -> tuple[Report, dict[str, str]]:
    """Every engine's result for the scenario, and section -> why an engine refused it.

    `build_report` runs the engines it knows; a section it leaves empty while the scenario has the
    settings for it is filled here from the engine directly (engines landing one by one).
    """
    scenario = Scenario.model_validate_json(scenario_json)
    table = org_table(scenario_json)
    problems: dict[str, str] = {}
    try:
        built = build_report(scenario, table)
    except ValueError as err:
        problems["report"] = str(err)
        built = Report(scenario=summarise(scenario), structure=measure_structure(table))
    updates: dict[str, Any] = {}
    for section, (needs, module, name) in ENGINES.items():
        if getattr(built, section) is not None or getattr(scenario, needs) is None:
            continue
        engine = _engine(module, name)
        if engine is None:
            continue
        try:
            updates[section] = engine(scenario) if section == "time_budget" else engine(scenario, table)
        except ValueError as err:
            problems[section] = str(err)
    return (built.model_copy(update=updates) if updates else built), problems


def report(scenario_json: str) -> Report:
    """Every engine's result for the scenario (cached)."""
    return report_and_problems(scenario_json)[0]


def problems(scenario_json: str) -> dict[str, str]:
    """Section -> the engine's refusal, for sections it could not compute."""
    return report_and_problems(scenario_json)[1]


def preset_json(name: str) -> str:
    return Scenario.model_validate(state.preset_mapping(name)).model_dump_json()


def comparison(a_json: str, b_json: str) -> Comparison:
    """The reports of two scenarios side by side."""
    return compare_reports(report(a_json), report(b_json))


@st.cache_data(max_entries=32, show_spinner=False)
def review_sweep(scenario_json: str, values: Sequence[int]) -> Any:
    """Review turnaround and channels as ``org.max_team_size`` varies (None until the engine lands)."""
    sweep = _engine("orgmodel.review.sweep", "sweep_team_size")
    scenario = Scenario.model_validate_json(scenario_json)
    if sweep is None or scenario.review is None:
        return None
    return sweep(scenario, list(values))


@st.cache_data(max_entries=8, show_spinner=False)
def csv_org(data: bytes) -> tuple[OrgTable, StructureMetrics]:
    """An uploaded org chart and its structure metrics (raises InputError on a bad file)."""
    table = table_from_csv(data)
    return table, measure_structure(table)
