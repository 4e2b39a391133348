"""Who is who in a log: ``.mailmap``, one person under several emails merged, bots set apart.

Rules (docs/model.md, "Your own review history"): a ``.mailmap`` (git's four line forms) is
applied first; then two identities are the same person when they share a name or an email
(case-insensitive, spaces trimmed), transitively. A person is a bot when any of their names or
emails contains ``bot`` (case-insensitive), or equals a name or email given to ``--exclude``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.errors import InputError

__all__ = ["Mailmap", "People", "parse_mailmap", "resolve_people"]

IntArray = NDArray[np.int64]
_MAILMAP_LINE = re.compile(r"^\s*([^<#]*?)\s*<([^>]*)>\s*(?:([^<#]*?)\s*<([^>]*)>)?\s*(?:#.*)?$")


@dataclass(frozen=True)
class Mailmap:
    """``(commit email)`` or ``(commit name, commit email)`` -> (proper name or "", proper email or "")."""

    by_email: dict[str, tuple[str, str]]
    by_name_email: dict[tuple[str, str], tuple[str, str]]

    def apply(self, name: str, email: str) -> tuple[str, str]:
        key = email.strip().casefold()
        proper = self.by_name_email.get((name.strip().casefold(), key)) or self.by_email.get(key)
        if proper is None:
            return name, email
        return proper[0] or name, proper[1] or email


def parse_mailmap(text: str, source: str = ".mailmap") -> Mailmap:
    """Parse git's ``.mailmap``; a line that is none of its four forms is refused with its number."""
    by_email: dict[str, tuple[str, str]] = {}
    by_pair: dict[tuple[str, str], tuple[str, str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _MAILMAP_LINE.match(line)
        if m is None:
            raise InputError([f"line {number}: {line[:80]!r} is not 'Name <email>' or "
                              "'Proper Name <proper@email> Commit Name <commit@email>'"], source)
        name1, email1, name2, email2 = m.groups()
        if email2 is None:  # Proper Name <commit@email>
            by_email[email1.strip().casefold()] = (name1, "")
        elif name2:  # Proper Name <proper@email> Commit Name <commit@email>
            by_pair[(name2.strip().casefold(), email2.strip().casefold())] = (name1, email1)
        else:  # [Proper Name] <proper@email> <commit@email>
            by_email[email2.strip().casefold()] = (name1, email1)
    return Mailmap(by_email, by_pair)


@dataclass(frozen=True)
class People:
    """Identities grouped into people: ``person[i]`` is identity i's person; names and bots per person."""

    person: IntArray
    names: list[str]
    emails: list[list[str]]
    bot: NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.names)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def resolve_people(identities: Sequence[tuple[str, str]], mailmap: Mailmap | None = None,
                   exclude: Iterable[str] = ()) -> People:
    """Merge identities sharing a name or an email into people; mark bots and excluded people."""
    mapped = [mailmap.apply(n, e) if mailmap else (n, e) for n, e in identities]
    parent = list(range(len(mapped)))
    first: dict[str, int] = {}
    for i, (name, email) in enumerate(mapped):
        for key in (f"n:{name.strip().casefold()}" if name.strip() else "",
                    f"e:{email.strip().casefold()}" if email.strip() else ""):
            if not key:
                continue
            j = first.setdefault(key, i)
            if j != i:
                a, b = _find(parent, i), _find(parent, j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    roots = [_find(parent, i) for i in range(len(mapped))]
    index: dict[int, int] = {}
    person = np.fromiter((index.setdefault(r, len(index)) for r in roots), dtype=np.int64, count=len(roots))
    names: list[str] = [""] * len(index)
    emails: list[list[str]] = [[] for _ in index]
    bot = np.zeros(len(index), dtype=bool)
    excluded = {x.strip().casefold() for x in exclude if x.strip()}
    for i, (name, email) in enumerate(mapped):
        p = int(person[i])
        if not names[p] and name.strip():
            names[p] = name.strip()
        if email and email not in emails[p]:
            emails[p].append(email)
        low_name, low_email = name.strip().casefold(), email.strip().casefold()
        if "bot" in low_name or "bot" in low_email or low_name in excluded or low_email in excluded:
            bot[p] = True
    names = [n or (emails[p][0] if emails[p] else f"person {p}") for p, n in enumerate(names)]
    return People(person, names, emails, bot)
