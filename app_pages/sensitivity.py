"""How sure is it? Tornado and bands for the current scenario, verdict odds against another: on request only.

Nothing here runs on a slider move: each analysis is computed when its button is pressed (with a
progress bar) and held in the session for that scenario and those options (`ui.held_with_progress`).
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.sensitivity import bands_chart, odds_chart, tornado_chart
from orgmodel.errors import InputError
from orgmodel.loading import preset_names
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.analysis import analyse, choose_figures
from orgmodel.sensitivity.batch import SerialRunner
from orgmodel.sensitivity.inputs import ranged_inputs
from orgmodel.sensitivity.odds import verdict_odds
from orgmodel.sensitivity.result import Odds, Sensitivity

HELD = "om.sensitivity_runs"
HELD_ODDS = "om.sensitivity_odds"
DEFAULT_FIGURES = ("review.p90_working_hours", "decisions.escalation_p90_working_hours",
                   "time_budget.own_work_hours_per_week", "equity.median_engineer_stake_usd")


def _key(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _held(store: str, key: str) -> bool:
    return key in st.session_state.get(store, {})


def _ranges_table(scenario: Scenario) -> None:
    try:
        inputs = ranged_inputs(scenario)
    except InputError as err:
        st.error("The scenario's ranges are refused:\n" + "\n".join(f"- {p}" for p in err.problems),
                 icon=":material/error:")
        return
    with st.expander(f"The {len(inputs)} ranged inputs: low, high, distribution and why"):
        st.dataframe(pd.DataFrame([{"input": i.label, "value": i.value, "low": i.low, "high": i.high,
                                    "distribution": i.distribution, "from": i.origin, "why": i.reason}
                                   for i in inputs]), hide_index=True, width="stretch")


def _sensitivity(scenario_json: str, figures: list[str], samples: int) -> Sensitivity | None:
    key = _key(scenario_json, ",".join(figures), str(samples))
    if not (_held(HELD, key) or st.button("Compute tornado and bands", type="primary", key="sen_go")):
        st.caption("Computed on request: press the button (a tornado takes 2 reports per ranged input, "
                   f"the bands {samples} reports).")
        return None
    scenario = Scenario.model_validate_json(scenario_json)
    try:
        return ui.held_with_progress(HELD, key, "Varying the assumptions", "report",
                                     lambda tick: analyse(scenario, SerialRunner(), figures=figures,
                                                          methods=("tornado", "bands"), samples=samples,
                                                          on_progress=tick))
    except InputError as err:
        st.error("\n".join(err.problems), icon=":material/error:")
        return None


def _show_sensitivity(result: Sensitivity) -> None:
    st.caption(f"{result.info.reports} reports in {result.info.seconds:.1f} s; draws from seed {result.info.seed}.")
    ui.chart(bands_chart(result.figures), "sen_bands")
    rows = []
    for f in result.figures.values():
        row = {"figure": f.label, "value": ui.show(f.value, f.unit)}
        for name in ("p5", "p50", "p95"):
            row[name] = ui.show(getattr(f.band, name) if f.band else None, f.unit)
        row["no value in"] = f"{f.band.missing} draws" if f.band and f.band.missing else ""
        rows.append(row)
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    keys = [k for k, f in result.figures.items() if f.tornado]
    if not keys:
        return
    chosen = st.selectbox("Tornado of", keys, format_func=lambda k: result.figures[k].label, key="sen_tornado")
    figure = result.figures[chosen or keys[0]]
    if figure.tornado is not None and figure.value is not None:
        ui.chart(tornado_chart(figure.tornado, figure.value, label=figure.label, unit=figure.unit), "sen_tornado_chart")


def _odds_section(a_json: str, figures: list[str], samples: int) -> None:
    st.subheader("Does the verdict hold?")
    names = preset_names()
    reference = state.reference_preset()
    b_name = st.selectbox("Against (B)", names, index=names.index(reference) if reference in names else 0,
                          format_func=lambda n: str(state.preset_mapping(n).get("name", n)), key="sen_b")
    b_json = compute.preset_json(b_name or names[0])
    key = _key(a_json, b_json, ",".join(figures), str(samples))
    if not (_held(HELD_ODDS, key) or st.button("Compute verdict odds", key="sen_odds_go")):
        st.caption(f"Computed on request for the figures above: {2 * samples} reports (both scenarios at every draw).")
        return
    a, b = Scenario.model_validate_json(a_json), Scenario.model_validate_json(b_json)
    try:
        odds: Odds = ui.held_with_progress(
            HELD_ODDS, key, "Drawing both scenarios' assumptions", "report",
            lambda tick: verdict_odds(SerialRunner(), a, b, ranged_inputs(a), ranged_inputs(b), choose_figures(figures),
                                      draws=samples, on_progress=tick))
    except InputError as err:
        st.error("\n".join(err.problems), icon=":material/error:")
        return
    ui.chart(odds_chart(odds), "sen_odds")
    st.dataframe(pd.DataFrame([{"figure": f.label, "verdict (B)": f.verdict,
                                "holds in": "" if f.holds is None else f"{f.holds:.0%}",
                                "hangs on": ", ".join(h.path for h in f.hangs_on[:3])}
                               for f in odds.figures.values()]), hide_index=True, width="stretch")


def page() -> None:
    st.title("How sure is it?")
    st.markdown("Every assumption has a plausible range (low, high, distribution and a reason; a scenario file's "
                "`ranges:` win over the library's). The **bands** draw all of them at once; the **tornado** moves "
                "one at a time; the **odds** say how often a Compare verdict survives the draws.")
    scenario_json = state.scenario_json()
    _ranges_table(Scenario.model_validate_json(scenario_json))
    every = {f"{f.section}.{f.key}": f.label for f in choose_figures()}
    figures = st.multiselect("Figures", list(every), default=[k for k in DEFAULT_FIGURES if k in every],
                             format_func=lambda k: every[k], key="sen_figures") or list(DEFAULT_FIGURES)
    samples = int(st.number_input("Draws", min_value=8, max_value=1024, value=64, step=8, key="sen_samples"))
    result = _sensitivity(scenario_json, figures, samples)
    if result is not None:
        _show_sensitivity(result)
    _odds_section(scenario_json, figures, samples)


page()
