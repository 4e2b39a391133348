"""The library and the app shell pass ruff and mypy (orgmodel/ and app_pages/ are typed and clean)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "ruff", "check", "orgmodel", "app_pages"], [sys.executable, "-m", "mypy"]],
    ids=["ruff", "mypy"],
)
def test_library_is_clean(command: list[str]) -> None:
    if shutil.which(command[2]) is None and not _importable(command[2]):
        pytest.fail(f"{command[2]} is not installed: pip install -r requirements-dev.txt")
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_library_never_imports_streamlit() -> None:
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "orgmodel").rglob("*.py")
        if any(line.lstrip().startswith(("import streamlit", "from streamlit")) for line in p.read_text().splitlines())
    ]
    assert offenders == []


def test_the_shell_is_typed_without_ignores() -> None:
    """mypy checks app_pages/ (pyproject) and nothing there silences it."""
    offenders = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in (ROOT / "app_pages").rglob("*.py")
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if "type: ignore" in line
    ]
    assert offenders == []


def _importable(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
