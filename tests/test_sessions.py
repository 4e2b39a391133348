"""Many users at once: sessions see only their own scenario; caches share only figures, never results.

``SESSIONS`` AppTest sessions share one process (and so every ``st.cache_data`` cache) and take
turns: each sets its own team-size cap, then all rerun in turn, and each must still show the
figures of its own scenario. (AppTest sessions in threads race on Streamlit's process-wide
Runtime and fail at random, so truly simultaneous sessions are tested in a real browser:
``tests/browser/test_browser_sessions.py``.) Cached results are mutated by one caller and re-read
by another, which must not see the change.
"""

from __future__ import annotations

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from orgmodel.loading import load_preset
from orgmodel.report import build_report

SESSIONS = 6
"""AppTest sessions run at once in `test_concurrent_sessions_each_see_their_own_scenario`."""
CAP = "ctl:org.max_team_size"
CAPS = [3, 4, 6, 9, 12, 20]


pytestmark = pytest.mark.usefixtures("fresh_caches")


def _teams_metric(at: AppTest) -> int:
    return int(next(m.value for m in at.metric if m.label.startswith("Teams")).replace(",", ""))


def _open(cap: int) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=120).run()
    assert not at.exception, at.exception
    at.slider(key=CAP).set_value(cap).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.slow
def test_concurrent_sessions_each_see_their_own_scenario() -> None:
    base = load_preset("xiaomi-2012")
    sessions = [(cap, _open(cap)) for cap in CAPS[:SESSIONS]]
    for _, at in reversed(sessions):  # every other session's work happens between a session's reruns
        at.run()
        assert not at.exception, at.exception
    results = [(cap, _teams_metric(at), at.session_state["om.good"]) for cap, at in sessions]
    for cap, teams, good in results:
        expected = base.model_copy(update={"org": base.org.model_copy(update={"max_team_size": cap})})
        assert f'"max_team_size":{cap}' in good
        assert teams == build_report(expected).structure.teams, f"session with cap {cap} shows another's teams"
    assert len({teams for _, teams, _ in results}) > 1


def test_cached_results_are_copies_a_session_cannot_mutate_for_another() -> None:
    from app_pages.compute import org_table, report
    from app_pages.state import preset_mapping

    key = load_preset("xiaomi-2012").model_dump_json()
    first = report(key)
    headcount = first.structure.headcount
    first.structure.headcount = -1  # one session scribbles on its result
    first.structure.span_by_level.clear()
    assert report(key).structure.headcount == headcount
    assert report(key).structure.span_by_level

    table = org_table(key)
    table.parent[:] = 7
    assert not np.all(org_table(key).parent == 7)

    mapping = preset_mapping("xiaomi-2012")
    mapping["org"]["max_team_size"] = 999
    mapping["org"]["departments"].clear()
    again = preset_mapping("xiaomi-2012")
    assert again["org"]["max_team_size"] != 999 and again["org"]["departments"]


def _shared_caches() -> set[str]:
    import ast
    import pathlib

    root = pathlib.Path(__file__).resolve().parent.parent
    found = set()
    for path in [root / "app.py", *sorted((root / "app_pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any("cache_resource" in ast.unparse(d)
                                                         for d in node.decorator_list):
                found.add(f"{path.name}:{node.name}")
    return found


def test_the_only_shared_caches_hold_figures_and_drawing_leaves_them_alone() -> None:
    """`st.cache_resource` hands one object to every session: only figures are shared (results are
    copies), and drawing a shared figure in one session does not change what the next one gets."""
    import json

    from app_pages.compute import _org_tree
    from orgmodel.charts.orgchart import org_tree
    from orgmodel.layout import layout
    from orgmodel.loading import load_preset

    assert _shared_caches() == {"compute.py:_org_tree", "compute.py:_org_sunburst"}
    specs = []
    for _ in range(2):  # two sessions, the second served from the shared cache
        at = AppTest.from_file("../app.py", default_timeout=60).run()
        assert not at.exception
        specs.append(json.loads(at.get("plotly_chart")[0].proto.spec))
    scenario = load_preset("xiaomi-2012")
    title = f"{scenario.name}: one dot per person, managers above their reports"
    fresh = json.loads(org_tree(layout(scenario), title=title).to_json())
    assert specs[0] == specs[1]
    assert specs[1]["data"] == fresh["data"] and specs[1]["layout"]["title"] == fresh["layout"]["title"]
    held = _org_tree(scenario.model_dump_json(), title)
    assert held is _org_tree(scenario.model_dump_json(), title), "a shared cache hands out one object"


def test_one_sessions_bad_upload_leaves_another_session_alone() -> None:
    calm = AppTest.from_file("../app.py", default_timeout=60).run()
    other = AppTest.from_file("../app.py", default_timeout=60)
    other.session_state["om.sb.files"] = True  # the sidebar's Open and save box
    other.run()
    calm.slider(key=CAP).set_value(5).run()
    before = calm.session_state["om.good"]
    other.file_uploader(key="om.upload").set_value(("bomb.yaml", b"a: &x [1]\nb: *x\n", "application/yaml")).run()
    assert not other.exception and other.error
    calm.run()
    assert calm.session_state["om.good"] == before and not calm.error
