"""Buybacks: a constant yearly rate on a fully vested grant has a geometric closed form."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from orgmodel.equity.buyback import option_book
from orgmodel.equity.captable import CapTable, build_cap_table
from orgmodel.equity.settings import FundingRound

FOUNDED = dt.date(2010, 1, 1)


def cap_one_round() -> CapTable:
    # founders 9M, pool 1M all granted at founding, struck at round A's price (US$90M pre / 10M = US$9)
    return build_cap_table(
        9e6,
        [FundingRound(name="A", date=dt.date(2010, 6, 1), amount_usd=10e6, pre_money_usd=90e6)],
        founded=FOUNDED, pool_initial_pct=10, granted_share=1.0,
    )


def test_constant_rate_sells_a_geometric_share_for_no_gain_at_the_strike() -> None:
    # price never moves above the strike (US$9): nothing is bought (no gain to pay out)
    cap = cap_one_round()
    book = option_book(cap, cap.granted_added, as_of=dt.date(2015, 6, 1), vesting_years=0, cliff_years=0,
                       buyback_rate_per_year=0.1)
    assert book.cash_usd == 0.0 and book.sold.sum() == 0.0


def test_geometric_buyback_of_a_vested_grant() -> None:
    # One tranche of G = 1M options struck at K = US$0 (granted at founding with a price-0 override),
    # vested at once; rate r = 0.1 on 31 Dec 2010..2014 (m = 5) at P = US$9:
    # sold = G (1 - 0.9^5) = 409,510; cash = sold * (P - K) = US$3,685,590.
    cap = cap_one_round()
    object.__setattr__(cap, "price_usd", np.array([0.0, cap.price_usd[1]]))
    book = option_book(cap, cap.granted_added, as_of=dt.date(2015, 6, 1), vesting_years=0, cliff_years=0,
                       buyback_rate_per_year=0.1)
    assert cap.price_usd[1] == pytest.approx(9.0)
    assert book.sold.sum() == pytest.approx(1e6 * (1 - 0.9**5))
    assert book.cash_usd == pytest.approx(1e6 * (1 - 0.9**5) * 9.0)
    assert [e.date.year for e in book.events] == [2010, 2011, 2012, 2013, 2014]
    assert book.value_usd(9.0) == pytest.approx(1e6 * 0.9**5 * 9.0)


def test_only_vested_options_are_bought_and_vested_never_exceeds_granted() -> None:
    # 4-year vesting from founding, 1-year cliff: on 31 Dec 2010 nothing has vested, so nothing is sold
    cap = cap_one_round()
    object.__setattr__(cap, "price_usd", np.array([0.0, cap.price_usd[1]]))
    book = option_book(cap, cap.granted_added, as_of=dt.date(2011, 1, 1), vesting_years=4, cliff_years=1,
                       buyback_rate_per_year=0.5)
    assert book.sold.sum() == 0.0
    later = option_book(cap, cap.granted_added, as_of=dt.date(2013, 1, 1), vesting_years=4, cliff_years=1,
                        buyback_rate_per_year=0.5)
    assert (later.sold <= later.vested + 1e-9).all() and (later.vested <= later.granted).all()
    # 31 Dec 2011: vested 1M * (729 / 365.25) / 4; half of it is sold
    v2011 = 1e6 * (dt.date(2011, 12, 31) - FOUNDED).days / 365.25 / 4
    assert later.events[1].shares == pytest.approx(0.5 * v2011)
