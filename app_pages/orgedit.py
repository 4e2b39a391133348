"""Change the organisation by hand: pick a person, move / merge / split / open a role / promote / remove,
see each change as a line (before and after), undo and redo, and take the result away."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from app_pages import compute, state, ui
from orgmodel.formatting import format_value

ACTIONS = ("move under…", "merge with…", "split…", "add open role…", "promote", "remove", "dotted line to…")
SEARCH_ABOVE = 2_000
"""Above this many people the picker searches by name first (a selectbox of 15,000 names is slow to send)."""
BEFORE_AFTER = (("structure", "headcount", "people"), ("structure", "open_roles", "roles"),
                ("structure", "managers", "people"), ("structure", "teams", "teams"),
                ("structure", "levels", "levels"), ("structure", "dotted_lines", "lines"),
                ("cost", "payroll_usd_per_year", "USD"), ("cost", "management_share", "share"))


def _label(p: Any) -> str:
    return f"{p.name} ({p.id}, {p.role})" if p.name and p.name != p.id else f"{p.id} ({p.role})"


def _pick(people: list[Any], label: str, key: str) -> Any | None:
    """A person, searchable by name: every person in a selectbox, or the matches of a search on big charts."""
    if len(people) > SEARCH_ABOVE:
        query = st.text_input(f"{label}: search by name or id", key=f"{key}.q").strip().lower()
        if not query:
            return None
        people = [p for p in people if p.id.lower() == query or query in p.name.lower()][:50]
        if not people:
            st.caption(f"Nobody matches {query!r}.")
            return None
    chosen: Any | None = st.selectbox(label, people, index=None, format_func=_label, key=key,
                                      placeholder="Type a name…")
    return chosen


def _edit_form(people: list[Any], person: Any) -> dict[str, Any] | None:
    """The edit the user describes for ``person`` (None until it is complete)."""
    action = st.radio("Change", ACTIONS, horizontal=True, key="om.edit.action")
    if action in ("promote", "remove"):
        return {action: person.id}
    if action == "split…":
        reports = [p for p in people if p.manager_id == person.id]
        if not reports:
            st.caption(f"{_label(person)} has no direct reports to split off.")
            return None
        moving = st.multiselect("Who goes to the new team", reports, format_func=_label, key="om.edit.moving")
        lead = st.selectbox("Their new lead", moving or reports, format_func=_label, key="om.edit.new_lead")
        return {"split": person.id, "moving": [p.id for p in moving], "new_lead": lead.id} if moving else None
    if action == "add open role…":
        role = st.text_input("Role", value="engineer", key="om.edit.role")
        start = st.date_input("Planned start", value=dt.date(2027, 1, 1), key="om.edit.start")
        return {"open_role": role or "engineer", "under": person.id, "start": str(start)}
    other = _pick([p for p in people if p.id != person.id], {"move under…": "New manager", "merge with…":
                  "Merge into the team of", "dotted line to…": "Dotted-line manager"}[action], "om.edit.other")
    if other is None:
        return None
    if action == "move under…":
        return {"move": person.id, "under": other.id}
    if action == "merge with…":
        return {"merge": [other.id, person.id]}
    return {"dotted": person.id, "to": other.id}


def _changes(scenario_json: str) -> None:
    """Each edit as a line, before and after figures, downloads, undo and redo."""
    from orgmodel.edits.export import changes_csv
    from orgmodel.edits.text import edit_text

    edits = state.edits()
    _, changes = compute.edited_people(scenario_json)
    left, mid, right, _ = st.columns([1, 1, 1, 3])
    left.button("Undo", icon=":material/undo:", disabled=not edits, on_click=state.undo, key="om.edit.undo")
    mid.button("Redo", icon=":material/redo:", disabled=not state.redo_stack(), on_click=state.redo,
               key="om.edit.redo")
    right.button("Clear all", disabled=not edits, on_click=state.clear_edits, key="om.edit.clear")
    if not edits:
        st.caption("No changes: the organisation as it was (redo brings the last one back).")
        return
    own = changes[-len(edits):] if len(changes) >= len(edits) else [""] * len(edits)
    texts = [edit_text(e) for e in edits]
    st.dataframe([{"#": i + 1, "edit": t, "what changed": c} for i, (t, c) in enumerate(zip(texts, own))],
                 hide_index=True, width="stretch", key="om.edit.table")
    before, after = compute.report(state.unedited_json()), compute.report(scenario_json)
    rows = []
    for section, key, unit in BEFORE_AFTER:
        a, b = before.section(section), after.section(section)
        if a is not None and b is not None:
            rows.append({"figure": f"{section}.{key}", "as it was": format_value(getattr(a, key), unit),
                         "as edited": format_value(getattr(b, key), unit)})
    st.dataframe(rows, hide_index=True, key="om.edit.before_after")
    st.download_button("Changes as CSV", changes_csv(texts, own), "changes.csv", "text/csv", key="om.edit.csv")


def _downloads(scenario_json: str, title: str) -> None:
    """The org chart as a picture, and the edited organisation as CSV/xlsx in the import's columns."""
    from orgmodel.charts.export import ImageExportError

    cols = st.columns(4)
    cols[0].download_button("Organisation (CSV)", compute.people_download(scenario_json, "csv"),
                            "organisation.csv", "text/csv", key="om.dl.people_csv")
    cols[1].download_button("Organisation (xlsx)", compute.people_download(scenario_json, "xlsx"),
                            "organisation.xlsx", key="om.dl.people_xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    fmt = cols[2].selectbox("Picture", ("svg", "png", "pdf"), key="om.dl.fmt", label_visibility="collapsed")
    if cols[3].button("Make the picture", key="om.dl.make"):
        try:
            with st.spinner("Drawing the chart…"):
                st.session_state["om.dl.image"] = (fmt, compute.org_chart_image(scenario_json, title, fmt))
        except ImageExportError as err:
            st.error(str(err), icon=":material/error:")
    made = st.session_state.get("om.dl.image")
    if made:
        mime = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}[made[0]]
        st.download_button(f"Org chart ({made[0].upper()})", made[1], f"org-chart.{made[0]}", mime,
                           key="om.dl.image_button")


