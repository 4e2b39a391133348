"""Read an org-chart file into a header and rows of text: CSV (any common delimiter), .xlsx, JSON.

Every reader refuses hostile input before it costs much: the byte cap first; for .xlsx the
uncompressed size declared in the zip directory before any XML is parsed; for JSON the bracket
depth before parsing and numbers longer than `MAX_NUMBER_DIGITS` while parsing. Numbers in JSON
are kept as their text, so an id such as ``007`` survives.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from orgmodel.errors import InputError
from orgmodel.io.csvcells import unescape_cell
from orgmodel.io.header import MAX_TITLE_ROWS, SAMPLE_ROWS, choose_header, unique_names
from orgmodel.limits import MAX_CSV_ROWS, MAX_NUMBER_DIGITS, MAX_ORG_DEPTH, MAX_YAML_DEPTH
from orgmodel.loading import decode_upload

__all__ = [
    "MAX_COLUMNS",
    "MAX_ORG_FILE_BYTES",
    "MAX_XLSX_UNPACKED_BYTES",
    "RawTable",
    "file_kind",
    "read_csv_rows",
    "read_json_rows",
    "read_rows",
    "read_xlsx_rows",
]

MAX_ORG_FILE_BYTES = 20_000_000
"""Largest org-chart file accepted (CSV, .xlsx or JSON), in bytes."""
MAX_XLSX_UNPACKED_BYTES = 100_000_000
"""Largest uncompressed content of an .xlsx, summed over the zip directory, in bytes."""
MAX_XLSX_ENTRIES = 1_000
MAX_COLUMNS = 1_000
"""Most columns (keys, for JSON) an org-chart file may have."""
DELIMITERS = ",;\t|"
MAX_XLSX_CELLS = 400_000
"""Most cells read from one .xlsx sheet. openpyxl (read-only) parses about 55,000 cells per CPU second
here, lxml or not, so a sheet at the cap takes about 7 s of CPU; a CSV has no such cap."""


@dataclass
class RawTable:
    """A file's header and rows as stripped text; ``lines[k]`` locates row ``k`` for messages."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    kind: str
    where: str = "line"
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    """An .xlsx file's sheet names (the one read is named in ``notes``); empty for other files."""

    def locate(self, k: int) -> str:
        return f"{self.where} {self.lines[k]}"

    def column(self, index: int | None) -> list[str]:
        """Column ``index`` of every row ("" where a row is short; all "" for None)."""
        if index is None:
            return [""] * len(self.rows)
        return [row[index] if index < len(row) else "" for row in self.rows]


