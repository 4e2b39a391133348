"""AppTest: the sidebar's scenario: edits move the figures, survive page changes, live in the URL;
bad uploads and bad links are refused with the field named, keeping the previous scenario."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from orgmodel.loading import load_preset, scenario_to_yaml

APP = "../app.py"
TIMEOUT = 60
CAP = "ctl:org.max_team_size"


pytestmark = pytest.mark.usefixtures("fresh_caches")


def _app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _open(at: AppTest, *boxes: str) -> AppTest:
    """Open sidebar boxes (``om.sb.week``...): their widgets are drawn only while open."""
    for box in boxes:
        at.session_state[box] = True
    return at.run()


def state_overrides(at: AppTest) -> dict[str, str]:
    return dict(at.session_state["om.overrides"])


def metric(at: AppTest, label_start: str) -> str:
    for m in at.metric:
        if m.label.startswith(label_start):
            return str(m.value)
    raise AssertionError(f"no metric {label_start!r} in {[m.label for m in at.metric]}")


def number(text: str) -> float:
    """``"7.13 h"`` -> 7.13."""
    return float(text.split()[0].replace(",", "").rstrip("%×"))


def errors(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in at.error)


def test_team_size_cap_moves_structure_and_review_figures() -> None:
    at = _app()
    teams, channels = metric(at, "Teams"), metric(at, "Channels within teams")
    at.slider(key=CAP).set_value(4).run()
    assert not at.exception
    assert metric(at, "Teams") != teams
    assert int(metric(at, "Channels within teams").replace(",", "")) < int(channels.replace(",", ""))
    at.switch_page("app_pages/review.py").run()
    teams_drawn = _review_teams_drawn(at)
    at.slider(key=CAP).set_value(20).run()
    assert _review_teams_drawn(at) < teams_drawn, "fewer, larger teams in the per-team review chart"


def test_team_size_cap_moves_review_turnaround_on_the_hierarchy() -> None:
    at = _app(preset="hierarchical-400")
    at.switch_page("app_pages/review.py").run()
    p90 = number(metric(at, "Review wait, p90"))
    # a cap of 4, not 2: with one shared queue per team (absences in force), teams of 2 wait longer for a
    # look than the lighter sign-off saves (simulation p90 15.7 h at 2, 14.8 h at 4, 15.2 h at 6)
    at.slider(key=CAP).set_value(4).run()
    assert not at.exception
    assert number(metric(at, "Review wait, p90")) < p90, "smaller teams: a lead signs off fewer changes"


def _review_teams_drawn(at: AppTest) -> int:
    for el in at.get("plotly_chart"):
        fig = json.loads(el.proto.spec)
        if "by team" in fig["layout"].get("title", {}).get("text", ""):
            return len(fig["data"][0]["x"])
    raise AssertionError("no per-team review chart")


def test_edits_survive_a_page_change_and_go_into_the_url() -> None:
    at = _app()
    at.slider(key=CAP).set_value(5).run()
    assert at.query_params["org.max_team_size"] == ["5"] or at.query_params["org.max_team_size"] == "5"
    at.switch_page("app_pages/assumptions.py").run()
    frame = at.dataframe[0].value
    row = frame[frame["Input"] == "org.max_team_size"].iloc[0]
    assert row["Value"] == "5" and row["Source"] == "edited by you"
    at.switch_page("app_pages/organisation.py").run()
    assert at.slider(key=CAP).value == 5
    assert metric(at, "Largest team").startswith("5")


def test_url_restores_the_scenario() -> None:
    at = _app(**{"preset": "hierarchical-400", "org.max_team_size": "4", "org.departments.MIUI.engineers": "50"})
    assert not at.exception and not at.error
    assert at.title[0].value.startswith("Hierarchical")
    assert at.slider(key=CAP).value == 4
    assert metric(at, "Largest team").startswith("4")
    assert not [w for w in at.number_input if w.key.startswith("ctl:org.departments")], "a closed box draws nothing"
    _open(at, "om.sb.departments")
    assert at.number_input(key="ctl:org.departments.MIUI.engineers").value == 50


def test_an_edit_in_a_closed_box_lives_on_and_its_widget_starts_from_it() -> None:
    at = _open(_app(), "om.sb.week")
    at.number_input(key="ctl:work.hours_per_day").set_value(10).run()
    at.slider(key="ctl:work.days_per_week").set_value(5).run()
    at.session_state["om.sb.week"] = False
    at.run()
    assert "ctl:work.hours_per_day" not in at.session_state
    at.slider(key=CAP).set_value(5).run()  # another edit while the box is closed
    assert state_overrides(at) == {"work.hours_per_day": "10", "work.days_per_week": "5", "org.max_team_size": "5"}
    _open(at, "om.sb.week")
    assert at.number_input(key="ctl:work.hours_per_day").value == 10
    assert at.slider(key="ctl:work.days_per_week").value == 5
    assert state_overrides(at)["work.hours_per_day"] == "10"


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"org.max_team_size": "0"}, "org.max_team_size"),
        ({"org.max_team_size": "lots"}, "org.max_team_size"),
        ({"preset": "nowhere"}, "nowhere"),
        ({"org.departments.Nope.engineers": "3"}, "Nope"),
    ],
)
def test_bad_url_names_the_field_and_falls_back_to_the_preset(params: dict[str, str], named: str) -> None:
    at = _app(**params)
    assert not at.exception
    assert named in errors(at)
    assert at.title[0].value.startswith("Xiaomi")
    assert at.slider(key=CAP).value == load_preset("xiaomi-2012").org.max_team_size


def test_refused_edit_keeps_the_last_valid_figures() -> None:
    at = _open(_app(), "om.sb.week")
    at.number_input(key="ctl:work.hours_per_day").set_value(20).run()  # 09:00 + 20 h runs past midnight
    assert "runs past midnight" in errors(at)
    assert not at.exception
    assert metric(at, "Headcount") == "400"


def test_bad_upload_shows_the_field_and_keeps_the_previous_scenario() -> None:
    at = _open(_app(), "om.sb.files")
    at.slider(key=CAP).set_value(5).run()
    bad = scenario_to_yaml(load_preset("hierarchical-400")).replace("max_team_size: 6", "max_team_size: -3")
    at.file_uploader(key="om.upload").set_value(("bad.yaml", bad.encode(), "application/yaml")).run()
    assert not at.exception
    assert "org.max_team_size" in errors(at) and "-3" in errors(at)
    assert at.title[0].value.startswith("Xiaomi")
    assert at.slider(key=CAP).value == 5
    at.file_uploader(key="om.upload").set_value(("bomb.yaml", b"a: &x [1]\nb: *x\n", "application/yaml")).run()
    assert "aliases" in errors(at)
    assert at.slider(key=CAP).value == 5


def test_good_upload_replaces_the_scenario() -> None:
    at = _open(_app(), "om.sb.files")
    text = scenario_to_yaml(load_preset("hierarchical-400")).replace("max_team_size: 6", "max_team_size: 3")
    at.file_uploader(key="om.upload").set_value(("mine.yaml", text.encode(), "application/yaml")).run()
    assert not at.exception and not at.error
    assert at.title[0].value.startswith("Hierarchical")
    assert at.slider(key=CAP).value == 3


def test_preset_switch_drops_edits() -> None:
    at = _app()
    at.slider(key=CAP).set_value(3).run()
    at.selectbox(key="om.preset_choice").set_value("hierarchical-400").run()
    assert at.title[0].value.startswith("Hierarchical")
    assert at.slider(key=CAP).value == 6


def test_figures_csv_holds_every_headline_figure_of_the_edited_scenario() -> None:
    from orgmodel.report import build_report, figures_csv

    at = _app()
    at.session_state["om.downloads"] = True  # open the sidebar's Download box
    at.run()
    labels = [el.proto.label for el in at.get("download_button")]
    assert labels == ["Scenario (YAML)", "Figures (CSV)", "Full report (JSON)"]
    text = figures_csv(build_report(load_preset("xiaomi-2012")))
    lines = text.splitlines()
    assert lines[0] == "section,key,label,unit,value"
    assert "structure,headcount,Headcount,people,400" in lines
