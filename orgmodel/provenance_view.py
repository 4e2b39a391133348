"""What the Assumptions page shows: every input with its value, its kind of source and where it comes from."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from pydantic import Field

from orgmodel.model_base import Result
from orgmodel.provenance import provenance_rows, value_at
from orgmodel.scenario import Scenario

__all__ = ["KIND_LABEL", "AssumptionRow", "Assumptions", "assumptions"]

KIND_LABEL = {
    "fact": "fact (article)",
    "report": "public report",
    "assumption": "assumption",
    "illustrative": "illustrative",
    "edited": "edited by you",
    "none": "no source",
}
"""Kind of source -> how the page names it."""


class AssumptionRow(Result):
    """One input as the page lists it."""

    input: str = Field(description="the field path, list items by name")
    value: str = Field(description="the value as a person reads it")
    source: str = Field(description="the kind of source, in words (a value of KIND_LABEL)")
    note: str = Field(description="where the value comes from, or why it was chosen")


class Assumptions(Result):
    """Every input of one scenario, and how many come from each kind of source."""

    name: str
    rows: list[AssumptionRow]
    counts: dict[str, int] = Field(description="kind label -> inputs of that kind (every label, zeros included)")
    sources: list[str]


def _shown(value: Any, path: str = "") -> str:
    if path == "seed":
        return str(value)
    if value is None:
        return "none"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def assumptions(scenario: Scenario, base: Mapping[str, Any], edited: Collection[str]) -> Assumptions:
    """The scenario's inputs with their sources; an input the user edited (a path in ``edited``, by
    index or by name) says so, with its value in ``base`` (the preset or upload before the edits)."""
    rows = []
    for row in provenance_rows(scenario):
        kind: str = row.kind
        note = row.note
        if row.label in edited or row.path in edited:
            was = _shown(value_at(base, row.path))
            note = f"You changed it from {was}. Original source: {KIND_LABEL[kind]}: {note}"
            kind = "edited"
        rows.append(AssumptionRow(input=row.label, value=_shown(row.value, row.path), source=KIND_LABEL[kind],
                                  note=note))
    counts = {label: sum(r.source == label for r in rows) for label in KIND_LABEL.values()}
    return Assumptions(name=scenario.name, rows=rows, counts=counts, sources=list(scenario.sources))
