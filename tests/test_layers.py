"""Who may import whom (docs/architecture.md): dependencies point down only."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent / "orgmodel"
RUNNERS = ("orgmodel.report", "orgmodel.compare", "orgmodel.attribution", "orgmodel.growth", "orgmodel.growth_view",
           "orgmodel.cli")


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def _files(*parts: str) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        target = ROOT / part
        found += sorted(target.rglob("*.py")) if target.is_dir() else [target]
    return found


@pytest.mark.parametrize("path", _files("review", "decisions", "equity", "queueing", "structure.py", "workclock.py",
                                        "orgtable.py", "build.py", "scenario.py"), ids=str)
def test_engines_and_the_core_never_import_who_runs_them(path: Path) -> None:
    bad = {m for m in _imports(path) if m.startswith(RUNNERS)}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


@pytest.mark.parametrize("path", _files("queueing"), ids=str)
def test_the_queueing_core_imports_only_leaves(path: Path) -> None:
    allowed = ("orgmodel.queueing", "orgmodel.model_base", "orgmodel.errors", "orgmodel.limits")
    bad = {m for m in _imports(path) if m.startswith("orgmodel") and not m.startswith(allowed)}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_the_scenario_imports_no_engine_package() -> None:
    bad = {m for m in _imports(ROOT / "scenario.py") if m.startswith(("orgmodel.review", "orgmodel.decisions",
                                                                        "orgmodel.equity"))}
    # the built-in sections' typed attributes are imported for the type checker only
    source = (ROOT / "scenario.py").read_text()
    assert all(f"    from {m} import" in source.split("if TYPE_CHECKING:")[1].split("\n\n")[0] for m in bad)


def test_the_library_never_imports_the_shell() -> None:
    for path in _files("."):
        bad = {m for m in _imports(path) if m.split(".")[0] in ("streamlit", "app_pages")}
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"
