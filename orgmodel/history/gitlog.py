"""Reading ``git log --format=fuller --date=iso-strict --parents`` output, streamed in blocks of bytes.

A commit is a header (``commit SHA PARENT...``, optional ``Merge:``, ``Author:``, ``AuthorDate:``,
``Commit:``, ``CommitDate:``), a blank line and its message indented by four spaces. The reader
keeps, per commit: its ``SHA PARENT...`` line, its author, both dates, whether its subject is a
GitHub merge (``Merge pull request #N``) or a squash merge (ends in ``(#N)``), and its
``Reviewed-on:`` / ``Reviewed-by:`` trailers.

Bytes arrive in blocks of about ``CHUNK_BYTES`` cut at a commit boundary. Each block is handled as
a numpy byte array: newlines found at once, every line classified by its first bytes, header lines
checked in place (a commit whose header is not the fuller form, or a log that stops inside one, is
refused with its line number), dates parsed as one fixed-width array; Python touches only the
author and reviewer fields (to intern them) and the commit line. So reading costs about what a
bare loop over the lines costs (``benchmarks/bench_history.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from orgmodel.errors import InputError
from orgmodel.history.dates import DATE_WIDTH, ParsedDates, concat_dates, parse_date_bytes, parse_dates

__all__ = ["CHUNK_BYTES", "RawLog", "read_log_chunks", "read_log_text", "split_identity"]

CHUNK_BYTES = 32 << 20
"""Bytes of log read and matched at a time (32 MiB)."""
PULL_MERGE = b"    Merge pull request #"
HEADER = (b"Author:", b"AuthorDate:", b"Commit:", b"CommitDate:")
_SQUASH = re.compile(rb"\(#\d+\)\s*$")
_IDENTITY = re.compile(r"^\s*(.*?)\s*(?:<([^>]*)>)?\s*$")
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
_PAD = 512
MAX_HASHED_FIELD = 256
"""Longest author or reviewer field (bytes) hashed in numpy; longer ones are sliced in Python."""
_MIX = np.uint64(0x9E3779B97F4A7C15)


def split_identity(text: str) -> tuple[str, str]:
    """``Name <email>`` -> (name, email); either may be empty."""
    m = _IDENTITY.match(text)
    return (m.group(1), m.group(2) or "") if m else (text.strip(), "")


@dataclass
class RawLog:
    """Commits as read, newest first, in columns; people as indices into ``identities``.

    ``commit_blocks`` hold the ``SHA PARENT...`` lines as printed, as fixed-width byte rows and
    their lengths per block (`commit_lines` decodes them when a merge needs the graph);
    ``reviewed_by`` holds (commit index, identity index) rows and ``reviewed_on`` the commits with
    a ``Reviewed-on:`` trailer.
    """

    commit_blocks: list[tuple[NDArray[np.uint8], IntArray]] = field(default_factory=list)
    author: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    author_date: ParsedDates = field(default_factory=lambda: parse_dates([]))
    commit_date: ParsedDates = field(default_factory=lambda: parse_dates([]))
    parents: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    pull_merge: BoolArray = field(default_factory=lambda: np.zeros(0, bool))
    squash: BoolArray = field(default_factory=lambda: np.zeros(0, bool))
    reviewed_on: IntArray = field(default_factory=lambda: np.zeros(0, np.int64))
    reviewed_by: NDArray[np.int64] = field(default_factory=lambda: np.zeros((0, 2), np.int64))
    identities: list[tuple[str, str]] = field(default_factory=list)
    lines: int = 0

    def __len__(self) -> int:
        return int(self.author.size)

    def commit_lines(self) -> list[bytes]:
        """Every commit's ``SHA PARENT...`` line (bytes), newest first."""
        out: list[bytes] = []
        for rows, lengths in self.commit_blocks:
            out += [row[:n].tobytes() for row, n in zip(rows, lengths.tolist(), strict=True)]
        return out


def _gather(buf: NDArray[np.uint8], starts: IntArray, width: int) -> NDArray[np.uint8]:
    """``width`` bytes from each start, as rows (a strided window view indexed by row: one copy per row)."""
    out: NDArray[np.uint8] = np.lib.stride_tricks.sliding_window_view(buf, width)[starts]
    return out


