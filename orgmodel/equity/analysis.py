"""What share ownership puts at stake: the equity engine's summary of a scenario."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from orgmodel.equity.exitrange import Breakpoint, ExitPoint, breakpoints, exit_range
from orgmodel.equity.fullydiluted import FullyDiluted, fully_diluted
from orgmodel.equity.gini import gini
from orgmodel.equity.holders import Holder, holders
from orgmodel.equity.proceeds import PartyProceeds, party_proceeds
from orgmodel.equity.stakes import Stakes, compute_stakes
from orgmodel.equity.waterfall import WaterfallClass
from orgmodel.model_base import Result
from orgmodel.orgtable import ROLE_LABELS, OrgTable, Role
from orgmodel.scenario import Scenario

__all__ = ["BuybackYear", "DilutionRow", "EquityResult", "GroupTotals", "StakeCohort", "analyse_equity"]


class DilutionRow(Result):
    """Ownership by group after founding or one round (before buybacks), % of all shares."""

    round: str
    date: str
    amount_usd: float
    pre_money_usd: float | None
    post_money_usd: float | None
    price_per_share_usd: float | None = Field(description="null at founding (no price yet)")
    pool_top_up_shares: float
    total_shares: float
    founders_pct: float = Field(description="founders' common and founders' options")
    employees_pct: float = Field(description="staff options granted and staff buy-in")
    investors_pct: float
    pool_unallocated_pct: float


class GroupTotals(Result):
    """People of one role or level: totals and medians at the ``as_of`` valuation."""

    key: str
    people: int
    with_equity: int
    shares: float
    ownership_pct: float
    stake_usd: float = Field(description="total")
    median_stake_usd: float
    median_stake_to_salary: float | None
    buyback_cash_usd: float = Field(description="total")


class StakeCohort(Result):
    """People with identical stakes (same role, level, buy-in and pay choice; each founder alone); per person."""

    label: str
    role: str
    level: int
    bought_in: bool
    pay_choice: str | None = Field(default=None, description="the pay_mix choice, if the scenario has one")
    count: int
    first_row: int
    shares: float
    ownership_pct: float
    vested_shares: float
    stake_usd: float
    vested_value_usd: float
    exit_value_usd: float
    exercise_cost_usd: float
    salary_usd: float
    stake_to_salary: float | None
    buyback_cash_usd: float


class BuybackYear(Result):
    """One year's buyback from the staff (all staff together)."""

    date: str
    price_per_share_usd: float
    shares: float
    cash_usd: float


class EquityResult(Result):
    """Who owns what, worth how much, against whose salary: figures at ``as_of``."""

    as_of: str = Field(description="date of the figures: the latest round on or before it sets the price")
    as_of_round: str
    valuation_usd: float = Field(description="post-money valuation of the as_of round, US$")
    price_per_share_usd: float
    total_shares: float
    exit_valuation_usd: float
    buyback_rate_per_year: float
    headcount: int
    employee_ownership_pct: float = Field(description="staff options held and staff buy-in, after buybacks")
    founders_ownership_pct: float
    investors_ownership_pct: float
    pool_unallocated_pct: float = Field(description="incl. options bought back")
    employees_with_equity_pct: float = Field(description="% of non-founders holding any shares or options")
    buy_in_participants: int
    median_engineer_stake_usd: float | None
    median_stake_to_salary: float | None = Field(description="non-founders")
    stake_gini: float = Field(description="Gini of non-founders' stake_usd")
    employee_stakes_usd: float = Field(description="total of non-founders' stake_usd")
    buyback_cash_usd: float = Field(description="paid to staff by as_of, in all")
    buybacks: list[BuybackYear]
    dilution: list[DilutionRow]
    by_level: list[GroupTotals]
    by_role: list[GroupTotals]
    waterfall: list[WaterfallClass]
    exit_common_per_share_usd: float
    exit_preferences_bind: bool
    exit_escrow_usd: float = Field(
        default=0.0, description="part of the holders' exit proceeds held in escrow at closing and paid later, US$")
    exit_employee_value_usd: float = Field(description="non-founders' exit value, net of exercise price")
    exit_proceeds_usd: PartyProceeds = Field(
        description="the exit value split by holder group, US$; sums to exit_valuation_usd (the unallocated "
        "pool is cancelled and takes nothing)"
    )
    exit_range: list[ExitPoint] = Field(
        description="proceeds by holder group (US$) and the median engineer's exit proceeds (US$, net of strike) "
        "at log-spaced exit values from well below the preference stack to well above the exit scenario"
    )
    breakpoints: list[Breakpoint] = Field(
        description="exit values (US$) where the payout regime changes: a preference fully paid, a class "
        "converts, a cap binds, options come into the money"
    )
    stakes: list[StakeCohort]
    holders: list[Holder] = Field(
        description="each founder, the staff, each named investor, SAFE or note, secondary buyer, fees and the "
        "carve-out: shares at as_of and exit proceeds (US$); the proceeds sum to exit_valuation_usd"
    )
    fully_diluted: FullyDiluted | None = Field(
        default=None, description="the stated next round's fully diluted pre- and post-money tables, with "
        "outstanding SAFEs and notes converted in it; null without equity.next_round"
    )
    notes: list[str]


