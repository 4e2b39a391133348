"""Staff's own cash/equity choices (``equity.pay_mix``): who chooses what, and what it does to stakes."""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.equity.stakes import compute_stakes, pay_choices
from orgmodel.errors import InputError
from orgmodel.orgtable import Role
from tests.test_equity_stakes import small_equity

MIX = [
    {"name": "all cash", "share_of_staff": 0.3, "equity_multiplier": 0, "salary_multiplier": 1.5},
    {"name": "standard", "share_of_staff": 0.5, "equity_multiplier": 1, "salary_multiplier": 1},
    {"name": "mostly stock", "share_of_staff": 0.2, "equity_multiplier": 3, "salary_multiplier": 0.5},
]


def test_counts_follow_the_shares_and_the_seed_fixes_who() -> None:
    s = compute_stakes(small_equity(pay_mix=MIX))
    staff = ~s.founder
    counts = np.bincount(s.pay_choice[staff], minlength=3)
    n = int(staff.sum())  # 22 people: round(0.3 n), round(0.8 n) - round(0.3 n), rest
    assert counts.tolist() == [round(0.3 * n), round(0.8 * n) - round(0.3 * n), n - round(0.8 * n)]
    assert (s.pay_choice[s.founder] == -1).all()
    again = compute_stakes(small_equity(pay_mix=MIX))
    assert np.array_equal(again.pay_choice, s.pay_choice)
    other = pay_choices(s.settings, s.table, s.founder, seed=7)
    assert np.bincount(other[staff], minlength=3).tolist() == counts.tolist()
    assert not np.array_equal(other, s.pay_choice)


def test_choices_scale_grants_and_salaries() -> None:
    base = compute_stakes(small_equity())
    mixed = compute_stakes(small_equity(pay_mix=MIX))
    engineers = (mixed.table.role == Role.ENGINEER) & ~mixed.bought_in
    by_choice = {k: engineers & (mixed.pay_choice == k) for k in range(3)}
    assert all(m.any() for m in by_choice.values())
    # all cash holds no options; option grants keep the 0 : 1 : 3 ratio of the multipliers
    assert (mixed.option_share[by_choice[0]] == 0).all()
    standard = mixed.option_share[by_choice[1]][0]
    assert mixed.option_share[by_choice[2]] == pytest.approx(3 * standard)
    salary = base.salary_usd[engineers][0]
    assert mixed.salary_usd[by_choice[0]] == pytest.approx(1.5 * salary)
    assert mixed.salary_usd[by_choice[2]] == pytest.approx(0.5 * salary)
    # the pool granted is the same: choices move options between people, not in or out of the pool
    assert mixed.option_share.sum() == pytest.approx(base.option_share.sum())


def test_people_in_a_group_still_hold_identical_stakes() -> None:
    s = compute_stakes(small_equity(pay_mix=MIX))
    for g in range(int(s.group.max()) + 1):
        members = s.group == g
        assert np.ptp(s.stake_usd[members]) == pytest.approx(0.0, abs=1e-6)
        assert len(set(s.pay_choice[members].tolist())) == 1


def test_shares_must_sum_to_one() -> None:
    bad = [dict(MIX[0], share_of_staff=0.6), MIX[1]]  # 0.6 + 0.5
    with pytest.raises(InputError, match=r"equity: pay_mix shares of staff sum to 1\.1; they must sum to 1"):
        small_equity(pay_mix=bad)
