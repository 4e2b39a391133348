"""Roles, teams and departments for a chart whose file has none, inferred from the tree.

Rules (docs/model.md, "Importing an org chart"):

- roots (people with no manager) are founders;
- people with reports, all of whom have no reports, are leads;
- anyone (not an engineer) with engineers reporting straight to them leads a team of those
  engineers: a lead's team, or a manager's or founder's own team beside the managers they manage;
- people with at least one report who has reports are managers;
- everyone else (no reports) is an engineer;
- a person's department is the branch they sit in under the top tier: the name of their
  ancestor who reports to a founder (founders have none).

A ``role`` column, found by name or mapped, is read by the role words in each value
(`role_from_title`; `ROLE_RULE`), one rule in the CLI and the app. A
title column that is not a role column is not used: "Sales Manager" over a team of individual
contributors heads one team, which is what a lead is in this model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from orgmodel.orgtable import Role

__all__ = [
    "ROLE_RULE", "ROLE_WORDS", "departments_from_tree", "infer_roles", "role_from_text", "role_from_title",
    "teams_from_tree", "unique_labels",
]

ROLE_WORDS: dict[str, Role] = {
    "founder": Role.FOUNDER, "cofounder": Role.FOUNDER, "co-founder": Role.FOUNDER, "ceo": Role.FOUNDER,
    "partner": Role.FOUNDER, "manager": Role.MANAGER, "director": Role.MANAGER, "head": Role.MANAGER,
    "vp": Role.MANAGER, "vice president": Role.MANAGER, "chief": Role.MANAGER, "lead": Role.LEAD,
    "leader": Role.LEAD, "supervisor": Role.LEAD, "engineer": Role.ENGINEER, "developer": Role.ENGINEER,
    "ic": Role.ENGINEER, "individual contributor": Role.ENGINEER, "staff": Role.ENGINEER,
}
"""Words that name a role (case-insensitive); a role column is read by them (`ROLE_RULE`)."""
ROLE_RULE = ("a role column is read by the role words in each value (founder, CEO, partner -> founder; manager, "
             "director, head, VP, chief -> manager; lead, supervisor -> lead; engineer, developer, staff -> engineer; "
             "the most senior word wins); a value naming no role, and every person when no value names one, gets "
             "the role the tree gives; people with no manager are founders")
"""The one rule for role and title columns, in the CLI and the app alike (shown in both)."""


def role_from_text(text: str) -> Role | None:
    """The role a role-column value names (`ROLE_WORDS`), or None."""
    return ROLE_WORDS.get(" ".join(text.strip().lower().replace("_", " ").split()))


_TITLE_WORDS: tuple[tuple[Role, re.Pattern[str]], ...] = tuple(
    (role, re.compile(r"\b(" + "|".join(re.escape(w) for w, r in ROLE_WORDS.items() if r is role) + r")\b"))
    for role in (Role.FOUNDER, Role.MANAGER, Role.LEAD, Role.ENGINEER)
)


def role_from_title(text: str) -> Role | None:
    """The role a job title names by a `ROLE_WORDS` word in it, the most senior first, or None.

    For a column the user maps as ``role`` that holds titles: "Engineering Manager" -> manager,
    "Lead Engineer" -> lead, "Software Engineer" -> engineer, "CEO" -> founder.
    """
    exact = role_from_text(text)
    if exact is not None:
        return exact
    lower = " ".join(text.lower().replace("_", " ").split())
    return next((role for role, pattern in _TITLE_WORDS if pattern.search(lower)), None)


def infer_roles(parent: Sequence[int]) -> list[int]:
    """Role code per person from the tree (module rules). O(N)."""
    n = len(parent)
    has_reports = [False] * n
    for p in parent:
        if p >= 0:
            has_reports[p] = True
    manages_managers = [False] * n
    for i, p in enumerate(parent):
        if p >= 0 and has_reports[i]:
            manages_managers[p] = True
    roles: list[int] = []
    for i in range(n):
        if parent[i] < 0:
            roles.append(int(Role.FOUNDER))
        elif not has_reports[i]:
            roles.append(int(Role.ENGINEER))
        elif manages_managers[i]:
            roles.append(int(Role.MANAGER))
        else:
            roles.append(int(Role.LEAD))
    return roles


def unique_labels(names: Sequence[str], ids: Sequence[str]) -> list[str]:
    """Each name, with `` (id)`` added where two people share it, so labels name one person."""
    count: dict[str, int] = {}
    for name in names:
        count[name] = count.get(name, 0) + 1
    return [name if count[name] == 1 else f"{name} ({pid})" for name, pid in zip(names, ids)]


def teams_from_tree(parent: Sequence[int], roles: Sequence[int], labels: Sequence[str]) -> list[str]:
    """Team name per person: anyone who is not an engineer and has engineers reporting straight to
    them leads ``team of <them>``, shared by those engineers (a lead's team, and a manager's or
    founder's own team of individual contributors beside the managers they manage); others none."""
    engineer = int(Role.ENGINEER)
    teams = [""] * len(parent)
    for i, p in enumerate(parent):
        if roles[i] == engineer and p >= 0 and roles[p] != engineer:
            teams[i] = teams[p] = f"team of {labels[p]}"
    return teams


def departments_from_tree(parent: Sequence[int], roles: Sequence[int], labels: Sequence[str]) -> list[str]:
    """Department per person: the label of their ancestor just under the founders (founders: none).

    Parents must come before children in a breadth-first walk; this walks from each root, O(N).
    """
    n = len(parent)
    founder = int(Role.FOUNDER)
    kids: list[list[int]] = [[] for _ in range(n)]
    for i, p in enumerate(parent):
        if p >= 0:
            kids[p].append(i)
    dept = [""] * n
    stack = [i for i in range(n) if parent[i] < 0]
    while stack:
        v = stack.pop()
        for c in kids[v]:
            if roles[c] == founder:
                dept[c] = ""
            elif roles[v] == founder:
                dept[c] = labels[c]
            else:
                dept[c] = dept[v]
            stack.append(c)
    return dept