def _median(x: NDArray[np.float64]) -> float | None:
    x = x[np.isfinite(x)]
    return float(np.median(x)) if x.size else None


def _totals(s: Stakes, mask: NDArray[np.bool_], key: str) -> GroupTotals:
    return GroupTotals(
        key=key,
        people=int(mask.sum()),
        with_equity=int(np.count_nonzero(s.shares[mask] > 0)),
        shares=float(s.shares[mask].sum()),
        ownership_pct=float(s.ownership_pct[mask].sum()),
        stake_usd=float(s.stake_usd[mask].sum()),
        median_stake_usd=_median(s.stake_usd[mask]) or 0.0,
        median_stake_to_salary=_median(s.stake_to_salary[mask]),
        buyback_cash_usd=float(s.buyback_cash_usd[mask].sum()),
    )


def _dilution(s: Stakes) -> list[DilutionRow]:
    cap = s.cap
    own = cap.ownership()
    staff = s.staff_option_share
    rows = []
    for k in range(len(cap)):
        priced = k > 0
        rows.append(
            DilutionRow(
                round=cap.names[k],
                date=cap.dates[k].isoformat(),
                amount_usd=float(cap.amount_usd[k]),
                pre_money_usd=float(cap.pre_money_usd[k]) if priced else None,
                post_money_usd=float(cap.post_money_usd[k]) if priced else None,
                price_per_share_usd=float(cap.price_usd[k]) if priced else None,
                pool_top_up_shares=float(cap.pool_added[k]) if priced else 0.0,
                total_shares=float(cap.total[k]),
                founders_pct=100 * float(own["founders_common"][k] + (1 - staff) * own["options_granted"][k]),
                employees_pct=100 * float(staff * own["options_granted"][k] + own["staff_buy_in"][k]),
                investors_pct=100 * float(own["investors"][k]),
                pool_unallocated_pct=100 * float(own["pool_unallocated"][k]),
            )
        )
    return rows


def _stake_cohorts(s: Stakes) -> list[StakeCohort]:
    out = []
    for row, count in zip(s.group_first_row, s.group_count, strict=True):
        r = int(row)
        founder = bool(s.founder[r])
        role = ROLE_LABELS[int(s.table.role[r])]
        level = int(s.table.level[r])
        bought = bool(s.bought_in[r])
        mix = s.settings.pay_mix
        choice = mix[int(s.pay_choice[r])].name if mix and s.pay_choice[r] >= 0 else None
        label = s.table.name_of(r) if founder else (
            f"{role}s at level {level}" + (", bought in" if bought else "") + (f", {choice}" if choice else "")
        )
        ratio = float(s.stake_to_salary[r])
        out.append(
            StakeCohort(
                label=label,
                role=role,
                level=level,
                bought_in=bought,
                pay_choice=choice,
                count=int(count),
                first_row=r,
                shares=float(s.shares[r]),
                ownership_pct=float(s.ownership_pct[r]),
                vested_shares=float(s.vested_shares[r]),
                stake_usd=float(s.stake_usd[r]),
                vested_value_usd=float(s.vested_value_usd[r]),
                exit_value_usd=float(s.exit_value_usd[r]),
                exercise_cost_usd=float(s.exercise_cost_usd[r]),
                salary_usd=float(s.salary_usd[r]),
                stake_to_salary=ratio if np.isfinite(ratio) else None,
                buyback_cash_usd=float(s.buyback_cash_usd[r]),
            )
        )
    return out


