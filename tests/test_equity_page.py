"""AppTest: the Equity page's exit-range chart, breakpoints and one person's stake."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"

pytestmark = pytest.mark.usefixtures("fresh_caches")


def _equity(preset: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["preset"] = preset
    at.run()
    return at.switch_page("app_pages/equity.py").run()


def _titles(at: AppTest) -> list[str]:
    return [json.loads(el.proto.spec)["layout"]["title"]["text"] for el in at.get("plotly_chart")]


def test_exit_range_and_a_roles_stake_are_drawn_with_captions() -> None:
    at = _equity("hierarchical-400")
    assert not at.exception
    titles = _titles(at)
    assert "Who gets the exit money, by exit value" in titles
    assert any(t.endswith("proceeds by exit value") for t in titles)
    captions = " ".join(c.value for c in at.caption)
    assert "Every dollar of a sale goes to someone" in captions and "one year of their salary" in captions
    assert any("the median engineer by stake" in md.value for md in at.markdown)


def test_a_person_by_id_and_an_unknown_person() -> None:
    at = _equity("xiaomi-2012")
    at.selectbox(key="eq_who").set_value("a person (id or name)").run()
    at.text_input(key="eq_person").set_value("Lei Jun").run()
    assert not at.exception
    assert any("Founder's shares" in md.value for md in at.markdown)
    at.text_input(key="eq_person").set_value("nobody").run()
    assert any("person = 'nobody'" in w.value for w in at.warning)


def test_holders_chart_and_the_editor_write_overrides() -> None:
    at = _equity("hierarchical-400")
    assert "What each holder gets, by exit value" in _titles(at)
    at.session_state["om.eq_editor"] = True  # open the editor box
    at.run()
    assert not at.exception
    box = next(e for e in at.expander if e.label.startswith("Rounds, SAFEs"))
    assert len(box.dataframe) == 2  # the rounds' and the SAFEs' editors
    carve = next(n for n in at.number_input if n.label.startswith("Management carve-out"))
    carve.set_value(5.0).run()
    assert not at.exception
    assert at.session_state["om.overrides"]["equity.carve_out_pct"] == "5.0"
    assert at.query_params["equity.carve_out_pct"] == "5.0"  # and in the link
    titles = _titles(at)
    assert "What each holder gets, by exit value" in titles


def test_an_ocf_package_upload_becomes_the_equity_and_a_bad_one_is_refused() -> None:
    # the page's upload calls this compute function (AppTest cannot upload files): a zip of orgmodel's own
    # package gives back the same equity; a broken one raises an error naming the item
    import io
    import zipfile

    from app_pages import compute
    from orgmodel.equity.ocf import ocf_package
    from orgmodel.errors import InputError
    from orgmodel.loading import load_preset

    scenario = load_preset("hierarchical-400")
    package = ocf_package(scenario)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, obj in package.items():
            z.writestr(f"pkg/{name}", json.dumps(obj))
    mapping, notes = compute.scenario_from_ocf_upload({"pkg.zip": buf.getvalue()}, scenario.model_dump_json())
    assert notes == [] and mapping["equity"]["founder_shares"] == pytest.approx(1e7)
    package["transactions.ocf.json"]["items"][0]["stock_class_id"] = "nope"
    files = {name: json.dumps(obj).encode() for name, obj in package.items()}
    with pytest.raises(InputError, match="stock_class_id 'nope' is not a stock class"):
        compute.scenario_from_ocf_upload(files, scenario.model_dump_json())
    with pytest.raises(InputError, match="not a zip file"):
        compute.scenario_from_ocf_upload({"x.zip": b"not a zip"}, scenario.model_dump_json())
