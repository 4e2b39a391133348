"""Vesting: cliff then linear, never more than the grant."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from orgmodel.equity.vesting import vested_fraction, years_between


def test_four_years_with_a_one_year_cliff() -> None:
    # nothing before the cliff, a quarter at the cliff, linear to 1 at four years, then flat
    np.testing.assert_allclose(
        vested_fraction([0.0, 0.99, 1.0, 2.0, 3.0, 4.0, 9.0], 4.0, 1.0), [0, 0, 0.25, 0.5, 0.75, 1, 1]
    )


def test_no_vesting_period_vests_at_grant() -> None:
    np.testing.assert_allclose(vested_fraction([-0.1, 0.0, 2.0], 0.0, 0.0), [0, 1, 1])


def test_years_between_dates() -> None:
    assert years_between(dt.date(2010, 4, 6), dt.date(2014, 4, 6)) == 1461 / 365.25


@given(t=st.floats(-10, 50), years=st.floats(0.1, 10), cliff_share=st.floats(0, 1))
def test_vested_fraction_is_between_zero_and_one(t: float, years: float, cliff_share: float) -> None:
    v = float(vested_fraction(t, years, cliff_share * years))
    assert 0.0 <= v <= 1.0
    assert float(vested_fraction(t + 1.0, years, cliff_share * years)) >= v
