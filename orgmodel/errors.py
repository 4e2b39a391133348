"""Input errors that name the field, the value given and what is allowed: never a traceback."""

from __future__ import annotations

from pydantic import ValidationError

__all__ = ["InputError", "describe_validation_error"]


class InputError(ValueError):
    """Input orgmodel cannot use. ``problems`` holds one plain-words line per offending field."""

    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = problems
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(problems))

    def __str__(self) -> str:
        head = f"{self.source}: refused" if self.source else "invalid input"
        if len(self.problems) == 1:
            return f"{head}: {self.problems[0]}"
        return "\n".join([head + ":", *(f"  - {p}" for p in self.problems)])


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_validation_error(err: ValidationError) -> list[str]:
    """One line per error: ``org.max_team_size = 0: must be greater than or equal to 1``."""
    lines = []
    for item in err.errors(include_url=False):
        path = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = str(item["msg"]).removeprefix("Value error, ")
        message = message.replace("Input should be", "must be")
        if item["type"] == "missing":
            lines.append(f"{path}: missing; this field is required")
        elif item["type"] == "extra_forbidden":
            lines.append(f"{path}: unknown field (check the spelling); remove it")
        elif item["type"] in ("value_error", "assertion_error") or isinstance(item.get("input"), dict):
            lines.append(message if not item["loc"] else f"{path}: {message}")
        else:
            lines.append(f"{path} = {_short(item.get('input'))}: {message}")
    return lines
