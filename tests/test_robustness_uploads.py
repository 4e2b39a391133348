"""Hostile scenario YAML and org CSV uploads: each is refused fast with a clear `InputError`.

Nothing in a file may run code, hang, exhaust memory or escape as another exception. The
cases are listed in ``HOSTILE_YAML`` and ``HOSTILE_CSV`` so docs/robustness.md can count them
(tests/test_robustness_counts.py checks the counts the doc cites).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from orgmodel.errors import InputError
from orgmodel.limits import (
    MAX_CSV_ROWS,
    MAX_NUMBER_DIGITS,
    MAX_ORG_DEPTH,
    MAX_UPLOAD_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
)
from orgmodel.loading import apply_overrides, load_scenario, parse_scenario, scenario_to_yaml
from orgmodel.orgcsv import MAX_CSV_BYTES, read_org_csv, table_from_csv
from tests.conftest import small_mapping

CSV_HEADER = "id,name,manager_id,role,department,team\n"
SMALL_YAML = yaml.safe_dump(small_mapping())


def _block_nest(depth: int) -> str:
    return "".join(" " * i + "a:\n" for i in range(depth)) + " " * depth + "1\n"


HOSTILE_YAML: dict[str, tuple[bytes | str, str]] = {
    # name: (file content, text the refusal must contain)
    "over the byte cap": (b"#" * (MAX_UPLOAD_BYTES + 1), "the limit is 1,000,000 bytes"),
    "over the byte cap as text": ("é" * (MAX_UPLOAD_BYTES // 2 + 1), "the limit is 1,000,000 bytes"),
    "binary (PNG header)": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "latin-1, not UTF-8": ("name: Lei Jun caf\u00e9\n".encode("latin-1"), "not UTF-8"),
    "UTF-16 with BOM": (SMALL_YAML.encode("utf-16"), "UTF-16"),
    "lone surrogate in text": ("name: \ud800\n", "cannot encode"),
    "empty file": (b"", "got NoneType"),
    "a list at the top": ("- 1\n- 2\n", "expected a mapping"),
    "malformed (unclosed bracket)": ("org: [founders\n", "not valid YAML"),
    "malformed (bad indentation)": ("name: a\n  b: c\n d: e\n", "not valid YAML"),
    "two documents": (SMALL_YAML + "---\n" + SMALL_YAML, "not valid YAML"),
    "tab indentation": ("org:\n\tfounders: []\n", "not valid YAML"),
    "control character": ("name: a\x07b\n", "not valid YAML"),
    "unhashable key": ("? [a, b]\n: 1\n", "not valid YAML"),
    "python/object/apply tag": ("!!python/object/apply:os.system ['true']\n", "not valid YAML"),
    "python/name tag": ("name: !!python/name:os.system\n", "not valid YAML"),
    "python/object/new tag nested": (
        "org:\n  founders:\n  - !!python/object/new:subprocess.Popen [['true']]\n", "not valid YAML"
    ),
    "unknown local tag": ("name: !shell 'rm -rf /'\n", "not valid YAML"),
    "billion laughs": (
        "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")),
        "aliases",
    ),
    "one alias": ("x: &x 1\nseed: *x\n", "aliases"),
    "100,000 nested flow lists": ("a: " + "[" * 100_000 + "]" * 100_000, "nest"),
    "100,000 nested flow mappings": ("a: " + "{a: " * 100_000 + "1" + "}" * 100_000, "nest"),
    "deep block mappings (900 levels)": (_block_nest(900), "nest more than"),
    "nesting just past the limit": ("a: " + "[" * (MAX_YAML_DEPTH + 1) + "]" * (MAX_YAML_DEPTH + 1), "nest"),
    "500,000-item flow list": ("a: [" + ",".join(["1"] * 490_000) + "]", "values in the file"),
    "5,000-digit integer": ("seed: " + "9" * 5_000 + "\n", "characters long"),
    "long sexagesimal number": ("seed: 1" + ":59" * 100_000 + "\n", "characters long"),
    "long float": ("work:\n  hours_per_day: 0." + "1" * 10_000 + "\n", "characters long"),
    ".nan on a numeric field": (SMALL_YAML.replace("hours_per_day: 8", "hours_per_day: .nan"), "finite"),
    ".inf on a numeric field": (SMALL_YAML.replace("hours_per_day: 8", "hours_per_day: .inf"), "finite"),
    "-.inf on an integer field": (SMALL_YAML.replace("engineers: 10", "engineers: -.inf"), "finite"),
    "engineers = 10**12": (SMALL_YAML.replace("engineers: 10", "engineers: 1000000000000"), "less than or equal"),
    "negative engineers": (SMALL_YAML.replace("engineers: 10", "engineers: -3"), "greater than or equal to 0"),
    "team size zero": (SMALL_YAML.replace("max_team_size: 4", "max_team_size: 0"), "max_team_size = 0"),
    "engineers as a string": (SMALL_YAML.replace("engineers: 10", "engineers: lots"), "engineers = 'lots'"),
    "engineers as !!binary": (SMALL_YAML.replace("engineers: 10", "engineers: !!binary aGk="), "engineers"),
    "10,000 departments": (
        yaml.safe_dump(
            small_mapping(departments=[{"name": f"d{i}", "head": "A", "engineers": 1} for i in range(10_000)]),
            default_flow_style=True, width=10**9,
        ),
        "org.departments: 10,000 items; the limit is 500",
    ),
    "unknown top-level field": ("extra: 1\n" + SMALL_YAML, "extra: unknown field"),
    "org.people as CSV text with a 200,000-character field": (
        SMALL_YAML.replace("max_team_size: 4", "max_team_size: 4\n  people: |\n    id,name,manager_id,role,department,"
                           "team\n    1,\"" + "x" * 200_000 + "\",,founder,,"), "not readable as CSV"),
    "org.people as CSV text with a wrong header": (
        SMALL_YAML.replace("max_team_size: 4", "max_team_size: 4\n  people: |\n    who,boss\n    1,"),
        "must start with the header id,name,manager_id,role,department,team"),
}


@pytest.mark.parametrize("case", list(HOSTILE_YAML), ids=list(HOSTILE_YAML))
def test_hostile_yaml_is_refused_with_a_clear_message(case: str) -> None:
    content, message = HOSTILE_YAML[case]
    with pytest.raises(InputError) as info:
        parse_scenario(content)
    assert message in str(info.value), str(info.value)
    assert "Traceback" not in str(info.value) and len(str(info.value)) < 2_000


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.system ['touch {path}']",
        "!!python/object/apply:subprocess.check_call [['touch', '{path}']]",
        "!!python/object/new:subprocess.Popen [['touch', '{path}']]",
        "!!python/object/apply:builtins.open ['{path}', 'w']",
        "!!python/object/apply:builtins.exec [\"open('{path}', 'w')\"]",
    ],
)
@pytest.mark.parametrize("where", ["top", "nested", "override"])
def test_python_tags_never_run_code(tag: str, where: str, tmp_path: Path) -> None:
    target = tmp_path / "pwned"
    payload = tag.format(path=target)
    if where == "override":  # a value YAML cannot read safely is kept as the literal text
        try:
            assert parse_scenario(SMALL_YAML, overrides=[f"name={payload}"]).name == payload
        except InputError as err:
            assert "name" in str(err)
    else:
        text = payload + "\n" if where == "top" else SMALL_YAML.replace("name: small", f"name: {payload}")
        with pytest.raises(InputError, match="not valid YAML"):
            parse_scenario(text)
    assert not target.exists()


def test_a_yaml_that_fits_every_limit_still_loads(xiaomi) -> None:  # type: ignore[no-untyped-def]
    assert parse_scenario(scenario_to_yaml(xiaomi)) == xiaomi
    nested = "a: " + "[" * (MAX_YAML_DEPTH - 1) + "]" * (MAX_YAML_DEPTH - 1)
    with pytest.raises(InputError, match="a: unknown field"):  # parsed, then refused by the schema
        parse_scenario(SMALL_YAML + nested)
    long_but_legal = "seed: " + "0" * (MAX_NUMBER_DIGITS - 1) + "7\n"
    assert parse_scenario(SMALL_YAML + long_but_legal).seed == 7


def test_node_cap_counts_values_not_bytes() -> None:
    under = "sources: [" + ",".join(["s"] * 100) + "]\n"
    assert len(parse_scenario(SMALL_YAML + under).sources) == 100
    over = "a: [" + ",".join(["1"] * (MAX_YAML_NODES + 1)) + "]\n"
    with pytest.raises(InputError, match="values in the file"):
        parse_scenario(over)


def test_string_nan_is_refused_too() -> None:
    """pydantic reads the string "nan" as a float; the refusal still says "finite"."""
    with pytest.raises(InputError, match=r"hours_per_day = .*(finite|less than)"):
        parse_scenario(SMALL_YAML.replace("hours_per_day: 8", "hours_per_day: 'nan'"))


def test_overrides_cannot_smuggle_what_files_cannot() -> None:
    bomb = "[" * 10_000 + "]" * 10_000
    out = apply_overrides(small_mapping(), [f"description={bomb}"])  # unreadable YAML stays text
    assert out["description"] == bomb
    with pytest.raises(InputError, match="not an index"):
        apply_overrides(small_mapping(), ["org.departments." + "9" * 5_000 + ".engineers=1"])
    with pytest.raises(InputError, match="not an index"):
        apply_overrides(small_mapping(), ["org.departments.\u00b2.engineers=1"])
    with pytest.raises(InputError, match="finite"):
        parse_scenario(SMALL_YAML, overrides=["work.hours_per_day=.nan"])


def test_reading_a_device_stops_at_the_cap() -> None:
    with pytest.raises(InputError, match="limit is"):
        load_scenario("/dev/zero")


def _rows(n: int) -> str:
    return "0,CEO,,founder,,\n" + "".join(f"{i},P{i},0,engineer,D,T\n" for i in range(1, n))


def _chain(n: int) -> str:
    return "0,CEO,,founder,,\n" + "".join(f"{i},M{i},{i - 1},manager,D,\n" for i in range(1, n))


HOSTILE_CSV: dict[str, tuple[Callable[[], bytes | str], str]] = {
    "10 million rows": (lambda: CSV_HEADER + "1,A,,founder,,\n" * 10_000_000, "limit is 20,000,000 bytes"),
    "10 million blank lines": (lambda: CSV_HEADER + "\n" * 10_000_000, "limit is 200,000 rows"),
    "one row over the row cap (short rows)": (
        lambda: "id,manager_id,role\n0,,founder\n" + "".join(f"{i},0,engineer\n" for i in range(1, MAX_CSV_ROWS + 1)),
        "the limit is 200,000 rows",
    ),
    "over the byte cap": (lambda: b"x" * (MAX_CSV_BYTES + 1), "limit is 20,000,000 bytes"),
    "binary": (lambda: b"PK\x03\x04\x00\x00" + bytes(range(256)), "binary"),
    "not UTF-8": (lambda: (CSV_HEADER + "0,Andr\u00e9,,founder,,\n").encode("cp1252"), "not UTF-8"),
    "a field over the csv field limit": (lambda: CSV_HEADER + '0,"' + "x" * 200_000 + '",,founder,,\n', "not readable"),
    "a manager chain past the depth cap": (lambda: CSV_HEADER + _chain(MAX_ORG_DEPTH + 2), "levels deep"),
    "a 100,000-person chain": (lambda: CSV_HEADER + _chain(100_000), "levels deep"),
    "everyone in a cycle, no root": (
        lambda: CSV_HEADER + "1,A,2,founder,,\n2,B,1,engineer,,\n", "a manager cycle: A (line 2) -> B (line 3)"
    ),
    "a cycle beside a root": (
        lambda: CSV_HEADER + "0,C,,founder,,\n1,A,2,lead,,\n2,B,1,engineer,,\n", "cycle"
    ),
    "1,000 roots": (
        lambda: CSV_HEADER + "".join(f"{i},P{i},,founder,,\n" for i in range(1_000)), "1,000 people have no manager"
    ),
    "header only": (lambda: CSV_HEADER, "no people"),
    "no header columns": (lambda: "\n\n", "missing column"),
    "a YAML file uploaded as CSV": (lambda: SMALL_YAML, "missing column"),
}


@pytest.mark.parametrize("case", list(HOSTILE_CSV), ids=list(HOSTILE_CSV))
def test_hostile_csv_is_refused_with_a_clear_message(case: str) -> None:
    make, message = HOSTILE_CSV[case]
    content = make()
    with pytest.raises(InputError) as info:
        table_from_csv(content)
    assert message in str(info.value), str(info.value)
    assert len(str(info.value)) < 2_000


def test_a_chain_at_the_depth_cap_is_accepted() -> None:
    graph = read_org_csv(CSV_HEADER + _chain(MAX_ORG_DEPTH + 1))
    assert graph.number_of_nodes() == MAX_ORG_DEPTH + 1


def test_formula_like_names_are_kept_as_text() -> None:
    """A name such as ``=HYPERLINK(...)`` is data: read as text, never evaluated."""
    table = table_from_csv(CSV_HEADER + '0,"=HYPERLINK(""http://x"")",,founder,,\n1,@SUM(1),0,engineer,D,T\n')
    assert table.name_of(0) == '=HYPERLINK("http://x")' and table.name_of(1) == "@SUM(1)"


def test_a_large_legal_csv_is_read() -> None:
    """20,000 people (a large company) are read, none lost (its speed is measured in the README's benchmarks)."""
    table = table_from_csv(CSV_HEADER + _rows(20_000))
    assert len(table) == 20_000


def _zip(parts: dict[str, bytes]) -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def _xlsx(fill: Callable[[Any], None]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    fill(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _big_sheet(rows: int = 110_000, cols: int = 12) -> bytes:
    """A workbook written by hand: one sheet of ``rows`` x ``cols`` inline strings (~90 MB unpacked, ~5 MB packed)."""
    cell = '<c t="inlineStr"><is><t>value 12345 lorem ipsum</t></is></c>'
    row = "<row>" + cell * cols + "</row>"
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + row * rows + "</sheetData></worksheet>").encode()
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return _zip({
        "[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "xl/workbook.xml": (f'<workbook xmlns:r="{rel}"><sheets><sheet name="big" sheetId="1" r:id="rId1"/>'
                            "</sheets></workbook>").encode(),
        "xl/_rels/workbook.xml.rels": (f'<Relationships><Relationship Id="rId1" Type="{rel}/worksheet" '
                                       'Target="worksheets/sheet1.xml"/></Relationships>').encode(),
        "xl/worksheets/sheet1.xml": sheet,
    })


def _wide(sheet: Any) -> None:
    sheet.append([f"c{i}" for i in range(2_000)])


def _far_row(sheet: Any) -> None:
    sheet.append(["id", "manager_id"])
    sheet.cell(row=1_000_000, column=1, value="x")


HOSTILE_ORG_FILES: dict[str, tuple[Callable[[], bytes | str], str, str]] = {
    # name: (content maker, file name, text the refusal must contain)
    "xlsx zip bomb (101 MB of zeros in one part)": (
        lambda: _zip({"xl/worksheets/sheet1.xml": b"\0" * 101_000_000}), "bomb.xlsx", "unpacks to 101,000,000 bytes"),
    "xlsx with 110 MB of shared strings": (
        lambda: _zip({"[Content_Types].xml": b"<Types/>", "xl/sharedStrings.xml": b"<si><t>a</t></si>" * 6_500_000}),
        "strings.xlsx", "the limit is 100,000,000 bytes"),
    "xlsx with 2,000 parts": (lambda: _zip({f"p{i}.xml": b"" for i in range(2_000)}), "parts.xlsx", "2,000 parts"),
    "xlsx that is not a zip": (lambda: b"PK\x03\x04" + b"\x00" * 100, "broken.xlsx", "not a readable .xlsx"),
    "xlsx that is a zip of nothing useful": (lambda: _zip({"a.txt": b"hello"}), "empty.xlsx", "not a readable .xlsx"),
    "xlsx with 2,000 columns": (lambda: _xlsx(_wide), "wide.xlsx", "2,000 columns"),
    "xlsx with one cell a million rows down": (lambda: _xlsx(_far_row), "far.xlsx", "sheet rows"),
    "xlsx unpacking to 90 MB (110,000 rows x 12 cells)": (lambda: _big_sheet(), "big.xlsx", "1,320,000 cells"),
    "JSON 100,000 nested arrays": (lambda: "[" * 100_000 + "]" * 100_000, "deep.json", "nest 100,000 deep"),
    "JSON 5,000-digit number": (lambda: '[{"id": ' + "9" * 5_000 + "}]", "n.json", "characters long"),
    "JSON 5,000-digit float": (lambda: '[{"id": 1.' + "9" * 5_000 + "}]", "f.json", "characters long"),
    "JSON over the byte cap": (lambda: b" " * (MAX_CSV_BYTES + 1), "big.json", "limit is 20,000,000 bytes"),
    "JSON not valid": (lambda: '[{"id": 1,}]', "bad.json", "not valid JSON"),
    "JSON a string at the top": (lambda: '"hello"', "s.json", "expected an array"),
    "JSON an array of numbers": (lambda: "[1, 2, 3]", "nums.json", "expected an object"),
    "JSON 200,001 people": (
        lambda: "[" + ",".join(["{}"] * (MAX_CSV_ROWS + 1)) + "]", "many.json", "the limit is 200,000"
    ),
    "JSON 2,000 distinct keys": (lambda: "[" + ",".join(f'{{"k{i}": 1}}' for i in range(2_000)) + "]", "keys.json",
                                 "distinct keys"),
}


@pytest.mark.parametrize("case", list(HOSTILE_ORG_FILES), ids=list(HOSTILE_ORG_FILES))
def test_hostile_xlsx_and_json_are_refused_with_a_clear_message(case: str) -> None:
    """Refusal times are measured by benchmarks/bench_import.py (all well under 2 s)."""
    from orgmodel.io.orgfiles import read_org_file

    make, file_name, message = HOSTILE_ORG_FILES[case]
    with pytest.raises(InputError) as info:
        read_org_file(make(), file_name)
    assert message in str(info.value), str(info.value)
    assert len(str(info.value)) < 2_000


def test_a_forged_sheet_dimension_does_not_pad_rows() -> None:
    """An .xlsx claiming A1:XFD1048576 is read by its cells, not padded to 16,384 columns."""
    from orgmodel.io.orgfiles import read_org_file

    def fill(sheet: Any) -> None:
        sheet.append(["id", "manager_id"])
        sheet.append([1, None])
        sheet.append([2, 1])

    data = _xlsx(fill)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    forged = re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', sheet)
    parts["xl/worksheets/sheet1.xml"] = forged.encode()
    assert b"XFD1048576" in parts["xl/worksheets/sheet1.xml"]
    org = read_org_file(_zip(parts), "forged.xlsx")
    assert [p.manager_id for p in org.people] == ["", "1"]
