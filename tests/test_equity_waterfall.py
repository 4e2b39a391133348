"""Exit waterfall: hand-worked low, middle and high exits; linearity when nothing binds."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from orgmodel.equity.waterfall import PreferredClass, exit_waterfall

# 10M common; series A 2M shares with a US$4M preference (US$2 a share); series B 2M shares, US$10M (US$5).
SERIES = [PreferredClass("A", 2e6, 4e6), PreferredClass("B", 2e6, 10e6)]


def proceeds(exit_usd: float) -> list[float]:
    return [c.proceeds_usd for c in exit_waterfall(exit_usd, 10e6, SERIES).classes]


def test_low_exit_pays_preferences_pari_passu() -> None:
    # US$12M < US$14M of preferences: paid pro rata to preference, 4/14 and 10/14; common gets 0.
    w = exit_waterfall(12e6, 10e6, SERIES)
    np.testing.assert_allclose(proceeds(12e6), [0.0, 12e6 * 4 / 14, 12e6 * 10 / 14])
    assert w.preferences_bind and w.common_per_share_usd == 0


def test_middle_exit_preferences_bind() -> None:
    # US$30M: common price if nobody converts = (30 - 14) / 10 = 1.6 < 2 < 5: both take preferences.
    w = exit_waterfall(30e6, 10e6, SERIES)
    np.testing.assert_allclose(proceeds(30e6), [16e6, 4e6, 10e6])
    assert [c.converts for c in w.classes[1:]] == [False, False]


def test_one_class_converts() -> None:
    # US$40M: (40 - 14) / 10 = 2.6 > 2, so A converts: p = (40 - 10) / 12 = 2.5 < 5, B keeps US$10M.
    w = exit_waterfall(40e6, 10e6, SERIES)
    np.testing.assert_allclose(proceeds(40e6), [25e6, 5e6, 10e6])
    np.testing.assert_allclose(w.common_per_share_usd, 2.5)
    assert [c.converts for c in w.classes[1:]] == [True, False]


def test_high_exit_everyone_converts() -> None:
    # US$100M: A converts (p = 90 / 12 = 7.5 > 5), then B converts: p = 100 / 14 for every share.
    w = exit_waterfall(100e6, 10e6, SERIES)
    np.testing.assert_allclose(proceeds(100e6), [100e6 * 10 / 14, 100e6 * 2 / 14, 100e6 * 2 / 14])
    assert not w.preferences_bind


def test_negative_exit_is_an_error() -> None:
    with pytest.raises(ValueError, match="exit_usd"):
        exit_waterfall(-1.0, 1.0, SERIES)


classes = st.lists(
    st.tuples(st.floats(1, 1e8), st.floats(0, 1e9)).map(lambda t: PreferredClass("s", *t)), max_size=6
)


@settings(max_examples=80, deadline=None)
@given(exit_usd=st.floats(0, 1e10), common=st.floats(0, 1e8), preferred=classes)
@example(exit_usd=1.0, common=2.225073858507e-311, preferred=[])  # subnormal common: price overflowed
def test_everything_is_paid_out_and_each_class_gets_at_least_its_best_option(
    exit_usd: float, common: float, preferred: list[PreferredClass]
) -> None:
    w = exit_waterfall(exit_usd, common, preferred)
    paid = sum(c.proceeds_usd for c in w.classes)
    if common > 0 or preferred:
        np.testing.assert_allclose(paid, exit_usd, rtol=1e-9, atol=1e-6)
    claimed = sum(c.preference_usd for c in preferred)
    for c in w.classes[1:]:
        # non-participating: the greater of the preference (if covered) and converting
        best = max(c.preference_usd if exit_usd >= claimed else 0.0, c.shares * w.common_per_share_usd)
        assert c.proceeds_usd >= best * (1 - 1e-9) - 1e-6 or exit_usd < claimed


@settings(max_examples=40, deadline=None)
@given(scale=st.floats(1.0, 100.0))
def test_values_scale_linearly_when_preferences_do_not_bind(scale: float) -> None:
    base = exit_waterfall(100e6, 10e6, SERIES)
    assert not base.preferences_bind
    scaled = exit_waterfall(100e6 * scale, 10e6, SERIES)
    np.testing.assert_allclose(
        [c.proceeds_usd for c in scaled.classes], [scale * c.proceeds_usd for c in base.classes], rtol=1e-9
    )
