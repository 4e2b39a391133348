"""Edits to an organisation, as data: move, merge, split, promote, remove, open roles, dotted lines.

`apply_edits(people, edits) -> people` is pure (`orgmodel.edits.apply`); `edited_org(scenario)`
gives the scenario's people after its edits (`orgmodel.edits.table`); the text forms (CLI
``--edit``, the URL) are in `orgmodel.edits.text`. The scenario imports this package's models, so
the names that need the scenario are imported on first use.
"""

from typing import Any

from orgmodel.edits.models import ACTIONS, Edit, EditList, Merge, Move, OpenRole, Promote, Remove, Split
from orgmodel.edits.text import edit_text, edits_from_url, edits_to_url, parse_edit_text

__all__ = [
    "ACTIONS", "Edit", "EditError", "EditList", "EditedOrg", "Merge", "Move", "OpenPosition", "OpenRole", "Promote",
    "Remove", "Split", "apply_edits", "apply_edits_logged", "base_people", "edit_text", "edited_org",
    "edits_from_url", "edits_to_url", "parse_edit_text", "people_table",
]

_LATER = {"EditError": "apply", "EditedOrg": "apply", "OpenPosition": "apply", "apply_edits": "apply",
          "apply_edits_logged": "apply", "base_people": "table", "edited_org": "table", "people_table": "table"}


def __getattr__(name: str) -> Any:
    if name in _LATER:
        import importlib

        return getattr(importlib.import_module(f"orgmodel.edits.{_LATER[name]}"), name)
    raise AttributeError(f"module 'orgmodel.edits' has no attribute {name!r}")
