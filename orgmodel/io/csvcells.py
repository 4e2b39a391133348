"""CSV cells safe to open in a spreadsheet: every CSV orgmodel writes goes through `csv_text`.

A cell that starts with ``=``, ``@``, ``+`` or ``-`` (or a tab or carriage return) is read by
Excel, LibreOffice and Google Sheets as a formula: ``=HYPERLINK(...)`` in a name runs when the
export is opened (CSV injection). OWASP's rule is applied: such a cell is written with a leading
``'``, which spreadsheets show as text and do not evaluate
(https://owasp.org/www-community/attacks/CSV_Injection).

Decision: a cell that is wholly a number (``-3``, ``-0.25``, ``+1e-3``) is written as it is. It
cannot run anything, and a negative figure must stay a number a spreadsheet can sum. orgmodel's
readers undo the escape (`unescape_cell`), so an export reads back to the same names.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_LEADS", "csv_text", "safe_cell", "unescape_cell"]

FORMULA_LEADS = ("=", "@", "+", "-", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def safe_cell(value: object) -> str:
    """``value`` as CSV cell text, with a ``'`` before a formula-leading character (numbers kept)."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_LEADS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo `safe_cell`: ``'=x`` -> ``=x`` (a ``'`` before any other character is kept)."""
    return text[1:] if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_LEADS) else text


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """CSV text (``\\n`` line ends) with every cell, header included, passed through `safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in header])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return out.getvalue()
