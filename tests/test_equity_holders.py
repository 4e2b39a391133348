"""Holders one by one (named investors, SAFEs, secondary buyers), secondary sales, and the fully diluted
pre- and post-money tables of a stated next round."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from orgmodel.equity.analysis import analyse_equity
from orgmodel.equity.holders import holder_proceeds
from orgmodel.equity.stakes import compute_stakes
from orgmodel.errors import InputError
from tests.test_equity_stakes import small_equity

ROUND_A = {"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6}


def _scenario(**equity: Any) -> Any:
    return small_equity(**equity)


def test_named_investors_safes_and_a_secondary_buyer_add_up() -> None:
    # the small org: A US$5M (Acme VC US$3M of it), a US$1M safe at US$8M post, founder A sells 1M
    # shares to a fund before the round; fees 2% and a 5% carve-out. Every line is a holder; at every
    # exit the lines sum to the exit, and Acme gets 3/5 of the class's investors' proceeds
    scenario = _scenario(
        rounds=[{**ROUND_A, "investors": [{"name": "Acme VC", "amount_usd": 3e6}]}],
        convertibles=[{"name": "Angel", "date": "2020-03-01", "amount_usd": 1e6, "valuation_cap_usd": 8e6}],
        secondaries=[{"date": "2020-05-01", "seller": "A", "buyer": "Early fund", "shares": 1e6, "price_usd": 2}],
        transaction_fees_pct=2, carve_out_pct=5,
    )
    s = compute_stakes(scenario)
    exits = np.array([1e6, 8e6, 3e7, 1e8, 1e9])
    h = holder_proceeds(s, exits)
    np.testing.assert_allclose(h.usd.sum(0), exits, rtol=1e-12)
    by = dict(zip(h.names, h.usd, strict=True))
    np.testing.assert_allclose(by["Acme VC"], 1.5 * by["other A investors"])
    np.testing.assert_allclose(by["Early fund"], 1e6 * (by["B"] / 4.5e6))  # both hold common, no options
    assert list(by) == ["A", "B", "staff", "Acme VC", "other A investors", "Angel", "Early fund",
                        "transaction fees", "management carve-out"]
    r = analyse_equity(scenario)
    assert sum(x.exit_proceeds_usd for x in r.holders) == pytest.approx(100e6)
    assert sum(x.ownership_pct for x in r.holders) == pytest.approx(100.0)
    assert r.founders_ownership_pct + r.employee_ownership_pct + r.investors_ownership_pct + \
        r.pool_unallocated_pct == pytest.approx(100.0)
    [a] = [x for x in r.holders if x.name == "A"]
    assert a.shares == pytest.approx(3.5e6)


def test_a_secondary_sale_moves_common_from_a_founder_to_an_investor() -> None:
    base = analyse_equity(_scenario())
    sold = analyse_equity(_scenario(secondaries=[{"date": "2020-05-01", "seller": "B", "buyer": "Fund",
                                                  "shares": 0.9e6, "price_usd": 1.5}]))
    assert sold.exit_common_per_share_usd == pytest.approx(base.exit_common_per_share_usd)  # no new shares
    moved = 0.9e6 * base.exit_common_per_share_usd
    assert sold.exit_proceeds_usd.founders == pytest.approx(base.exit_proceeds_usd.founders - moved)
    assert sold.exit_proceeds_usd.investors == pytest.approx(base.exit_proceeds_usd.investors + moved)
    assert sold.founders_ownership_pct == pytest.approx(base.founders_ownership_pct - 100 * 0.9e6 / 12.5e6)


def test_bad_secondaries_are_named() -> None:
    with pytest.raises(ValueError, match=r"secondaries.0 \('Zed' to 'Fund'\): the seller is not a founder"):
        compute_stakes(_scenario(secondaries=[{"date": "2020-05-01", "seller": "Zed", "buyer": "Fund",
                                               "shares": 1, "price_usd": 1}]))
    with pytest.raises(ValueError, match="holds 4,500,000"):
        compute_stakes(_scenario(secondaries=[{"date": "2020-05-01", "seller": "A", "buyer": "Fund",
                                               "shares": 5e6, "price_usd": 1}]))


def test_fully_diluted_tables_with_a_safe_converted_at_the_next_round() -> None:
    # hand-worked: the small org at round A (12.5M shares: 9M founders, 1M pool, 2.5M A); a US$1M safe at
    # a US$10M post-money cap after A; next round B US$10M at US$40M pre (f = 0.2), pool topped up to 10%.
    # N = 12.5M, all options granted (U = 0): X = (1/10)(N + X) -> X = 1,388,889; T = 0.1 (N + X) / 0.7
    # = 1,984,127; pre-money 15,873,016 shares, price 40M / 15,873,016 = US$2.52; new 3,968,254 (20%)
    scenario = _scenario(
        convertibles=[{"name": "Bridge", "date": "2020-09-01", "amount_usd": 1e6, "valuation_cap_usd": 10e6}],
        next_round={"name": "B", "date": "2021-06-01", "amount_usd": 10e6, "pre_money_usd": 40e6,
                    "pool_top_up_pct": 10},
    )
    r = analyse_equity(scenario)
    assert any("Bridge" in n for n in r.notes)  # outstanding at as_of
    fd = r.fully_diluted
    assert fd is not None
    x = 12.5e6 / 9
    t = 0.1 * (12.5e6 + x) / 0.7
    assert fd.pre_money_shares == pytest.approx(12.5e6 + x + t)
    assert fd.price_per_share_usd == pytest.approx(40e6 / (12.5e6 + x + t))
    rows = {row.holder: row for row in fd.rows}
    assert rows["Bridge (safe)"].pre_money_shares == pytest.approx(x)
    assert rows["B new money"].post_money_pct == pytest.approx(20.0)
    assert rows["option pool (granted and unallocated)"].post_money_shares == pytest.approx(1e6 + t)
    assert sum(row.pre_money_pct for row in fd.rows) == pytest.approx(100)
    assert sum(row.post_money_pct for row in fd.rows) == pytest.approx(100)
    [c] = fd.conversions
    assert c.price_per_share_usd == pytest.approx(10e6 / (12.5e6 + x))


def test_cyt_two_safes_in_the_fully_diluted_pre_money_table() -> None:
    # CYT Law, "Post-Money SAFE Math Problems": US$1M at a US$10M cap is 10%, US$600k at US$15M is 4%, and the
    # holders before them keep 86% of the pre-money table (no pool top-up in the round)
    scenario = _scenario(
        convertibles=[{"name": "one", "date": "2020-09-01", "amount_usd": 1e6, "valuation_cap_usd": 10e6},
                      {"name": "two", "date": "2020-10-01", "amount_usd": 0.6e6, "valuation_cap_usd": 15e6}],
        next_round={"name": "B", "date": "2021-06-01", "amount_usd": 10e6, "pre_money_usd": 60e6},
    )
    fd = analyse_equity(scenario).fully_diluted
    assert fd is not None
    rows = {row.holder: row.pre_money_pct for row in fd.rows}
    assert (rows["one (safe)"], rows["two (safe)"]) == pytest.approx((10.0, 4.0))
    assert sum(v for k, v in rows.items() if "safe" not in k) == pytest.approx(86.0)


def test_a_next_round_before_the_figures_is_refused() -> None:
    with pytest.raises(InputError, match="next_round"):
        _scenario(next_round={"name": "B", "date": "2020-01-02", "amount_usd": 1e6, "pre_money_usd": 4e6})


def test_pro_rata_rights_take_a_part_of_the_next_round() -> None:
    # hand-worked: Acme puts US$3M of A's US$5M (1.5M of 12.5M shares = 12%) with a pro-rata right; round B
    # raises US$10M at US$60M pre without naming it: Acme takes 12% x 10M = US$1.2M of B, the rest is
    # "other B investors"; B's US$10M buys 10 / 70 of the company
    scenario = _scenario(rounds=[
        {**ROUND_A, "investors": [{"name": "Acme VC", "amount_usd": 3e6, "pro_rata": True}]},
        {"name": "B", "date": "2021-06-01", "amount_usd": 10e6, "pre_money_usd": 60e6}])
    r = analyse_equity(scenario)
    rows = {(h.name, h.security): h for h in r.holders}
    b_shares = rows[("Acme VC", "B")].shares + rows[("other B investors", "B")].shares
    assert rows[("Acme VC", "B")].shares / b_shares == pytest.approx(0.12)
    assert rows[("Acme VC", "A")].shares == pytest.approx(1.5e6)
    assert sum(h.exit_proceeds_usd for h in r.holders) == pytest.approx(100e6)