def file_kind(file_name: str, data: bytes | str) -> str:
    """``csv``, ``xlsx`` or ``json``, from the file name's extension, else from the first bytes."""
    lower = file_name.lower()
    for ext in ("xlsx", "json", "csv", "tsv", "txt"):
        if lower.endswith("." + ext):
            return {"tsv": "csv", "txt": "csv"}.get(ext, ext)
    head = data[:64] if isinstance(data, bytes | bytearray) else str(data[:64]).encode("utf-8", "replace")
    if bytes(head).startswith(b"PK\x03\x04"):
        return "xlsx"
    if bytes(head).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_rows(
    data: bytes | str, file_name: str = "", what: str = "org chart", max_rows: int = MAX_CSV_ROWS,
    sheet: str | None = None,
) -> RawTable:
    """Read any supported file into a `RawTable` (kind from `file_kind`; ``sheet`` for an .xlsx)."""
    kind = file_kind(file_name, data)
    if kind == "xlsx":
        if isinstance(data, str):
            raise InputError(["an .xlsx file must be given as bytes"], what)
        return read_xlsx_rows(data, what, max_rows, sheet)
    if kind == "json":
        return read_json_rows(data, what, max_rows)
    return read_csv_rows(data, what, max_rows)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _delimiter(text: str) -> str:
    """The delimiter by `csv.Sniffer` on the first 32 kB, checked against the first lines.

    The sniffed delimiter is kept when it is in the first line (or, above a title line, in most of
    the first five); otherwise the one used most in those lines.
    """
    sample = text[:32_768]
    first = [line for line in sample.splitlines() if line.strip()][:5]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ","
    if first and (found in first[0] or sum(found in line for line in first) * 2 > len(first)):
        return found
    counts = {d: sum(line.count(d) for line in first) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _text(data: bytes | str, what: str) -> str:
    """The file as text: UTF-8, or UTF-16 with a byte-order mark (SQL Server's "widechar" exports)."""
    if isinstance(data, bytes | bytearray) and bytes(data[:2]) in (b"\xff\xfe", b"\xfe\xff"):
        if len(data) > MAX_ORG_FILE_BYTES:
            raise InputError([f"the file is {len(data):,} bytes; the limit is {MAX_ORG_FILE_BYTES:,} bytes"], what)
        try:
            return bytes(data).decode("utf-16")
        except UnicodeDecodeError as err:
            raise InputError([f"the file is not UTF-16 text (byte {err.start}); save it as UTF-8"], what) from None
    return decode_upload(data, what, MAX_ORG_FILE_BYTES)


def _excel_separator(text: str) -> tuple[str, str | None]:
    """Excel's optional first line ``sep=;`` names the delimiter: the text without it, and the delimiter."""
    first, newline, rest = text.partition("\n")
    line = first.strip().strip('"')
    if line.lower().startswith("sep=") and len(line) == 5:
        return rest if newline else "", line[4]
    return text, None


_COMMENT = re.compile(r"#(\s|#|$)")


def _leading_comments(text: str) -> tuple[str, int]:
    """draw.io's CSV starts with ``#`` configuration lines (``# label: ...``): the text after them, and how many."""
    skipped = 0
    rest = text
    while rest.startswith("#") and _COMMENT.match(rest) and skipped < 10_000:
        rest = rest.partition("\n")[2]
        skipped += 1
    return rest, skipped


def _table(records: list[tuple[int, list[str]]], kind: str, where: str, notes: list[str], what: str,
           max_rows: int) -> RawTable:
    """A `RawTable` from a file's non-blank rows (line numbers kept): the header chosen by `choose_header`."""
    choice = choose_header([cells for _, cells in records[:MAX_TITLE_ROWS + SAMPLE_ROWS + 1]])
    data = records[choice.data_start:]
    if len(data) > max_rows:
        raise InputError([f"more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
    if len(choice.names) > MAX_COLUMNS:
        raise InputError([f"{len(choice.names):,} columns; the limit is {MAX_COLUMNS:,}"], what)
    return RawTable(choice.names, [cells for _, cells in data], [line for line, _ in data], kind, where,
                    notes + choice.notes)


def read_csv_rows(data: bytes | str, what: str = "org CSV", max_rows: int = MAX_CSV_ROWS) -> RawTable:
    """CSV with a comma, semicolon, tab or pipe delimiter (or Excel's ``sep=`` line); blank lines skipped.

    The header is the first row, after any title rows, unless that row holds data (`orgmodel.io.header`).
    """
    text, comments = _leading_comments(_text(data, what))
    text, named = _excel_separator(text)
    lines = text.count("\n")
    if lines > 2 * max_rows + 1:
        raise InputError([f"{lines:,} lines, so more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
    delimiter = named if named and not named.isalnum() and named not in "\"'" else _delimiter(text)
    offset = comments + (1 if named else 0)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    try:
        for raw in reader:
            if not any(cell.strip() for cell in raw):
                continue
            if len(raw) > MAX_COLUMNS:
                raise InputError([f"line {reader.line_num + offset}: {len(raw):,} columns; the limit is "
                                  f"{MAX_COLUMNS:,}"], what)
            if len(records) > max_rows + MAX_TITLE_ROWS:
                raise InputError([f"more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
            records.append((reader.line_num + offset, [unescape_cell(c.strip()) for c in raw]))
    except csv.Error as err:
        raise InputError([f"line {reader.line_num + offset}: not readable as CSV: {err}"], what) from None
    name = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter, repr(delimiter))
    notes = [f"CSV, {name}-separated" + (" (Excel's sep= line)" if named else "")]
    if comments:
        notes.append(f"skipped {comments:,} comment line(s) starting with # above the header (draw.io's settings)")
    return _table(records, "csv", "line", notes, what, max_rows)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _check_zip(data: bytes, what: str) -> None:
    """Refuse a zip whose directory declares too many entries or too many uncompressed bytes.

    Python's zipfile never returns more bytes than an entry declares (a lying entry fails its
    CRC check), so the declared sizes bound what openpyxl can unpack.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as err:
        raise InputError([f"not a readable .xlsx (zip) file: {_clip(str(err), 120)}"], what) from None
    if len(infos) > MAX_XLSX_ENTRIES:
        raise InputError([f"the .xlsx holds {len(infos):,} parts; the limit is {MAX_XLSX_ENTRIES:,}"], what)
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise InputError(
            [f"the .xlsx unpacks to {unpacked:,} bytes; the limit is {MAX_XLSX_UNPACKED_BYTES:,} bytes "
             "(a zip bomb, or save the sheet as CSV)"], what)


@dataclass
class SheetScan:
    """What a worksheet's XML holds, counted while it is unpacked, before openpyxl parses it."""

    rows: int
    cells: int
    formulas_without_values: int


_FORMULA_NO_VALUE = re.compile(rb"(</f>|<f[^>]*/>)\s*(<v\s*/>|<v>\s*</v>)?\s*</c>")


def scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """Count ``<row>``, ``<c>`` and formulas with no saved value in one sheet part, streaming (~0.3 s/100 MB)."""
    rows = cells = formulas = 0
    tail = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(1 << 20)
            block = tail + chunk
            cut = block.rfind(b"</c>") + 4 if chunk else len(block)  # cut after a cell: no tag is split
            if cut < 4:
                cut = 0 if chunk else len(block)
            head, tail = block[:cut], block[cut:]
            rows += head.count(b"<row ") + head.count(b"<row>")
            cells += head.count(b"<c ") + head.count(b"<c>")
            formulas += len(_FORMULA_NO_VALUE.findall(head))
            if not chunk:
                break
            if len(tail) > 1 << 22:  # no cell end in 4 MB: not a sheet of cells; count what is there
                head, tail = tail, b""
                rows += head.count(b"<row ") + head.count(b"<row>")
                cells += head.count(b"<c ") + head.count(b"<c>")
    return SheetScan(rows, cells, formulas)


def _pick_sheet(names: list[str], sheet: str | None, what: str) -> int:
    if sheet is None:
        return 0
    if sheet in names:
        return names.index(sheet)
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return int(sheet) - 1
    raise InputError([f"--sheet {sheet!r}: no such sheet; the workbook has {_clip(', '.join(names), 200)} "
                      "(give a name or a number from 1)"], what)


def _attr(tag: bytes, name: bytes) -> str | None:
    found = re.search(rb"\s(?:\w+:)?" + name + rb'\s*=\s*"([^"]*)"', tag)
    return html.unescape(found.group(1).decode("utf-8", "replace")) if found else None


def sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """The workbook's worksheets in order, as (name, zip part), read from workbook.xml and its rels.

    Read with a regular expression over the bytes (the two parts are small; no XML entities expanded).
    An empty list when the workbook does not say (openpyxl then reports what is wrong).
    """
    try:
        book = archive.read("xl/workbook.xml")[:2_000_000]
        rels = archive.read("xl/_rels/workbook.xml.rels")[:2_000_000]
    except KeyError:
        return []
    targets: dict[str, str] = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        rid, target = _attr(tag, b"Id"), _attr(tag, b"Target")
        if rid and target:
            targets[rid] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    parts = []
    for tag in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", book):
        name, rid = _attr(tag, b"name"), _attr(tag, b"id")
        if name is not None and rid in targets and "worksheets/" in targets[rid]:
            parts.append((name, targets[rid]))
    return parts


def read_xlsx_rows(data: bytes, what: str = "org workbook", max_rows: int = MAX_CSV_ROWS,
                   sheet: str | None = None) -> RawTable:
    """One worksheet of an .xlsx (the first unless ``sheet`` names one, by name or number from 1).

    Checked before openpyxl parses anything: the zip directory's sizes, then the sheet's XML is
    unpacked as a stream and its rows and cells counted (`scan_sheet`), refusing more than
    ``2 * max_rows + 1`` rows or `MAX_XLSX_CELLS` cells in well under 2 s. Then openpyxl reads it
    in read-only mode, values only (a formula's saved value; none when the file was never
    recalculated, which the notes say).
    """
    if len(data) > MAX_ORG_FILE_BYTES:
        raise InputError([f"the file is {len(data):,} bytes; the limit is {MAX_ORG_FILE_BYTES:,} bytes"], what)
    data = bytes(data)
    _check_zip(data, what)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = sheet_parts(archive)
        chosen = _pick_sheet([name for name, _ in parts], sheet, what) if parts else 0
        scan = scan_sheet(archive, parts[chosen][1]) if parts and parts[chosen][1] in archive.namelist() else None
    _check_scan(scan, what, max_rows)
    records, names, chosen = _xlsx_records(data, what, max_rows, parts[chosen][0] if parts else sheet)
    notes = [f"Excel workbook, sheet {names[chosen]!r}" + (
        f" ({chosen + 1} of {len(names)}: {_clip(', '.join(names), 120)}; choose another with --sheet NAME)"
        if len(names) > 1 else "")]
    if scan is not None and scan.formulas_without_values:
        notes.append(f"{scan.formulas_without_values:,} cells are formulas with no saved value, read as empty: "
                     "open and save the file in Excel (or export it as CSV) so their values are stored")
    table = _table(records, "xlsx", "row", notes, what, max_rows)
    table.sheets = names
    return table


def _xlsx_records(data: bytes, what: str, max_rows: int,
                  sheet: str | None) -> tuple[list[tuple[int, list[str]]], list[str], int]:
    """The non-blank rows of one sheet (openpyxl, read-only), the sheet names and the chosen one's index."""
    import openpyxl

    records: list[tuple[int, list[str]]] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            names = list(book.sheetnames)
            chosen = names.index(sheet) if sheet in names else _pick_sheet(names, sheet, what)
            ws = book[names[chosen]]
            ws.reset_dimensions()  # a forged <dimension> must not pad every row to 16,384 columns
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if len(values) > MAX_COLUMNS:
                    raise InputError([f"row {number}: {len(values):,} columns; the limit is {MAX_COLUMNS:,}"], what)
                cells = [_cell_text(v) for v in values]
                if any(cells):
                    records.append((number, cells))
                if number > 2 * max_rows + 1:
                    raise InputError([f"more than {2 * max_rows + 1:,} sheet rows; the limit is {max_rows:,} people"],
                                     what)
                if len(records) > max_rows + MAX_TITLE_ROWS + 1:
                    raise InputError([f"more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
        finally:
            book.close()
    except InputError:
        raise
    except Exception as err:  # openpyxl raises many types on a malformed workbook
        raise InputError([f"not a readable .xlsx workbook: {type(err).__name__}: {_clip(str(err), 160)}"],
                         what) from None
    return records, names, chosen


def _check_scan(scan: SheetScan | None, what: str, max_rows: int) -> None:
    if scan is None:
        return
    if scan.rows > 2 * max_rows + 1:
        raise InputError([f"the sheet has {scan.rows:,} rows; the limit is {max_rows:,} people"], what)
    if scan.cells > MAX_XLSX_CELLS:
        raise InputError([f"the sheet holds {scan.cells:,} cells; the limit for .xlsx is {MAX_XLSX_CELLS:,} "
                          "(reading more takes too long): save the sheet as CSV, or delete the columns you do "
                          "not need"], what)


_STEP = np.zeros(256, dtype=np.int8)
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1


def bracket_depth(text: str) -> int:
    """Deepest ``[``/``{`` nesting, counting every bracket (an upper bound: strings are not parsed).

    Only the bracket bytes are summed, so a 20 MB file takes a few milliseconds.
    """
    raw = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    steps = _STEP[raw]
    moves = steps[steps != 0].astype(np.int64)
    return int(np.cumsum(moves).max(initial=0)) if moves.size else 0


def _number_text(text: str) -> str:
    if len(text) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number {len(text):,} characters long; the limit is {MAX_NUMBER_DIGITS} characters")
    return text


def _json_value(value: Any) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip()
    return _clip(json.dumps(value, ensure_ascii=False), 200)


CHILDREN_KEYS = ("children", "_children", "subordinates", "reports")
"""Keys holding a node's reports in a nested tree (d3 hierarchy, OrgChart.js, jsTree)."""


def _flatten_tree(roots: list[Any], max_rows: int, what: str) -> list[dict[str, Any]]:
    """A nested ``children`` tree as one object per person with ``id`` and ``parentId`` (depth-first, iterative).

    A node's own ``id`` is kept; a node without one gets its position (``1``, ``1.2``, ``1.2.1``).
    """
    out: list[dict[str, Any]] = []
    stack: list[tuple[Any, str, str]] = [(node, str(k + 1), "") for k, node in reversed(list(enumerate(roots)))]
    while stack:
        node, position, parent = stack.pop()
        if not isinstance(node, dict):
            raise InputError([f"tree node {position}: expected an object with fields, got {type(node).__name__}"], what)
        own = node.get("id")
        pid = str(own).strip() if own is not None and str(own).strip() else position
        item = {k: v for k, v in node.items() if k not in CHILDREN_KEYS}
        item["id"], item["parentId"] = pid, parent
        out.append(item)
        if len(out) > max_rows:
            raise InputError([f"more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
        kids: list[Any] = next((node[k] for k in CHILDREN_KEYS if isinstance(node.get(k), list)), [])
        stack.extend((kid, f"{position}.{k + 1}", pid) for k, kid in reversed(list(enumerate(kids))))
    return out


def _is_tree(doc: Any) -> bool:
    nodes = doc if isinstance(doc, list) else [doc]
    return any(isinstance(n, dict) and any(isinstance(n.get(k), list) for k in CHILDREN_KEYS) for n in nodes)


def read_json_rows(data: bytes | str, what: str = "org JSON", max_rows: int = MAX_CSV_ROWS) -> RawTable:
    """A JSON array of objects, GoJS's ``{"nodeDataArray": [...]}``, an object with one such array, or a
    nested tree of ``children`` (d3 hierarchy, OrgChart.js; `_flatten_tree`)."""
    text = _text(data, what)
    depth = bracket_depth(text)
    limit = 2 * MAX_ORG_DEPTH + 4 if '"children"' in text or '"subordinates"' in text else MAX_YAML_DEPTH
    if depth > limit:
        raise InputError([f"brackets nest {depth:,} deep; the limit is {limit}"], what)
    try:
        doc = json.loads(text, parse_int=_number_text, parse_float=_number_text, parse_constant=_number_text)
    except json.JSONDecodeError as err:
        raise InputError([f"not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"], what) from None
    except (ValueError, RecursionError) as err:
        raise InputError([f"refused JSON: {_clip(str(err), 200)}"], what) from None
    items = doc
    source = "a JSON array of objects"
    if _is_tree(doc) and not (isinstance(doc, dict) and isinstance(doc.get("nodeDataArray"), list)):
        items = _flatten_tree(doc if isinstance(doc, list) else [doc], max_rows, what)
        source = "a nested tree (children)"
    elif isinstance(doc, dict):
        if isinstance(doc.get("nodeDataArray"), list):
            items, source = doc["nodeDataArray"], "GoJS nodeDataArray"
        else:
            lists = [k for k, v in doc.items() if isinstance(v, list)]
            if len(lists) != 1:
                raise InputError(
                    ["expected an array of people, GoJS's nodeDataArray, or an object holding one array; "
                     f"found keys {_clip(', '.join(map(str, doc)), 120)}"], what)
            items, source = doc[lists[0]], f"the array under {lists[0]!r}"
    if not isinstance(items, list):
        raise InputError([f"expected an array of people, got {type(items).__name__}"], what)
    if len(items) > max_rows:
        raise InputError([f"{len(items):,} people; the limit is {max_rows:,} rows"], what)
    header: dict[str, None] = {}
    bad = [i for i, item in enumerate(items) if not isinstance(item, dict)]
    if bad:
        shown = ", ".join(str(i + 1) for i in bad[:10])
        raise InputError([f"item(s) {shown}{' ...' if len(bad) > 10 else ''}: expected an object with fields"], what)
    for item in items:
        for key in item:
            if key not in header:
                header[key] = None
                if len(header) > MAX_COLUMNS:
                    raise InputError([f"more than {MAX_COLUMNS:,} distinct keys; the limit is {MAX_COLUMNS:,}"], what)
    keys = list(header)
    rows = [[_json_value(item.get(k)) for k in keys] for item in items]
    names, notes = unique_names([str(k) for k in keys])
    return RawTable(names, rows, list(range(1, len(rows) + 1)), "json", "item", [source, *notes])