def _starts_like(buf: NDArray[np.uint8], starts: IntArray, label: bytes) -> BoolArray:
    """Whether each line starts like a header ``label``: its first two, middle and last bytes match.

    Enough to tell git's header lines apart from each other and from another format's lines;
    four 1-D gathers instead of one row per line.
    """
    out: BoolArray = np.ones(starts.shape, dtype=bool)
    for k in sorted({0, 1, len(label) // 2, len(label) - 1}):
        out &= buf[starts + k] == label[k]
    return out


def _starts_with(buf: NDArray[np.uint8], starts: IntArray, prefix: bytes) -> BoolArray:
    """Whether the bytes at each start begin with ``prefix``.

    The first, last and (for long prefixes) a middle byte are checked on every start, the whole
    prefix only where those agree: a header label or a subject is told apart by them.
    """
    out: BoolArray = np.ones(starts.shape, dtype=bool)
    for k in sorted({0, len(prefix) // 2, len(prefix) - 1}):
        out &= buf[starts + k] == prefix[k]
    maybe = np.flatnonzero(out)
    if maybe.size:
        want = np.frombuffer(prefix, dtype=np.uint8)
        out[maybe] = np.all(_gather(buf, starts[maybe], len(want)) == want, axis=1)
    return out


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.commit_blocks: list[tuple[NDArray[np.uint8], IntArray]] = []
        self.commits = 0
        self.keys: dict[bytes, int] = {}
        self.cols: dict[str, list[NDArray]] = {k: [] for k in ("author", "parents", "pull", "squash", "on",
                                                               "by_commit", "by_ident")}
        self.dates: list[tuple[ParsedDates, ParsedDates]] = []

    def intern(self, values: list[bytes]) -> IntArray:
        keys = self.keys
        for value in dict.fromkeys(values):  # first-seen order: indices never depend on hashing
            if value not in keys:
                keys[value] = len(keys)
        return np.fromiter(map(keys.__getitem__, values), dtype=np.int64, count=len(values))

    def intern_fields(self, data: bytes, buf: NDArray[np.uint8], begin: IntArray, end: IntArray) -> IntArray:
        """Identity index of each field ``data[begin:end]`` (an author, a reviewer).

        Each field is hashed in numpy (its bytes as zero-padded 64-bit words, mixed by multiply and
        xor; 64-bit hashes of a few thousand distinct names do not collide in practice), and only one
        field per distinct hash is sliced in Python. Fields over ``MAX_HASHED_FIELD`` bytes take the
        plain path.
        """
        lengths = np.maximum(end - begin, 0)
        if lengths.size == 0 or int(lengths.max()) > MAX_HASHED_FIELD:
            return self.intern(list(map(data.__getitem__, map(slice, begin.tolist(), end.tolist()))))
        width = max(8, -(-int(lengths.max()) // 8) * 8)
        rows = _gather(buf, begin, width) * (np.arange(width) < lengths[:, None])
        words = np.ascontiguousarray(rows, dtype=np.uint8).view(np.uint64)
        h = lengths.astype(np.uint64)
        for j in range(words.shape[1]):
            h = (h * _MIX) ^ words[:, j]
        _, first, inverse = np.unique(h, return_index=True, return_inverse=True)
        order = np.argsort(first, kind="stable")  # first-seen order: indices never depend on hash values
        ids = self.intern([data[b:e] for b, e in zip(begin[first[order]].tolist(), end[first[order]].tolist(),
                                                     strict=True)])
        rank = np.empty(order.size, dtype=np.int64)
        rank[order] = np.arange(order.size)
        out: IntArray = ids[rank[inverse.ravel()]]
        return out

    def refuse(self, line: int, what: str, text: bytes) -> None:
        raise InputError([f"line {line:,}: {what}: {text[:80].decode('utf-8', 'replace')!r}"], self.source)

    def block(self, data: bytes, first_line: int, size: int | None = None) -> int:
        """Read the whole commits in ``data[:size]`` (they start with ``commit ``) at line ``first_line``.

        ``data`` must hold at least ``_PAD`` bytes after ``size`` (any bytes: they are only peeked at).
        """
        size = len(data) - _PAD if size is None else size
        buf = np.frombuffer(data, dtype=np.uint8)
        nl = np.flatnonzero(buf[:size] == 10)
        starts = np.concatenate([[0], nl[:-1] + 1]).astype(np.int64)
        ends = nl.astype(np.int64)
        ends -= buf[np.maximum(ends - 1, 0)] == 13  # a CRLF line ends before its carriage return
        first = buf[starts]
        heads = np.flatnonzero(first == ord("c"))
        heads = heads[_starts_like(buf, starts[heads], b"commit ")]
        if heads.size == 0 or heads[0] != 0:
            self.refuse(first_line, "expected 'commit <sha> <parents>' (the output of `git log --format=fuller "
                        "--date=iso-strict --parents`), found", data.split(b"\n", 1)[0])
        rows = self._header_rows(buf, starts, ends, heads, data, first_line)
        self._fields(data, buf, starts, ends, heads, rows)
        self._trailers(data, buf, starts, ends, first, heads)
        return int(nl.size)

    def _header_rows(self, buf: NDArray[np.uint8], starts: IntArray, ends: IntArray, heads: IntArray,
                     data: bytes, first_line: int) -> IntArray:
        """Line index of Author, AuthorDate, Commit, CommitDate per commit (columns), checked."""
        lines = starts.size
        merge = np.zeros(heads.size, dtype=bool)
        inside = heads + 1 < lines
        merge[inside] = _starts_like(buf, starts[heads[inside] + 1], b"Merge:")
        rows = heads[:, None] + merge[:, None] + 1 + np.arange(4)
        ok = rows[:, 3] < lines
        clipped = np.minimum(rows, lines - 1)
        for k, prefix in enumerate(HEADER):
            ok &= _starts_like(buf, starts[clipped[:, k]], prefix)
        if not ok.all():
            bad = int(np.flatnonzero(~ok)[0])
            cut = bad == heads.size - 1 and int(rows[bad, 3]) >= lines  # the header runs past the last line
            what = ("the log is cut in the middle of a commit" if cut
                    else "this commit header is not git's --format=fuller --date=iso-strict --parents form")
            h = int(heads[bad])
            self.refuse(first_line + h, what, data[starts[h]:ends[h]])
        return rows

    def _fields(self, data: bytes, buf: NDArray[np.uint8], starts: IntArray, ends: IntArray, heads: IntArray,
                rows: IntArray) -> None:
        cols = self.cols
        begin, lengths = starts[heads] + 7, ends[heads] - starts[heads] - 7
        shas = _gather(buf, begin, int(lengths.max()))
        self.commit_blocks.append((shas, lengths))
        self.commits += heads.size
        inside = np.arange(shas.shape[1] - 1) < lengths[:, None] - 1
        nxt = shas[:, 1:]
        hexdigit = ((nxt >= 48) & (nxt <= 57)) | ((nxt >= 97) & (nxt <= 102))
        spaces = (shas[:, :-1] == 32) & hexdigit & inside  # a space that starts a parent's sha (not a decoration)
        cols["parents"].append(spaces.sum(axis=1).astype(np.int64))
        cols["author"].append(self.intern_fields(data, buf, starts[rows[:, 0]] + len(HEADER[0]), ends[rows[:, 0]]))
        self.dates.append((self._dates(data, buf, starts[rows[:, 1]] + 12, ends[rows[:, 1]]),
                           self._dates(data, buf, starts[rows[:, 3]] + 12, ends[rows[:, 3]])))
        subject = rows[:, 3] + 2
        has = subject < starts.size
        pull = np.zeros(heads.size, dtype=bool)
        pull[has] = _starts_with(buf, starts[subject[has]], PULL_MERGE)
        cols["pull"].append(pull)
        squash = np.zeros(heads.size, dtype=bool)
        maybe = np.flatnonzero(has)
        maybe = maybe[buf[np.maximum(ends[subject[maybe]] - 1, 0)] == ord(")")]
        for i in maybe.tolist():
            squash[i] = bool(_SQUASH.search(data[starts[subject[i]]:ends[subject[i]]]))
        cols["squash"].append(squash)

    @staticmethod
    def _dates(data: bytes, buf: NDArray[np.uint8], begin: IntArray, end: IntArray) -> ParsedDates:
        """Dates starting at ``begin`` (after the label); lines not DATE_WIDTH long are parsed as text."""
        width = end - begin
        fixed = width == DATE_WIDTH
        parsed = parse_date_bytes(_gather(buf, begin, DATE_WIDTH), fixed)
        odd = np.flatnonzero(~fixed)
        if odd.size:
            texts = [data[b:e].decode("ascii", "replace").strip() for b, e in zip(begin[odd], end[odd], strict=True)]
            other = parse_dates(texts)
            parsed.utc_seconds[odd], parsed.offset_minutes[odd] = other.utc_seconds, other.offset_minutes
            parsed.valid[odd] = other.valid
        return parsed

    def _trailers(self, data: bytes, buf: NDArray[np.uint8], starts: IntArray, ends: IntArray,
                  first: NDArray[np.uint8], heads: IntArray) -> None:
        base = self.commits - heads.size
        cand = np.flatnonzero((first == 32) & ((buf[starts + 4] | 32) == ord("r")))
        label = _gather(buf, starts[cand], 16) | 32  # lower case (spaces and '-' and ':' keep their bits)
        head = np.all(label[:, :13] == np.frombuffer(b"    reviewed-", dtype=np.uint8), axis=1)
        is_on = head & np.all(label[:, 13:16] == np.frombuffer(b"on:", dtype=np.uint8), axis=1)
        is_by = head & np.all(label[:, 13:16] == np.frombuffer(b"by:", dtype=np.uint8), axis=1)
        commit_of = np.searchsorted(heads, cand, side="right") - 1 + base
        self.cols["on"].append(commit_of[is_on])
        by = cand[is_by]
        self.cols["by_commit"].append(commit_of[is_by])
        self.cols["by_ident"].append(self.intern_fields(data, buf, starts[by] + 16, ends[by]))

    def finish(self, lines: int) -> RawLog:
        cat = {k: np.concatenate(v) if v else np.zeros(0, np.int64) for k, v in self.cols.items()}
        identities = [("", "")] * len(self.keys)
        for value, i in self.keys.items():
            identities[i] = split_identity(value.decode("utf-8", errors="replace"))
        return RawLog(
            commit_blocks=self.commit_blocks,
            author=cat["author"].astype(np.int64),
            author_date=concat_dates([a for a, _ in self.dates]), commit_date=concat_dates([c for _, c in self.dates]),
            parents=cat["parents"].astype(np.int64), pull_merge=cat["pull"].astype(bool),
            squash=cat["squash"].astype(bool), reviewed_on=cat["on"].astype(np.int64),
            reviewed_by=np.column_stack([cat["by_commit"], cat["by_ident"]]).astype(np.int64),
            identities=identities, lines=lines,
        )


def read_log_chunks(chunks: Iterable[bytes], source: str = "git log") -> RawLog:
    """Read a log given as consecutive pieces of bytes (any sizes); blocks end at commit boundaries.

    Each block is one joined buffer (the rest of the previous block, new pieces, padding), read
    up to its last commit boundary without further copies.
    """
    reader = _Reader(source)
    pending = b""
    line = 1
    for pieces in _blocks(chunks):
        data = b"".join([pending, *pieces, b"\0" * _PAD])
        end = len(data) - _PAD
        cut = data.rfind(b"\ncommit ", 0, end)
        if cut < 0:
            pending = data[:end]
            continue
        pending = data[cut + 1:end]
        line += reader.block(data, line, cut + 1)
    if pending.strip():
        if not pending.endswith(b"\n"):
            pending += b"\n"
        line += reader.block(pending + b"\0" * _PAD, line)
    return reader.finish(line - 1)


def _blocks(chunks: Iterable[bytes]) -> Iterator[list[bytes]]:
    buffer: list[bytes] = []
    size = 0
    for piece in chunks:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield buffer
            buffer, size = [], 0
    if buffer:
        yield buffer


def read_log_text(text: str, source: str = "git log") -> RawLog:
    """Read a whole log held in memory as text."""
    return read_log_chunks([text.encode("utf-8")], source)
