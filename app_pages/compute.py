"""Cached calls into the library, keyed by a scenario's canonical JSON. Results are compact pydantic objects.

`st.cache_data` hands each caller its own copy, so nothing mutable is shared between sessions (figures,
never mutated once built, are shared: see below). Nothing
is computed here: every function calls one `orgmodel` function. Each public function times itself as a
part of the rerun (`app_pages.timing`), cached or not, so the benchmarks can say where server time goes.

What a page does not show is not computed: `report(scenario_json, sections=...)` runs only the named
engines (and those they use); a page that draws no sweep never calls `review_sweep_view`. The library is
imported inside the cached functions, so a rerun served from the cache imports nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import streamlit as st
from threadpoolctl import threadpool_limits

from app_pages import state, timing

threadpool_limits(limits=1, user_api="blas")  # once per server: sessions share 2 cores, extra BLAS threads contend

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from orgmodel.compare import Comparison
    from orgmodel.orgtable import OrgTable
    from orgmodel.report import Report
    from orgmodel.review.result import ReviewResult
    from orgmodel.review.sweep import ReviewSweepView
    from orgmodel.scenario import Scenario


def _scenario(scenario_json: str) -> Scenario:
    from orgmodel.scenario import Scenario

    return Scenario.model_validate_json(scenario_json)


@st.cache_data(max_entries=64, show_spinner=False)
def _org_table(scenario_json: str) -> OrgTable:
    from orgmodel.orgtable import layout

    return layout(_scenario(scenario_json))


def org_table(scenario_json: str) -> OrgTable:
    """The laid-out organisation (numpy columns; small even at 100,000 people)."""
    with timing.part("org_table"):
        return _org_table(scenario_json)


@st.cache_data(max_entries=128, show_spinner=False)
def _report(scenario_json: str, sections: tuple[str, ...] | None) -> Report:
    from orgmodel.report import build_report

    return build_report(_scenario(scenario_json), _org_table(scenario_json), sections=sections)


def report(scenario_json: str, sections: Collection[str] | None = None) -> Report:
    """The engines' results for the scenario; an engine's refusal is in ``report.refused``.

    ``sections`` names the sections a page shows (``("review",)``): only those engines run, with the
    ones they use; None runs every engine. Cached per (scenario, sections).
    """
    key = None if sections is None else tuple(sorted(set(sections)))
    with timing.part("report"):
        return _report(scenario_json, key)


@st.cache_data(max_entries=16, show_spinner=False)
def preset_json(name: str) -> str:
    """A preset as canonical scenario JSON (the cache key of its results)."""
    return _scenario_from_mapping(state.preset_mapping(name))


def _scenario_from_mapping(mapping: dict[str, Any]) -> str:
    from orgmodel.scenario import Scenario

    return Scenario.model_validate(mapping).model_dump_json()


@st.cache_data(max_entries=64, show_spinner=False)
def _comparison(a_json: str, b_json: str) -> Comparison:
    from orgmodel.compare import compare_reports

    return compare_reports(_report(a_json, None), _report(b_json, None))


def comparison(a_json: str, b_json: str) -> Comparison:
    """The reports of two scenarios side by side."""
    with timing.part("comparison"):
        return _comparison(a_json, b_json)


@st.cache_data(max_entries=8, show_spinner=False)
def _review_simulation(scenario_json: str) -> ReviewResult | None:
    from orgmodel.review.analysis import analyse_review

    scenario = _scenario(scenario_json)
    if scenario.review is None:
        return None
    return analyse_review(scenario, method="simulation")


def review_simulation(scenario_json: str) -> ReviewResult | None:
    """The review figures simulated, with the 95% interval of the mean (seconds; cached per scenario)."""
    with timing.part("review simulation"):
        return _review_simulation(scenario_json)


@st.cache_data(max_entries=32, show_spinner=False)
def _review_sweep_view(key_json: str, values: tuple[int, ...]) -> ReviewSweepView | None:
    from orgmodel.review.sweep import sweep_view

    return sweep_view(_scenario(key_json), values)


def review_sweep_view(scenario_json: str) -> ReviewSweepView | None:
    """The Review page's team-size sweep and its sign-off contrast (`orgmodel.review.sweep.sweep_view`),
    cached on the scenario with the cap fixed, so moving the cap slider reuses it."""
    from orgmodel.review.sweep import sweep_scenario, sweep_values

    scenario = _scenario(scenario_json)
    key = sweep_scenario(scenario).model_dump_json()
    with timing.part("sweep"):
        return _review_sweep_view(key, sweep_values(scenario.org.max_team_size))


# --- figures that depend on the scenario alone, cached by it (a rerun that only re-sends them builds nothing).
# Held as shared objects (`st.cache_resource`), not copies: unpickling a 400-dot figure re-validates every
# property (10 ms a rerun). Nothing mutates them: `st.plotly_chart` serialises a copy (`Figure.to_dict`).

@st.cache_resource(max_entries=32, show_spinner=False)
def _org_tree(scenario_json: str, title: str) -> go.Figure:
    from orgmodel.charts.orgchart import org_tree

    return org_tree(_org_table(scenario_json), title=title)


def org_tree_figure(scenario_json: str, title: str) -> go.Figure:
    """The one-dot-per-person org chart of the scenario (`orgmodel.charts.orgchart.org_tree`)."""
    with timing.part("figures"):
        return _org_tree(scenario_json, title)


@st.cache_resource(max_entries=32, show_spinner=False)
def _org_sunburst(scenario_json: str, title: str) -> go.Figure:
    from orgmodel.charts.orgchart import org_sunburst

    return org_sunburst(_org_table(scenario_json), title=title)


def org_sunburst_figure(scenario_json: str, title: str) -> go.Figure:
    """Departments and teams of the scenario as a sunburst (`orgmodel.charts.orgchart.org_sunburst`)."""
    with timing.part("figures"):
        return _org_sunburst(scenario_json, title)


# --- downloads: built while the sidebar's Download box is open, from the cached report

def figures_csv(scenario_json: str) -> str:
    """The headline figures of the scenario as CSV (`orgmodel.report.figures_csv`)."""
    from orgmodel.report import figures_csv as to_csv

    return to_csv(_report(scenario_json, None))


def report_json(scenario_json: str) -> str:
    """The full report of the scenario as indented JSON."""
    return _report(scenario_json, None).model_dump_json(indent=2)


def scenario_yaml(scenario_json: str) -> str:
    """The scenario as YAML, the format the sidebar opens (`orgmodel.loading.scenario_to_yaml`)."""
    from orgmodel.loading import scenario_to_yaml

    return scenario_to_yaml(_scenario(scenario_json))
