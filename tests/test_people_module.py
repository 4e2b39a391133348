"""Issue 20: the person model is a leaf and the org table knows no scenario (no import circle)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "orgmodel"


def _orgmodel_imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("orgmodel"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("orgmodel")}
    return found


def test_people_is_a_leaf_and_orgtable_depends_only_on_it() -> None:
    assert _orgmodel_imports(ROOT / "people.py", top_level_only=False) <= {
        "orgmodel.io.csvcells", "orgmodel.limits", "orgmodel.model_base"}
    assert _orgmodel_imports(ROOT / "orgtable.py", top_level_only=True) == {"orgmodel.people"}


def test_scenario_and_tree_have_no_hidden_function_level_imports_of_each_other() -> None:
    assert "orgmodel.io.tree" not in _orgmodel_imports(ROOT / "scenario.py", top_level_only=False)
    assert "orgmodel.scenario" not in _orgmodel_imports(ROOT / "io" / "tree.py", top_level_only=False)


def test_one_tuple_of_role_names_and_of_people_columns() -> None:
    from orgmodel.orgcsv import COLUMNS
    from orgmodel.orgtable import ROLE_LABELS as TABLE_LABELS
    from orgmodel.orgtable import Role
    from orgmodel.people import PEOPLE_COLUMNS, ROLE_LABELS

    assert COLUMNS is PEOPLE_COLUMNS and TABLE_LABELS is ROLE_LABELS
    assert tuple(r.label for r in Role) == ROLE_LABELS
