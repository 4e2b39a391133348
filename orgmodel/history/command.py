"""``python -m orgmodel history PATH``: the subcommand's options, its run and its text output."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgmodel.errors import InputError

if TYPE_CHECKING:  # the result models are defined only when the subcommand runs (CLI start-up time)
    from orgmodel.history.result import HistoryReport

__all__ = ["add_history_parser", "history_keys_markdown", "history_text", "run_history"]

MAX_MAILMAP_BYTES = 5 << 20


def add_history_parser(sub: Any) -> None:
    """Register ``history`` on the CLI's subparsers."""
    his = sub.add_parser("history", help="measure a repository's review flow (git log or gh export); fit the model")
    his.add_argument("path", nargs="?", help="a git repository, a `git log --format=fuller --date=iso-strict "
                     "--parents` file, or a `gh pr list --json number,author,createdAt,mergedAt,reviews` file")
    his.add_argument("--format", choices=["json", "text"], default="text")
    his.add_argument("--since", help="window start, ISO date (UTC unless an offset is given)")
    his.add_argument("--until", help="window end (exclusive)")
    his.add_argument("--fit-until", dest="fit_until", help="fit [since, fit-until), predict [fit-until, until)")
    his.add_argument("--exclude", action="append", default=[], metavar="NAME",
                     help="a person to leave out (name or email)")
    his.add_argument("--mailmap", help="a .mailmap file (git's format)")
    his.add_argument("--org", help="an org chart (CSV, xlsx, JSON) to measure reviews across its teams")
    his.add_argument("--week", default="5,8,9", metavar="DAYS,HOURS,START", help="working week (default 5,8,9)")
    his.add_argument("--cap", type=int, default=6, help="team-size cap of the what-if (default 6)")
    his.add_argument("--seed", type=int, default=2012)
    his.add_argument("--keys", action="store_true", help="print the JSON key reference (Markdown) and exit")


def _week(spec: str) -> Any:
    from pydantic import ValidationError

    from orgmodel.scenario import WorkWeek

    try:
        days, hours, start = (float(x) for x in spec.split(","))
        return WorkWeek(days_per_week=int(days), hours_per_day=hours, start_hour=start)
    except (ValueError, ValidationError):
        raise InputError([f"--week {spec!r}: expected DAYS,HOURS,START such as 5,8,9 "
                          "(1-7 days, 1-24 hours, a start hour from which the day ends by midnight)"],
                         "--week") from None


MAX_ORG_BYTES = 20 << 20


def _org_people(path: str) -> Any:
    """People of an org chart read by orgmodel's importer (ids that are emails match by email)."""
    from orgmodel.io.orgfiles import read_org_file

    p = Path(path)
    if not p.is_file() or p.stat().st_size > MAX_ORG_BYTES:
        raise InputError(["not a file, or over the 20 MB cap for an org chart"], path)
    return read_org_file(p.read_bytes(), p.name, orphans="placeholder").people


def run_history(args: argparse.Namespace) -> str:
    """The subcommand's output (JSON or text); `InputError` on bad input."""
    if args.keys:
        return history_keys_markdown().rstrip("\n")
    if not args.path:
        raise InputError(["give a repository, a log file or a gh export (or --keys)"], "history")
    from orgmodel.history.analysis import analyse_history
    from orgmodel.history.measure import Window, parse_instant
    from orgmodel.history.people import parse_mailmap
    from orgmodel.history.source import read_history

    if args.cap < 1:
        raise InputError([f"--cap {args.cap}: must be at least 1"], "--cap")
    mailmap = None
    if args.mailmap:
        p = Path(args.mailmap)
        if not p.is_file() or p.stat().st_size > MAX_MAILMAP_BYTES:
            raise InputError(["not a file, or over 5 MB"], args.mailmap)
        mailmap = parse_mailmap(p.read_text(encoding="utf-8", errors="replace"), args.mailmap)
    work = _week(args.week)
    window = Window(parse_instant(args.since, "--since"), parse_instant(args.until, "--until"))
    if window.since is not None and window.until is not None and window.until <= window.since:
        raise InputError(["--until must be after --since"], "--until")
    changes = read_history(args.path, mailmap, tuple(args.exclude))
    people = _org_people(args.org) if args.org else None
    report = analyse_history(changes, window, parse_instant(args.fit_until, "--fit-until"), work,
                             args.seed, Path(args.path).name, people, args.cap)
    return report.model_dump_json(indent=2) if args.format == "json" else history_text(report)


def _h(x: float | None) -> str:
    return "-" if x is None else f"{x:,.1f} h"


