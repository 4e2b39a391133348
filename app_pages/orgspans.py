"""The Organisation page's "Spans and layers" tab: team sizes, spans by level, the layer pyramid,
span buckets, the managers furthest off their span range, and how an imported chart was read."""

from __future__ import annotations

import streamlit as st

from app_pages import ui
from orgmodel.charts.structure import layer_pyramid, span_buckets, spans_by_level, team_size_histogram
from orgmodel.structure import StructureMetrics


def spans_and_layers(structure: StructureMetrics, name: str) -> None:
    """The four structure charts, the off-target table and the import notes."""
    left, right = st.columns(2)
    with left:
        ui.chart(team_size_histogram({name: structure}), "org_hist")
    with right:
        ui.chart(spans_by_level({name: structure}), "org_spans")
    left, right = st.columns(2)
    with left:
        ui.chart(layer_pyramid({name: structure}), "org_pyramid")
    with right:
        ui.chart(span_buckets({name: structure}), "org_span_buckets")
    st.caption(f"{structure.managers_narrow:,} people with reports are narrower and {structure.managers_wide:,} "
               "wider than McKinsey's range for their archetype (player/coach 3-5 for founders, coach 6-7 for "
               "managers and leads; Acharya et al., 2017).")
    if structure.off_target:
        import pandas as pd  # lazy: pandas is off the first screen's path

        st.dataframe(pd.DataFrame([o.model_dump() for o in structure.off_target]), hide_index=True)
    if structure.imported is not None:
        info = structure.imported
        st.caption(f"Imported from {info.file} ({info.rows_read:,} rows); roles {info.roles_source}; "
                   f"working habits from {info.habits_from}.")
