"""ISO-strict git dates (``2024-03-01T09:15:00+01:00``) parsed in one vectorised pass.

A date is *impossible* when it is not 25 characters of that form (or 20 ending in ``Z``), or when
a field is out of range: month 1-12, day within the month, hour < 24, minute < 60, second < 61,
offset at most 14:00 east or west. Real logs hold such dates (an offset of ``+518:00``, which git
accepts); they are flagged, never raised.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["EPOCH_MONDAY_HOURS", "ParsedDates", "parse_dates"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
EPOCH_MONDAY_HOURS = 96.0
"""Hours from 1970-01-01 00:00 (a Thursday) back to Monday 1969-12-29 00:00: the working clock's week 0."""
_DAYS_IN_MONTH = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_MAX_OFFSET_MINUTES = 14 * 60


@dataclass(frozen=True)
class ParsedDates:
    """Seconds since 1970-01-01 UTC, the offset east of UTC in minutes, and which dates are valid."""

    utc_seconds: FloatArray
    offset_minutes: FloatArray
    valid: BoolArray

    def local_clock_hours(self) -> FloatArray:
        """Hours since Monday 00:00 of the working clock's week 0, on the date's own wall clock."""
        out: FloatArray = (self.utc_seconds + 60.0 * self.offset_minutes) / 3600.0 + EPOCH_MONDAY_HOURS
        return out


def _days_from_civil(y: NDArray[np.int64], m: NDArray[np.int64], d: NDArray[np.int64]) -> NDArray[np.int64]:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    mp = (m + 9) % 12
    doy = (153 * mp + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    out: NDArray[np.int64] = era * 146097 + doe - 719468
    return out


def concat_dates(parts: Sequence[ParsedDates]) -> ParsedDates:
    """Several parsed blocks as one, in order."""
    if not parts:
        return parse_dates([])
    return ParsedDates(np.concatenate([p.utc_seconds for p in parts]),
                       np.concatenate([p.offset_minutes for p in parts]), np.concatenate([p.valid for p in parts]))


DATE_WIDTH = 25
"""Characters of an ISO-strict date with an offset: ``2024-03-01T09:15:00+01:00``."""


def _fixed_width(texts: Sequence[str], lengths: NDArray[np.int64]) -> tuple[NDArray[np.uint8], BoolArray]:
    """Bytes of each date as an (n, 25) array; ``Z`` dates rewritten to ``+00:00``; others zeroed."""
    fixed = lengths == DATE_WIDTH
    zulu = np.zeros(len(texts), dtype=bool)
    if not fixed.all():
        texts = list(texts)
        for i in np.flatnonzero(~fixed).tolist():
            t = texts[i]
            zulu[i] = len(t) == 20 and t.endswith("Z")
            texts[i] = t[:19] + "+00:00" if zulu[i] else "0" * DATE_WIDTH
    raw = "".join(texts).encode("ascii", errors="replace")
    if len(raw) != DATE_WIDTH * len(texts):  # a non-ASCII character took more than one byte
        return np.zeros((len(texts), DATE_WIDTH), dtype=np.uint8), np.zeros(len(texts), dtype=bool)
    return np.frombuffer(raw, dtype=np.uint8).reshape(len(texts), DATE_WIDTH), fixed | zulu


def parse_dates(texts: Sequence[str]) -> ParsedDates:
    """Parse every text at once; invalid ones get ``valid = False`` and NaN times."""
    n = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    b, ok = _fixed_width(texts, lengths)
    return parse_date_bytes(b, ok)


def parse_date_bytes(raw: NDArray[np.uint8], ok: BoolArray) -> ParsedDates:
    """Dates given as an (n, 25) byte array; rows with ``ok`` False are invalid whatever they hold."""
    b = raw
    ok = ok.copy()
    digit: dict[int, NDArray[np.int64]] = {}
    for k in (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24):
        column = b[:, k]
        ok &= (column >= 48) & (column <= 57)
        digit[k] = column.astype(np.int64) - 48

    def num(i: int, j: int) -> NDArray[np.int64]:
        out = digit[i]
        for k in range(i + 1, j):
            out = out * 10 + digit[k]
        return out

    for pos, ch in {4: "-", 7: "-", 10: "T", 13: ":", 16: ":", 22: ":"}.items():
        ok &= b[:, pos] == ord(ch)
    ok &= (b[:, 19] == ord("+")) | (b[:, 19] == ord("-"))
    sign = np.where(b[:, 19] == ord("-"), -1, 1)
    year, month, day = num(0, 4), num(5, 7), num(8, 10)
    hour, minute, second = num(11, 13), num(14, 16), num(17, 19)
    offset = sign * (num(20, 22) * 60 + num(23, 25))
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_len = _DAYS_IN_MONTH[np.clip(month, 0, 12)] - ((month == 2) & ~leap)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= month_len)
    ok &= (hour < 24) & (minute < 60) & (second < 61)
    ok &= (np.abs(offset) <= _MAX_OFFSET_MINUTES) & (num(23, 25) < 60)
    local = _days_from_civil(year, np.clip(month, 1, 12), day) * 86400 + hour * 3600 + minute * 60 + second
    utc = (local - offset * 60).astype(np.float64)
    return ParsedDates(np.where(ok, utc, np.nan), np.where(ok, offset, np.nan).astype(np.float64), ok)
