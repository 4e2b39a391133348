"""A scenario with more edits: the CLI's ``--edit`` and the app's edit list go through here."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from orgmodel.edits.text import parse_edit_text
from orgmodel.errors import InputError
from orgmodel.loading import validate_scenario
from orgmodel.scenario import Scenario

__all__ = ["parse_edit_texts", "with_edits"]


def parse_edit_texts(texts: Sequence[str], what: str = "--edit") -> list[dict[str, Any]]:
    """The maps of ``--edit`` texts (``move: 17, under: 4``); `InputError` naming each unreadable one."""
    maps, problems = [], []
    for text in texts:
        try:
            maps.append(parse_edit_text(text))
        except ValueError as err:
            problems.append(str(err))
    if problems:
        raise InputError(problems, what)
    return maps


def with_edits(scenario: Scenario, edits: Sequence[dict[str, Any]], what: str = "--edit") -> Scenario:
    """The scenario with ``edits`` after its own, validated (each edit against the org as it then stands)."""
    if not edits:
        return scenario
    data = scenario.model_dump(mode="json")
    data["edits"] = [*data.get("edits", []), *edits]
    return validate_scenario(data, what)
