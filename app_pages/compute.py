"""Cached calls into the library, keyed by a scenario's canonical JSON. Results are compact pydantic objects.

`st.cache_data` hands each caller its own copy, so nothing mutable is shared between sessions. Nothing
is computed here: every function calls one `orgmodel` function.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from app_pages import state
from orgmodel.compare import Comparison, compare_reports
from orgmodel.orgcsv import table_from_csv
from orgmodel.orgtable import OrgTable, layout
from orgmodel.report import Report, build_report, table_report
from orgmodel.review.sweep import SweepResult, sweep_team_size
from orgmodel.scenario import Scenario


@st.cache_data(max_entries=64, show_spinner=False)
def org_table(scenario_json: str) -> OrgTable:
    """The laid-out organisation (numpy columns; small even at 100,000 people)."""
    return layout(Scenario.model_validate_json(scenario_json))


@st.cache_data(max_entries=64, show_spinner=False)
def report(scenario_json: str) -> Report:
    """Every engine's result for the scenario; an engine's refusal is in ``report.refused``."""
    return build_report(Scenario.model_validate_json(scenario_json), org_table(scenario_json))


def problems(scenario_json: str) -> dict[str, str]:
    """Section -> the engine's refusal, for sections it could not compute."""
    return report(scenario_json).refused


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
def csv_org(data: bytes, name: str = "uploaded org chart") -> tuple[OrgTable, Report]:
    """An uploaded org chart and its report (raises InputError on a bad file)."""
    table = table_from_csv(data)
    return table, table_report(table, name)