def _editor(scenario_json: str, clicked_row: int | None) -> None:
    """Pick a person (by name, or the dot clicked on the chart) and apply one change to them."""
    people, _ = compute.edited_people(scenario_json)
    person = _pick(people, "Person or team (pick a lead for their team, or click a dot on the chart)", "om.edit.who")
    if person is None and clicked_row is not None:
        table = compute.org_table(scenario_json)
        wanted = table.id_of(clicked_row) if 0 <= clicked_row < len(table) else None
        person = next((p for p in people if p.id == wanted), None)
        if person is not None:
            st.caption(f"Picked on the chart: {_label(person)}")
    if person is None:
        return
    edit = _edit_form(people, person)
    if st.button("Apply", type="primary", disabled=edit is None, key="om.edit.apply") and edit is not None:
        problems = state.add_edit(edit)
        if problems:
            st.error("This change was refused; your earlier changes are kept.\n"
                     + "\n".join(f"- {p}" for p in problems), icon=":material/error:")
        else:
            st.rerun()


def render(scenario_json: str, title: str, clicked_row: int | None = None) -> None:
    """The "Change the organisation" section of the Organisation page (``clicked_row``: a dot clicked on the chart).

    Built only when opened (or after a click on the chart), like every box of the page: a closed one
    costs a rerun nothing.
    """
    st.subheader("Change the organisation")
    with ui.lazy_expander("Move, merge, split, open a role, promote, remove, dotted line…", "om.edit.open",
                          icon=":material/edit:") as opened:
        if opened:
            _editor(scenario_json, clicked_row)
    if clicked_row is not None and not opened:
        _editor(scenario_json, clicked_row)
    if state.edits() or state.redo_stack():
        with st.expander("Changes", expanded=True, icon=":material/history:"):
            _changes(scenario_json)
    else:
        st.caption("No changes yet: the organisation as it was.")
    with ui.lazy_expander("Take it away: picture and spreadsheet", "om.dl.open", icon=":material/download:") as shown:
        if shown:
            _downloads(scenario_json, title)
