"""Small rendering helpers shared by the pages: metrics with tooltips, missing-section notes, takeaways."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st

from orgmodel.compare import Comparison
from orgmodel.figures import HEADLINE_FIGURES, Figure, figure_value
from orgmodel.report import Report, format_value

FIGURES: dict[str, Figure] = {f"{f.section}.{f.key}": f for f in HEADLINE_FIGURES}

SECTION_WHAT = {
    "review": "a code review policy (the `review:` section)",
    "decisions": "decision and meeting settings (the `decisions:` section)",
    "time_budget": "decision settings (the `decisions:` section), which the week's budget needs",
    "equity": "a cap table (the `equity:` section)",
}


def show(value: float | None, unit: str) -> str:
    """A figure with its unit, as a reader says it."""
    text = format_value(value, unit)
    if value is None or unit in ("USD", "share", "") or text in ("n/a", "unstable"):
        return text
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}"


def metric(report: Report, key: str, reference: Report | None = None, reference_name: str = "") -> None:
    """One headline figure as st.metric, its help from the figure registry, delta against a reference."""
    figure = FIGURES[key]
    value = figure_value(report, figure)
    if value is None:
        return
    delta = None
    colour: Any = "off"
    if reference is not None:
        other = figure_value(reference, figure)
        if other is not None and abs(value - other) > 1e-9 * max(1.0, abs(other)):
            diff = value - other
            delta = ("+" if diff > 0 else "−") + format_value(abs(diff), figure.unit) + f" vs {reference_name}"
            colour = {"lower": "inverse", "higher": "normal"}.get(figure.better or "", "off")
    unit = figure.unit
    if unit in ("USD", "share", "%", "people", "levels", "teams") or unit.lower() in figure.label.lower():
        unit = ""
    value_text = format_value(value, figure.unit) + ("%" if figure.unit == "%" else "")
    st.metric(f"{figure.label}" + (f" ({unit})" if unit else ""), value_text, delta, delta_color=colour,
              help=figure.help + (f" Arrow: difference from {reference_name}; green is better." if delta else ""),
              border=True)


def metric_grid(report: Report, keys: Sequence[str], reference: Report | None = None, reference_name: str = "",
                per_row: int = 4) -> None:
    present = [k for k in keys if figure_value(report, FIGURES[k]) is not None]
    for start in range(0, len(present), per_row):
        cols = st.columns(per_row)
        for col, key in zip(cols, present[start:start + per_row]):
            with col:
                metric(report, key, reference, reference_name)


def missing(section: str) -> None:
    """The info box for a section the scenario does not have (or whose engine has not landed)."""
    st.info(f"Not in this scenario: it has no {SECTION_WHAT.get(section, section)}. Pick a preset that has one, "
            "or add the section to the YAML and open it here.", icon=":material/info:")


def chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, width="stretch", key=key, config={"displaylogo": False})


TAKEAWAY_KEYS = (
    "structure.levels", "structure.managers", "structure.mean_hops_between_engineers", "review.p90_hours",
    "decisions.escalation_p50_hours", "decisions.mobilisation_p100_hours", "time_budget.own_work_hours_per_week",
    "equity.employees_with_equity_pct",
)


def takeaway(comparison: Comparison) -> str:
    """One line holding the current scenario (A) against the reference (B), figure by figure."""
    rows = {f"{r.section}.{r.key}": r for r in comparison.rows}
    parts = []
    for key in TAKEAWAY_KEYS:
        row = rows.get(key)
        if row is None or row.a is None or row.b is None:
            continue
        figure = FIGURES[key]
        parts.append(f"**{figure.label.lower()}** {show(row.a, figure.unit)} vs {show(row.b, figure.unit)}")
    if not parts:
        return ""
    return f"Against *{comparison.b_name}*: " + "; ".join(parts) + "."
