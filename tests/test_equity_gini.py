"""Gini coefficient: closed forms and the double-sum definition."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.equity.gini import gini


def test_equal_stakes_have_gini_zero() -> None:
    assert gini(np.full(57, 3.5e5)) == pytest.approx(0.0, abs=1e-12)
    assert gini(np.zeros(4)) == 0.0
    assert gini([]) == 0.0


def test_one_holder_of_everything() -> None:
    # one of n holds all: G = (n - 1) / n
    assert gini([0, 0, 0, 10.0]) == pytest.approx(3 / 4)


def test_two_levels_by_hand() -> None:
    # [1, 1, 3, 3]: sum |xi - xj| over ordered pairs = 8 pairs x 2 = 16; 2 n^2 mean = 2 * 16 * 2 = 64
    assert gini([1, 3, 1, 3]) == pytest.approx(16 / 64)


def test_negative_values_are_an_error() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        gini([-1.0, 2.0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e9), min_size=1, max_size=40))
def test_matches_the_mean_absolute_difference_and_stays_in_range(values: list[float]) -> None:
    x = np.array(values)
    g = gini(x)
    assert 0.0 <= g <= 1.0
    if x.sum() > 0:
        expected = np.abs(x[:, None] - x[None, :]).sum() / (2 * x.size**2 * x.mean())
        assert g == pytest.approx(expected, abs=1e-9)
