"""GitHub's own export: ``gh pr list --state merged --json number,author,createdAt,mergedAt,reviews``.

Each merged pull request is a reviewed change: started at ``createdAt``, landed at ``mergedAt``;
its reviewers are the distinct authors of ``reviews`` other than the pull request's author, and
its *time to first review* is the earliest review's ``submittedAt`` - ``createdAt``. Dates are UTC
(``Z``), so "the author's own clock" is UTC here. A login containing ``bot``, or an author with
``is_bot`` true, is a bot.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from orgmodel.errors import InputError
from orgmodel.history.dates import parse_dates
from orgmodel.history.flows import Changes, assemble
from orgmodel.history.people import Mailmap, resolve_people

__all__ = ["looks_like_gh_export", "read_gh_export"]


def looks_like_gh_export(head: bytes) -> bool:
    """True when the text starts like a JSON array (after spaces)."""
    return head.lstrip()[:1] == b"["


def _login(who: Any) -> tuple[str, str, bool]:
    if not isinstance(who, dict):
        return "", "", False
    login = str(who.get("login") or "")
    name = str(who.get("name") or login)
    return name, login, bool(who.get("is_bot"))


def _rows(data: list[Any], source: str) -> list[dict[str, Any]]:
    rows = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or "createdAt" not in item or "mergedAt" not in item:
            raise InputError([f"item {i}: expected an object with number, author, createdAt, mergedAt "
                              "and reviews (gh pr list --state merged --json number,author,createdAt,"
                              "mergedAt,reviews)"], source)
        if item.get("mergedAt"):
            rows.append(item)
    return rows


def read_gh_export(text: str, source: str = "gh export", mailmap: Mailmap | None = None,
                   exclude: tuple[str, ...] = ()) -> Changes:
    """Merged pull requests of a ``gh pr list`` JSON export as `Changes` (flow ``gh``)."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        raise InputError([f"not readable as JSON: {err}"], source) from None
    if not isinstance(data, list):
        raise InputError(["expected a JSON array of pull requests, as `gh pr list --json ...` writes"], source)
    items = _rows(data, source)
    identities: list[tuple[str, str]] = []
    ids: dict[tuple[str, str], int] = {}
    bots: set[int] = set()

    def ident(who: Any) -> int:
        name, login, is_bot = _login(who)
        key = (name, f"{login}@github" if login else "")
        i = ids.setdefault(key, len(ids))
        if i == len(identities):
            identities.append(key)
        if is_bot or login.startswith("app/"):
            bots.add(i)
        return i

    authors = [ident(it.get("author")) for it in items]
    reviews = [[(ident(r.get("author")), str(r.get("submittedAt") or "")) for r in (it.get("reviews") or [])
                if isinstance(r, dict)] for it in items]
    people = resolve_people(identities, mailmap, exclude)
    for i in bots:
        people.bot[people.person[i]] = True
    created = parse_dates([str(it["createdAt"]) for it in items])
    merged = parse_dates([str(it["mergedAt"]) for it in items])
    counts = {"commits": 0, "plain_commits": 0, "squash_merges": 0, "pull_request_commits": 0,
              "bot_changes": 0, "impossible_dates": 0, "untimed_merges": 0,
              "commits_with_impossible_dates": int((~(created.valid & merged.valid)).sum())}
    first = np.full(len(items), np.nan)
    pair_change, pair_person = [], []
    for k, revs in enumerate(reviews):
        times = parse_dates([t for _, t in revs]) if revs else None
        if times is not None and times.valid.any():
            first[k] = float(np.nanmin(times.utc_seconds))
        pair_change += [k] * len(revs)
        pair_person += [int(people.person[r]) for r, _ in revs]
    n = len(items)
    return assemble(np.full(n, 2, dtype=np.int64), people.person[np.array(authors, dtype=np.int64)],
                    created.utc_seconds, merged.utc_seconds, np.zeros(n),
                    np.array(pair_change, dtype=np.int64), np.array(pair_person, dtype=np.int64), people, counts,
                    first)
