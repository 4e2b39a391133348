"""Assumptions: every input of the scenario with its value and where it comes from."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state
from orgmodel.provenance import provenance_rows, value_at

KIND_LABEL = {
    "fact": "fact (article)",
    "report": "public report",
    "assumption": "assumption",
    "illustrative": "illustrative",
    "edited": "edited by you",
    "none": "no source",
}


def _value(value: Any, path: str = "") -> str:
    if path == "seed":
        return str(value)
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def page() -> None:
    scenario = state.scenario()
    base = state.base_mapping()
    edited = state.overrides()
    rows = []
    for row in provenance_rows(scenario):  # one walk, one matching rule: orgmodel.provenance
        kind: str = row.kind
        note = row.note
        if row.label in edited or row.path in edited:
            original = value_at(base, row.path)
            note = f"You changed it from {_value(original)}. Original source: {KIND_LABEL[kind]}: {note}"
            kind = "edited"
        rows.append({"Input": row.label, "Value": _value(row.value, row.path), "Source": KIND_LABEL[kind],
                     "Where it comes from": note})
    frame = pd.DataFrame(rows)
    st.title("Assumptions and sources")
    st.markdown(
        f"Every input of **{scenario.name}**: its value and where it comes from. *Fact* = stated in the 2013 "
        "article (line cited, e.g. L51); *public report* = press or prospectus; *assumption* = not reported, "
        "chosen for a stated reason; *illustrative* = made up for comparison."
    )
    counts = frame["Source"].value_counts()
    cols = st.columns(len(KIND_LABEL))
    for col, label in zip(cols, KIND_LABEL.values()):
        col.metric(label, int(counts.get(label, 0)), help=f"Inputs whose source is: {label}.")
    kinds = st.multiselect("Show", list(KIND_LABEL.values()), default=list(KIND_LABEL.values()), key="assumption_kinds")
    shown = frame[frame["Source"].isin(kinds)]
    st.dataframe(
        shown, hide_index=True, width="stretch", height=min(38 * (len(shown) + 1), 900),
        column_config={"Where it comes from": st.column_config.TextColumn(width="large")},
    )
    if scenario.sources:
        st.subheader("Sources")
        for source in scenario.sources:
            st.markdown(f"- {source}")


page()
