"""Shared fixtures: the presets and a small scenario built by hand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from orgmodel.loading import load_preset, validate_scenario
from orgmodel.scenario import Scenario


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Empty Streamlit's caches before an AppTest test, so no result carries over from another test.

    Use per module with ``pytestmark = pytest.mark.usefixtures("fresh_caches")``.
    """
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield


@pytest.fixture(scope="session")
def xiaomi() -> Scenario:
    return load_preset("xiaomi-2012")


@pytest.fixture(scope="session")
def hierarchical() -> Scenario:
    return load_preset("hierarchical-400")


def small_mapping(**org: Any) -> dict[str, Any]:
    """Two founders, two departments (10 and 7 engineers), cap 4, no span limit unless given."""
    shape: dict[str, Any] = {
        "founders": [{"name": "A", "role": "CEO"}, {"name": "B", "role": "CTO"}],
        "departments": [
            {"name": "X", "head": "A", "engineers": 10},
            {"name": "Y", "head": "B", "engineers": 7},
        ],
        "max_team_size": 4,
        "max_span": None,
    }
    shape.update(org)
    return {"name": "small", "org": shape, "work": {"days_per_week": 5, "hours_per_day": 8}}


def small(**org: Any) -> Scenario:
    return validate_scenario(small_mapping(**org))
