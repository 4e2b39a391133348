"""Your review history: upload a git log or a gh export, see its review flow, fit the model, open it as a scenario."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from app_pages import state, ui
from orgmodel.charts.history import co_review_network, fit_against_measurement, landing_by_quarter, review_load_curve
from orgmodel.errors import InputError
from orgmodel.history.analysis import analyse_history, review_network
from orgmodel.history.flows import Changes
from orgmodel.history.measure import Window, parse_instant
from orgmodel.history.result import HistoryReport
from orgmodel.history.source import MAX_UPLOAD_BYTES, read_history_bytes

UPLOAD_KEY = "om.history_upload"
HELD = "om.history_runs"
T = TypeVar("T")
COMMAND = "git log --format=fuller --date=iso-strict --parents > history.log"


def _hours(x: float | None) -> str:
    return "-" if x is None else f"{x:,.1f} h"


def _read(data: bytes, name: str, since: str, until: str,
          exclude: tuple[str, ...]) -> tuple[Changes, HistoryReport, Window]:
    bar = st.progress(0.0, text="Reading the history…")
    changes = read_history_bytes(data, name, exclude=exclude, max_bytes=MAX_UPLOAD_BYTES)
    bar.progress(0.6, text=f"Measuring {len(changes):,} reviewed changes…")
    window = Window(parse_instant(since, "since"), parse_instant(until, "until"))
    report = analyse_history(changes, window, source=name)
    bar.empty()
    return changes, report, window


def _held(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` once per ``key`` in this session (the last four kept)."""
    held: dict[str, T] = st.session_state.setdefault(HELD, {})
    if key not in held:
        if len(held) >= 4:
            held.pop(next(iter(held)))
        held[key] = compute()
    return held[key]


def _fitted(key: str, changes: Changes, window: Window, fit_until: str, measured: HistoryReport) -> HistoryReport:
    def compute() -> HistoryReport:
        with st.spinner("Fitting the model to the window before the cut, then the hold-out and what-ifs…"):
            return analyse_history(changes, window, parse_instant(fit_until, "fit until"),
                                   source=measured.history.source, measured=measured.history)

    return _held(f"{key}|fit|{fit_until}", compute)


def _figures(report: HistoryReport) -> None:
    m = report.history
    cols = st.columns(4)
    cols[0].metric("Reviewed changes", f"{m.changes:,}", help="single-parent commits with Reviewed-on/by trailers, "
                   "'Merge pull request' merges or gh export rows that landed in the window; bots left out")
    cols[1].metric("Authors / reviewers", f"{m.authors:,} / {m.reviewers:,}")
    cols[2].metric("Time to land p50", _hours(m.time_to_land_p50_calendar_hours), help="calendar hours")
    cols[3].metric("Time to land p90", _hours(m.time_to_land_p90_calendar_hours), help="calendar hours")
    st.caption(f"Not timed: {m.plain_commits:,} plain commits, {m.squash_merges:,} squash merges. Left out: "
               f"{m.bot_changes:,} bot changes, {m.impossible_dates:,} with impossible dates. "
               f"{m.reviewers_per_change_mean:.2f} reviewers per change; the top reviewer does "
               f"{(m.top_reviewer_share or 0):.0%} of reviews and {m.reviewers_carrying_80_pct} people carry 80%.")


def _fit(report: HistoryReport) -> None:
    fit, hold = report.fit, report.holdout
    if fit is None:
        return
    ui.chart(fit_against_measurement(fit, hold), "history_fit")
    st.caption(f"Fit error p50 {fit.error_p50_pct:+.0f}%, p90 {fit.error_p90_pct:+.0f}%; the review stages explain "
               f"{fit.review_share_of_p50:.0%} of the median time to land. Unexplained: {fit.unexplained}.")
    st.dataframe([w.model_dump() for w in report.what_if], hide_index=True)
    if report.scenario is not None and st.button("Open as scenario", key="history_open", icon=":material/input:"):
        try:
            state.set_base(f"upload:{report.history.source} (fitted history)", report.scenario)
        except InputError as err:
            st.error("Not opened:\n" + "\n".join(f"- {p}" for p in err.problems))
        else:
            state.notice("info", "history", ["The fitted organisation is now the session's scenario: "
                                             "every page works on it."])
            st.rerun()


def render() -> None:
    st.title("Your review history")
    st.write(f"Upload the output of `{COMMAND}` or of `gh pr list --state merged --json "
             "number,author,createdAt,mergedAt,reviews` (at most "
             f"{MAX_UPLOAD_BYTES // (1 << 20)} MB).")
    opened = state.take_notice("history")
    if opened:
        st.success(" ".join(opened[1]), icon=":material/check_circle:")
        state.clear_notice("history")
    upload = st.file_uploader("History (git log or gh JSON)", key=UPLOAD_KEY)
    cols = st.columns(4)
    since = cols[0].text_input("Since (ISO date)", key="history_since")
    until = cols[1].text_input("Until (exclusive)", key="history_until")
    fit_until = cols[2].text_input("Fit until", key="history_fit_until")
    exclude = tuple(x.strip() for x in cols[3].text_input("Exclude (names, commas)", key="history_exclude").split(",")
                    if x.strip())
    if upload is None:
        return
    key = "|".join([upload.file_id, upload.name, since, until, *exclude])
    try:
        changes, report, window = _held(key, lambda: _read(upload.getvalue(), upload.name, since, until, exclude))
    except InputError as err:
        st.error("Not read; the session's scenario is kept.\n" + "\n".join(f"- {p}" for p in err.problems),
                 icon=":material/error:")
        return
    _figures(report)
    labels = ["By quarter", "Review load", "Who reviews whom", "Fit and what-if"]
    tabs = dict(zip(labels, st.tabs(labels, key="history_tab", on_change="rerun"), strict=True))
    shown = next((label for label, tab in tabs.items() if tab.open), labels[0])
    with tabs[shown]:
        if shown == "By quarter":
            ui.chart(landing_by_quarter(report.history.by_quarter), "history_quarters")
        elif shown == "Review load":
            ui.chart(review_load_curve(report.history.review_load_curve), "history_load")
        elif shown == "Who reviews whom":
            graph, team = review_network(changes, window)
            ui.chart(co_review_network(graph, team, changes.people.names), "history_graph")
        elif not fit_until:
            st.info("Give a *fit until* date to fit the model to the window before it and predict the rest.")
        else:
            try:
                _fit(_fitted(key, changes, window, fit_until, report))
            except (InputError, ValueError) as err:
                st.error(f"Not fitted: {err}", icon=":material/error:")

render()
