"""Assumptions: every input of the scenario with its value and where it comes from."""

from __future__ import annotations

import fnmatch
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import state

KIND_LABEL = {
    "fact": "fact (article)",
    "report": "public report",
    "assumption": "assumption",
    "illustrative": "illustrative",
    "edited": "edited by you",
    "none": "no source",
}
SKIP = {"name", "description", "sources", "provenance"}


def leaves(data: Any, path: str = "", pattern: str = "") -> list[tuple[str, str, Any]]:
    """(display path, provenance pattern, value) for every leaf; list items named by ``name`` or index."""
    out: list[tuple[str, str, Any]] = []
    if isinstance(data, dict) and data:
        for key, value in data.items():
            if not path and key in SKIP:
                continue
            sub = f"{path}.{key}" if path else str(key)
            out += leaves(value, sub, f"{pattern}.{key}" if pattern else str(key))
    elif isinstance(data, list) and data and all(isinstance(v, dict) for v in data):
        for i, item in enumerate(data):
            named = {k: v for k, v in item.items() if k != "name"}  # the name is the item's identity
            out += leaves(named, f"{path}.{item.get('name', i)}", f"{pattern}.*")
    else:
        out.append((path, pattern, data))
    return out


def source_of(pattern: str, display: str, provenance: dict[str, Any]) -> tuple[str, str, str]:
    """(kind, note, matched key): the most specific provenance entry covering the field."""
    parts = pattern.split(".")
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        for key, entry in provenance.items():
            if key == head or key == ".".join(display.split(".")[:cut]) or fnmatch.fnmatchcase(head, key):
                return entry["kind"], entry["note"], key
    return "none", "No source given for this input.", ""


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
    data = scenario.model_dump(mode="json")
    base = state.base_mapping()
    provenance = base.get("provenance") or {}
    edited = state.overrides()
    rows = []
    for display, pattern, value in leaves(data):
        kind, note, _ = source_of(pattern, display, provenance)
        if display in edited:
            original = state.get_path(base, display)
            note = f"You changed it from {_value(original)}. Original source: {KIND_LABEL[kind]}: {note}"
            kind = "edited"
        rows.append({"Input": display, "Value": _value(value, display), "Source": KIND_LABEL[kind],
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
