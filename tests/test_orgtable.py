"""Tests for orgmodel.orgtable: team splits, span-driven layers, balanced sizes."""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.layout import layout
from orgmodel.orgtable import Role, balanced_parents
from tests.conftest import small


def test_balanced_parents_chunk_sizes_differ_by_at_most_one() -> None:
    for n_children, n_parents in [(10, 3), (7, 7), (100, 9), (1, 1), (13, 4)]:
        counts = np.bincount(balanced_parents(n_children, n_parents, 0), minlength=n_parents)
        assert counts.sum() == n_children
        assert counts.max() - counts.min() <= 1
        assert (counts > 0).all()


def test_teams_split_at_the_cap_into_balanced_teams() -> None:
    table = layout(small(max_team_size=4))
    # X: 10 engineers -> ceil(10/4) = 3 teams of 4,3,3; Y: 7 -> 2 teams of 4,3
    assert table.team_names == ("X/1", "X/2", "X/3", "Y/1", "Y/2")
    assert table.team_sizes.tolist() == [4, 3, 3, 4, 3]
    assert table.count(Role.LEAD) == 5
    assert table.count(Role.MANAGER) == 0
    assert len(table) == 2 + 5 + 17


def test_flat_org_has_three_levels() -> None:
    table = layout(small())
    assert sorted(set(table.level.tolist())) == [0, 1, 2]
    assert (table.level[table.role == Role.ENGINEER] == 2).all()


def test_span_limit_inserts_middle_managers() -> None:
    # X: 10 engineers, cap min(4, 2) = 2 -> 5 teams; 5 leads under span 2 -> 3 managers -> 2 managers
    table = layout(small(max_span=2))
    x_managers = (table.role == Role.MANAGER) & (table.department == 0)
    assert int(x_managers.sum()) == 3 + 2
    non_founder = table.role != Role.FOUNDER
    assert table.direct_reports[non_founder].max() <= 2
    assert table.team_sizes.max() <= 2


def test_founders_first_and_root_is_the_ceo() -> None:
    table = layout(small())
    assert table.parent[0] == -1
    assert (table.parent[1:] >= 0).all()
    assert table.name_of(0) == "A"
    assert table.role[1] == Role.FOUNDER and table.parent[1] == 0


def test_department_without_engineers_gives_only_the_head() -> None:
    scenario = small(departments=[{"name": "X", "head": "A", "engineers": 0}])
    table = layout(scenario)
    assert len(table) == 2
    assert table.team_sizes.size == 0


def test_layout_is_deterministic() -> None:
    a, b = layout(small(max_span=3)), layout(small(max_span=3))
    for column in ("parent", "role", "department", "team", "level"):
        assert np.array_equal(getattr(a, column), getattr(b, column))


def test_depth_counts_edges_from_the_root() -> None:
    table = layout(small())
    assert table.depth[0] == 0
    assert table.depth[1] == 1  # founder B under the CEO
    eng_b = np.flatnonzero((table.role == Role.ENGINEER) & (table.department == 1))
    assert (table.depth[eng_b] == 3).all()


@pytest.mark.parametrize("label", ["founder", "manager", "lead", "engineer", " Lead "])
def test_role_labels_round_trip(label: str) -> None:
    assert Role.from_label(label).label == label.strip().lower()


def test_unknown_role_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="founder, manager, lead, engineer"):
        Role.from_label("boss")
