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
from orgmodel.report import Report, build_report
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


@st.cache_data(max_entries=64, show_spinner=False)
def report(scenario_json: str) -> Report:
    """Every engine's result for the scenario."""
    scenario = Scenario.model_validate_json(scenario_json)
    return build_report(scenario, org_table(scenario_json))


def preset_json(name: str) -> str:
    return Scenario.model_validate(state.preset_mapping(name)).model_dump_json()


def comparison(a_json: str, b_json: str) -> Comparison:
    return compare_reports(report(a_json), report(b_json))


@st.cache_data(max_entries=32, show_spinner=False)
def review_sweep(scenario_json: str, values: Sequence[int]) -> Any:
    """Review turnaround and channels as ``org.max_team_size`` varies (None until the engine lands)."""
    sweep = _engine("orgmodel.review.sweep", "sweep_team_size")
    scenario = Scenario.model_validate_json(scenario_json)
    if sweep is None or scenario.review is None:
        return None
    return sweep(scenario, list(values))


@st.cache_data(max_entries=64, show_spinner=False)
def equity(scenario_json: str, exit_valuation_usd: float | None, buyback_rate_per_year: float | None) -> Any:
    """Equity analysis with the app's valuation and buyback controls (None without the engine)."""
    analyse = _engine("orgmodel.equity.analysis", "analyse_equity")
    scenario = Scenario.model_validate_json(scenario_json)
    if analyse is None or scenario.equity is None:
        return None
    return analyse(scenario, org_table(scenario_json), exit_valuation_usd=exit_valuation_usd,
                   buyback_rate_per_year=buyback_rate_per_year)


@st.cache_data(max_entries=8, show_spinner=False)
def csv_org(data: bytes) -> tuple[OrgTable, StructureMetrics]:
    """An uploaded org chart and its structure metrics (raises InputError on a bad file)."""
    table = table_from_csv(data)
    return table, measure_structure(table)
