"""A picture to take away and the edited organisation back out in the import's own columns."""

from __future__ import annotations

import io

import pytest

from orgmodel.charts import export
from orgmodel.charts.orgchart import org_tree
from orgmodel.edits.export import changes_csv, people_to_csv, people_to_xlsx
from orgmodel.edits.table import edited_org
from orgmodel.layout import layout
from orgmodel.loading import load_preset, validate_scenario
from orgmodel.scenario import ImportInfo, Person

INFO = ImportInfo(rows_read=3, people=3, roots=1, roles_inferred=True,
                  columns={"id": "Employee_ID", "manager": "Manager_ID", "name": "Full Name"})


def test_people_go_back_out_in_the_imports_columns() -> None:
    people = [Person(id="1", name="Ceo", role="founder"), Person(id="2", name="Ann", manager_id="1",
                                                                 dotted_managers=["3"]),
              Person(id="3", name="Bo", manager_id="1")]
    text = people_to_csv(people, INFO)
    assert text.splitlines()[0] == "Employee_ID,Manager_ID,Full Name,role,department,team,dotted_managers"
    assert text.splitlines()[2] == "2,1,Ann,engineer,,,3"
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(people_to_xlsx(people, INFO)))["people"]
    assert [c.value for c in next(sheet.iter_rows())][:3] == ["Employee_ID", "Manager_ID", "Full Name"]


def test_changes_csv_has_one_line_per_edit() -> None:
    scenario = load_preset("xiaomi-2012")
    edited = validate_scenario({**scenario.model_dump(mode="json"),
                                "edits": [{"promote": 20}, {"open_role": "engineer", "under": 20,
                                                            "start": "2027-02-01"}]})
    done = edited_org(edited)
    lines = changes_csv(["promote: 20", "open_role: engineer, under: 20, start: 2027-02-01"], done.changes)
    assert lines.splitlines()[0] == "number,edit,what changed" and len(lines.splitlines()) == 3
    assert "lead -> manager" in lines and "open role open-1" in lines
    assert "open_from" in people_to_csv(done.people).splitlines()[0]


def test_no_browser_is_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "browser_path", lambda: None)
    with pytest.raises(export.ImageExportError, match="no Chrome or Chromium found"):
        export.figure_image(org_tree(layout(load_preset("xiaomi-2012"))), "png")
    with pytest.raises(export.ImageExportError, match="allowed: svg, png, pdf"):
        export.figure_image(org_tree(layout(load_preset("xiaomi-2012"))), "gif")


@pytest.mark.slow
def test_the_org_chart_as_svg_png_pdf() -> None:
    if export.browser_path() is None:
        pytest.skip("no chromium on this machine")
    fig = org_tree(layout(load_preset("xiaomi-2012")))
    assert export.figure_image(fig, "svg").startswith(b"<svg")
    assert export.figure_image(fig, "pdf").startswith(b"%PDF")
