"""SAFEs and convertible notes converting at the next priced round; a post-money option pool.

Published cases: YC's post-money SAFE user guide (its Series A price formula and worked numbers),
CYT Law's "Post-Money SAFE Math Problems" (two SAFEs' ownership), a published convertible-note
question (flexiquiz QAI Module 12, question 9). Others are worked by hand in docs/model.md.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.equity.analysis import analyse_equity
from orgmodel.equity.captable import price_round
from orgmodel.equity.settings import Convertible, FundingRound
from orgmodel.equity.stakes import compute_stakes
from orgmodel.errors import InputError
from tests.test_equity_stakes import small_equity


def _round(**terms: Any) -> FundingRound:
    return FundingRound.model_validate({"name": "A", "date": "2021-01-01", "amount_usd": 5e6,
                                        "pre_money_usd": 15e6, **terms})


def _safe(name: str, amount: float, **terms: Any) -> Convertible:
    return Convertible.model_validate({"name": name, "date": "2020-06-01", "amount_usd": amount, **terms})


def test_yc_user_guide_series_a_price() -> None:
    # YC post-money SAFE user guide: "Series A Price per Share = pre-money valuation / (total fully diluted
    # shares post safe conversion + option pool increase) = $15,000,000 / (11,764,705 + 1,695,000) = $1.1144"
    # for US$5M at US$15M pre. 10M shares before; safes holding 15% post-conversion (here one US$1.5M safe
    # at a US$10M post-money cap); the pool target is the one that gives the guide's 1,695,000 increase.
    f = 5 / 20
    target = 1_695_000 * (1 - f) / (11_764_705.88 + 1_695_000)
    r = _round(pool_top_up_pct=100 * target)
    out = price_round(10e6, 0.0, r, [_safe("YC", 1.5e6, valuation_cap_usd=10e6)])
    assert 10e6 + out.converted[0] == pytest.approx(11_764_705.88, abs=1)
    assert out.top_up == pytest.approx(1_695_000, rel=1e-6)
    assert out.price_usd == pytest.approx(1.1144, abs=5e-5)
    assert out.conversion_prices[0] == pytest.approx(10e6 / 11_764_705.88)  # the safe price: cap / capitalization
    assert out.new == pytest.approx(5e6 / out.price_usd)  # 25% of the post-money


def test_two_post_money_safes_own_amount_over_cap() -> None:
    # CYT Law, "Post-Money SAFE Math Problems": a US$1M safe at a US$10M post-money cap is 10% and a
    # US$600k safe at US$15M is 4% of the company immediately before the priced round; the founder
    # goes from 100% to 86%
    out = price_round(9e6, 0.0, _round(), [_safe("one", 1e6, valuation_cap_usd=10e6),
                                            _safe("two", 0.6e6, valuation_cap_usd=15e6)])
    before_new_money = 9e6 + sum(out.converted)
    assert [x / before_new_money for x in out.converted] == pytest.approx([0.10, 0.04])
    assert 9e6 / before_new_money == pytest.approx(0.86)


def test_convertible_note_with_interest_and_discount() -> None:
    # flexiquiz QAI Module 12, question 9: a US$50,000 note with a 25% discount that earned US$2,500 of
    # interest converts at a US$5.00 Series A price: 52,500 / (0.75 x 5) = 14,000 shares. The round:
    # US$1.5M at US$8M post (US$6.5M pre); 1,286,000 shares before, so with the note's 14,000 the
    # price is 6.5M / 1.3M = US$5.00.
    note = Convertible.model_validate({"name": "SIA", "kind": "note", "date": "2020-01-01", "amount_usd": 50e3,
                                       "discount_pct": 25, "interest_pct": 5, "day_count": "30/360"})
    r = FundingRound.model_validate({"name": "A", "date": "2021-01-01", "amount_usd": 1.5e6, "post_money_usd": 8e6})
    assert note.amount_at(r.date) == pytest.approx(52_500)
    out = price_round(1_286_000, 0.0, r, [note])
    assert out.converted[0] == pytest.approx(14_000)
    assert out.price_usd == pytest.approx(5.0)


def test_discount_only_safe_and_pre_money_cap_note_by_hand() -> None:
    # hand-worked: 10M shares, US$5M at US$20M pre. A US$1M safe with a 20% discount only:
    # P = 20M / (10M + X), X = 1M / (0.8 P) -> X = 666,667, P = US$1.875, the safe pays US$1.50
    r = FundingRound.model_validate({"name": "A", "date": "2021-01-01", "amount_usd": 5e6, "pre_money_usd": 20e6})
    out = price_round(10e6, 0.0, r, [_safe("d", 1e6, discount_pct=20)])
    assert (out.converted[0], out.price_usd, out.conversion_prices[0]) == pytest.approx((666_666.67, 1.875, 1.5))
    # a US$1M note at 8% simple (actual/365, 366 days) with an US$8M pre-money cap: 1,080,219 at 8M / 10M = US$0.80
    note = Convertible.model_validate({"name": "n", "kind": "note", "date": "2020-01-01", "amount_usd": 1e6,
                                       "interest_pct": 8, "valuation_cap_usd": 8e6})
    out = price_round(10e6, 0.0, r, [note])
    assert out.conversion_prices[0] == pytest.approx(0.8)
    assert out.converted[0] == pytest.approx(1e6 * (1 + 0.08 * 366 / 365) / 0.8)


def test_mfn_safe_takes_the_later_cap() -> None:
    early = _safe("early", 1e6, mfn=True)
    later = Convertible.model_validate({"name": "later", "date": "2020-09-01", "amount_usd": 1e6,
                                        "valuation_cap_usd": 10e6})
    out = price_round(9e6, 0.0, _round(), [early, later])
    assert out.conversion_prices[0] == pytest.approx(out.conversion_prices[1])
    assert out.converted[0] / (9e6 + sum(out.converted)) == pytest.approx(0.10)


def test_post_money_pool_dilutes_the_new_investor() -> None:
    # hand-worked: 10M shares, no pool left, US$5M at US$15M pre (f = 25%), pool to 10%.
    # Pre-money pool: T = 0.1 x 10M / 0.65 = 1,538,462, investor exactly 25%, price 15M / 11.54M = US$1.30.
    # Post-money pool: price 15M / 10M = US$1.50, 3,333,333 new shares, then T = 10% of the total:
    # total = 13.33M / 0.9 = 14,814,815, T = 1,481,481; the investor holds 22.5% (25% x 0.9)
    pre = price_round(10e6, 0.0, _round(pool_top_up_pct=10))
    post = price_round(10e6, 0.0, _round(pool_top_up_pct=10, pool_top_up_basis="post_money"))
    assert pre.top_up == pytest.approx(1e6 / 0.65) and pre.price_usd == pytest.approx(15e6 / (10e6 + 1e6 / 0.65))
    assert pre.new / (10e6 + pre.top_up + pre.new) == pytest.approx(0.25)
    assert post.price_usd == pytest.approx(1.5) and post.new == pytest.approx(5e6 / 1.5)
    total = 10e6 + post.new + post.top_up
    assert post.top_up / total == pytest.approx(0.10) and post.new / total == pytest.approx(0.225)


def _with_safes(safes: list[dict[str, Any]], **equity: Any) -> Any:
    return small_equity(convertibles=safes, **equity)


def test_safes_enter_the_cap_table_and_the_waterfall() -> None:
    # the small org (9M founders + 1M options; A US$5M at US$20M pre) with a US$1M safe at a US$8M post cap
    scenario = _with_safes([{"name": "Angel", "date": "2020-03-01", "amount_usd": 1e6, "valuation_cap_usd": 8e6}])
    s = compute_stakes(scenario)
    [c] = s.cap.conversions
    assert c.shares / (10e6 + c.shares) == pytest.approx(1 / 8)
    assert s.cap.total[-1] == pytest.approx(10e6 + c.shares + s.cap.investor_added[1])
    names = [p.name for p in s.terms.preferred]
    assert names == ["A", "Angel (SAFE)"] and s.terms.preferred[1].preference_usd == pytest.approx(1e6)
    r = analyse_equity(scenario)
    g = r.exit_proceeds_usd
    assert g.founders + g.employees + g.investors == pytest.approx(100e6)
    assert r.investors_ownership_pct == pytest.approx(100 * (c.shares + s.cap.investor_added[1]) / s.cap.total[-1])


@settings(max_examples=40, deadline=None)
@given(safes=st.lists(st.tuples(st.floats(1e4, 3e6), st.one_of(st.none(), st.floats(4e6, 1e8)),
                                st.floats(0, 40), st.booleans()), min_size=1, max_size=4),
       exits=st.lists(st.floats(0, 1e9), min_size=2, max_size=6))
def test_every_exit_dollar_goes_to_someone_with_safes_and_notes(
    safes: list[tuple[float, float | None, float, bool]], exits: list[float]
) -> None:
    items = [{"name": f"s{i}", "date": "2020-03-01", "amount_usd": a, "valuation_cap_usd": cap, "discount_pct": d,
              "kind": "note" if note else "safe", "interest_pct": 6 if note else 0}
             for i, (a, cap, d, note) in enumerate(safes)]
    try:
        scenario = _with_safes(items, transaction_fees_pct=1, carve_out_pct=3)
        s = compute_stakes(scenario)
    except ValueError as err:  # conversions that would take the whole company are refused, by name
        assert "round 'A'" in str(err)
        return
    from orgmodel.equity.proceeds import party_proceeds

    e = np.sort(np.array(exits))
    g = party_proceeds(s, e)
    np.testing.assert_allclose(g.founders + g.employees + g.investors + g.fees + g.carve_out, e, rtol=1e-9, atol=1e-3)
    for col in (g.founders, g.employees, g.investors):
        assert (np.diff(col) >= -1e-6 * e[-1] - 1e-6).all()


def test_bad_convertibles_are_named() -> None:
    # the scenario loader's message names the item (as the CLI and the app show it)
    with pytest.raises(InputError) as err:
        _with_safes([{"name": "Late SAFE", "date": "2021-01-01", "amount_usd": 1e5, "valuation_cap_usd": 5e6}])
    assert "convertibles.0 (safe 'Late SAFE', 2021-01-01): no priced round" in str(err.value)
    with pytest.raises(InputError) as err:
        _with_safes([{"name": "Bad cap", "date": "2020-03-01", "amount_usd": 1e5, "valuation_cap_usd": -5}])
    assert "equity.convertibles.0" in str(err.value) and "'Bad cap'" in str(err.value)
    assert "valuation_cap_usd = -5 must be above 0" in str(err.value)
    with pytest.raises(InputError, match="bears no interest"):
        _with_safes([{"name": "x", "date": "2020-03-01", "amount_usd": 1e5, "interest_pct": 5}])
    with pytest.raises(InputError, match="converts_in"):
        _with_safes([{"name": "x", "date": "2020-03-01", "amount_usd": 1e5, "converts_in": "Series Z"}])


def test_a_safe_after_the_figures_date_is_outstanding_and_said_so() -> None:
    scenario = small_equity(
        rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6},
                {"name": "B", "date": "2022-06-01", "amount_usd": 10e6, "pre_money_usd": 60e6}],
        as_of="2021-06-01",
        convertibles=[{"name": "Bridge", "date": "2021-03-01", "amount_usd": 1e6, "valuation_cap_usd": 40e6}],
    )
    s = compute_stakes(scenario)
    assert s.cap.outstanding == ("Bridge",) and not s.cap.conversions
    assert any("Bridge" in n for n in s.notes)


def test_a_safe_outstanding_at_the_exit_takes_the_greater_of_its_money_and_its_cap_share() -> None:
    # YC post-money SAFE, liquidity event: the greater of the purchase amount and the conversion amount
    # (shares at the cap's price). Hand-worked: the small org at round A (12.5M shares, A US$5M 1x), then a
    # US$1M safe at a US$10M post-money cap, still outstanding at the exit (round B comes after): as converted
    # it is 1/10 of 12.5M / 0.9 = 1,388,889 shares. At US$100M all convert: (100M + 2M strike) / (12.5M +
    # 1.39M) = US$7.344 a share, the safe US$10.2M; at US$4M (below A's and the safe's preferences, pari passu)
    # 4M x 1/6 = US$0.67M.
    scenario = small_equity(
        rounds=[{"name": "A", "date": "2020-06-01", "amount_usd": 5e6, "pre_money_usd": 20e6},
                {"name": "B", "date": "2022-06-01", "amount_usd": 10e6, "pre_money_usd": 60e6}],  # after as_of
        as_of="2020-12-31",
        convertibles=[{"name": "Bridge", "date": "2020-09-01", "amount_usd": 1e6, "valuation_cap_usd": 10e6}])
    s = compute_stakes(scenario)
    assert s.cap.outstanding == ("Bridge",)
    [bridge] = [c for c in s.terms.preferred if c.name.startswith("Bridge")]
    assert bridge.shares == pytest.approx(12.5e6 / 9) and bridge.preference_usd == pytest.approx(1e6)
    w = s.waterfall
    assert w.common_per_share_usd == pytest.approx(102e6 / (12.5e6 + 12.5e6 / 9))
    assert w.classes[-1].proceeds_usd == pytest.approx(12.5e6 / 9 * w.common_per_share_usd)
    low = analyse_equity(scenario, exit_valuation_usd=4e6)
    assert low.waterfall[-1].proceeds_usd == pytest.approx(4e6 / 6)
    holders = {h.name: h.exit_proceeds_usd for h in analyse_equity(scenario).holders}
    assert holders["Bridge"] == pytest.approx(w.classes[-1].proceeds_usd)
    assert sum(holders.values()) == pytest.approx(100e6)