def _ownership(s: Stakes) -> dict[str, float]:
    """Employees', founders', investors' and the unallocated pool's % of all shares at as_of (after buybacks)."""
    cap = s.cap
    total = float(cap.total[-1])
    sold = s.staff_option_share * float(s.staff_book.sold.sum())
    staff_options = s.staff_option_share * float(s.staff_book.held.sum())
    founder_options = (1 - s.staff_option_share) * float(s.founder_book.held.sum())
    unallocated = float(cap.pool_total[-1] - cap.granted_total[-1]) + sold
    secondary = float(s.secondary_shares.sum())
    return {
        "employee_ownership_pct": 100 * (staff_options + float(cap.buy_in_total[-1])) / total,
        "founders_ownership_pct": 100 * (cap.founder_shares - secondary + founder_options) / total,
        "investors_ownership_pct": 100 * float(cap.investor_total[-1] + cap.converted_total[-1] + secondary) / total,
        "pool_unallocated_pct": 100 * unallocated / total,
    }


def _notes(s: Stakes) -> list[str]:
    cap = s.cap
    return [
        f"figures at round {cap.names[-1]!r} ({cap.dates[-1]}): post-money US${s.valuation_usd:,.0f}; "
        f"the exit scenario sells the company for US${s.settings.exit_valuation_usd:,.0f} with this cap table",
        "options are valued net of their exercise price (the price per share when granted); at exit, options "
        "out of the money lapse and the unallocated pool is cancelled (it takes nothing); "
        "buy-in shares are the round's preferred shares",
        "dilution rows show shares as issued; buybacks since then move staff options back to the pool",
        *s.notes,
    ]


def analyse_equity(
    scenario: Scenario,
    table: OrgTable | None = None,
    exit_valuation_usd: float | None = None,
    buyback_rate_per_year: float | None = None,
) -> EquityResult:
    """Cap table, dilution, exit waterfall and per-person stakes of ``scenario``.

    Parameters
    ----------
    scenario : a scenario with an ``equity`` section.
    table : the org (default: ``layout(scenario)``).
    exit_valuation_usd, buyback_rate_per_year : overrides of the scenario's settings.

    Raises
    ------
    ValueError
        If ``scenario.equity`` is None, or the overrides are out of range.

    Notes
    -----
    Figures are at the post-money price of the last round on or before ``equity.as_of``;
    the exit figures come from `exit_waterfall` at ``exit_valuation_usd``. Gini over
    non-founders' ``stake_usd``: see `gini`.
    """
    s = compute_stakes(scenario, table, exit_valuation_usd, buyback_rate_per_year)
    cap, table = s.cap, s.table
    staff = ~s.founder
    n_staff = int(staff.sum())
    engineers = table.role == Role.ENGINEER
    roles = table.role.astype(np.int64)
    levels = table.level.astype(np.int64)
    scale = s.staff_option_share
    marks = breakpoints(s)
    return EquityResult(
        as_of=s.as_of.isoformat(),
        as_of_round=cap.names[-1],
        valuation_usd=s.valuation_usd,
        price_per_share_usd=s.price_usd,
        total_shares=float(cap.total[-1]),
        exit_valuation_usd=s.settings.exit_valuation_usd,
        buyback_rate_per_year=s.settings.buyback_rate_per_year,
        headcount=len(table),
        **_ownership(s),
        employees_with_equity_pct=100 * float(np.count_nonzero(s.shares[staff] > 0)) / n_staff if n_staff else 0.0,
        buy_in_participants=s.buy_in_participants,
        median_engineer_stake_usd=_median(s.stake_usd[engineers]),
        median_stake_to_salary=_median(s.stake_to_salary[staff]),
        stake_gini=gini(s.stake_usd[staff]),
        employee_stakes_usd=float(s.stake_usd[staff].sum()),
        buyback_cash_usd=float(s.buyback_cash_usd.sum()),
        buybacks=[
            BuybackYear(
                date=e.date.isoformat(),
                price_per_share_usd=e.price_usd,
                shares=scale * e.shares,
                cash_usd=scale * e.cash_usd,
            )
            for e in s.staff_book.events
        ],
        dilution=_dilution(s),
        by_level=[_totals(s, levels == lv, str(lv)) for lv in np.unique(levels)],
        by_role=[_totals(s, roles == r, ROLE_LABELS[r]) for r in np.unique(roles)],
        waterfall=s.waterfall.classes,
        exit_common_per_share_usd=s.waterfall.common_per_share_usd,
        exit_preferences_bind=s.waterfall.preferences_bind,
        exit_escrow_usd=s.waterfall.escrow_usd,
        exit_employee_value_usd=float(s.exit_value_usd[staff].sum()),
        exit_proceeds_usd=party_proceeds(s, s.settings.exit_valuation_usd).at(0),
        exit_range=exit_range(s, marks),
        breakpoints=marks,
        stakes=_stake_cohorts(s),
        holders=holders(s),
        fully_diluted=fully_diluted(s),
        notes=_notes(s),
    )
