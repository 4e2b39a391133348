"""Reading ``git log --format=fuller --date=iso-strict --parents`` output, streamed in chunks.

A commit is a header (``commit SHA PARENT...``, optional ``Merge:``, ``Author:``, ``AuthorDate:``,
``Commit:``, ``CommitDate:``), a blank line and its message indented by four spaces. The reader
keeps, per commit: its parents, author and committer (name, email), both dates as text, the
subject and the ``Reviewed-on:`` / ``Reviewed-by:`` trailers. Text is read in blocks of about
``CHUNK_BYTES`` cut at a commit boundary, and each block is matched by one regular expression, so
reading costs about what a bare loop over the lines costs (``benchmarks/bench_history.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from orgmodel.errors import InputError

__all__ = ["CHUNK_BYTES", "RawLog", "read_log_chunks", "read_log_text"]

CHUNK_BYTES = 8 << 20
"""Bytes of log text matched at a time (8 MiB)."""

_HEADER = re.compile(
    r"^commit ([0-9a-f]{7,64})((?: [0-9a-f]{7,64})*)[^\n]*\n"
    r"(?:Merge:[^\n]*\n)?"
    r"Author: +([^\n]*?) *<([^>\n]*)>\n"
    r"AuthorDate: +(\S+)\n"
    r"Commit: +([^\n]*?) *<([^>\n]*)>\n"
    r"CommitDate: +(\S+)\n"
    r"(?:\n    ([^\n]*))?",
    re.M,
)
_TRAILER = re.compile(r"^    Reviewed-(on|by): *([^\n<]*?) *(?:<([^>\n]*)>)? *$", re.M | re.I)
_COMMIT_LINE = re.compile(r"^commit ", re.M)


@dataclass
class RawLog:
    """Commits as read, newest first, in columns; people as indices into ``identities``.

    ``author_date`` / ``commit_date`` are the ISO texts as printed (parsed by `orgmodel.history.dates`).
    ``reviewed_by`` holds (commit index, identity index) pairs; ``reviewed_on`` the commit indices
    with a ``Reviewed-on:`` trailer.
    """

    sha: list[str] = field(default_factory=list)
    parents: list[list[str]] = field(default_factory=list)
    author: list[int] = field(default_factory=list)
    committer: list[int] = field(default_factory=list)
    author_date: list[str] = field(default_factory=list)
    commit_date: list[str] = field(default_factory=list)
    subject: list[str] = field(default_factory=list)
    reviewed_on: set[int] = field(default_factory=set)
    reviewed_by: list[tuple[int, int]] = field(default_factory=list)
    identities: list[tuple[str, str]] = field(default_factory=list)
    lines: int = 0

    def __len__(self) -> int:
        return len(self.sha)


class _Reader:
    def __init__(self, source: str) -> None:
        self.log = RawLog()
        self.source = source
        self._ids: dict[tuple[str, str], int] = {}

    def identity(self, name: str, email: str) -> int:
        key = (name, email)
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self.log.identities)
            self.log.identities.append(key)
        return found

    def block(self, text: str, first_line: int) -> None:
        """Read one block of whole commits starting at line ``first_line`` (1-based)."""
        log, ident = self.log, self.identity
        starts: list[int] = []
        expected = sum(1 for _ in _COMMIT_LINE.finditer(text))
        base = len(log.sha)
        for m in _HEADER.finditer(text):
            sha, parents, an, ae, ad, cn, ce, cd, subject = m.groups()
            starts.append(m.start())
            log.sha.append(sha)
            log.parents.append(parents.split())
            log.author.append(ident(an, ae))
            log.committer.append(ident(cn, ce))
            log.author_date.append(ad)
            log.commit_date.append(cd)
            log.subject.append(subject or "")
        if len(starts) != expected or (text and not text.startswith("commit ")):
            self._refuse(text, starts, first_line)
        self._trailers(text, starts, base)

    def _trailers(self, text: str, starts: list[int], base: int) -> None:
        if "Reviewed-" not in text and "reviewed-" not in text:
            return
        from bisect import bisect_right

        log, ident = self.log, self.identity
        for m in _TRAILER.finditer(text):
            commit = base + bisect_right(starts, m.start()) - 1
            if commit < base:
                continue
            if m.group(1).lower() == "on":
                log.reviewed_on.add(commit)
            elif m.group(2) or m.group(3):
                log.reviewed_by.append((commit, ident(m.group(2) or "", m.group(3) or "")))

    def _refuse(self, text: str, starts: list[int], first_line: int) -> None:
        """Name the first commit whose header is not git's fuller format."""
        matched = set(starts)
        for m in _COMMIT_LINE.finditer(text):
            if m.start() not in matched:
                line = first_line + text.count("\n", 0, m.start())
                rest = text[m.start():].split("\n", 6)
                cut = len(rest) < 7 or not rest[-1]
                what = ("the log is cut in the middle of a commit" if cut and m.start() > max(starts, default=-1)
                        else "this commit header is not git's --format=fuller --date=iso-strict --parents form")
                raise InputError([f"line {line:,}: {what}: {rest[0][:80]!r}"], self.source)
        raise InputError(
            [f"line {first_line:,}: expected 'commit <sha> <parents>' (the output of "
             "`git log --format=fuller --date=iso-strict --parents`), found "
             f"{text.split(chr(10), 1)[0][:80]!r}"], self.source)


def read_log_chunks(chunks: Iterable[str], source: str = "git log") -> RawLog:
    """Read a log given as consecutive pieces of text (any sizes); blocks end at commit boundaries."""
    reader = _Reader(source)
    pending = ""
    line = 1
    for piece in _blocks(chunks):
        text = pending + piece
        cut = text.rfind("\ncommit ")
        if cut < 0:
            pending = text
            continue
        block, pending = text[: cut + 1], text[cut + 1:]
        reader.block(block, line)
        line += block.count("\n")
    if pending.strip():
        if not pending.endswith("\n"):
            pending += "\n"
        reader.block(pending, line)
        line += pending.count("\n")
    reader.log.lines = line - 1
    return reader.log


def _blocks(chunks: Iterable[str]) -> Iterator[str]:
    buffer: list[str] = []
    size = 0
    for piece in chunks:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def read_log_text(text: str, source: str = "git log") -> RawLog:
    """Read a whole log held in memory."""
    return read_log_chunks([text], source)
