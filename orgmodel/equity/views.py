"""View-ready slices of an equity result for the app's pages (no arithmetic left to the shell)."""

from __future__ import annotations

from orgmodel.equity.analysis import EquityResult, StakeGroup

__all__ = ["staff_groups", "staff_stake_distribution"]


def staff_groups(result: EquityResult) -> list[StakeGroup]:
    """The result's stake groups without the founders (each founder is a group of one)."""
    return [s for s in result.stakes if s.role != "founder"]


def staff_stake_distribution(result: EquityResult) -> tuple[list[float], list[int]]:
    """Staff stakes (US$ per person, one per group) and the people in each group, for a distribution chart."""
    staff = staff_groups(result)
    return [s.stake_usd for s in staff], [s.count for s in staff]
