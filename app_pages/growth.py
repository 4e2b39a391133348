"""Growth: two organisations scaled up with their rules kept, and where each figure breaks."""

from __future__ import annotations

import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.growth import growth_curves
from orgmodel.growth import XIAOMI_HEADCOUNTS, Growth
from orgmodel.loading import preset_names

CURRENT = "current"
DEFAULT_FIGURE = "decisions.busiest_founder_utilisation"


def _label(option: str) -> str:
    if option == CURRENT:
        return "Your scenario (as set in the sidebar)"
    return str(state.preset_mapping(option).get("name", option))


def _json(option: str) -> str:
    return state.scenario_json() if option == CURRENT else compute.preset_json(option)


def page() -> None:
    st.title("When does it stop working?")
    st.markdown("Each organisation is scaled up with its engineers split over its departments in the same "
                "proportions, keeping its rules: team-size cap, span limit, review and decision policies, "
                "working week. A figure **breaks** where a queue becomes unstable, mobilisation misses its "
                "target, or own work falls below half the week.")
    options = [CURRENT, *preset_names()]
    left, right = st.columns(2)
    with left:
        a_opt = st.selectbox("A", options, index=options.index("xiaomi-2012") if "xiaomi-2012" in options else 0,
                             format_func=_label, key="grow_a") or options[0]
    with right:
        b_opt = st.selectbox("B", options, index=options.index(f"{state.reference_preset()}")
                             if state.reference_preset() in options else 0, format_func=_label,
                             key="grow_b") or options[0]
    start, stop = st.select_slider("Headcount range (people)", options=[14, 50, 100, 400, 1_000, 5_000, 20_000],
                                   value=(14, 20_000),
                                   key="grow_range")
    points = st.slider("Points", 10, 80, 40, key="grow_points")
    runs: dict[str, Growth] = {}
    for option in dict.fromkeys((a_opt, b_opt)):
        growth = compute.growth(_json(option), int(start), int(stop), int(points), _label(option))
        runs[ui.short_name(growth.name)] = growth
    view = compute.growth_view(runs, int(start), int(stop))
    options = list(view.figures)
    chosen = st.session_state.get("grow_figure")
    figure = st.selectbox("Figure", options, index=options.index(chosen if chosen in options else DEFAULT_FIGURE)
                          if (chosen in options or DEFAULT_FIGURE in options) else 0,
                          format_func=lambda k: view.figures[k], key="grow_figure") or options[0]
    curves = view.curves(figure)
    ui.chart(growth_curves(curves.series, label=curves.label, unit=curves.unit, breaks=curves.breaks,
                           marks=view.marks, limit=curves.limit), "grow_chart")
    st.caption("Grey lines: Xiaomi's reported headcounts. "
               + "; ".join(f"{f.headcount:,} ({f.when}): {f.source}" for f in XIAOMI_HEADCOUNTS))
    for line in view.break_lines:
        st.markdown(line)


page()
