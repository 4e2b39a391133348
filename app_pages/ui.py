"""Small rendering helpers shared by the pages: metrics with tooltips, missing-section notes, takeaways."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from orgmodel.compare import Comparison, delta_against
from orgmodel.engines import engine, headline_figures
from orgmodel.headlines import Headline, figure_value
from orgmodel.report import Report, format_value

T = TypeVar("T")


def figures() -> dict[str, Headline]:
    """Every registered headline figure by its report key (``review.p90_working_hours``)."""
    return {f"{f.section}.{f.key}": f for f in headline_figures()}


def show(value: float | None, unit: str) -> str:
    """A figure with its unit, as a reader says it."""
    text = format_value(value, unit)
    if value is None or unit in ("USD", "share", "") or text in ("n/a", "unstable"):
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


UNIT_SUFFIX = {"working hours": " h", "hours": " h", "hours/week": " h", "%": "%", "years of salary": "×"}
"""Units shown after a metric's value; the rest are in the label or the help (pairs, hops, people)."""


def short_name(name: str) -> str:
    """A scenario name without its parenthetical: ``Hierarchical 400 (illustrative)`` -> ``Hierarchical 400``."""
    return name.split(" (")[0]


def metric(report: Report, key: str, reference: Report | None = None, reference_name: str = "") -> None:
    """One headline figure as st.metric, its help from the figure registry, delta against a reference."""
    figure = figures()[key]
    value = figure_value(report, figure)
    if value is None:
        return
    suffix = UNIT_SUFFIX.get(figure.unit, "")
    other = figure_value(reference, figure) if reference is not None else None
    found = delta_against(value, other, figure, short_name(reference_name), suffix)
    delta = found.text if found is not None else None
    colour: Any = "off" if found is None or figure.better is None else \
        ("inverse" if figure.better == "lower" else "normal")
    value_text = format_value(value, figure.unit) + suffix
    unit_note = f" Unit: {figure.unit}." if figure.unit else ""
    st.metric(figure.label, value_text, delta, delta_color=colour,
              help=figure.help + unit_note + (f" The arrow is the difference from {reference_name}"
                                              + ("; green is better." if colour != "off" else ".") if delta else ""),
              border=True)


def metric_grid(report: Report, keys: Sequence[str], reference: Report | None = None, reference_name: str = "",
                per_row: int = 4) -> None:
    known = figures()
    present = [k for k in keys if k in known and figure_value(report, known[k]) is not None]
    for start in range(0, len(present), per_row):
        cols = st.columns(per_row)
        for col, key in zip(cols, present[start:start + per_row]):
            with col:
                metric(report, key, reference, reference_name)


def explain_absent(report: Report, section: str) -> None:
    """Say why the report has no ``section``: its model refused the scenario, or the scenario has no settings."""
    problem = report.refused.get(section)
    if problem:
        st.error(f"The {section} model refused this scenario: {problem}", icon=":material/error:")
    else:
        missing(section)


def missing(section: str) -> None:
    """The info box for a section the scenario does not have."""
    try:
        what = engine(section).needs or section
    except KeyError:
        what = section
    st.info(f"Not in this scenario: it has no {what}. Pick a preset that has one, "
            "or add the section to the YAML and open it here.", icon=":material/info:")


def held_with_progress(store: str, key: str, label: str, step: str,
                       compute: Callable[[Callable[[int, int], None]], T]) -> T:
    """``compute(on_progress)`` once per ``key`` in this session (the last 8 kept in ``store``), with a progress bar.

    For slow library calls that take an ``on_progress(done, total)`` callback: attribution, growth.
    """
    held: dict[str, T] = st.session_state.setdefault(store, {})
    if key not in held:
        bar = st.progress(0.0, text=f"{label}…")

        def tick(done: int, total: int) -> None:
            bar.progress(done / total, text=f"{label}: {step} {done} of {total}")

        result = compute(tick)
        bar.empty()
        if len(held) >= 8:
            held.pop(next(iter(held)))
        held[key] = result
    return held[key]


@contextlib.contextmanager
def lazy_expander(title: str, key: str, *, icon: str | None = None,
                  where: DeltaGenerator | None = None) -> Iterator[bool]:
    """An expander (in ``where``, else the current container) that says whether it is open, so its
    content is built only then; yields that.

    Every widget, table and chart on screen costs the browser a re-render on each rerun. Widgets of a
    closed box are not drawn: an edit made in one lives on in the session's overrides (and the URL),
    and its widget starts from it when the box is opened (`controls.field_control`).
    """
    box = (where.expander(title, icon=icon, key=key, on_change="rerun") if where is not None
           else st.expander(title, icon=icon, key=key, on_change="rerun"))
    with box:
        yield bool(box.open)


def chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False})


TAKEAWAY = {
    "structure.levels": "**{a}** vs {b} levels",
    "structure.managers": "**{a}** vs {b} middle managers",
    "review.p90_working_hours": "9 in 10 changes reviewed within **{a}** vs {b} working hours",
    "decisions.mobilisation_p100_calendar_hours": "a top decision reaches every engineer in **{a}** vs {b} hours",
    "time_budget.own_work_hours_per_week": "**{a}** vs {b} hours a week left for own work",
}


def takeaway(comparison: Comparison) -> str:
    """One line holding the current scenario (A) against the reference (B), figure by figure."""
    rows = {f"{r.section}.{r.key}": r for r in comparison.rows}
    parts = []
    for key, template in TAKEAWAY.items():
        row = rows.get(key)
        if row is None or row.a is None or row.b is None:
            continue
        unit = figures()[key].unit
        parts.append(template.format(a=format_value(row.a, unit), b=format_value(row.b, unit)))
    if not parts:
        return ""
    return f"**Against {short_name(comparison.b_name)}:** " + " · ".join(parts) + "."
