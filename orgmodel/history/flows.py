"""Which commits are reviewed changes, by flow, and when each was started and landed.

- **Gerrit**: a single-parent commit with a ``Reviewed-on:`` or ``Reviewed-by:`` trailer. Started
  at its AuthorDate, landed at its CommitDate; reviewers are its ``Reviewed-by:`` people.
- **Merge** (GitHub): a commit with two parents whose subject starts ``Merge pull request #N``.
  Landed at the merge's CommitDate, started at the earliest AuthorDate among the commits reachable
  only from its second parent (``git log P1..P2``); its author is that earliest commit's author,
  its reviewer the person who merged (the merge's author) when someone else.
- **Squash**: a single-parent commit whose subject ends in ``(#N)``: counted, never timed (its
  AuthorDate is not the start of the work).
- **Plain**: every other commit that no pull request brought in: counted, never timed.

Changes by bots are left out (counted); a change with an impossible date is skipped (counted).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.history.dates import parse_dates
from orgmodel.history.gitlog import RawLog
from orgmodel.history.people import People

__all__ = ["FLOWS", "Changes", "classify"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
FLOWS = ("gerrit", "merge", "gh")
_PULL_MERGE = re.compile(r"^Merge pull request #\d+")
_SQUASH = re.compile(r"\(#\d+\)\s*$")


@dataclass(frozen=True)
class Changes:
    """Reviewed changes in columns (seconds since 1970 UTC; offsets in minutes east of UTC).

    ``review_change`` / ``review_person`` list each (change, reviewer) pair once; ``first_review``
    is NaN unless the source records it (the ``gh`` export).
    """

    flow: IntArray
    author: IntArray
    start: FloatArray
    land: FloatArray
    offset_minutes: FloatArray
    review_change: IntArray
    review_person: IntArray
    people: People
    first_review: FloatArray
    counts: dict[str, int]

    def __len__(self) -> int:
        return int(self.flow.size)


def _introduced(log: RawLog) -> dict[int, list[int]]:
    """For each pull-request merge, the commits reachable only from its second parent.

    Walks the first-parent line from the newest commit, oldest first, keeping the set of landed
    commits: what a mainline commit's other parents bring in is new exactly once (O(commits)).
    """
    n = len(log)
    index = {sha: i for i, sha in enumerate(log.sha)}
    parents = [[index[p] for p in ps if p in index] for ps in log.parents]
    landed = np.zeros(n, dtype=bool)
    mainline = [0] if n else []
    while parents[mainline[-1]] and not landed[parents[mainline[-1]][0]]:
        landed[mainline[-1]] = True  # guards against a cycle in a malformed log
        mainline.append(parents[mainline[-1]][0])
    landed[:] = False
    out: dict[int, list[int]] = {}
    for c in reversed(mainline):
        region = _walk(parents[c][1:], parents, landed)
        for m in region:  # nested pull requests inside the region, e.g. merged into a branch first
            if len(parents[m]) == 2 and _PULL_MERGE.match(log.subject[m]):
                own = set(_walk([parents[m][1]], parents, landed, mark=False))
                own -= set(_walk([parents[m][0]], parents, landed, mark=False))
                out[m] = sorted(own)
        if len(parents[c]) == 2 and _PULL_MERGE.match(log.subject[c]):
            out[c] = list(region)
        for m in region:
            landed[m] = True
        landed[c] = True
    return out


def _walk(starts: list[int], parents: list[list[int]], landed: NDArray[np.bool_], mark: bool = True) -> list[int]:
    seen: set[int] = set()
    stack = [s for s in starts if not landed[s]]
    out = []
    while stack:
        c = stack.pop()
        if c in seen or landed[c]:
            continue
        seen.add(c)
        out.append(c)
        stack.extend(parents[c])
    return out


def classify(log: RawLog, people: People) -> Changes:
    """Reviewed changes of a log with their people and dates; the rest counted by kind."""
    n = len(log)
    ad, cd = parse_dates(log.author_date), parse_dates(log.commit_date)
    author = people.person[np.asarray(log.author, dtype=np.int64)] if n else np.zeros(0, np.int64)
    has_pulls = any(len(p) == 2 and _PULL_MERGE.match(s) for p, s in zip(log.parents, log.subject))
    merges = _introduced(log) if has_pulls else {}
    brought_in = np.zeros(n, dtype=bool)
    for members in merges.values():
        brought_in[members] = True
    trailer = np.zeros(n, dtype=bool)
    trailer[list(log.reviewed_on)] = True
    by_commit: dict[int, list[int]] = {}
    for c, ident in log.reviewed_by:
        trailer[c] = True
        by_commit.setdefault(c, []).append(int(people.person[ident]))
    single = np.fromiter((len(p) == 1 for p in log.parents), dtype=bool, count=n)
    gerrit = single & trailer & ~brought_in
    squash = np.fromiter((bool(_SQUASH.search(s)) for s in log.subject), dtype=bool, count=n)
    squash &= single & ~gerrit & ~brought_in
    counts = {"commits": n, "plain_commits": 0, "squash_merges": int(squash.sum()),
              "pull_request_commits": int(brought_in.sum()), "bot_changes": 0, "impossible_dates": 0,
              "untimed_merges": 0, "commits_with_impossible_dates": int((~(ad.valid & cd.valid)).sum())}
    rows: list[tuple[int, int, float, float, float, list[int]]] = []  # flow, author, start, land, offset, reviewers
    for c in np.flatnonzero(gerrit).tolist():
        rows.append((0, int(author[c]), ad.utc_seconds[c], cd.utc_seconds[c], ad.offset_minutes[c],
                     by_commit.get(c, [])))
    for m, members in merges.items():
        valid = [x for x in members if ad.valid[x]]
        if not valid:
            counts["untimed_merges" if not members else "impossible_dates"] += 1
            continue
        first = min(valid, key=lambda x: ad.utc_seconds[x])
        merger = [int(people.person[log.author[m]]), *by_commit.get(m, [])]
        rows.append((1, int(author[first]), ad.utc_seconds[first], cd.utc_seconds[m], ad.offset_minutes[first],
                     merger))
    kept = _keep(rows, people, counts)
    counts["plain_commits"] = int(n - gerrit.sum() - squash.sum() - brought_in.sum() - len(merges))
    return _columns(kept, people, counts)


def _keep(rows: list[tuple[int, int, float, float, float, list[int]]], people: People,
          counts: dict[str, int]) -> list[tuple[int, int, float, float, float, list[int]]]:
    kept = []
    for row in rows:
        if people.bot[row[1]]:
            counts["bot_changes"] += 1
        elif not (np.isfinite(row[2]) and np.isfinite(row[3]) and np.isfinite(row[4])):
            counts["impossible_dates"] += 1
        else:
            kept.append(row)
    kept.sort(key=lambda r: r[3])
    return kept


def _columns(rows: list[tuple[int, int, float, float, float, list[int]]], people: People,
             counts: dict[str, int], first_review: FloatArray | None = None) -> Changes:
    pairs = [(i, p) for i, row in enumerate(rows) for p in dict.fromkeys(row[5])
             if p != row[1] and not people.bot[p]]
    col: list[tuple[object, ...]] = list(zip(*rows)) if rows else [() for _ in range(6)]
    return Changes(
        flow=np.asarray(col[0], dtype=np.int64), author=np.asarray(col[1], dtype=np.int64),
        start=np.asarray(col[2], dtype=np.float64), land=np.asarray(col[3], dtype=np.float64),
        offset_minutes=np.asarray(col[4], dtype=np.float64),
        review_change=np.asarray([a for a, _ in pairs], dtype=np.int64),
        review_person=np.asarray([b for _, b in pairs], dtype=np.int64),
        people=people, counts=counts,
        first_review=np.full(len(rows), np.nan) if first_review is None else first_review,
    )
