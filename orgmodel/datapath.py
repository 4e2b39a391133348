"""Dotted paths into JSON-ready data (``equity.rounds.0.amount_usd``, ``org.departments.MIUI.engineers``).

One rule for every reader and writer of a scenario mapping (the CLI's ``--set``, the URL, provenance,
the attribution's mixed scenarios): a dict entry by key; a list item by position (``0``, ``-1``) or by
its ``name``.
"""

from __future__ import annotations

from typing import Any

from orgmodel.errors import InputError

__all__ = ["MISSING", "get_value", "list_index", "set_value"]

MISSING: Any = object()
"""`get_value`'s answer for a path that is not there, when the caller must tell it from a null value."""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def list_index(items: list[Any], part: str, where: str, item: str) -> int:
    """The index a path part names in a list: a position (``0``, ``-1``) or an item's ``name``; InputError if none."""
    if part.lstrip("-").isdigit():
        try:
            index = int(part)
        except ValueError:  # a digit int() does not read (superscripts), or thousands of them
            raise InputError([f"--set {item!r}: {where}: {_clip(part, 20)!r} is not an index"], "--set") from None
        if not -len(items) <= index < len(items):
            raise InputError([f"--set {item!r}: {where}: index {index} is out of range 0..{len(items) - 1}"], "--set")
        return index
    for i, entry in enumerate(items):
        if isinstance(entry, dict) and entry.get("name") == part:
            return i
    names = [str(e.get("name")) for e in items if isinstance(e, dict)]
    raise InputError([f"--set {item!r}: {where}: no item named {part!r}; allowed: {', '.join(names)}"], "--set")


def get_value(data: Any, path: str, default: Any = None) -> Any:
    """The value at a dotted path, or ``default`` where the path is not there (or runs into a value)."""
    node = data
    for part in path.split("."):
        if isinstance(node, dict):
            if part not in node:
                return default
            node = node[part]
        elif isinstance(node, list):
            try:
                node = node[list_index(node, part, path, path)]
            except InputError:
                return default
        else:
            return default
    return node


def set_value(data: dict[str, Any], path: str, value: object, item: str) -> None:
    """Set the value at a dotted path (sections on the way are created); ``item`` names the edit in errors."""
    parts = path.split(".")
    node: Any = data
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        where = ".".join(parts[: depth + 1])
        if isinstance(node, dict):
            if last:
                node[part] = value
                return
            if node.get(part) is None:
                node[part] = {}
            node = node[part]
        elif isinstance(node, list):
            index = list_index(node, part, where, item)
            if last:
                node[index] = value
                return
            node = node[index]
        else:
            raise InputError([f"--set {item!r}: {where} is inside a value, not a section"], "--set")
