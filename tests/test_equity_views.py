"""View-ready slices of the equity result (the founder filter the pages share)."""

from __future__ import annotations

from orgmodel.equity.analysis import analyse_equity
from orgmodel.equity.views import staff_groups, staff_stake_distribution
from orgmodel.scenario import Scenario


def test_staff_groups_leave_out_exactly_the_founders(xiaomi: Scenario) -> None:
    r = analyse_equity(xiaomi)
    staff = staff_groups(r)
    founders = [s for s in r.stakes if s.role == "founder"]
    assert founders and len(staff) + len(founders) == len(r.stakes)
    assert sum(s.count for s in staff) == r.headcount - sum(s.count for s in founders)
    stakes, counts = staff_stake_distribution(r)
    assert stakes == [s.stake_usd for s in staff] and counts == [s.count for s in staff]
