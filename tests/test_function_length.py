"""No function in the library or the shell is longer than 80 lines: each is one step (build, check, solve)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MAX_LINES = 80


def _functions() -> list[tuple[str, str, int]]:
    out = []
    for folder in ("orgmodel", "app_pages"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    out.append((str(path.relative_to(ROOT)), node.name, node.end_lineno - node.lineno + 1))
    return out


def test_no_function_is_longer_than_80_lines() -> None:
    long = [f"{path}:{name} ({lines} lines)" for path, name, lines in _functions() if lines > MAX_LINES]
    assert not long, "split into steps: " + ", ".join(long)


@pytest.mark.parametrize("folder", ["orgmodel", "app_pages"])
def test_the_check_sees_the_functions(folder: str) -> None:
    assert sum(1 for path, _, _ in _functions() if path.startswith(folder)) > 50
