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

from app_pages import state, timing, ui

threadpool_limits(limits=1, user_api="blas")  # once per server: sessions share 2 cores, extra BLAS threads contend

if TYPE_CHECKING:
    import plotly.graph_objects as go

    from orgmodel.attribution import Attribution
    from orgmodel.compare import Comparison
    from orgmodel.equity.views import EquityView
    from orgmodel.growth import Growth
    from orgmodel.growth_view import GrowthView
    from orgmodel.orgtable import OrgTable
    from orgmodel.provenance_view import Assumptions
    from orgmodel.report import Report
    from orgmodel.review.result import ReviewResult
    from orgmodel.review.sweep import ReviewSweepView
    from orgmodel.scenario import Scenario


GROWTH_RUNS = "om.growth_runs"
ATTRIBUTIONS = "om.compare_attribution"


def _scenario(scenario_json: str) -> Scenario:
    from orgmodel.scenario import Scenario

    return Scenario.model_validate_json(scenario_json)


@st.cache_data(max_entries=64, show_spinner=False)
def _org_table(scenario_json: str) -> OrgTable:
    from orgmodel.layout import layout

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


# --- equity (issue 26): the Equity page's series, view-ready, and an OCF package read into the scenario

@st.cache_data(max_entries=32, show_spinner=False)
def _equity_view(scenario_json: str) -> EquityView | None:
    from orgmodel.equity.views import equity_view

    result = _report(scenario_json, ("equity",)).equity
    if result is None:
        return None
    return equity_view(_scenario(scenario_json), result, _org_table(scenario_json))


def equity_view(scenario_json: str) -> EquityView | None:
    """The Equity page's charts and tables as plain series (`orgmodel.equity.views.equity_view`); None
    when the equity engine refused the scenario (the report says why)."""
    with timing.part("equity_view"):
        return _equity_view(scenario_json)


def scenario_from_ocf_upload(files: dict[str, bytes], scenario_json: str) -> tuple[dict[str, Any], list[str]]:
    """An uploaded OCF package (file name -> bytes, or one .zip) as the current scenario's equity: the new
    scenario as a JSON-ready mapping and the import's notes (`orgmodel.equity.ocf_import.scenario_from_upload`).
    Raises `InputError` naming the item."""
    from orgmodel.equity.ocf_import import scenario_from_upload

    scenario, notes = scenario_from_upload(files, _scenario(scenario_json))
    return scenario.model_dump(mode="json"), notes


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


# --- slow calls with a progress bar, held per session (the last few), computed on the page that shows them

def growth(scenario_json: str, start: int, stop: int, points: int, what: str) -> Growth:
    """The scenario grown over ``points`` log-spaced headcounts from ``start`` to ``stop`` (`orgmodel.grow`)."""
    import hashlib

    from orgmodel.growth import grow, headcount_points

    key = hashlib.sha256(f"{scenario_json}\x00{start}:{stop}:{points}".encode()).hexdigest()
    with timing.part("growth"):
        return ui.held_with_progress(
            GROWTH_RUNS, key, f"Growing {what}", "headcount",
            lambda tick: grow(_scenario(scenario_json), headcount_points(start, stop, points), on_progress=tick))


def growth_view(runs: dict[str, Growth], start: int, stop: int) -> GrowthView:
    """What the Growth page draws for these runs (`orgmodel.growth_view.growth_view`)."""
    from orgmodel.growth_view import growth_view as view

    return view(runs, start, stop)


def attribution(a_json: str, b_json: str) -> Attribution:
    """Each headline difference B − A split over the setting groups (`orgmodel.attribute`), with progress."""
    import hashlib

    from orgmodel.attribution import attribute

    key = hashlib.sha256((a_json + "\x00" + b_json).encode()).hexdigest()
    with timing.part("attribution"):
        return ui.held_with_progress(
            ATTRIBUTIONS, key, "Splitting each difference over the groups", "report",
            lambda tick: attribute(_scenario(a_json), _scenario(b_json), on_progress=tick))


@st.cache_data(max_entries=64, show_spinner=False)
def differences(a_json: str, b_json: str) -> list[str]:
    """One line per setting group that differs between two scenarios (`orgmodel.groups.differing_fields_text`)."""
    from orgmodel.groups import differing_fields_text

    return differing_fields_text(_scenario(a_json), _scenario(b_json))


def assumptions(scenario_json: str, base: dict[str, Any], edited: dict[str, str]) -> Assumptions:
    """Every input of the scenario with its source, edits marked (`orgmodel.provenance_view.assumptions`)."""
    with timing.part("assumptions"):
        return _assumptions(scenario_json, base, tuple(sorted(edited)))


@st.cache_data(max_entries=32, show_spinner=False)
def _assumptions(scenario_json: str, base: dict[str, Any], edited: tuple[str, ...]) -> Assumptions:
    from orgmodel.provenance_view import assumptions as rows

    return rows(_scenario(scenario_json), base, edited)


# --- edits to the organisation (issue 25)

@st.cache_data(max_entries=16, show_spinner=False)
def _edited_people(scenario_json: str) -> tuple[list[Any], list[str]]:
    from orgmodel.edits.table import base_people, edited_org

    scenario = _scenario(scenario_json)
    if not scenario.edits:
        return base_people(scenario.org), []
    done = edited_org(scenario)
    return done.people, done.changes


def edited_people(scenario_json: str) -> tuple[list[Any], list[str]]:
    """The people after the scenario's edits (`orgmodel.edits.table.edited_org`) and one line per edit."""
    with timing.part("edited_people"):
        return _edited_people(scenario_json)


def org_chart_image(scenario_json: str, title: str, fmt: str) -> bytes:
    """The org chart as SVG, PNG or PDF (`orgmodel.charts.export.figure_image`); raises ImageExportError."""
    from orgmodel.charts.export import figure_image
    from orgmodel.charts.orgchart import MAX_TREE_PEOPLE

    table = _org_table(scenario_json)
    fig = _org_tree(scenario_json, title) if len(table) <= MAX_TREE_PEOPLE else _org_sunburst(scenario_json, title)
    with timing.part("image"):
        return figure_image(fig, fmt)


def people_download(scenario_json: str, fmt: str) -> bytes:
    """The edited organisation in the import's own columns, as CSV or xlsx (`orgmodel.edits.export`)."""
    from orgmodel.edits.export import people_to_csv, people_to_xlsx

    people, _ = _edited_people(scenario_json)
    imported = _scenario(scenario_json).org.imported
    return people_to_xlsx(people, imported) if fmt == "xlsx" else people_to_csv(people, imported).encode()
