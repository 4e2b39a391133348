"""Assumptions: every input of the scenario with its value and where it comes from."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import compute, state

COLUMNS = {"input": "Input", "value": "Value", "source": "Source", "note": "Where it comes from"}


def page() -> None:
    view = compute.assumptions(state.scenario_json(), state.base_mapping(), state.overrides())
    frame = pd.DataFrame([row.model_dump() for row in view.rows]).rename(columns=COLUMNS)
    st.title("Assumptions and sources")
    st.markdown(
        f"Every input of **{view.name}**: its value and where it comes from. *Fact* = stated in the 2013 "
        "article (line cited, e.g. L51); *public report* = press or prospectus; *assumption* = not reported, "
        "chosen for a stated reason; *illustrative* = made up for comparison."
    )
    cols = st.columns(len(view.counts))
    for col, (label, count) in zip(cols, view.counts.items()):
        col.metric(label, count, help=f"Inputs whose source is: {label}.")
    labels = list(view.counts)
    kinds = st.multiselect("Show", labels, default=labels, key="assumption_kinds")
    shown = frame[frame["Source"].isin(kinds)]
    st.dataframe(
        shown, hide_index=True, width="stretch", height=min(38 * (len(shown) + 1), 900),
        column_config={"Where it comes from": st.column_config.TextColumn(width="large")},
    )
    if view.sources:
        st.subheader("Sources")
        for source in view.sources:
            st.markdown(f"- {source}")


page()
