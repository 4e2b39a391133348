"""Cached computations, keyed by a scenario's canonical JSON. Results are compact pydantic objects.

`st.cache_data` hands each caller its own copy, so nothing mutable is shared between sessions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from app_pages import state
from orgmodel.compare import Comparison, compare_reports
from orgmodel.decisions.analysis import analyse_decisions
from orgmodel.decisions.week import time_budget
from orgmodel.equity.analysis import analyse_equity
from orgmodel.orgcsv import table_from_csv
from orgmodel.orgtable import OrgTable, layout
from orgmodel.report import Report, build_report, summarise
from orgmodel.review.analysis import analyse_review
from orgmodel.review.sweep import SweepResult, sweep_team_size
from orgmodel.scenario import Scenario
from orgmodel.structure import StructureMetrics, measure_structure


@st.cache_data(max_entries=64, show_spinner=False)
def org_table(scenario_json: str) -> OrgTable:
    """The laid-out organisation (numpy columns; small even at 100,000 people)."""
    return layout(Scenario.model_validate_json(scenario_json))


ENGINES: dict[str, tuple[str, Callable[[Scenario, OrgTable], Any]]] = {
    "review": ("review", analyse_review),
    "decisions": ("decisions", analyse_decisions),
    "time_budget": ("decisions", lambda scenario, _table: time_budget(scenario)),
    "equity": ("equity", analyse_equity),
}
"""Report section -> (scenario section it needs, engine)."""


@st.cache_data(max_entries=64, show_spinner=False)
def report_and_problems(scenario_json: str) -> tuple[Report, dict[str, str]]:
    """Every engine's result for the scenario, and section -> why an engine refused it.

    `build_report` runs every engine and refuses the whole scenario if one engine does; then each
    engine is run on its own here, so one refusal leaves the other sections on screen.
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
    for section, (needs, engine) in ENGINES.items():
        if getattr(built, section) is not None or getattr(scenario, needs) is None:
            continue
        try:
            updates[section] = engine(scenario, table)
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
def review_sweep(scenario_json: str, values: Sequence[int]) -> SweepResult | None:
    """Review turnaround and channels as ``org.max_team_size`` varies (None without a review section)."""
    scenario = Scenario.model_validate_json(scenario_json)
    if scenario.review is None:
        return None
    return sweep_team_size(scenario, list(values))


@st.cache_data(max_entries=8, show_spinner=False)
def csv_org(data: bytes) -> tuple[OrgTable, StructureMetrics]:
    """An uploaded org chart and its structure metrics (raises InputError on a bad file)."""
    table = table_from_csv(data)
    return table, measure_structure(table)
