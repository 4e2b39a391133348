"""Equity: who owns the company round by round, what staff stakes are worth, against their salary."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import compute, state, ui
from orgmodel.charts.equity import (
    dilution,
    exit_proceeds,
    holders_across_exits,
    stake_across_exits,
    stake_distribution,
    stake_vs_salary,
    stakes_by_group,
)
from orgmodel.equity.analysis import EquityResult
from orgmodel.equity.ocf_read import MAX_FILE_BYTES
from orgmodel.equity.offer import offer_summary
from orgmodel.equity.views import CONVERTIBLE_COLUMNS, EquityView, convertible_edits, round_edits, same_value
from orgmodel.errors import InputError
from orgmodel.scenario import Scenario

SECTIONS = ("equity",)  # the report sections this page shows: only their engines run
EDIT_KEY = "ctl:eq"  # widget keys under state.CONTROL_PREFIX: reset with the scenario's base
OCF_SEEN = "om.eq_ocf_seen"
EXIT_TERMS = {  # field -> (label, kind, options)
    "transaction_fees_pct": ("Transaction fees (% of the exit)", "pct", None),
    "transaction_fees_usd": ("Fixed transaction fees (US$)", "usd", None),
    "carve_out_pct": ("Management carve-out (% of the exit after fees)", "pct", None),
    "escrow_pct": ("Escrow (% of the holders' proceeds, paid later)", "pct", None),
    "unvested_at_exit": ("Unvested options at the exit", "choice", ("accelerate", "assume", "cancel")),
    "acceleration_pct": ("Accelerated when cancelled (% of unvested)", "pct", None),
}


def page() -> None:
    scenario = state.scenario()
    scenario_json = state.scenario_json()
    report = compute.report(scenario_json, SECTIONS)
    ref_json = compute.preset_json(state.reference_preset())
    ref_report = compute.report(ref_json, SECTIONS)
    st.title("Equity")
    result, view = report.equity, compute.equity_view(scenario_json)
    if result is None or view is None:
        ui.explain_absent(report, "equity")
        _editor(scenario)
        return
    st.markdown(
        f"Figures at the **{result.as_of_round}** price ({result.as_of}), company valued at "
        f"**{ui.show(result.valuation_usd, 'USD')}**; exit scenario **{ui.show(result.exit_valuation_usd, 'USD')}**; "
        f"buybacks **{result.buyback_rate_per_year:.0%}** of vested options a year. Change the exit valuation and "
        "buyback rate under *Equity* in the sidebar, the rounds' terms, SAFEs and exit terms below."
    )
    ui.metric_grid(report, ("equity.employee_ownership_pct", "equity.employees_with_equity_pct",
                            "equity.median_engineer_stake_usd", "equity.median_stake_to_salary",
                            "equity.stake_gini", "equity.founders_ownership_pct"),
                   ref_report, ref_report.scenario.name, per_row=3)
    ui.chart(dilution(view.dilution_rounds, view.dilution), "eq_dilution")
    _stakes(view)
    dist = {scenario.name: view.distribution}
    ref_view = compute.equity_view(ref_json)
    if ref_view is not None and ref_report.scenario.name != scenario.name:
        dist[ref_report.scenario.name] = ref_view.distribution
    ui.chart(stake_distribution(dist), "eq_dist")
    _exit_range(result, view)
    _holders(result, view)
    _your_stake(scenario, scenario_json, result)
    _editor(scenario)
    with st.expander("Exit waterfall"):
        st.dataframe(pd.DataFrame([w.model_dump() for w in result.waterfall]), hide_index=True, width="stretch")
    for note in result.notes:
        st.caption(note)


def _stakes(view: EquityView) -> None:
    left, right = st.columns(2)
    with left:
        by = st.segmented_control("Group stakes by", ["role", "level"], default="role", key="eq_group_by") or "role"
        keys, medians, people = view.by_role if by == "role" else view.by_level
        ui.chart(stakes_by_group(keys, medians, people, axis=by,
                                 title=f"Median staff stake by {by} (founders not shown)"), "eq_groups")
    with right:
        ui.chart(stake_vs_salary(*view.staff), "eq_salary")


def _exit_range(result: EquityResult, view: EquityView) -> None:
    ui.chart(exit_proceeds(view.exit_usd, view.exit_groups, view.marks,
                           scenario_exit_usd=result.exit_valuation_usd), "eq_exit_range")
    st.caption("Every dollar of a sale goes to someone: below the investors' preferences they take it all; "
               "above, founders and staff share in it. Triangles mark where the split changes (hover for what "
               "happens); the unallocated option pool takes nothing.")
    with st.expander("Where the payout changes"):
        st.dataframe(pd.DataFrame([{"exit (US$)": b.exit_valuation_usd, "what happens": b.description}
                                   for b in result.breakpoints]), hide_index=True, width="stretch")


def _holders(result: EquityResult, view: EquityView) -> None:
    h = view.holder_range
    ui.chart(holders_across_exits(h.exit_usd, {line.name: line.proceeds_usd for line in h.holders},
                                  [(b.exit_valuation_usd, b.kind, b.description) for b in h.breakpoints],
                                  scenario_exit_usd=h.scenario_exit_usd), "eq_holders")
    st.caption("Each holder's take as the sale price grows: a line bends where a class converts (solid), a cap "
               "binds (dashed) or options come into the money (dotted); hover a triangle for what happens.")
    with st.expander("Holders at the exit scenario"):
        st.dataframe(pd.DataFrame([x.model_dump() for x in result.holders]), hide_index=True, width="stretch")
    fd = result.fully_diluted
    if fd is not None:
        with st.expander(f"Fully diluted, before and after {fd.round}"):
            st.markdown(f"{fd.round}: US${fd.amount_usd:,.0f} at US${fd.pre_money_usd:,.0f} pre-money, "
                        f"US${fd.price_per_share_usd:,.4f} a share.")
            st.dataframe(pd.DataFrame([r.model_dump() for r in fd.rows]), hide_index=True, width="stretch")
            if fd.conversions:
                st.dataframe(pd.DataFrame([c.model_dump() for c in fd.conversions]), hide_index=True,
                             width="stretch")


def _your_stake(scenario: Scenario, scenario_json: str, result: EquityResult) -> None:
    st.subheader("One person's stake")
    table = compute.org_table(scenario_json)
    present = {g.role for g in result.stakes}
    roles = [r for r in ("engineer", "lead", "manager", "founder") if r in present]
    left, right = st.columns([1, 2])
    with left:
        pick = st.selectbox("Whose stake", [*roles, "a person (id or name)"], key="eq_who")
    with right:
        person = st.text_input("Person id or name", value="0", key="eq_person",
                               disabled=pick != "a person (id or name)")
    who = person if pick == "a person (id or name)" else str(pick)
    try:
        offer = offer_summary(scenario, who, table)
    except InputError as err:
        st.warning(str(err))
        return
    ui.chart(stake_across_exits([p.exit_valuation_usd for p in offer.at_exits], [p.value_usd for p in offer.at_exits],
                                offer.salary_usd or None, who=offer.name,
                                title=f"{offer.name}: proceeds by exit value"), "eq_your_stake")
    st.caption("What this person would get if the company sold for each value, net of what their options cost "
               "to exercise; the dashed line is one year of their salary.")
    st.markdown("\n".join(f"- {line}" for line in offer.letter))
    if offer.grants:
        st.dataframe(pd.DataFrame([g.model_dump() for g in offer.grants]), hide_index=True, width="stretch")


# --- the round-by-round editor: edits are overrides of the base scenario, as the sidebar's are

def _exit_edits(base: dict[str, Any], current: dict[str, Any]) -> dict[str, str]:
    out = {}
    for field, (label, kind, options) in EXIT_TERMS.items():
        key = f"{EDIT_KEY}.{field}"
        if kind == "choice" and options is not None:
            value: Any = st.selectbox(label, options, index=options.index(current.get(field, options[0])), key=key)
        else:
            value = st.number_input(label, min_value=0.0, max_value=100.0 if kind == "pct" else 1e12,
                                    value=float(current.get(field) or 0.0), key=key)
        if not same_value(value, base.get(field)):
            out[f"equity.{field}"] = json.dumps(value)
    return out


def _editor(scenario: Scenario) -> None:
    with ui.lazy_expander("Rounds, SAFEs and notes, exit terms; import a cap table (OCF)", "om.eq_editor",
                          icon=":material/edit:") as opened:
        if not opened:
            return
        base_equity = state.base_mapping().get("equity") or {}
        view = compute.equity_view(state.scenario_json())
        paths: dict[str, str] = {}
        if view is not None and base_equity:
            st.markdown("**Priced rounds** (one row a round; dates YYYY-MM-DD; give a pre- or a post-money value)")
            rounds = st.data_editor(pd.DataFrame(view.rounds), key=f"{EDIT_KEY}.rounds", num_rows="fixed",
                                    hide_index=True, width="stretch")
            paths.update(round_edits(rounds.to_dict("records"), base_equity.get("rounds", [])))
            st.markdown("**SAFEs and convertible notes** (add a row for each; each converts in the first priced "
                        "round on or after its date)")
            frame = pd.DataFrame(view.convertibles, columns=list(CONVERTIBLE_COLUMNS))
            conv = st.data_editor(frame, key=f"{EDIT_KEY}.convertibles", num_rows="dynamic", hide_index=True,
                                  width="stretch")
            paths.update(convertible_edits(conv.to_dict("records"), base_equity.get("convertibles", [])))
            st.markdown("**At the exit**")
            current = scenario.equity.model_dump(mode="json") if scenario.equity is not None else {}
            paths.update(_exit_edits(base_equity, current))
            mine = ("equity.rounds.", "equity.convertibles", *(f"equity.{f}" for f in EXIT_TERMS))
            kept = {k: v for k, v in state.overrides().items() if not k.startswith(mine)}
            state.set_overrides({**kept, **paths})
            state.sync_url()
            shown = state.take_notice("edit")
            if shown:
                st.error("\n".join(f"- {line}" for line in shown[1]), icon=":material/error:")
        _ocf_upload()


def _ocf_upload() -> None:
    """An OCF package (its .json files, or one .zip) as the scenario's equity; a bad package is refused by
    item and the scenario kept."""
    uploads = st.file_uploader("Import a cap table: an Open Cap Format package (the manifest and its .json files, "
                               f"or one .zip; at most {MAX_FILE_BYTES // 1_000_000} MB each)",
                               type=["json", "zip"], accept_multiple_files=True, key="eq_ocf_upload")
    if uploads:
        seen = tuple(sorted(u.file_id for u in uploads))
        if st.session_state.get(OCF_SEEN) != seen:
            st.session_state[OCF_SEEN] = seen
            too_big = [u.name for u in uploads if u.size > MAX_FILE_BYTES]
            try:
                if too_big:
                    raise InputError([f"{too_big[0]}: larger than {MAX_FILE_BYTES:,} bytes"], "upload")
                mapping, notes = compute.scenario_from_ocf_upload({u.name: u.getvalue() for u in uploads},
                                                                  state.scenario_json())
                state.set_base(f"upload:{uploads[0].name} (OCF)", mapping)
                state.notice("info", "ocf", [f"Imported the cap table of {len(uploads)} file(s).", *notes])
            except InputError as err:
                state.notice("error", "ocf", err.problems)
    shown = state.take_notice("ocf")
    if shown:
        kind, lines = shown
        text = "\n".join(f"- {line}" for line in lines)
        if kind == "error":
            st.error(f"Not imported; still showing the previous scenario.\n{text}", icon=":material/error:")
        else:
            st.success(text, icon=":material/check:")


page()
