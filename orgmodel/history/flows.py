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

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from orgmodel.history.gitlog import RawLog
from orgmodel.history.people import People

__all__ = ["FLOWS", "Changes", "assemble", "classify"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
FLOWS = ("gerrit", "merge", "gh")


@dataclass(frozen=True)
class Changes:
    """Reviewed changes in columns, by landing instant (seconds since 1970 UTC; offsets in minutes east).

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


def _walk(starts: list[int], parents: list[list[int]], landed: BoolArray) -> list[int]:
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


def _introduced(log: RawLog) -> dict[int, list[int]]:
    """For each pull-request merge, the commits reachable only from its second parent.

    Walks the first-parent line from the newest commit, oldest first, keeping the set of landed
    commits: what a mainline commit's other parents bring in is new exactly once (O(commits)).
    """
    n = len(log)
    lines = [line.split(b" (", 1)[0].split() for line in log.commit_lines()]  # SHA PARENT... [(decoration)]
    index = {parts[0]: i for i, parts in enumerate(lines)}
    parents = [[index[p] for p in parts[1:] if p in index] for parts in lines]
    pull = log.pull_merge & (log.parents == 2)
    landed = np.zeros(n, dtype=bool)
    mainline = [0] if n else []
    while parents[mainline[-1]] and not landed[parents[mainline[-1]][0]]:
        landed[mainline[-1]] = True  # guards against a cycle in a malformed log
        mainline.append(parents[mainline[-1]][0])
    landed[:] = False
    out: dict[int, list[int]] = {}
    for c in reversed(mainline):
        region = _walk(parents[c][1:], parents, landed)
        for m in region:  # pull requests inside the region, e.g. merged into a branch first
            if pull[m] and len(parents[m]) == 2:
                own = set(_walk([parents[m][1]], parents, landed)) - set(_walk([parents[m][0]], parents, landed))
                out[m] = sorted(own)
        if pull[c] and len(parents[c]) == 2:
            out[c] = list(region)
        landed[region] = True
        landed[c] = True
    return out


def classify(log: RawLog, people: People) -> Changes:
    """Reviewed changes of a log with their people and dates; the rest counted by kind."""
    n = len(log)
    ad, cd = log.author_date, log.commit_date
    author = people.person[log.author] if n else np.zeros(0, np.int64)
    merges = _introduced(log) if bool((log.pull_merge & (log.parents == 2)).any()) else {}
    brought_in = np.zeros(n, dtype=bool)
    for members in merges.values():
        brought_in[members] = True
    by = log.reviewed_by
    trailer = np.zeros(n, dtype=bool)
    trailer[log.reviewed_on] = True
    trailer[by[:, 0]] = True
    gerrit = (log.parents == 1) & trailer & ~brought_in
    squash = log.squash & (log.parents == 1) & ~gerrit & ~brought_in
    counts = {"commits": n, "plain_commits": int(n - gerrit.sum() - squash.sum() - brought_in.sum() - len(merges)),
              "squash_merges": int(squash.sum()), "pull_request_commits": int(brought_in.sum()), "bot_changes": 0,
              "impossible_dates": 0, "untimed_merges": 0,
              "commits_with_impossible_dates": int((~(ad.valid & cd.valid)).sum())}
    g = np.flatnonzero(gerrit)
    row_of = np.full(n, -1, dtype=np.int64)
    row_of[g] = np.arange(g.size)
    pick = row_of[by[:, 0]] >= 0
    cols: list[list[float]] = [[], [], [], [], []]
    pair_change, pair_person = [row_of[by[pick, 0]]], [people.person[by[pick, 1]]]
    for m, members in merges.items():
        valid = [x for x in members if ad.valid[x]]
        if not valid:
            counts["untimed_merges" if not members else "impossible_dates"] += 1
            continue
        first = min(valid, key=lambda x: ad.utc_seconds[x])
        pair_change.append(np.array([g.size + len(cols[0])], dtype=np.int64))
        pair_person.append(np.array([people.person[log.author[m]]], dtype=np.int64))
        for col, value in zip(cols, (1, author[first], ad.utc_seconds[first], cd.utc_seconds[m],
                                     ad.offset_minutes[first]), strict=True):
            col.append(float(value))
    return assemble(
        np.concatenate([np.zeros(g.size), cols[0]]).astype(np.int64),
        np.concatenate([author[g], cols[1]]).astype(np.int64),
        np.concatenate([ad.utc_seconds[g], cols[2]]), np.concatenate([cd.utc_seconds[g], cols[3]]),
        np.concatenate([ad.offset_minutes[g], cols[4]]),
        np.concatenate(pair_change), np.concatenate(pair_person), people, counts)


def assemble(flow: IntArray, author: IntArray, start: FloatArray, land: FloatArray, offset: FloatArray,
             pair_change: IntArray, pair_person: IntArray, people: People, counts: dict[str, int],
             first_review: FloatArray | None = None) -> Changes:
    """Bots and impossible dates left out (counted), sorted by landing, reviewer pairs deduplicated."""
    bot = people.bot[author] if author.size else np.zeros(0, dtype=bool)
    finite = np.isfinite(start) & np.isfinite(land) & np.isfinite(offset)
    counts["bot_changes"] += int(bot.sum())
    counts["impossible_dates"] += int((~bot & ~finite).sum())
    keep = np.flatnonzero(~bot & finite)
    keep = keep[np.argsort(land[keep], kind="stable")]
    new = np.full(flow.size, -1, dtype=np.int64)
    new[keep] = np.arange(keep.size)
    pc = new[pair_change] if pair_change.size else pair_change
    ok = (pc >= 0)
    pc, pp = pc[ok], pair_person[ok]
    ok = (pp != author[keep][pc]) & ~people.bot[pp] if pc.size else ok[ok]
    key = np.sort(pc[ok] * max(len(people), 1) + pp[ok])
    key = key[np.concatenate([[True], key[1:] != key[:-1]])] if key.size else key
    first = np.full(keep.size, np.nan) if first_review is None else first_review[keep]
    return Changes(flow=flow[keep], author=author[keep], start=start[keep], land=land[keep],
                   offset_minutes=offset[keep], review_change=key // max(len(people), 1),
                   review_person=key % max(len(people), 1), people=people, first_review=first, counts=counts)
