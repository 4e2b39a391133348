"""Compare: two scenarios side by side, every headline figure with its difference and direction."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages import compute, state, ui
from orgmodel.attribution import attribution_rows
from orgmodel.charts.compare import attribution_waterfall
from orgmodel.charts.decisions import latency_split, mobilisation_timeline, week_budget
from orgmodel.charts.equity import stake_distribution
from orgmodel.charts.review import turnaround_cdf
from orgmodel.charts.structure import people_by_role, spans_by_level, team_size_histogram
from orgmodel.compare import comparison_rows
from orgmodel.equity.views import staff_stake_distribution
from orgmodel.errors import InputError
from orgmodel.groups import GROUPS
from orgmodel.io.csvcells import csv_text
from orgmodel.loading import parse_scenario, preset_names

CURRENT = "current"
UPLOAD = "upload"
UPLOADED = "om.compare_upload"
VERDICT_STYLE = {"better": "color: #2f9e44; font-weight: 600", "worse": "color: #e03131; font-weight: 600"}


def _label(option: str) -> str:
    if option == CURRENT:
        return "Your scenario (as set in the sidebar)"
    if option == UPLOAD:
        return "A scenario file you upload"
    return str(state.preset_mapping(option.removeprefix("preset:")).get("name", option))


def _scenario_json(option: str) -> str | None:
    if option == CURRENT:
        return state.scenario_json()
    if option == UPLOAD:
        held = st.session_state.get(UPLOADED)
        return held[1] if held else None
    return compute.preset_json(option.removeprefix("preset:"))


def _upload_box() -> None:
    upload = st.file_uploader("Scenario to compare (YAML, at most 1 MB)", type=["yaml", "yml"], key="cmp_upload")
    if upload is None:
        return
    try:
        scenario = parse_scenario(upload.getvalue(), upload.name)
    except InputError as err:
        st.error("Not loaded; the comparison keeps its previous scenario.\n"
                 + "\n".join(f"- {p}" for p in err.problems), icon=":material/error:")
        return
    st.session_state[UPLOADED] = (upload.name, scenario.model_dump_json())


def _table(a_json: str, b_json: str) -> pd.DataFrame:
    return pd.DataFrame(comparison_rows(compute.comparison(a_json, b_json)))


# --- why they differ: what differs per group, and each difference split over the groups

def _differences_note(a_json: str, b_json: str) -> None:
    lines = compute.differences(a_json, b_json)
    if not lines:
        st.caption("The two scenarios have the same settings in every group.")
        return
    with st.expander(f"What differs between A and B, by group ({len(lines)} of {len(GROUPS)} groups)"):
        st.markdown("Read a difference below against these: a figure can only move with the groups that "
                    "differ (a financing difference is not an effect of shape).\n\n"
                    + "\n".join(f"- {line}" for line in lines))


def _explain(a_json: str, b_json: str, an: str, bn: str) -> None:
    st.subheader("Why they differ")
    _differences_note(a_json, b_json)
    if not st.toggle("Split each difference over the groups of settings (Shapley values)", value=True,
                     key="cmp_explain"):
        return
    result = compute.attribution(a_json, b_json)
    if not result.groups:
        st.info("A and B have the same settings: nothing to split.", icon=":material/info:")
        return
    st.caption(f"Each group's contribution is its Shapley value: its effect on B − A averaged over every order "
               f"of switching the {len(result.groups)} differing groups from A to B ({result.reports} reports); "
               "the contributions add up to B − A. Identical groups contribute 0: "
               f"{', '.join(result.identical_groups) or 'none'}.")
    st.dataframe(pd.DataFrame(attribution_rows(result)), hide_index=True, width="stretch")
    defined = {key: item for key, item in result.figures.items()
               if not item.undefined and item.a is not None and item.b is not None}
    if not defined:
        return
    keys = list(defined)
    default = next((i for i, k in enumerate(keys) if k.startswith("review.p90")), 0)
    chosen = st.selectbox("Figure to walk from A to B", keys, index=default, key="cmp_explain_figure",
                          format_func=lambda k: defined[k].label)
    item = defined[chosen or keys[default]]
    st.markdown(item.sentence)
    assert item.a is not None and item.b is not None
    ui.chart(attribution_waterfall(ui.short_name(an), ui.short_name(bn), item.a, item.groups, item.b,
                                   label=item.label, unit=item.unit), "cmp_waterfall")
    for group, why in result.refused.items():
        st.caption(f"No report when {group} come(s) from B: {why}")


def page() -> None:
    st.title("Compare two organisations")
    options = [CURRENT, *(f"preset:{n}" for n in preset_names()), UPLOAD]
    reference = f"preset:{state.reference_preset()}"
    labels = {_label(o): o for o in options}
    names = list(labels)
    left, right = st.columns(2)
    with left:
        a_opt = labels[st.selectbox("A", names, index=0, key="cmp_a") or names[0]]
    with right:
        b_opt = labels[st.selectbox("B", names, index=options.index(reference), key="cmp_b") or names[0]]
    if UPLOAD in (a_opt, b_opt):
        _upload_box()
    a_json, b_json = _scenario_json(a_opt), _scenario_json(b_opt)
    if a_json is None or b_json is None:
        st.info("Upload a scenario to compare it.", icon=":material/upload:")
        return
    with st.spinner("Computing both…"):
        a, b = compute.report(a_json), compute.report(b_json)
    an, bn = a.scenario.name, b.scenario.name
    if an == bn:
        an, bn = f"A: {an}", f"B: {bn}"
    st.markdown(f"**A** = {an} · **B** = {bn}. *B is better/worse* judges B against A for figures with a better "
                "direction (shorter waits, fewer layers); figures with no better direction are left blank.")
    frame = _table(a_json, b_json)
    styled = frame.style.map(lambda v: VERDICT_STYLE.get(v, ""), subset=["B is"])
    st.dataframe(styled, hide_index=True, width="stretch", height=38 * (len(frame) + 1),
                 column_config={"what it means": st.column_config.TextColumn(width="large")})
    cells = frame.astype(object).where(frame.notna(), "").values.tolist()
    st.download_button("Comparison (CSV)", csv_text(list(frame.columns), cells), file_name="comparison.csv",
                       mime="text/csv")
    _explain(a_json, b_json, an, bn)

    review_a, review_b = a.review, b.review
    if review_a is not None and review_b is not None:
        ui.chart(turnaround_cdf({an: review_a.cdf, bn: review_b.cdf},
                                p90={an: review_a.p90_working_hours, bn: review_b.p90_working_hours}),
                 "cmp_cdf")
    dec_a, dec_b = a.decisions, b.decisions
    if dec_a is not None and dec_b is not None:
        col1, col2 = st.columns(2)
        with col1:
            ui.chart(mobilisation_timeline(
                {n: [(p.calendar_hours, p.share) for p in d.mobilisation_timeline]
                 for n, d in ((an, dec_a), (bn, dec_b))},
                target_hours=dec_a.mobilisation_target_calendar_hours), "cmp_mobil")
        with col2:
            splits = {n: d.latency_split.model_dump() for n, d in ((an, dec_a), (bn, dec_b))
                      if d.latency_split is not None}
            if splits:
                ui.chart(latency_split(splits), "cmp_split")
    if a.time_budget is not None and b.time_budget is not None:
        ui.chart(week_budget({an: a.time_budget.model_dump(), bn: b.time_budget.model_dump()}), "cmp_week")
    eq_a, eq_b = a.equity, b.equity
    if eq_a is not None and eq_b is not None:
        dist = {}
        for n, e in ((an, eq_a), (bn, eq_b)):
            dist[n] = staff_stake_distribution(e)
        ui.chart(stake_distribution(dist), "cmp_stakes")
    structures = {an: a.structure, bn: b.structure}
    ui.chart(people_by_role(structures), "cmp_roles")
    col1, col2 = st.columns(2)
    with col1:
        ui.chart(team_size_histogram(structures), "cmp_hist")
    with col2:
        ui.chart(spans_by_level(structures), "cmp_spans")


page()
