"""History reading: each flow from small fixtures, a repository built by git, bad input, the shared logs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from orgmodel.errors import InputError
from orgmodel.history.dates import parse_dates
from orgmodel.history.gitlog import read_log_text
from orgmodel.history.measure import Window, measure, parse_instant
from orgmodel.history.people import parse_mailmap, resolve_people
from orgmodel.history.source import read_history, read_history_bytes
from orgmodel.scenario import WorkWeek

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "realdata" / "git"
WEEK = WorkWeek(days_per_week=5, hours_per_day=8, start_hour=9)


def commit(sha: str, parents: str, author: str, adate: str, committer: str, cdate: str, message: str,
           merge: bool = False) -> str:
    merge_line = f"Merge: {parents[:7]} {parents.split()[-1][:7]}\n" if merge else ""
    head = f"commit {sha} {parents}".rstrip() + "\n" + merge_line
    body = "".join(f"    {line}\n" if line else "    \n" for line in message.split("\n"))
    return (head + f"Author:     {author}\nAuthorDate: {adate}\nCommit:     {committer}\nCommitDate: {cdate}\n\n"
            + body + "\n")


ANN, BOB, CAT = "Ann <ann@x.org>", "Bob <bob@x.org>", "Cat <cat@x.org>"
GERRIT = (
    commit("c" * 40, "b" * 40, ANN, "2024-01-01T10:00:00+01:00", BOB, "2024-01-02T10:00:00+01:00",
           "net: fix\n\nReviewed-on: https://r/1\nReviewed-by: Bob <bob@x.org>\nReviewed-by: Cat <cat@x.org>")
    + commit("b" * 40, "a" * 40, "Gopher Robot <gobot@x.org>", "2023-12-30T10:00:00+00:00", BOB,
             "2023-12-30T11:00:00+00:00", "all: deps\n\nReviewed-on: https://r/2\nReviewed-by: Bob <bob@x.org>")
    + commit("a" * 40, "", CAT, "2023-12-01T10:00:00+00:00", CAT, "2023-12-01T10:00:00+00:00", "initial")
)


def test_gerrit_flow_times_reviewers_and_bots():
    from orgmodel.history.flows import classify

    log = read_log_text(GERRIT)
    changes = classify(log, resolve_people(log.identities))
    assert len(changes) == 1 and changes.counts["bot_changes"] == 1 and changes.counts["plain_commits"] == 1
    assert (changes.land[0] - changes.start[0]) / 3600 == 24.0
    names = sorted(changes.people.names[p] for p in changes.review_person)
    assert names == ["Bob", "Cat"]
    m = measure(changes, Window(), WEEK).measure
    assert m.time_to_land_p50_calendar_hours == 24.0
    assert m.time_to_land_p50_working_hours == 8.0  # Mon 10:00 -> Tue 10:00 on the author's clock
    assert m.reviewers_per_change_mean == 2.0 and m.top_reviewer_share == 0.5 and m.reviewers_carrying_80_pct == 2


MERGE = (
    commit("9" * 40, "d" * 40 + " " + "f" * 40, "Maintainer <boss@x.org>", "2024-02-03T12:00:00+00:00",
           "GitHub <noreply@github.com>", "2024-02-03T12:00:00+00:00", "Merge pull request #7 from ann/fix\n\nFix",
           merge=True)
    + commit("f" * 40, "e" * 40, ANN, "2024-02-02T12:00:00+00:00", ANN, "2024-02-02T12:00:00+00:00", "second")
    + commit("e" * 40, "a" * 40, ANN, "2024-02-01T12:00:00+00:00", ANN, "2024-02-01T12:00:00+00:00", "first")
    + commit("d" * 40, "a" * 40, BOB, "2024-01-05T12:00:00+00:00", BOB, "2024-02-03T11:00:00+00:00",
             "Tidy (#6)")
    + commit("a" * 40, "", CAT, "2023-12-01T10:00:00+00:00", CAT, "2023-12-01T10:00:00+00:00", "initial")
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_merge_flow_uses_the_earliest_commit_only_on_the_second_parent(newline):
    decorated = MERGE.replace("f" * 40 + "\n", "f" * 40 + " (HEAD -> main, origin/main)\n", 1)
    changes = read_history_bytes(decorated.replace("\n", newline).encode(), "merge.log")
    assert len(changes) == 1 and changes.counts["squash_merges"] == 1 and changes.counts["pull_request_commits"] == 2
    assert (changes.land[0] - changes.start[0]) / 3600 == 48.0  # from 'first', not from the older main commit
    assert changes.people.names[changes.author[0]] == "Ann"
    assert [changes.people.names[p] for p in changes.review_person] == ["Maintainer"]


def test_gh_export_times_first_review():
    rows = [{"number": 1, "author": {"login": "ann"}, "createdAt": "2024-01-01T10:00:00Z",
             "mergedAt": "2024-01-01T20:00:00Z",
             "reviews": [{"author": {"login": "bob"}, "submittedAt": "2024-01-01T12:00:00Z", "state": "APPROVED"}]},
            {"number": 2, "author": {"login": "dependabot[bot]"}, "createdAt": "2024-01-01T10:00:00Z",
             "mergedAt": "2024-01-02T10:00:00Z", "reviews": []}]
    changes = read_history_bytes(json.dumps(rows).encode(), "prs.json")
    m = measure(changes, Window(), WEEK).measure
    assert m.changes == 1 and m.flows["gh"] == 1 and m.bot_changes == 1
    assert m.time_to_land_p50_calendar_hours == 10.0 and m.time_to_first_review_p50_calendar_hours == 2.0


def test_impossible_dates_are_flagged_not_raised():
    d = parse_dates(["2011-09-08T02:38:50+518:00", "2024-02-30T00:00:00+00:00", "2024-02-29T00:00:00Z",
                     "2024-01-01T00:00:00-05:00"])
    assert d.valid.tolist() == [False, False, True, True]
    assert d.utc_seconds[3] == 1704085200.0


def test_identities_merge_by_name_or_email_and_mailmap():
    ids = [("Ann", "ann@a.org"), ("Ann", "ann@b.org"), ("A. Nonymous", "ann@b.org"), ("Zed", "z@x")]
    people = resolve_people(ids)
    assert len(set(people.person[:3].tolist())) == 1 and people.person[3] != people.person[0]
    mm = parse_mailmap("Zed Proper <zed@x> <z@x>\n")
    people = resolve_people([("Zed", "z@x"), ("Zed Proper", "zed@x")], mm, exclude=("nobody",))
    assert people.person[0] == people.person[1]
    assert resolve_people([("Zed", "z@x")], exclude=("zed",)).bot[0]


@pytest.mark.parametrize(("data", "fragment"), [
    (b"\x00\x01binary", "binary"),
    (b"2024-01-01 12:00 INFO started\n", "not git's log format"),
    (b"", "empty"),
    (GERRIT[:GERRIT.index("CommitDate")].encode(), "cut in the middle of a commit"),
    (b"commit " + b"a" * 40 + b"\nAuthor: Ann <a@x>\nDate:   Mon Jan 1 10:00:00 2024 +0100\n\n    x\n",
     "not git's --format=fuller"),  # plain `git log`
    (GERRIT.replace(" " + "b" * 40 + "\n", "\n").replace(" " + "a" * 40 + "\n", "\n").encode(), "without --parents"),
])
def test_bad_input_is_refused_with_a_reason(data, fragment):
    with pytest.raises(InputError) as err:
        read_history_bytes(data, "bad.log")
    assert fragment in str(err.value)


def test_org_chart_boundaries_and_exclude(tmp_path):
    from orgmodel.io.orgfiles import read_org_file

    chart = tmp_path / "people.csv"
    chart.write_text("id,name,manager_id,team\nboss@x.org,Boss,,\nann@x.org,Ann,boss@x.org,core\n"
                     "bob@x.org,Bob,boss@x.org,web\ncat@x.org,Cat,boss@x.org,core\n")
    people = read_org_file(chart.read_bytes(), "people.csv").people
    changes = read_history_bytes(GERRIT.encode(), "g.log")
    m = measure(changes, Window(), WEEK, org_people=people).measure
    core = next(b for b in m.org_boundaries if b.team == "core")
    assert core.reviews == 2 and core.cross_boundary_share == 0.5  # Ann's change: Bob (web) and Cat (core)
    left = read_history_bytes(GERRIT.encode(), "g.log", exclude=("Ann",))
    assert len(left) == 0 and left.counts["bot_changes"] == 2


def test_a_squash_only_history_is_counted_not_timed():
    log = (commit("2" * 40, "1" * 40, ANN, "2024-01-03T10:00:00+00:00", "GitHub <noreply@github.com>",
                  "2024-01-03T10:00:00+00:00", "Fix the thing (#12)")
           + commit("1" * 40, "", CAT, "2024-01-01T10:00:00+00:00", CAT, "2024-01-01T10:00:00+00:00", "initial"))
    m = measure(read_history_bytes(log.encode(), "squash.log"), Window(), WEEK).measure
    assert (m.changes, m.squash_merges, m.plain_commits) == (0, 1, 1)
    assert m.time_to_land_p50_calendar_hours is None and m.teams == [] and any("nothing is timed" in n for n in m.notes)


def test_over_the_cap_is_refused():
    with pytest.raises(InputError, match="cap"):
        read_history_bytes(GERRIT.encode(), "big.log", max_bytes=100)


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_a_repository_built_with_dates_and_trailers(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    base = {"GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    root = {**base, "GIT_AUTHOR_NAME": "Cat", "GIT_AUTHOR_EMAIL": "cat@x.org", "GIT_COMMITTER_NAME": "Cat",
            "GIT_COMMITTER_EMAIL": "cat@x.org"}
    _git(repo, "commit", "-q", "--allow-empty", "-m", "initial", env=root)  # a root commit is never a change
    for k, (when, landed) in enumerate([("2024-03-04T09:00:00+02:00", "2024-03-04T15:00:00+02:00"),
                                        ("2024-03-05T09:00:00+02:00", "2024-03-07T09:00:00+02:00")]):
        env = {**base, "GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "ann@x.org", "GIT_COMMITTER_NAME": "Bob",
               "GIT_COMMITTER_EMAIL": "bob@x.org", "GIT_COMMITTER_DATE": landed}
        _git(repo, "commit", "-q", "--allow-empty", "--date", when, "-m", f"change {k}", "-m",
             f"Reviewed-on: https://review/{k}\nReviewed-by: Bob <bob@x.org>", env=env)
    m = measure(read_history(repo), Window(), WEEK).measure
    assert m.changes == 2 and m.authors == 1 and m.reviewers == 1
    assert sorted(q.p50_calendar_hours for q in m.by_quarter) == [27.0]  # median of 6 h and 48 h
    assert m.time_to_land_p90_working_hours == pytest.approx(6 + 0.9 * (16 - 6))  # Mon 09-15, Tue 09 -> Thu 09
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True,
                   capture_output=True)
    with pytest.raises(InputError, match="shallow"):
        read_history(shallow)
    empty = tmp_path / "empty"
    empty.mkdir()
    _git(empty, "init", "-q")
    with pytest.raises(InputError, match="empty repository"):
        read_history(empty)
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(InputError, match="not a git repository"):
        read_history(plain)


@pytest.mark.skipif(not (SHARED / "golang_net.log").exists(), reason="shared logs absent")
def test_shared_gerrit_log_golang_net():
    m = measure(read_history(SHARED / "golang_net.log"), Window(parse_instant("2022-01-01", "")), WEEK).measure
    assert (m.changes, m.reviewers) == (643, 56)
    assert m.authors == 90  # 94 distinct names; same name or same email joins four of them
    assert m.time_to_land_p50_calendar_hours == pytest.approx(64.0, abs=0.1)
    assert m.time_to_land_p90_calendar_hours == pytest.approx(1182.6, abs=0.5)


@pytest.mark.skipif(not (SHARED / "psf_requests.log").exists(), reason="shared logs absent")
def test_shared_merge_log_psf_requests():
    changes = read_history(SHARED / "psf_requests.log")
    assert changes.counts["commits_with_impossible_dates"] == 1  # the +518:00 commit, skipped
    m = measure(changes, Window(parse_instant("2015-01-01", "")), WEEK).measure
    assert m.changes == 556 and m.flows["merge"] == 556  # 598 PR merges: 37 by dependabot, 5 bring nothing in
    assert m.time_to_land_p50_calendar_hours == pytest.approx(7.06, abs=0.05)
    assert m.time_to_land_p90_calendar_hours == pytest.approx(678.3, abs=0.5)
    assert len(m.teams) >= 2 and np.isclose(sum(1 for _ in m.review_load_curve) > 0, True)


@pytest.mark.skipif(not (SHARED / "golang_net.log").exists(), reason="shared logs absent")
def test_review_teams_do_not_depend_on_string_hashing():
    import os
    import sys

    code = ("from orgmodel.history.source import read_history; from orgmodel.history.measure import measure, Window;"
            "from orgmodel.history.analysis import DEFAULT_WEEK; import sys;"
            f"m = measure(read_history({str(SHARED / 'golang_net.log')!r}), Window(), DEFAULT_WEEK).measure;"
            "print([t.members for t in m.teams])")
    root = Path(__file__).resolve().parents[1]
    outs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root,
                           env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}).stdout
            for seed in ("1", "2")}
    assert len(outs) == 1
