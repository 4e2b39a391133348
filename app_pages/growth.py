"""Growth: two organisations scaled up with their rules kept, and where each figure breaks."""

from __future__ import annotations

import hashlib

import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.growth import growth_curves
from orgmodel.growth import XIAOMI_HEADCOUNTS, Growth, grow, headcount_points
from orgmodel.loading import preset_names
from orgmodel.scenario import Scenario

HELD = "om.growth_runs"
CURRENT = "current"

# GrowthPoint field -> (label, unit, limit line drawn on the chart)
FIGURES: dict[str, tuple[str, str, float | None]] = {
    "founder_utilisation": ("Busiest founder's decision load", "utilisation", 1.0),
    "manager_utilisation": ("Busiest middle manager's decision load", "utilisation", 1.0),
    "escalation_p90_working_hours": ("Escalation round trip, p90", "working hours", None),
    "mobilisation_p100_calendar_hours": ("Mobilisation, everyone", "calendar hours", None),
    "review_p90_working_hours": ("Review wait, p90", "working hours", None),
    "own_work_hours_per_week": ("Own work per engineer", "hours/week", None),
    "levels": ("Levels", "levels", None),
    "middle_managers": ("Middle managers", "people", None),
    "channels_within_teams": ("Channels within teams", "pairs", None),
}


def _label(option: str) -> str:
    if option == CURRENT:
        return "Your scenario (as set in the sidebar)"
    return str(state.preset_mapping(option).get("name", option))


def _json(option: str) -> str:
    return state.scenario_json() if option == CURRENT else compute.preset_json(option)


def _growth(scenario_json: str, start: int, stop: int, points: int, what: str) -> Growth:
    key = hashlib.sha256(f"{scenario_json}\x00{start}:{stop}:{points}".encode()).hexdigest()
    scenario = Scenario.model_validate_json(scenario_json)
    return ui.held_with_progress(HELD, key, f"Growing {what}", "headcount",
                                 lambda tick: grow(scenario, headcount_points(start, stop, points), on_progress=tick))


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
        growth = _growth(_json(option), int(start), int(stop), int(points), _label(option))
        runs[ui.short_name(growth.name)] = growth
    figure = st.selectbox("Figure", list(FIGURES), format_func=lambda k: FIGURES[k][0], key="grow_figure") or \
        "founder_utilisation"
    label, unit, limit = FIGURES[figure]
    series = {name: ([p.headcount for p in g.points], [getattr(p, figure) for p in g.points])
              for name, g in runs.items()}
    breaks = {name: next((b.headcount for b in g.breaks if b.figure == figure), None) for name, g in runs.items()}
    marks = [(f.headcount, f"Xiaomi {f.when}") for f in XIAOMI_HEADCOUNTS if start <= f.headcount <= stop]
    ui.chart(growth_curves(series, label=label, unit=unit, breaks=breaks, marks=marks, limit=limit), "grow_chart")
    st.caption("Grey lines: Xiaomi's reported headcounts. "
               + "; ".join(f"{f.headcount:,} ({f.when}): {f.source}" for f in XIAOMI_HEADCOUNTS))
    for name, g in runs.items():
        if not g.breaks:
            st.markdown(f"**{name}**: nothing breaks between {start:,} and {stop:,} people.")
            continue
        lines = [f"- {b.figure}: at **{b.headcount:,}** people"
                 + (f" (held at {b.last_ok_headcount:,})" if b.last_ok_headcount is not None else "")
                 + f": {b.limit}" for b in g.breaks]
        st.markdown(f"**{name}** breaks:\n" + "\n".join(lines))


page()
