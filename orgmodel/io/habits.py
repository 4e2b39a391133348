"""An imported chart joined with someone's working habits: the `Scenario` every engine analyses."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from orgmodel.errors import InputError, describe_validation_error
from orgmodel.io.orgfiles import ImportedOrg, everyone_at_top
from orgmodel.io.roles import unique_labels
from orgmodel.people import gc_paused
from orgmodel.scenario import Founder, Provenance, Scenario

__all__ = ["imported_scenario"]


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def imported_scenario(org: ImportedOrg, habits: Scenario, habits_from: str, name: str | None = None) -> Scenario:
    """The imported chart as a scenario with someone's working habits.

    ``review``, ``decisions``, ``work``, ``equity`` and ``seed`` come from ``habits`` (a preset or
    a scenario file, named by ``habits_from``); the chart replaces its organisation.
    ``max_team_size`` starts at the largest team in the chart (no split) and ``max_span`` at None:
    lowering them later splits teams and adds middle managers as what-ifs. An equity
    ``founder_split`` naming the habits' own founders is dropped (equal split), and
    ``buy_in_people`` is capped at the people who are not founders.
    """
    with gc_paused():
        return _imported_scenario(org, habits, habits_from, name)


def _imported_scenario(org: ImportedOrg, habits: Scenario, habits_from: str, name: str | None) -> Scenario:
    people = org.people
    roots = [p for p in people if not p.manager_id]
    labels = unique_labels([p.name or p.id for p in roots], [p.id for p in roots])
    founders = [Founder(name=label) for label in dict.fromkeys(_clip(label, 80) for label in labels)]
    per_lead: dict[str, int] = {}
    for p in people:
        if p.role == "engineer" and p.manager_id:
            per_lead[p.manager_id] = per_lead.get(p.manager_id, 0) + 1
    lead_ids = {p.id for p in people if p.role == "lead"}
    biggest = max((n for pid, n in per_lead.items() if pid in lead_ids), default=1)
    equity = habits.equity
    notes = []
    staff = sum(p.role != "founder" for p in people)
    if not staff:  # the habits' buy-in, review and decisions need someone below the top
        at_top = all(not p.manager_id for p in people)
        column = org.choice.column("manager") or org.choice.column("path") or "none"
        raise InputError([everyone_at_top(org.notes, len(people), column) if at_top else
                          f"everyone in the chart is a founder ({len(people):,} people, by the role column): "
                          "nothing below the top to analyse; check the role column"], org.info.file or "org chart")
    if equity is not None:
        update: dict[str, object] = {}
        if equity.founder_split is not None:
            update["founder_split"] = None
            notes.append("equity founder_split dropped (it names the habits' own founders): equal split")
        if equity.buy_in_people > staff:
            update["buy_in_people"] = staff
            notes.append(f"equity buy_in_people capped at {staff:,} (people who are not founders)")
        if update:
            equity = equity.model_copy(update=update)
    info = org.info.model_copy(update={"habits_from": _clip(habits_from, 300),
                                       "warnings": (org.info.warnings + notes)[:60]})
    title = _clip(name or (Path(org.info.file).stem or "imported organisation"), 120)
    sections = [s for s in ("review", "decisions", "equity") if getattr(habits, s) is not None]
    description = (f"Imported from {org.info.file}: {len(people):,} people. Working habits (working week"
                   f"{', ' + ', '.join(sections) if sections else ''}) from {habits_from}.")
    provenance = {"org.people": Provenance(kind="report", note=_clip(f"imported from {org.info.file}", 2000))}
    for section in ("work", *sections):
        provenance[section] = Provenance(kind="assumption", note=_clip(f"working habits assumed from {habits_from}",
                                                                        2000))
    data = {
        "name": title, "description": _clip(description, 4000), "sources": [], "provenance": provenance,
        "seed": habits.seed,
        "org": {"founders": founders, "departments": [], "max_team_size": max(1, min(biggest, 10_000)),
                "max_span": None, "people": [p._asdict() for p in people], "imported": info},
        "work": habits.work, "review": habits.review, "decisions": habits.decisions, "equity": equity,
    }
    try:
        return Scenario.model_validate(data)  # one validation: the people are checked as a tree once
    except ValidationError as err:  # the chart with these habits breaks a rule: say which, in plain words
        raise InputError(describe_validation_error(err), f"{org.info.file or 'org chart'} with {habits_from}") from None