def history_text(report: HistoryReport) -> str:
    """A few lines a person reads: volumes, people, time to land, load, teams, fit and hold-out."""
    m = report.history
    lines = [
        f"{m.source}: {m.changes:,} reviewed changes ({', '.join(f'{k} {v:,}' for k, v in m.flows.items() if v)}) "
        f"by {m.authors:,} authors, {m.reviewers:,} reviewers",
        f"  not timed: {m.plain_commits:,} plain commits, {m.squash_merges:,} squash merges; left out: "
        f"{m.bot_changes:,} bot changes, {m.impossible_dates:,} with impossible dates",
        f"  time to land p50 / p75 / p90: {_h(m.time_to_land_p50_calendar_hours)} / "
        f"{_h(m.time_to_land_p75_calendar_hours)}"
        f" / {_h(m.time_to_land_p90_calendar_hours)} calendar; {_h(m.time_to_land_p50_working_hours)} / "
        f"{_h(m.time_to_land_p75_working_hours)} / {_h(m.time_to_land_p90_working_hours)} working",
        f"  {m.changes_per_author_per_day:.3f} changes per author per working day; "
        f"{m.reviewers_per_change_mean:.2f} reviewers per change",
        f"  load: top reviewer {0 if m.top_reviewer_share is None else m.top_reviewer_share:.0%} of reviews; "
        f"{m.reviewers_carrying_80_pct} people carry 80%",
        f"  review teams (Louvain): {', '.join(str(t.size) for t in m.teams) or '-'}; "
        f"cross-team share {0 if m.cross_team_share is None else m.cross_team_share:.0%}",
    ]
    lines += [f"  org team {b.team}: {b.reviews} reviews, {b.cross_boundary_share:.0%} across its boundary"
              for b in (m.org_boundaries or [])]
    lines += [f"  note: {n}" for n in m.notes]
    if report.fit is not None and report.holdout is not None:
        f, h = report.fit, report.holdout
        lines += [
            f"fit: model p50 {_h(f.model_p50_calendar_hours)} vs measured {_h(f.measured_p50_calendar_hours)} "
            f"({f.error_p50_pct:+.0f}%), p90 {_h(f.model_p90_calendar_hours)} vs {_h(f.measured_p90_calendar_hours)} "
            f"({f.error_p90_pct:+.0f}%); review stages explain {f.review_share_of_p50:.0%} of the median",
            f"hold-out ({h.changes} changes): p50 predicted {_h(h.predicted_p50_calendar_hours)}, observed "
            f"{_h(h.observed_p50_calendar_hours)}, naive {_h(h.naive_p50_calendar_hours)}; p90 predicted "
            f"{_h(h.predicted_p90_calendar_hours)}, observed {_h(h.observed_p90_calendar_hours)}, naive "
            f"{_h(h.naive_p90_calendar_hours)}",
        ]
        lines += [f"what if {w.label}: p50 {_h(w.p50_calendar_hours)}, p90 {_h(w.p90_calendar_hours)}, "
                  f"cross-team {0 if w.cross_team_share is None else w.cross_team_share:.0%}" for w in report.what_if]
    return "\n".join(lines)


def history_keys_markdown() -> str:
    """The history JSON's key reference, generated from the result models like the report's."""
    from orgmodel.history.result import FitResult, HistoryMeasure, Holdout, WhatIf
    from orgmodel.reportkeys import KeyRow, _rows

    rows: list[KeyRow] = []
    sections = (("history", HistoryMeasure), ("fit", FitResult), ("holdout", Holdout), ("what_if[]", WhatIf))
    for section, model in sections:
        rows.append(KeyRow(key=section, type=model.__name__, unit="", clock="",
                           meaning=(model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")))
        rows.extend(_rows(model, section, (model,)))
    rows.append(KeyRow(key="scenario", type="dict | None", unit="", clock="",
                       meaning="the fitted scenario (with --fit-until): opens with `report`, and on every app page"))
    lines = ["# `python -m orgmodel history`: JSON key reference", "",
             "Generated by `python -m orgmodel history --keys` from the result models (a test checks it).",
             "`fit`, `holdout` and `what_if` are null or empty unless `--fit-until` is given.",
             "", "| key | type | unit | clock | meaning |", "|---|---|---|---|---|"]
    for row in rows:
        kind = row.type.replace("|", "\\|")
        lines.append(f"| `{row.key}` | `{kind}` | {row.unit} | {row.clock} | {row.meaning} |")
    return "\n".join(lines) + "\n"
