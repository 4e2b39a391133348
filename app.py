"""orgmodel's app: ``streamlit run app.py``. The sidebar holds the scenario; the pages show it."""

from __future__ import annotations

import streamlit as st

from app_pages import sidebar, state, timing

timing.start_run()
st.set_page_config(page_title="orgmodel: flat or hierarchical?", page_icon=":material/account_tree:", layout="wide")

PAGES = [
    st.Page("app_pages/organisation.py", title="Organisation", icon=":material/account_tree:", default=True),
    st.Page("app_pages/review.py", title="Review", icon=":material/rate_review:"),
    st.Page("app_pages/decisions.py", title="Decisions", icon=":material/campaign:"),
    st.Page("app_pages/equity.py", title="Equity", icon=":material/pie_chart:"),
    st.Page("app_pages/compare.py", title="Compare", icon=":material/compare_arrows:"),
    st.Page("app_pages/growth.py", title="Growth", icon=":material/trending_up:"),
    st.Page("app_pages/history.py", title="Your history", icon=":material/history:"),
    st.Page("app_pages/assumptions.py", title="Assumptions", icon=":material/fact_check:"),
    st.Page("app_pages/sensitivity.py", title="How sure is it?", icon=":material/query_stats:"),
]

try:
    navigation = st.navigation(PAGES)
    timing.set_page(navigation.url_path or "organisation")
    with timing.part("sidebar"):
        sidebar.render()
    for where in ("url", "edit"):
        shown = state.take_notice(where)
        if shown:
            kind, lines = shown
            text = "\n".join(f"- {line}" for line in lines)
            st.error(f"Some settings were refused:\n{text}", icon=":material/error:")
    with timing.part("page"):
        navigation.run()
finally:
    timing.finish_run()
