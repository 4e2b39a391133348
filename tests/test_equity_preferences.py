"""Preference terms (participation, caps, seniority), the exit range and its breakpoints."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orgmodel.equity.analysis import analyse_equity
from orgmodel.equity.exitrange import exit_values
from orgmodel.equity.settings import FundingRound
from orgmodel.equity.stakes import compute_stakes
from orgmodel.equity.waterfall import ExitTerms, OptionTranche, PreferredClass, exit_waterfall
from orgmodel.scenario import Scenario

# 8M common; A invested US$10M for 2M shares, 1x participating, total return capped at 3x = US$30M.
CAPPED = [PreferredClass("A", 2e6, 10e6, participating=True, cap_usd=30e6)]


@pytest.mark.parametrize(
    ("exit_usd", "price", "common", "a", "regime"),
    [
        # p < 10: N = 8M p + 10M + 2M p = 50M -> p = 4; A takes 10M + 2M x 4 = 18M
        (50e6, 4.0, 32e6, 18e6, "participates"),
        # N(10) = 80M + 30M = 110M; between p = 10 and 15 A is held at 30M: 8M p + 30M = 120M -> p = 11.25
        (120e6, 11.25, 90e6, 30e6, "cap binds"),
        # N(15) = 120M + 30M = 150M; above it A converts (2M x p > 30M): 10M p = 200M -> p = 20, A 40M
        (200e6, 20.0, 160e6, 40e6, "converts"),
    ],
)
def test_participating_with_a_3x_cap_at_three_exits(
    exit_usd: float, price: float, common: float, a: float, regime: str
) -> None:
    w = exit_waterfall(exit_usd, 8e6, CAPPED)
    assert w.common_per_share_usd == pytest.approx(price)
    assert [c.proceeds_usd for c in w.classes] == pytest.approx([common, a])
    assert w.classes[1].cap_binds == (regime == "cap binds")
    assert w.classes[1].converts == (regime == "converts")


def test_uncapped_participation_takes_preference_and_its_share() -> None:
    # 8M common, A 2M shares, US$10M 1x participating, no cap: at US$110M, (110 - 10) / 10M = US$10,
    # A gets 10M + 2M x 10 = 30M (more than converting, 22M); common 80M
    w = exit_waterfall(110e6, 8e6, [PreferredClass("A", 2e6, 10e6, participating=True)])
    assert [c.proceeds_usd for c in w.classes] == pytest.approx([80e6, 30e6])
    assert not w.classes[1].converts


# 10M common; A 2M shares, US$4M preference (US$2); B 2M shares, US$10M (US$5); B senior to A.
SENIOR_B = [PreferredClass("A", 2e6, 4e6, seniority=0), PreferredClass("B", 2e6, 10e6, seniority=1)]


@pytest.mark.parametrize(
    ("exit_usd", "expected"),
    [
        (8e6, [0.0, 0.0, 8e6]),  # below B's US$10M: B takes it all (pari passu would be 2.29M / 5.71M)
        (12e6, [0.0, 2e6, 10e6]),  # between 10M and the 14M stack: B paid in full, A gets the other 2M
        (100e6, [100e6 * 10 / 14, 100e6 * 2 / 14, 100e6 * 2 / 14]),  # far above: both convert at 100/14
    ],
)
def test_b_senior_to_a(exit_usd: float, expected: list[float]) -> None:
    w = exit_waterfall(exit_usd, 10e6, SENIOR_B)
    assert [c.proceeds_usd for c in w.classes] == pytest.approx(expected)


def test_breakpoints_of_b_senior_to_a(hierarchical: Scenario) -> None:
    # the hierarchy's series with B (US$30M) senior to A (US$10M): B is paid in full at US$30M, then A
    # at US$40M; above the stack each conversion or strike is reached where the waterfall's price equals it
    eq = hierarchical.equity
    assert eq is not None
    rounds = [eq.rounds[0], eq.rounds[1].model_copy(update={"seniority": 1})]
    senior = hierarchical.model_copy(update={"equity": eq.model_copy(update={"rounds": rounds})})
    r = analyse_equity(senior)
    paid = [b for b in r.breakpoints if b.kind == "preference_paid"]
    assert [(b.holder, b.exit_valuation_usd) for b in paid] == [("Series B", 30e6), ("Series A", 40e6)]
    kinks = [b for b in r.breakpoints if b.kind != "preference_paid"]
    for b in kinks:  # each regime change sits where the waterfall's own price equals the kink price
        w = analyse_equity(senior, exit_valuation_usd=b.exit_valuation_usd)
        assert w.exit_common_per_share_usd == pytest.approx(b.common_per_share_usd, rel=1e-9)
    assert [b.exit_valuation_usd for b in r.breakpoints] == sorted(b.exit_valuation_usd for b in r.breakpoints)


def test_cap_needs_participation_and_a_cap_below_the_preference_means_no_participation() -> None:
    base = {"name": "A", "date": "2020-01-01", "amount_usd": 1e6, "pre_money_usd": 4e6}
    with pytest.raises(ValueError, match="participation_cap_multiple"):
        FundingRound.model_validate({**base, "participation_cap_multiple": 3})
    # a 1.5x cap on a 2x preference (issue 26: no longer refused): the preference is paid whole and
    # there is no participation, so the class behaves as 2x non-participating
    FundingRound.model_validate({**base, "participating": True, "preference_multiple": 2,
                                 "participation_cap_multiple": 1.5})
    low = [PreferredClass("A", 2e6, 20e6, participating=True, cap_usd=15e6)]
    plain = [PreferredClass("A", 2e6, 20e6)]
    for exit_usd in (10e6, 30e6, 100e6, 150e6):
        assert [c.proceeds_usd for c in exit_waterfall(exit_usd, 8e6, low).classes] == pytest.approx(
            [c.proceeds_usd for c in exit_waterfall(exit_usd, 8e6, plain).classes])


preferred = st.builds(
    lambda shares, pref, part, cap_extra, senior, convertible: PreferredClass(
        "x", shares, pref, participating=part, cap_usd=None if cap_extra is None else max(0.0, pref + cap_extra),
        seniority=senior, convertible=convertible,
    ),
    st.floats(0, 1e8), st.floats(0, 1e9), st.booleans(), st.one_of(st.none(), st.floats(-1e9, 1e9)),
    st.integers(0, 3), st.booleans(),
)
tranches = st.builds(lambda n, k: OptionTranche("o", n, k), st.floats(0, 1e7), st.floats(0, 200))


@settings(max_examples=150, deadline=None)
@given(
    common=st.floats(1, 1e8),
    classes=st.lists(preferred, max_size=5),
    options=st.lists(tranches, max_size=4),
    exits=st.lists(st.floats(0, 1e11), min_size=2, max_size=10),
    fees=st.tuples(st.floats(0, 1e8), st.floats(0, 10), st.floats(0, 20)),
)
def test_conservation_and_monotonicity_for_generated_cap_tables(
    common: float, classes: list[PreferredClass], options: list[OptionTranche], exits: list[float],
    fees: tuple[float, float, float],
) -> None:
    # straight and convertible classes, caps above and below the preference, fees and a carve-out:
    # holders + fees + carve-out = exit, and nobody's take falls as the exit grows
    terms = ExitTerms(common, tuple(options), tuple(classes), fees_usd=fees[0], fees_pct=fees[1],
                      carve_out_pct=fees[2])
    e = np.sort(np.array(exits))
    price, common_pay, option_pay, class_pay = terms.payouts(e)
    fee_pay, carve_pay = terms.ahead(e)
    total = common_pay + option_pay.sum(-1) + class_pay.sum(-1) + fee_pay + carve_pay
    np.testing.assert_allclose(total, e, rtol=1e-9, atol=1e-6)  # every dollar to exactly one holder
    tol = 1e-9 * e[-1] + 1e-6
    for column in (price, common_pay, fee_pay, carve_pay, *option_pay.T, *class_pay.T):
        assert (np.diff(column) >= -tol).all()  # nobody's take falls as the exit grows
    net = terms.to_holders(e)
    for j, c in enumerate(classes):  # each class gets at least what its terms promise
        covered = net >= terms.stack_usd
        conv = c.shares * price if c.convertible else 0.0 * price
        cap = np.inf if c.cap_usd is None else max(c.cap_usd, c.preference_usd)
        floor = np.maximum(c.preference_usd, conv) if not c.participating else np.maximum(
            np.minimum(c.preference_usd + c.shares * price, cap), conv)
        assert (class_pay[covered, j] >= floor[covered] * (1 - 1e-9) - 1e-6).all()
        if not c.convertible:  # straight preferred never takes more than its terms allow
            ceiling = c.preference_usd if not c.participating else np.minimum(c.preference_usd + c.shares * price, cap)
            assert (class_pay[covered, j] <= ceiling[covered] * (1 + 1e-9) + 1e-6).all() if c.participating else (
                class_pay[covered, j] <= ceiling * (1 + 1e-9) + 1e-6).all()


def test_exit_range_spans_the_stack_and_the_scenario(xiaomi: Scenario, hierarchical: Scenario) -> None:
    for scenario in (xiaomi, hierarchical):
        r = analyse_equity(scenario)
        xs = [p.exit_valuation_usd for p in r.exit_range]
        stack = sum(c.preference_usd for c in r.waterfall)
        assert len(xs) >= 20 and xs[0] <= 0.1 * stack * (1 + 1e-12)
        assert xs[-1] >= 10 * r.exit_valuation_usd * (1 - 1e-12)
        np.testing.assert_allclose(np.diff(np.log(xs)), np.log(xs[1] / xs[0]))  # log-spaced
        for p in r.exit_range:
            g = p.proceeds_usd
            total = g.founders + g.employees + g.investors + g.fees + g.carve_out
            assert total == pytest.approx(p.exit_valuation_usd, rel=1e-12)
        medians = [p.median_engineer_stake_usd or 0.0 for p in r.exit_range]
        assert medians == sorted(medians) and medians[0] == 0.0 < medians[-1]


def test_median_engineer_matches_the_per_person_columns(hierarchical: Scenario) -> None:
    s = compute_stakes(hierarchical)
    r = analyse_equity(hierarchical)
    engineers = np.flatnonzero(s.table.role == 3)
    values = exit_values(s, [p.exit_valuation_usd for p in r.exit_range], engineers)
    np.testing.assert_allclose([p.median_engineer_stake_usd for p in r.exit_range], np.median(values, axis=0))
    at_scenario = exit_values(s, [s.settings.exit_valuation_usd])[:, 0]
    np.testing.assert_allclose(at_scenario, s.exit_value_usd, rtol=1e-12)
