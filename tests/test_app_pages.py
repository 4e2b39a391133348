"""AppTest: every page renders on every preset without an exception, with its figures."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from orgmodel.loading import preset_names

APP = "../app.py"
PAGES = ["organisation", "review", "decisions", "equity", "compare", "assumptions"]
TIMEOUT = 60


pytestmark = pytest.mark.usefixtures("fresh_caches")


def _app(preset: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if preset:
        at.query_params["preset"] = preset
    return at.run()


def plotly_figures(at: AppTest) -> list[dict]:
    """Figure JSON of every plotly chart on the page (AppTest sees them as unknown elements)."""
    out = []
    for el in at.get("plotly_chart"):
        out.append(json.loads(el.proto.spec))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("preset", preset_names())
def test_every_page_renders_on_every_preset(preset: str) -> None:
    at = _app(preset)
    assert not at.exception
    for page in PAGES:
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert not at.error, (page, [e.value for e in at.error])
        assert at.title, f"{page} has a title"
        if page != "assumptions":
            assert plotly_figures(at), f"{page} draws at least one chart"


def test_first_screen_has_headline_metrics_with_help_and_a_takeaway() -> None:
    at = _app()
    labels = [m.label for m in at.metric]
    assert "Headcount" in labels
    assert any(label.startswith("Levels") for label in labels)
    assert all(m.help for m in at.metric), "every metric explains itself"
    assert any("Against" in md.value for md in at.markdown), "a one-line takeaway against the other preset"
    assert at.title[0].value.startswith("Xiaomi")


@pytest.mark.slow
def test_every_chart_axis_has_a_title() -> None:
    at = _app()
    for page in ("organisation", "review", "decisions", "equity", "compare"):
        at.switch_page(f"app_pages/{page}.py").run()
        for fig in plotly_figures(at):
            layout = fig["layout"]
            if any(t.get("type") == "sunburst" for t in fig["data"]):
                continue
            for axis in ("xaxis", "yaxis"):
                if layout.get(axis, {}).get("visible") is False:
                    continue
                title = layout.get(axis, {}).get("title", {}).get("text")
                assert title, f"{page}: {layout.get('title', {}).get('text')} has no {axis} title"


def test_assumptions_page_labels_sources() -> None:
    at = _app()
    at.switch_page("app_pages/assumptions.py").run()
    frame = at.dataframe[0].value
    sources = set(frame["Source"])
    assert "fact (article)" in sources and "assumption" in sources
    team_cap = frame[frame["Input"] == "org.max_team_size"].iloc[0]
    assert team_cap["Source"] == "assumption"
    assert "L51" in team_cap["Where it comes from"]


@pytest.mark.slow
def test_compare_table_has_verdicts_for_both_presets() -> None:
    at = _app()
    at.switch_page("app_pages/compare.py").run()
    frame = at.dataframe[0].value
    levels = frame[frame["figure"] == "Levels"].iloc[0]
    assert (levels["A"], levels["B"]) == ("3", "4")
    assert levels["B is"] == "worse"


def test_page_scripts_have_no_bare_strings_that_magic_would_print() -> None:
    """Streamlit's magic writes any bare string literal in a page script onto the page."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    stray = []
    for path in [root / "app.py", *sorted((root / "app_pages").glob("*.py"))]:
        tree = ast.parse(path.read_text())
        for node in tree.body[1:]:  # the module docstring (first statement) is not shown
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                stray.append(f"{path.name}:{node.lineno}")
    pages = {"organisation.py", "review.py", "decisions.py", "equity.py", "compare.py", "assumptions.py", "app.py"}
    assert [s for s in stray if s.split(":")[0] in pages] == []
