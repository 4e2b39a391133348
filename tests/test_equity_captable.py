"""Cap table: hand-worked rounds with a pool top-up, and invariants over random rounds."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.equity.captable import build_cap_table, pool_top_up_shares
from orgmodel.equity.settings import FundingRound

FOUNDED = dt.date(2020, 1, 1)


def two_rounds(buy_in_usd: float = 0.0) -> list[FundingRound]:
    return [
        FundingRound(
            name="A", date=dt.date(2020, 6, 1), amount_usd=5e6, pre_money_usd=20e6,
            pool_top_up_pct=20, employee_buy_in_usd=buy_in_usd,
        ),
        FundingRound(name="B", date=dt.date(2021, 6, 1), amount_usd=10e6, post_money_usd=50e6),
    ]


def test_two_rounds_with_a_pool_top_up_by_hand() -> None:
    # Founding: founders 9,000,000; pool 10% of all -> P0 = 9M * 0.1 / 0.9 = 1,000,000; N = 10,000,000.
    # Round A: US$5M at US$20M pre -> post 25M, f = 5/25 = 0.2; pool to 20% of post (pre-money):
    #   T = (t N - (1 - f) U) / (1 - f - t) = (0.2 * 10M - 0.8 * 1M) / 0.6 = 2,000,000
    #   new shares X = f / (1 - f) * (N + T) = 0.25 * 12M = 3,000,000; total 15,000,000
    #   price = 20M / 12M = 1.6667 = 25M / 15M; pool = 3M = 20% of 15M.
    # Round B: US$10M at US$50M post -> f = 0.2, X = 0.25 * 15M = 3,750,000; total 18,750,000;
    #   price = 40M / 15M = 2.6667.
    # After B: founders 9/18.75 = 48%, pool 3/18.75 = 16%, A 3/18.75 = 16%, B 3.75/18.75 = 20%.
    cap = build_cap_table(9e6, two_rounds(), founded=FOUNDED, pool_initial_pct=10)
    np.testing.assert_allclose(cap.pool_added, [1e6, 2e6, 0.0])
    np.testing.assert_allclose(cap.investor_added, [0.0, 3e6, 3.75e6])
    np.testing.assert_allclose(cap.total, [10e6, 15e6, 18.75e6])
    np.testing.assert_allclose(cap.price_usd[1:], [20 / 12, 40 / 15])
    own = cap.ownership()
    np.testing.assert_allclose(own["founders_common"], [0.9, 0.6, 0.48])
    np.testing.assert_allclose(own["pool_unallocated"], [0.1, 0.2, 0.16])
    np.testing.assert_allclose(own["investors"], [0.0, 0.2, 0.36])
    np.testing.assert_allclose(cap.post_money_usd[1:], cap.price_usd[1:] * cap.total[1:])
    np.testing.assert_allclose(cap.preference_usd, [0.0, 5e6, 10e6])


def test_staff_buy_in_is_part_of_the_round() -> None:
    # US$1M of A's US$5M from the staff: 1/5 of A's 3,000,000 new shares = 600,000 at the same price.
    cap = build_cap_table(9e6, two_rounds(buy_in_usd=1e6), founded=FOUNDED, pool_initial_pct=10)
    np.testing.assert_allclose(cap.buy_in_added, [0.0, 6e5, 0.0])
    np.testing.assert_allclose(cap.investor_added[1], 2.4e6)
    np.testing.assert_allclose(cap.series_shares[1] * cap.price_usd[1], 5e6)


def test_grants_come_out_of_the_pool_and_top_ups_count_only_unallocated() -> None:
    # Half of the 1M initial pool is granted, so U = 500,000 before A:
    # T = (0.2 * 10M - 0.8 * 0.5M) / 0.6 = 2,666,666.67; after A the unallocated pool is
    # 0.5M + T = 3,166,666.67 = 20% of (10M + T) / 0.8 = 15,833,333.33 (then half of T is granted).
    cap = build_cap_table(9e6, two_rounds(), founded=FOUNDED, pool_initial_pct=10, granted_share=0.5)
    np.testing.assert_allclose(cap.pool_added[1], 1.6e6 / 0.6)
    np.testing.assert_allclose(cap.total[1], (10e6 + 1.6e6 / 0.6) / 0.8)
    np.testing.assert_allclose(cap.granted_added, cap.pool_added * 0.5)


def test_top_up_never_shrinks_the_pool() -> None:
    assert pool_top_up_shares(100.0, 50.0, 0.2, 0.1) == 0.0


def test_impossible_top_up_is_an_error() -> None:
    with pytest.raises(ValueError, match="pool_top_up_pct"):
        pool_top_up_shares(100.0, 0.0, 0.5, 0.5)


round_terms = st.tuples(
    st.floats(1e5, 1e9),  # amount
    st.floats(0.05, 0.6),  # new money's fraction of post-money
    st.one_of(st.none(), st.floats(0, 30)),  # pool top-up %
    st.floats(0, 1),  # staff share of the round
)


@settings(max_examples=60, deadline=None)
@given(
    terms=st.lists(round_terms, min_size=1, max_size=6),
    pool_pct=st.floats(0, 30),
    granted=st.floats(0, 1),
)
def test_ownership_sums_to_one_and_earlier_holders_only_dilute(
    terms: list[tuple[float, float, float | None, float]], pool_pct: float, granted: float
) -> None:
    rounds = []
    for k, (amount, f, top_up, staff) in enumerate(terms):
        if top_up is not None and f + top_up / 100 >= 0.95:
            top_up = None
        rounds.append(
            FundingRound(
                name=f"R{k}", date=dt.date(2021 + k, 1, 1), amount_usd=amount, post_money_usd=amount / f,
                pool_top_up_pct=top_up, employee_buy_in_usd=amount * staff,
            )
        )
    cap = build_cap_table(1e7, rounds, founded=FOUNDED, pool_initial_pct=pool_pct, granted_share=granted)
    own = cap.ownership()
    np.testing.assert_allclose(sum(own.values()), 1.0, rtol=1e-9)
    assert all((v >= -1e-12).all() for v in own.values())
    # a later round never raises an earlier holder's percentage: founders, each series, each grant
    for k in range(len(cap)):
        for holding in (cap.founder_shares, cap.series_shares[k], cap.granted_added[k]):
            pct = holding / cap.total[k:]
            assert (np.diff(pct) <= 1e-12 * max(pct[0], 1e-300)).all()
    # each round sells its fraction of post-money at its price
    new_money_fraction = np.array([f for _, f, *_ in terms])
    np.testing.assert_allclose(cap.series_shares[1:] / cap.total[1:], new_money_fraction, rtol=1e-9)
    np.testing.assert_allclose(cap.price_usd[1:] * cap.total[1:], cap.post_money_usd[1:], rtol=1e-9)
