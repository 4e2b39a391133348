"""Read an org-chart file into a header and rows of text: CSV (any common delimiter), .xlsx, JSON.

Every reader refuses hostile input before it costs much: the byte cap first; for .xlsx the
uncompressed size declared in the zip directory before any XML is parsed; for JSON the bracket
depth before parsing and numbers longer than `MAX_NUMBER_DIGITS` while parsing. Numbers in JSON
are kept as their text, so an id such as ``007`` survives.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from orgmodel.errors import InputError
from orgmodel.limits import MAX_CSV_ROWS, MAX_NUMBER_DIGITS, MAX_YAML_DEPTH
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


@dataclass
class RawTable:
    """A file's header and rows as stripped text; ``lines[k]`` locates row ``k`` for messages."""

    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    kind: str
    where: str = "line"
    notes: list[str] = field(default_factory=list)

    def locate(self, k: int) -> str:
        return f"{self.where} {self.lines[k]}"


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
    data: bytes | str, file_name: str = "", what: str = "org chart", max_rows: int = MAX_CSV_ROWS
) -> RawTable:
    """Read any supported file into a `RawTable` (kind from `file_kind`)."""
    kind = file_kind(file_name, data)
    if kind == "xlsx":
        if isinstance(data, str):
            raise InputError(["an .xlsx file must be given as bytes"], what)
        return read_xlsx_rows(data, what, max_rows)
    if kind == "json":
        return read_json_rows(data, what, max_rows)
    return read_csv_rows(data, what, max_rows)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _delimiter(text: str) -> str:
    """The delimiter by `csv.Sniffer` on the first 32 kB, checked against the header line."""
    sample = text[:32_768]
    first = next((line for line in sample.splitlines() if line.strip()), "")
    try:
        found = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ","
    if found in first:
        return found
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_rows(data: bytes | str, what: str = "org CSV", max_rows: int = MAX_CSV_ROWS) -> RawTable:
    """CSV with a comma, semicolon, tab or pipe delimiter; blank lines skipped; the first row is the header."""
    text = decode_upload(data, what, MAX_ORG_FILE_BYTES)
    lines = text.count("\n")
    if lines > 2 * max_rows + 1:
        raise InputError([f"{lines:,} lines, so more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[list[str]] = []
    where: list[int] = []
    try:
        for raw in reader:
            if not any(cell.strip() for cell in raw):
                continue
            if header is None:
                if len(raw) > MAX_COLUMNS:
                    raise InputError([f"{len(raw):,} columns; the limit is {MAX_COLUMNS:,}"], what)
                header = [c.strip() for c in raw]
                continue
            if len(rows) >= max_rows:
                raise InputError([f"more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
            rows.append([c.strip() for c in raw])
            where.append(reader.line_num)
    except csv.Error as err:
        raise InputError([f"line {reader.line_num}: not readable as CSV: {err}"], what) from None
    name = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}[delimiter]
    return RawTable(header or [], rows, where, "csv", "line", [f"CSV, {name}-separated"])


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


def read_xlsx_rows(data: bytes, what: str = "org workbook", max_rows: int = MAX_CSV_ROWS) -> RawTable:
    """The first worksheet of an .xlsx (openpyxl, read-only, values only), zip directory checked first."""
    if len(data) > MAX_ORG_FILE_BYTES:
        raise InputError([f"the file is {len(data):,} bytes; the limit is {MAX_ORG_FILE_BYTES:,} bytes"], what)
    data = bytes(data)
    _check_zip(data, what)
    import openpyxl

    header: list[str] | None = None
    rows: list[list[str]] = []
    where: list[int] = []
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            sheet.reset_dimensions()  # a forged <dimension> must not pad every row to 16,384 columns
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                if number > 2 * max_rows + 1:
                    raise InputError([f"more than {2 * max_rows + 1:,} sheet rows; the limit is {max_rows:,} people"],
                                     what)
                if len(values) > MAX_COLUMNS:
                    raise InputError([f"row {number}: {len(values):,} columns; the limit is {MAX_COLUMNS:,}"], what)
                cells = [_cell_text(v) for v in values]
                if not any(cells):
                    continue
                if header is None:
                    header = cells
                    continue
                if len(rows) >= max_rows:
                    raise InputError([f"more than {max_rows:,} people; the limit is {max_rows:,} rows"], what)
                rows.append(cells)
                where.append(number)
        finally:
            book.close()
    except InputError:
        raise
    except Exception as err:  # openpyxl raises many types on a malformed workbook
        raise InputError([f"not a readable .xlsx workbook: {type(err).__name__}: {_clip(str(err), 160)}"],
                         what) from None
    return RawTable(header or [], rows, where, "xlsx", "row", ["Excel workbook, first sheet"])


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


def read_json_rows(data: bytes | str, what: str = "org JSON", max_rows: int = MAX_CSV_ROWS) -> RawTable:
    """A JSON array of objects, GoJS's ``{"nodeDataArray": [...]}``, or an object with one such array."""
    text = decode_upload(data, what, MAX_ORG_FILE_BYTES)
    depth = bracket_depth(text)
    if depth > MAX_YAML_DEPTH:
        raise InputError([f"brackets nest {depth:,} deep; the limit is {MAX_YAML_DEPTH}"], what)
    try:
        doc = json.loads(text, parse_int=_number_text, parse_float=_number_text, parse_constant=_number_text)
    except json.JSONDecodeError as err:
        raise InputError([f"not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})"], what) from None
    except (ValueError, RecursionError) as err:
        raise InputError([f"refused JSON: {_clip(str(err), 200)}"], what) from None
    items = doc
    source = "a JSON array of objects"
    if isinstance(doc, dict):
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
    return RawTable([str(k).strip() for k in keys], rows, list(range(1, len(rows) + 1)), "json", "item", [source])
