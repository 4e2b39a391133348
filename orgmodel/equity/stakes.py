"""Per-person stakes on the org table: shares, vesting, value now and at exit, buyback cash.

Everyone with the same role, level and buy-in status holds the same grant, so every column is
a few scalars (one option book for staff, one for founders) broadcast over the rows: O(people).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from orgmodel.equity.accrual import accrued_usd, year_fraction
from orgmodel.equity.buyback import OptionBook, option_book
from orgmodel.equity.captable import CapTable, Conversion, build_cap_table
from orgmodel.equity.settings import EquitySettings, FundingRound
from orgmodel.equity.vesting import vested_fraction, years_between
from orgmodel.equity.waterfall import ExitTerms, OptionTranche, PreferredClass, Waterfall, waterfall_of
from orgmodel.layout import layout
from orgmodel.orgtable import ROLE_LABELS, OrgTable, Role
from orgmodel.scenario import Scenario

__all__ = ["Stakes", "compute_stakes", "equity_settings"]

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Stakes:
    """The cap table, the exit waterfall and one row per person of the org table.

    Per-person arrays (indexed like the org table's rows): ``shares`` (held after buybacks),
    ``ownership_pct`` (of all shares, fully diluted), ``vested_shares``, ``stake_usd`` (value at
    the ``as_of`` round price, options net of exercise price), ``vested_value_usd``,
    ``exit_value_usd`` (waterfall at ``exit_valuation_usd``, net of exercise price),
    ``exercise_cost_usd``, ``salary_usd``, ``stake_to_salary`` (NaN if no salary),
    ``buyback_cash_usd``; flags ``founder`` and ``bought_in``; ``pay_choice``; ``group`` (people in a group
    hold identical stakes; founders are one group each).
    """

    settings: EquitySettings
    table: OrgTable
    as_of: dt.date
    cap: CapTable
    waterfall: Waterfall
    terms: ExitTerms
    """The exit waterfall's inputs (common, option tranches, preferred classes with their terms)."""
    staff_book: OptionBook
    founder_book: OptionBook
    staff_exit_held: FloatArray
    """Staff options per tranche that share the exit (after the unvested treatment at exit)."""
    founder_exit_held: FloatArray
    founder_common: FloatArray
    """Founders' common per row, after their secondary sales."""
    secondary_shares: FloatArray
    """Common shares each secondary buyer holds (by ``settings.secondaries``; 0 for sales after as_of)."""
    option_share: FloatArray
    buy_in_shares_each: FloatArray
    """Shares one participant bought in each stage."""
    buy_in_participants: int
    founder: BoolArray
    bought_in: BoolArray
    pay_choice: NDArray[np.int64]
    """Index into ``settings.pay_mix`` per row; -1 for founders or when there is no mix."""
    shares: FloatArray
    ownership_pct: FloatArray
    vested_shares: FloatArray
    stake_usd: FloatArray
    vested_value_usd: FloatArray
    exit_value_usd: FloatArray
    exercise_cost_usd: FloatArray
    salary_usd: FloatArray
    stake_to_salary: FloatArray
    buyback_cash_usd: FloatArray
    group: NDArray[np.int64]
    group_first_row: NDArray[np.int64]
    group_count: NDArray[np.int64]
    notes: list[str] = field(default_factory=list)

    @property
    def price_usd(self) -> float:
        """Price per share at the ``as_of`` round, US$."""
        return float(self.cap.price_usd[-1])

    @property
    def valuation_usd(self) -> float:
        """Post-money valuation of the ``as_of`` round, US$."""
        return float(self.cap.post_money_usd[-1])

    @property
    def staff_option_share(self) -> float:
        """Share of all granted options that non-founders hold (0..1)."""
        return float(self.option_share[~self.founder].sum())


def equity_settings(
    scenario: Scenario,
    exit_valuation_usd: float | None = None,
    buyback_rate_per_year: float | None = None,
) -> EquitySettings:
    """The scenario's equity settings with the app's overrides applied (validated)."""
    if scenario.equity is None:
        raise ValueError(
            f"scenario {scenario.name!r} has no equity section (equity: null); add one to analyse stakes"
        )
    update: dict[str, float] = {}
    if exit_valuation_usd is not None:
        update["exit_valuation_usd"] = exit_valuation_usd
    if buyback_rate_per_year is not None:
        update["buyback_rate_per_year"] = buyback_rate_per_year
    if not update:
        return scenario.equity
    return EquitySettings.model_validate({**scenario.equity.model_dump(), **update})


def _founder_common(settings: EquitySettings, table: OrgTable, founder: BoolArray) -> tuple[FloatArray, list[str]]:
    notes: list[str] = []
    rows = np.flatnonzero(founder)
    common = np.zeros(len(table))
    if rows.size == 0:
        notes.append("the org has no founder rows: founders' shares are held off the chart")
        return common, notes
    names = [table.name_of(int(r)) for r in rows]
    if settings.founder_split is None:
        weights = np.ones(rows.size)
    else:
        unknown = sorted(set(settings.founder_split) - set(names))
        if unknown:
            raise ValueError(
                f"equity.founder_split names {', '.join(map(repr, unknown))}, not founders of this org "
                f"({', '.join(names)})"
            )
        weights = np.array([settings.founder_split.get(n, 0.0) for n in names])
    common[rows] = settings.founder_shares * weights / weights.sum()
    return common, notes


def _secondaries(settings: EquitySettings, table: OrgTable, common: FloatArray) -> FloatArray:
    """Apply the secondary sales to date to the founders' common (in place); shares each buyer holds."""
    rows = {table.name_of(int(r)): int(r) for r in np.flatnonzero(table.role == Role.FOUNDER)}
    sold = np.zeros(len(settings.secondaries))
    for i, sale in enumerate(settings.secondaries):
        if sale.date > settings.as_of_date:
            continue
        what = f"equity.secondaries.{i} ({sale.seller!r} to {sale.buyer!r})"
        if sale.seller not in rows:
            raise ValueError(f"{what}: the seller is not a founder on the org chart ({', '.join(rows) or 'none'})")
        r = rows[sale.seller]
        if sale.shares > common[r] * (1 + 1e-12):
            raise ValueError(f"{what}: sells {sale.shares:,.0f} shares but the seller holds {common[r]:,.0f}")
        common[r] -= min(sale.shares, common[r])
        sold[i] = sale.shares
    return sold


def _grant_weights(settings: EquitySettings, table: OrgTable) -> FloatArray:
    """Relative grant per person: role weight x level multiplier."""
    by_role = np.array([settings.grant_weight_by_role.get(label, 0.0) for label in ROLE_LABELS])
    w = by_role[table.role.astype(np.int64)]
    if settings.grant_weight_by_level:
        top = int(max(int(table.level.max(initial=0)), *settings.grant_weight_by_level)) + 1
        mult = np.ones(top)
        for level, m in settings.grant_weight_by_level.items():
            if level >= 0:
                mult[level] = m
        w = w * mult[table.level]
    return np.asarray(w, dtype=float)


def pay_choices(settings: EquitySettings, table: OrgTable, founder: BoolArray, seed: int) -> NDArray[np.int64]:
    """Index into ``settings.pay_mix`` per row (-1 for founders, or everyone when there is no mix).

    Notes
    -----
    Non-founders are shuffled with ``numpy.random.default_rng(seed)`` and cut into consecutive
    blocks of ``round(cumulative share x staff)`` people, so the counts match the shares to within
    one person and the same seed always gives the same people the same choice.
    """
    choice = np.full(len(table), -1, dtype=np.int64)
    staff = np.flatnonzero(~founder)
    if not settings.pay_mix or staff.size == 0:
        return choice
    shuffled = np.random.default_rng(seed).permutation(staff)
    cuts = np.round(np.cumsum([c.share_of_staff for c in settings.pay_mix]) * staff.size).astype(np.int64)
    start = 0
    for k, stop in enumerate(cuts):
        choice[shuffled[start:stop]] = k
        start = int(stop)
    choice[shuffled[start:]] = len(settings.pay_mix) - 1  # rounding remainder, if any
    return choice


def _buy_in_flags(table: OrgTable, founder: BoolArray, people: int) -> BoolArray:
    """The first ``people`` non-founders, most senior role first (manager, lead, engineer), then by row."""
    flags = np.zeros(len(table), dtype=bool)
    staff = np.flatnonzero(~founder)
    if people == 0 or staff.size == 0:
        return flags
    order = staff[np.lexsort((staff, table.role[staff]))]
    flags[order[:people]] = True
    return flags


def exit_terms(
    cap: CapTable, rounds: Sequence[FundingRound], held_by_stage: FloatArray, strike_usd: FloatArray,
    settings: EquitySettings | None = None,
) -> ExitTerms:
    """The waterfall's view of the cap table: founders' common, option tranches, one class per round.

    Options granted at stage k (``held_by_stage[k]`` still held, all holders together) are one
    tranche struck at ``strike_usd[k]``; round k's class holds its investors' and staff's shares
    (as converted: x ``conversion_ratio``) with the round's preference terms, its preference
    including the dividends accrued to the exit date; ``settings`` give the exit date, the fees
    and the carve-out (none without them).
    """
    exit_on = settings.exit_on if settings is not None else cap.dates[-1]
    return ExitTerms(
        common_shares=float(cap.founder_shares),
        options=tuple(
            OptionTranche(f"options granted at {cap.names[k]}", float(held_by_stage[k]), float(strike_usd[k]))
            for k in range(len(cap))
        ),
        preferred=tuple(
            PreferredClass(
                cap.names[k],
                float(cap.series_shares[k]) * r.conversion_ratio,
                r.preference_usd(exit_on),
                participating=r.participating,
                cap_usd=r.participation_cap_multiple * r.amount_usd
                if r.participating and r.participation_cap_multiple is not None
                else None,
                seniority=r.seniority,
                convertible=r.convertible,
            )
            for k, r in enumerate(rounds, start=1)
        ) + tuple(_conversion_class(c, rounds[c.stage - 1], exit_on) for c in cap.conversions)
        + _outstanding_classes(cap, settings, exit_on),
        fees_usd=settings.transaction_fees_usd if settings is not None else 0.0,
        fees_pct=settings.transaction_fees_pct if settings is not None else 0.0,
        carve_out_pct=settings.carve_out_pct if settings is not None else 0.0,
        escrow_pct=settings.escrow_pct if settings is not None else 0.0,
    )


def _outstanding_classes(
    cap: CapTable, settings: EquitySettings | None, exit_on: dt.date
) -> tuple[PreferredClass, ...]:
    """SAFEs and notes still outstanding at the exit (issued by as_of, no priced round yet), as the YC
    post-money SAFE's liquidity event pays them: the greater of the money in (a note's with interest)
    and its as-converted share at the cap; pari passu with the lowest preferred (seniority 0).

    As-converted: a SAFE's cap buys ``A / Cap`` of the capitalization including every capped
    outstanding SAFE (``X = s N / (1 - s)`` over them, ``s = sum A / Cap``); a note's ``A / Cap``
    of the ``N`` shares; without a cap, none (the money in only).
    """
    if settings is None or not cap.outstanding:
        return ()
    items = [c for c in settings.convertibles if c.name in cap.outstanding and c.date <= settings.as_of_date]
    n = float(cap.total[-1])
    s = sum(c.amount_usd / c.valuation_cap_usd for c in items if c.kind == "safe" and c.valuation_cap_usd)
    if s >= 1:
        names = ", ".join(c.name for c in items if c.kind == "safe" and c.valuation_cap_usd)
        raise ValueError(f"outstanding SAFEs {names}: their purchase amounts over their caps sum to {s:.3g} (at "
                         "least 1): they would own the whole company")
    base = n / (1.0 - s)  # capitalization with the capped SAFEs
    out = []
    for c in items:
        money = c.amount_at(exit_on)
        shares = 0.0
        if c.valuation_cap_usd:
            capped = c.amount_usd / c.valuation_cap_usd * base if c.kind == "safe" else money / c.valuation_cap_usd * n
            shares = capped
        out.append(PreferredClass(f"{c.name} ({'SAFE' if c.kind == 'safe' else 'note'}, outstanding)", shares, money))
    return tuple(out)


def _conversion_class(c: Conversion, r: FundingRound, exit_on: dt.date) -> PreferredClass:
    """A converted SAFE or note as a shadow series of its round: the round's terms on the converted amount.

    Preference ``preference_multiple x A`` (A: the purchase amount, or the note's principal and
    interest) plus the round's dividend on ``A`` from the round's date; cap
    ``participation_cap_multiple x A``.
    """
    years = year_fraction(r.date, exit_on, r.dividend_day_count)
    dividends = accrued_usd(c.amount_usd, r.dividend_pct, years, r.dividend_compounding)
    return PreferredClass(
        f"{c.name} ({c.kind.upper() if c.kind == 'safe' else 'note'})",
        c.shares * r.conversion_ratio,
        r.preference_multiple * c.amount_usd + dividends,
        participating=r.participating,
        cap_usd=r.participation_cap_multiple * c.amount_usd
        if r.participating and r.participation_cap_multiple is not None else None,
        seniority=r.seniority,
        convertible=r.convertible,
    )


def exit_held(book: OptionBook, cap: CapTable, settings: EquitySettings) -> FloatArray:
    """Options per tranche that share the exit: all held ones, or, when unvested options are
    cancelled, those vested by the exit date plus ``acceleration_pct`` of the unvested rest."""
    if settings.unvested_at_exit != "cancel":
        return book.held
    t = np.array([years_between(d, settings.exit_on) for d in cap.dates])
    vested = book.granted * vested_fraction(t, settings.vesting_years, settings.cliff_years) * (t >= 0)
    vested_held = np.clip(vested - book.sold, 0.0, book.held)
    return vested_held + settings.acceleration_pct / 100.0 * (book.held - vested_held)


def _pay_multipliers(settings: EquitySettings, choice: NDArray[np.int64]) -> tuple[FloatArray, FloatArray]:
    """Each row's multiplier on the standard grant and on the role's salary (1 without a pay mix)."""
    n = choice.size
    equity_mult, salary_mult = np.ones(n), np.ones(n)
    if settings.pay_mix:
        chose = choice >= 0
        equity_mult[chose] = np.array([c.equity_multiplier for c in settings.pay_mix])[choice[chose]]
        salary_mult[chose] = np.array([c.salary_multiplier for c in settings.pay_mix])[choice[chose]]
    return equity_mult, salary_mult


def _books(settings: EquitySettings, cap: CapTable, as_of: dt.date) -> tuple[OptionBook, OptionBook]:
    """The staff's option book (with buybacks) and the founders' (none), both for all grants."""
    vesting, cliff = settings.vesting_years, settings.cliff_years
    staff_book = option_book(
        cap,
        cap.granted_added,
        as_of=as_of,
        vesting_years=vesting,
        cliff_years=cliff,
        buyback_rate_per_year=settings.buyback_rate_per_year,
        buyback_first_year=settings.buyback_first_year,
    )
    founder_book = option_book(cap, cap.granted_added, as_of=as_of, vesting_years=vesting, cliff_years=cliff)
    return staff_book, founder_book


def _buy_in(
    settings: EquitySettings, table: OrgTable, founder: BoolArray, cap: CapTable, notes: list[str]
) -> tuple[BoolArray, int, FloatArray]:
    """Who bought in, how many did, and the shares one participant bought in each stage."""
    bought_in = _buy_in_flags(table, founder, settings.buy_in_people)
    participants = int(bought_in.sum())
    each_buy = cap.buy_in_added / settings.buy_in_people if settings.buy_in_people else np.zeros(len(cap))
    if participants < settings.buy_in_people:
        notes.append(
            f"buy_in_people = {settings.buy_in_people} but the org has only {participants} non-founders: "
            "the rest of the staff buy-in is held off the chart"
        )
    return bought_in, participants, each_buy


def _per_book(book: OptionBook, at_exit: FloatArray, price: float, exit_price: float) -> FloatArray:
    """One holder's whole-book figures: held, vested held, value now, vested value, exit value, strike, cash."""
    return np.array(
        [
            book.held.sum(),
            book.vested_held.sum(),
            book.value_usd(price),
            book.value_usd(price, vested_only=True),
            float(at_exit @ np.maximum(exit_price - book.strike_usd, 0.0)),
            float(book.held @ book.strike_usd),
            book.cash_usd,
        ]
    )


def _groups(
    table: OrgTable, founder: BoolArray, bought_in: BoolArray, choice: NDArray[np.int64], choices: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Groups of identical holders (role, level, buy-in, pay choice; each founder alone): group, first row, count."""
    n = len(table)
    rows = np.arange(n, dtype=np.int64)
    alike = ((table.level.astype(np.int64) * 4 + table.role) * 2 + bought_in) * (choices + 1)
    key = np.where(founder, rows, n + alike + choice + 1)
    _, first_row, group, count = np.unique(key, return_index=True, return_inverse=True, return_counts=True)
    return group.astype(np.int64).ravel(), first_row.astype(np.int64), count.astype(np.int64)


def _person_columns(
    settings: EquitySettings,
    table: OrgTable,
    common: FloatArray,
    option_share: FloatArray,
    books: tuple[OptionBook, OptionBook, FloatArray, FloatArray],
    buy_in: tuple[BoolArray, FloatArray],
    salary_mult: FloatArray,
    prices: tuple[float, float, FloatArray],
) -> dict[str, FloatArray]:
    """Per-person shares, values now and at exit, strike, salary and buyback cash (the `Stakes` columns).

    ``books`` = (staff, founders, staff's and founders' options sharing the exit); ``buy_in`` =
    (who bought in, shares one participant bought per stage); ``prices`` = (round price now, exit
    common price, exit proceeds per preferred share of each stage's class).
    """
    staff_book, founder_book, staff_exit, founder_exit = books
    bought_in, each_buy = buy_in
    price, exit_price, class_per_share = prices
    founder = table.role == Role.FOUNDER
    unit = np.where(founder[:, None], _per_book(founder_book, founder_exit, price, exit_price)[None, :],
                    _per_book(staff_book, staff_exit, price, exit_price)[None, :])
    opt = option_share[:, None] * unit
    buy_shares = bought_in * float(each_buy.sum())
    shares = common + opt[:, 0] + buy_shares
    salary_by_role = np.array([settings.salary_by_role_usd.get(label, 0.0) for label in ROLE_LABELS])
    salary = salary_by_role[table.role.astype(np.int64)] * salary_mult
    stake = common * price + opt[:, 2] + buy_shares * price
    with np.errstate(divide="ignore", invalid="ignore"):
        to_salary = np.where(salary > 0, stake / np.where(salary > 0, salary, 1.0), np.nan)
    return {
        "shares": shares,
        "vested_shares": common + opt[:, 1] + buy_shares,
        "stake_usd": stake,
        "vested_value_usd": common * price + opt[:, 3] + buy_shares * price,
        "exit_value_usd": common * exit_price + opt[:, 4] + bought_in * float(each_buy @ class_per_share),
        "exercise_cost_usd": opt[:, 5],
        "salary_usd": salary.astype(float),
        "stake_to_salary": to_salary,
        "buyback_cash_usd": opt[:, 6],
    }


def _exit(
    settings: EquitySettings, cap: CapTable, rounds: Sequence[FundingRound], books: tuple[OptionBook, OptionBook],
    staff_share: float | None,
) -> tuple[FloatArray, FloatArray, ExitTerms, Waterfall, FloatArray]:
    """The exit waterfall: founders' common, every option tranche sharing the exit (exercised if in the
    money), one preferred class per round and per conversion; the unallocated pool (and bought-back
    options) is cancelled. Returns the staff's and founders' options at exit, the terms, the
    waterfall and each stage's proceeds per preferred share (``staff_share`` None: nobody has options).
    """
    staff_book, founder_book = books
    staff_exit, founder_exit = exit_held(staff_book, cap, settings), exit_held(founder_book, cap, settings)
    held_by_stage = (staff_share * staff_exit + (1.0 - staff_share) * founder_exit
                     if staff_share is not None else np.zeros(len(cap)))
    terms = exit_terms(cap, rounds, held_by_stage, staff_book.strike_usd, settings)
    waterfall = waterfall_of(terms, settings.exit_valuation_usd)
    series = cap.series_shares
    class_per_share = np.array([0.0] + [c.proceeds_usd / series[k] if series[k] > 0 else 0.0
                                        for k, c in enumerate(waterfall.classes[1:len(cap)], start=1)])
    return staff_exit, founder_exit, terms, waterfall, class_per_share


def compute_stakes(
    scenario: Scenario,
    table: OrgTable | None = None,
    exit_valuation_usd: float | None = None,
    buyback_rate_per_year: float | None = None,
) -> Stakes:
    """Cap table, waterfall and per-person stakes for ``scenario`` (org from `layout` if not given).

    Notes
    -----
    Person i's options are ``a_i = w_i / sum_j w_j`` of every granted tranche (w: role weight x
    level multiplier), so the option columns are ``a_i`` times a staff book (with buybacks) or
    a founder book (none). Buy-in participants each hold ``1 / buy_in_people`` of each round's
    staff buy-in shares. Founders' common is split by ``founder_split``.
    """
    settings = equity_settings(scenario, exit_valuation_usd, buyback_rate_per_year)
    table = layout(scenario) if table is None else table
    n, as_of, rounds = len(table), settings.as_of_date, settings.rounds_to_date()
    founder = table.role == Role.FOUNDER

    choice = pay_choices(settings, table, founder, scenario.seed)
    equity_mult, salary_mult = _pay_multipliers(settings, choice)
    weights = _grant_weights(settings, table) * equity_mult
    total_weight = float(weights.sum())
    granted_share = settings.pool_granted_share if total_weight > 0 else 0.0
    cap = build_cap_table(settings.founder_shares, rounds, founded=settings.founded,
                          pool_initial_pct=settings.pool_initial_pct, granted_share=granted_share,
                          convertibles=settings.convertibles)
    common, notes = _founder_common(settings, table, founder)
    secondary = _secondaries(settings, table, common)
    if cap.outstanding:
        notes.append(f"not converted by {as_of}: {', '.join(cap.outstanding)} (no priced round yet): not in the "
                     "share counts; at the exit each takes the greater of its money and its as-converted share at "
                     "its cap (those dated after as_of take nothing)")
    if total_weight == 0 and settings.pool_granted_share > 0:
        notes.append("no one on the chart has a grant weight > 0: the whole option pool stays unallocated")
    option_share = weights / total_weight if total_weight > 0 else np.zeros(n)
    staff_book, founder_book = _books(settings, cap, as_of)
    bought_in, participants, each_buy = _buy_in(settings, table, founder, cap, notes)

    staff_share = float(option_share[~founder].sum()) if total_weight > 0 else None
    staff_exit, founder_exit, terms, waterfall, class_per_share = _exit(
        settings, cap, rounds, (staff_book, founder_book), staff_share)
    exit_price = waterfall.common_per_share_usd
    price = float(cap.price_usd[-1])

    columns = _person_columns(
        settings, table, common, option_share, (staff_book, founder_book, staff_exit, founder_exit),
        (bought_in, each_buy),
        salary_mult, (price, exit_price, class_per_share),
    )
    group, first_row, count = _groups(table, founder, bought_in, choice, len(settings.pay_mix or ()))
    return Stakes(
        settings=settings,
        table=table,
        as_of=as_of,
        cap=cap,
        waterfall=waterfall,
        terms=terms,
        staff_book=staff_book,
        founder_book=founder_book,
        staff_exit_held=staff_exit,
        founder_exit_held=founder_exit,
        founder_common=common,
        secondary_shares=secondary,
        option_share=option_share,
        buy_in_shares_each=each_buy,
        buy_in_participants=participants,
        founder=founder,
        bought_in=bought_in,
        pay_choice=choice,
        ownership_pct=100.0 * columns["shares"] / float(cap.total[-1]),
        **columns,
        group=group,
        group_first_row=first_row,
        group_count=count,
        notes=notes,
    )
