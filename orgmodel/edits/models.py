"""Edits as data: one org designer's change each (move, merge, split, promote, remove, open role, dotted line).

In YAML an edit is a one-key map plus its arguments, people named by id or by name::

    edits:
      - {move: 17, under: 4}
      - {merge: [Ana, Bo]}
      - {split: 4, moving: [18, 19], new_lead: 18}
      - {promote: 18}
      - {remove: 21}
      - {open_role: engineer, under: 4, start: 2027-01-01}
      - {dotted: 17, to: 9}

The CLI (``--edit 'move: 17, under: 4'``) and the URL (``move:17,under:4;promote:18``) write the
same maps as text (`orgmodel.edits.text`). This module imports nothing of the scenario, so the
`Scenario` may hold an `EditList`; the check against the organisation runs when a scenario is validated.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Discriminator, Field, Tag, ValidationInfo
from pydantic.functional_validators import AfterValidator

from orgmodel.model_base import StrictModel

__all__ = [
    "ACTIONS",
    "MAX_EDITS",
    "Dotted",
    "Edit",
    "EditList",
    "Merge",
    "Move",
    "OpenRole",
    "Promote",
    "Remove",
    "Split",
    "action_of",
]

MAX_EDITS = 500
"""Most edits one scenario carries."""


def _as_text(value: object) -> object:
    """YAML reads ``17`` as an int: a person named by id is text either way."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Who = Annotated[str, BeforeValidator(_as_text), Field(min_length=1, max_length=200, description="an id or a name")]


class Move(StrictModel):
    """Move a person, with everyone below them, under another manager."""

    move: Who
    under: Who


class Merge(StrictModel):
    """Merge the second lead's team into the first's: the second lead and their reports move under the first."""

    merge: list[Who] = Field(min_length=2, max_length=2)


class Split(StrictModel):
    """Split a team: ``moving`` (direct reports of ``split``) go under ``new_lead``, who becomes a sibling lead."""

    split: Who
    moving: list[Who] = Field(min_length=1, max_length=1_000)
    new_lead: Who


class Promote(StrictModel):
    """Promote one step: an engineer to lead, a lead to manager."""

    promote: Who


class Remove(StrictModel):
    """Remove a person; their direct reports move up to the person's manager."""

    remove: Who


class OpenRole(StrictModel):
    """A position with a role, a manager and a planned start date, and no person yet."""

    open_role: str = Field(min_length=1, max_length=80, description="the role (engineer, lead, manager or a title)")
    under: Who
    start: dt.date = Field(description="planned start date, YYYY-MM-DD")


class Dotted(StrictModel):
    """A dotted line: ``dotted`` also reports to ``to`` (a secondary manager; the solid line stays)."""

    dotted: Who
    to: Who


ACTIONS: dict[str, type[StrictModel]] = {
    "move": Move, "merge": Merge, "split": Split, "promote": Promote, "remove": Remove, "open_role": OpenRole,
    "dotted": Dotted,
}
"""The key that names an edit -> its model."""

Action = Literal["move", "merge", "split", "promote", "remove", "open_role", "dotted"]


def action_of(value: Any) -> str | None:
    """Which edit a map (or model) is: the first of its keys that names one (`ACTIONS`)."""
    keys: Any = ()
    if isinstance(value, dict):
        keys = value.keys()
    elif isinstance(value, StrictModel):
        keys = type(value).model_fields
    return next((k for k in keys if k in ACTIONS), None)


Edit = Annotated[
    Annotated[Move, Tag("move")] | Annotated[Merge, Tag("merge")] | Annotated[Split, Tag("split")]
    | Annotated[Promote, Tag("promote")] | Annotated[Remove, Tag("remove")]
    | Annotated[OpenRole, Tag("open_role")] | Annotated[Dotted, Tag("dotted")],
    Discriminator(action_of, custom_error_type="edit_kind",
                  custom_error_message="an edit is a map whose first key is one of: " + ", ".join(ACTIONS)),
]
"""One edit: which one is told by its key (``move``, ``merge``, ...)."""


def _check_against_org(edits: list[Any], info: ValidationInfo) -> list[Any]:
    """Apply the edits to the organisation being validated: the first that cannot apply is refused."""
    org = info.data.get("org")
    if edits and org is not None:
        from orgmodel.edits.table import edit_org

        edit_org(org, edits)
    return edits


EditList = Annotated[list[Edit], Field(max_length=MAX_EDITS), AfterValidator(_check_against_org)]
"""A scenario's edits, in order, each checked against the organisation as the earlier ones left it."""
