"""Edits as one line of text: the CLI's ``--edit 'move: 17, under: 4'`` and the URL's compact form.

One edit is ``key: value, key: value`` (the YAML map without its braces); a value is a word, a
``"quoted text"`` (JSON rules) or a list ``[a, b]``. Spaces after ``:`` and ``,`` are optional, so
``move:17,under:4`` is the same edit. The URL holds every edit in one ``edits`` parameter,
separated by ``;``: ``move:17,under:4;promote:18``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

__all__ = ["edit_text", "edits_from_url", "edits_to_url", "parse_edit_text"]

_PLAIN = re.compile(r"[^\s,:;\[\]\"]+(?:[ ][^\s,:;\[\]\"]+)*")
"""A bare value: no delimiter characters (inner single spaces allowed: ``Ana Lopez``)."""


def _value_text(value: Any, compact: bool) -> str:
    if isinstance(value, list):
        sep = "," if compact else ", "
        return "[" + sep.join(_value_text(v, compact) for v in value) + "]"
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if _PLAIN.fullmatch(text) else json.dumps(text)


def edit_text(edit: BaseModel | dict[str, Any], compact: bool = False) -> str:
    """``move: 17, under: 4`` (``move:17,under:4`` when compact) for one edit, model or map."""
    data = edit.model_dump(mode="json") if isinstance(edit, BaseModel) else edit
    colon, comma = (":", ",") if compact else (": ", ", ")
    return comma.join(f"{k}{colon}{_value_text(v, compact)}" for k, v in data.items())


class _Reader:
    """A tiny recursive-descent reader of ``key: value, ...`` (values: word, "quoted", [list])."""

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def fail(self, what: str) -> ValueError:
        return ValueError(f"edit {self.text!r}: {what} at character {self.at + 1}; "
                          "expected key: value, key: value (e.g. 'move: 17, under: 4')")

    def skip(self) -> None:
        while self.at < len(self.text) and self.text[self.at] == " ":
            self.at += 1

    def take(self, char: str) -> bool:
        self.skip()
        if self.text.startswith(char, self.at):
            self.at += 1
            return True
        return False

    def scalar(self) -> str:
        self.skip()
        if self.text.startswith('"', self.at):
            try:
                value, end = json.JSONDecoder().raw_decode(self.text, self.at)
            except json.JSONDecodeError:
                raise self.fail("an unfinished quoted value") from None
            self.at = end
            return str(value)
        found = _PLAIN.match(self.text, self.at)
        if found is None:
            raise self.fail("a missing value")
        self.at = found.end()
        return found.group().strip()

    def value(self) -> str | list[str]:
        if not self.take("["):
            return self.scalar()
        items: list[str] = []
        while not self.take("]"):
            if items and not self.take(","):
                raise self.fail("a list without , or ]")
            items.append(self.scalar())
        return items

    def read(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        while True:
            key = self.scalar()
            if not self.take(":"):
                raise self.fail(f"no ':' after {key!r}")
            out[key] = self.value()
            if not self.take(","):
                break
        self.skip()
        if self.at != len(self.text):
            raise self.fail("unexpected text")
        return out


def parse_edit_text(text: str) -> dict[str, Any]:
    """One edit's map from its text (``move: 17, under: 4``); ValueError naming the text when unreadable."""
    if len(text) > 4_000:
        raise ValueError(f"edit of {len(text):,} characters: at most 4,000")
    stripped = text.strip()
    if stripped.startswith("{") and stripped.endswith("}"):
        stripped = stripped[1:-1]
    return _Reader(stripped).read()


def edits_to_url(edits: list[BaseModel] | list[dict[str, Any]]) -> str:
    """Every edit, compact, separated by ``;`` (the URL's ``edits`` parameter)."""
    return ";".join(edit_text(e, compact=True) for e in edits)


def edits_from_url(text: str) -> list[dict[str, Any]]:
    """The maps of a URL's ``edits`` parameter (``;`` inside quotes is text, not a separator)."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(text):
        if ch == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        elif not quoted and ch in "[]":
            depth += 1 if ch == "[" else -1
        elif not quoted and depth == 0 and ch == ";":
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [parse_edit_text(p) for p in parts if p.strip()]
