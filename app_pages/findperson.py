"""The Organisation page's "Find a person" tab: search by name or id, their chain to the top and team."""

from __future__ import annotations

import streamlit as st

from app_pages import ui
from orgmodel.charts.people import person_chart
from orgmodel.io.people import chain_to_top, find_people, team_rows
from orgmodel.orgtable import OrgTable


def find_a_person(table: OrgTable) -> None:
    """Search by name or id; show the chain to the top and the team highlighted."""
    query = st.text_input("Name or id", key="om.find")
    if not query:
        return
    rows = find_people(table, query)
    if not rows:
        st.info(f"Nobody's name or id matches {query!r}.")
        return
    row = st.selectbox("Person", rows, format_func=lambda r: f"{table.name_of(r)} (id {table.id_of(r)})",
                       key="om.find.pick")
    chain = chain_to_top(table, row)
    team = team_rows(table, row)
    st.markdown(" → ".join(table.name_of(r) for r in chain))
    ui.chart(person_chart(table, row, chain, team, title=f"{table.name_of(row)}: chain to the top and team"),
             "org_person")
