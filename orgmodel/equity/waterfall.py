"""Exit waterfall: preferences by seniority, participation with caps, conversion, options net of strike.

One function of the common price ``p`` (what one common or as-converted share gets) gives every
holder's proceeds; the price is the fixed point where those proceeds add up to the exit value.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field

from orgmodel.model_base import Result

__all__ = ["ExitTerms", "OptionTranche", "PreferredClass", "Waterfall", "WaterfallClass", "exit_waterfall",
           "waterfall_of"]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class PreferredClass:
    """One series of preferred shares and its terms (named as OCF stock classes name them).

    ``shares`` are as-converted (common shares the class would convert into);
    ``preference_usd`` is the liquidation preference (``preference_multiple x`` the amount
    invested, plus accrued dividends); ``cap_usd`` is the participating class's total-return cap
    (``participation_cap_multiple x`` the amount invested; None = uncapped; a cap below the
    preference leaves the preference whole and allows no participation); ``seniority``: a higher
    class is paid first, equal classes pari passu; ``convertible`` False is straight preferred:
    the class never converts (it takes its preference, plus its participation up to the cap if
    participating).
    """

    name: str
    shares: float
    preference_usd: float
    participating: bool = False
    cap_usd: float | None = None
    seniority: int = 0
    convertible: bool = True


@dataclass(frozen=True)
class OptionTranche:
    """Options outstanding at exit (exercised if in the money): ``shares`` struck at ``strike_usd``."""

    name: str
    shares: float
    strike_usd: float


class WaterfallClass(Result):
    """What one class takes at exit."""

    name: str
    shares: float
    preference_usd: float = Field(description="liquidation preference, US$ (0 for common)")
    participating: bool = Field(default=False, description="takes its preference and shares the rest as converted")
    cap_usd: float | None = Field(default=None, description="participating class's total-return cap, US$; null = none")
    seniority: int = Field(default=0, description="higher is paid first; equal = pari passu")
    convertible: bool = Field(default=True, description="false: straight preferred, never converts to common")
    converts: bool = Field(description="takes its share as common rather than its preference")
    cap_binds: bool = Field(default=False, description="a participating class held at its cap")
    proceeds_usd: float
    per_share_usd: float


class Waterfall(Result):
    """Exit proceeds by class; ``classes[0]`` is common (without the options)."""

    exit_usd: float
    common_per_share_usd: float = Field(description="what one common share (or converted share) gets, US$")
    preferences_bind: bool = Field(description="at least one class takes its preference over converting")
    classes: list[WaterfallClass]
    options_net_usd: float = Field(default=0.0, description="options' proceeds net of the strike, US$")
    options_exercise_usd: float = Field(
        default=0.0, description="strike paid by the options exercised (those in the money), US$"
    )
    fees_usd: float = Field(default=0.0, description="transaction fees paid out of the exit before any holder, US$")
    carve_out_usd: float = Field(default=0.0, description="management carve-out paid ahead of the preferences, US$")
    escrow_usd: float = Field(
        default=0.0, description="part of the holders' proceeds held in escrow at closing (paid later), US$")


def _arr(values: Sequence[float]) -> FloatArray:
    return np.asarray(values, dtype=float).reshape(-1)


@dataclass(frozen=True, eq=False)
class ExitTerms:  # columns and the kink grid are cached: the terms never change after construction
    """The cap table as the waterfall sees it: common, option tranches, preferred classes.

    Notes
    -----
    With ``p`` the common price, holders get (net of strike):
    common ``C p``; option tranche s ``O_s max(p - K_s, 0)`` (in the money options exercise and
    pay ``K_s`` into the proceeds; out of the money they lapse); non-participating class j
    ``max(L_j, S_j p)`` (preference or conversion, whichever pays more); participating class j
    ``max(min(L_j + S_j p, Cap_j), S_j p)`` (preference plus its as-converted share, up to the
    cap, or conversion when that pays more); a straight (non-convertible) class has no conversion
    term: ``L_j`` or ``min(L_j + S_j p, Cap_j)``. A cap below the preference is read as
    ``Cap_j = L_j``: the preference is paid whole and there is no participation. Their sum
    ``N(p)`` is continuous, piecewise linear and non-decreasing with ``N(0) = sum L``. For an
    exit ``E >= sum L`` the price is the fixed point ``N(p) = E`` (so which options are in the
    money and which classes convert agree with the price they produce: the treasury-style cash
    exercise of cap-table tools); for ``E < sum L``, ``p = 0`` and the preferences are paid by
    seniority, highest first, pari passu (pro rata to ``L``) within a level. ``E`` here is what
    the holders share: the exit less the fees and the carve-out (`ahead`). Every exit dollar goes
    to exactly one holder.
    """

    common_shares: float
    options: tuple[OptionTranche, ...]
    preferred: tuple[PreferredClass, ...]
    fees_usd: float = 0.0
    """Fixed transaction fees, paid out of the exit before any holder, US$."""
    fees_pct: float = 0.0
    """Transaction fees as % of the exit, paid before any holder."""
    carve_out_pct: float = 0.0
    """Management carve-out: % of the exit after fees, paid ahead of the preferences."""
    escrow_pct: float = 0.0
    """% of the holders' proceeds held in escrow at closing (each holder's in proportion; paid later)."""

    def __post_init__(self) -> None:
        if not (self.fees_usd >= 0 and 0 <= self.fees_pct <= 100 and 0 <= self.carve_out_pct <= 100):
            raise ValueError("fees_usd must be >= 0 and fees_pct, carve_out_pct in [0, 100]")
        if not self.common_shares >= 0:
            raise ValueError(f"common_shares = {self.common_shares:g} must be >= 0")
        for o in self.options:
            if not (o.shares >= 0 and o.strike_usd >= 0):
                raise ValueError(f"option tranche {o.name!r}: shares and strike_usd must be >= 0")
        for c in self.preferred:
            if not (c.shares >= 0 and c.preference_usd >= 0):
                raise ValueError("preferred shares and preferences must be >= 0")
            if c.cap_usd is not None and not c.cap_usd >= 0:
                raise ValueError(f"class {c.name!r}: cap_usd = {c.cap_usd:g} must be >= 0")

    # --- columns -----------------------------------------------------------------------------
    @cached_property
    def opt_shares(self) -> FloatArray:
        return _arr([o.shares for o in self.options])

    @cached_property
    def strike(self) -> FloatArray:
        return _arr([o.strike_usd for o in self.options])

    @cached_property
    def shares(self) -> FloatArray:
        return _arr([c.shares for c in self.preferred])

    @cached_property
    def pref(self) -> FloatArray:
        return _arr([c.preference_usd for c in self.preferred])

    @cached_property
    def participating(self) -> NDArray[np.bool_]:
        return np.array([c.participating for c in self.preferred], dtype=bool)

    @cached_property
    def convertible(self) -> NDArray[np.bool_]:
        return np.array([c.convertible for c in self.preferred], dtype=bool)

    @cached_property
    def cap(self) -> FloatArray:
        """Participating classes' caps, at least the preference (inf = uncapped); inf for non-participating."""
        return _arr([max(c.cap_usd, c.preference_usd) if (c.participating and c.cap_usd is not None) else np.inf
                     for c in self.preferred])

    @property
    def stack_usd(self) -> float:
        """All preferences, US$."""
        return float(self.pref.sum())

    # --- ahead of the waterfall -----------------------------------------------------------------
    def ahead(self, exit_usd: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """(fees, carve-out) taken from exit value(s) ``E`` before any holder, US$.

        ``fees = min(E, fees_usd + fees_pct E)``; ``carve = carve_out_pct (E - fees)``.
        """
        e = np.asarray(exit_usd, dtype=float)
        fees = np.minimum(e, self.fees_usd + self.fees_pct / 100.0 * e)
        return fees, self.carve_out_pct / 100.0 * (e - fees)

    def to_holders(self, exit_usd: ArrayLike) -> FloatArray:
        """What the holders share (the waterfall's input): ``E - fees - carve``, US$."""
        fees, carve = self.ahead(exit_usd)
        return np.asarray(exit_usd, dtype=float) - fees - carve

    def gross_exit(self, to_holders_usd: float) -> float:
        """The exit value ``E`` whose holders' share is ``to_holders_usd`` (the inverse of `to_holders`)."""
        keep = (1.0 - self.carve_out_pct / 100.0) * (1.0 - self.fees_pct / 100.0)
        if keep <= 0:
            return float("inf") if to_holders_usd > 0 else 0.0
        return (to_holders_usd / (1.0 - self.carve_out_pct / 100.0) + self.fees_usd) / (1.0 - self.fees_pct / 100.0)

    # --- payouts at a price ---------------------------------------------------------------------
    def class_payouts(self, price: ArrayLike) -> FloatArray:
        """Each class's proceeds at common price(s) ``price`` (shape ``price.shape + (classes,)``)."""
        p = np.asarray(price, dtype=float)[..., None]
        conv = self.shares * p
        with np.errstate(invalid="ignore"):
            held = np.minimum(self.pref + conv, self.cap)
        part = np.where(self.convertible, np.maximum(held, conv), held)
        plain = np.where(self.convertible, np.maximum(self.pref, conv), np.broadcast_to(self.pref, conv.shape))
        return np.where(self.participating, part, plain)

    def option_payouts(self, price: ArrayLike) -> FloatArray:
        """Each tranche's proceeds net of strike at ``price`` (shape ``price.shape + (tranches,)``)."""
        p = np.asarray(price, dtype=float)[..., None]
        return self.opt_shares * np.maximum(p - self.strike, 0.0)

    def net_total(self, price: ArrayLike) -> FloatArray:
        """``N(p)``: everything paid out, net of strikes, at common price ``p``."""
        p = np.asarray(price, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            return self.common_shares * p + self.option_payouts(p).sum(-1) + self.class_payouts(p).sum(-1)

    def price_kinks(self) -> list[tuple[float, str, int]]:
        """Prices where ``N(p)`` changes slope: (price, kind, index), sorted by price.

        Kinds: ``options_in_money`` (tranche index), ``converts``, ``cap_binds`` (class index).
        """
        out: list[tuple[float, str, int]] = []
        with np.errstate(over="ignore"):
            return self._kinks(out)

    def _kinks(self, out: list[tuple[float, str, int]]) -> list[tuple[float, str, int]]:
        for s, o in enumerate(self.options):
            if o.shares > 0:
                out.append((o.strike_usd, "options_in_money", s))
        for j, c in enumerate(self.preferred):
            if c.shares <= 0:
                continue
            if c.participating:
                if c.cap_usd is not None:
                    cap = float(self.cap[j])
                    out.append(((cap - c.preference_usd) / c.shares, "cap_binds", j))
                    if c.convertible:
                        out.append((cap / c.shares, "converts", j))
            elif c.preference_usd > 0 and c.convertible:
                out.append((c.preference_usd / c.shares, "converts", j))
        # a kink no finite exit reaches (absurdly small share counts) never happens
        with np.errstate(over="ignore", invalid="ignore"):
            out = [k for k in out if np.isfinite(k[0]) and np.isfinite(self.net_total(k[0]))]
        # prices equal to 12 significant figures are one price (kinds in a fixed order), so rounding in the
        # inputs (an OCF round trip) cannot reorder two kinks at the same price
        return sorted(out, key=lambda t: (float(f"{t[0]:.12g}"), t[1], t[2]))

    def slopes(self, price: float) -> tuple[float, FloatArray, FloatArray]:
        """Right derivatives of each holder's proceeds in ``p`` at ``price``: (common, tranches, classes)."""
        s, pref, cap = self.shares, self.pref, self.cap
        # compare with the kink prices themselves (as in `price_kinks`), not with S p vs L, which
        # rounding can put on the wrong side of a kink
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            converts_at = np.where(s > 0, np.where(self.participating, cap, pref) / np.where(s > 0, s, 1.0), np.inf)
            capped_at = np.where(s > 0, (cap - pref) / np.where(s > 0, s, 1.0), np.inf)
        converts_at = np.where(np.isnan(converts_at) | ~self.convertible, np.inf, converts_at)
        capped_at = np.where(np.isnan(capped_at), np.inf, capped_at)
        part = np.where(price >= converts_at, s, np.where(price >= capped_at, 0.0, s))
        classes = np.where(self.participating, part, np.where(price >= converts_at, s, 0.0))
        options = np.where(price >= self.strike, self.opt_shares, 0.0)
        return self.common_shares, options, classes

    @cached_property
    def _grid(self) -> tuple[FloatArray, FloatArray, float]:
        """Kink prices (with 0), ``N`` there, and the slope of ``N`` beyond the last kink."""
        b = np.unique(np.concatenate([[0.0], [k[0] for k in self.price_kinks()]]))
        c, o, k = self.slopes(float(b[-1]))
        return b, self.net_total(b), c + float(o.sum()) + float(k.sum())

    def common_price(self, exit_usd: ArrayLike) -> FloatArray:
        """The fixed point ``p`` with ``N(p) = E`` (0 when ``E`` does not cover the preferences).

        Exact: ``N`` is linear between kinks, so ``p`` is interpolated between the kinks around
        ``E``; in a flat stretch (nobody's proceeds change) the lowest such price is taken.
        """
        e = np.asarray(exit_usd, dtype=float)
        b, nb, slope = self._grid
        k = np.searchsorted(nb, e, side="left")
        inside = np.minimum(k, b.size - 1)
        lo = np.maximum(inside - 1, 0)
        span = nb[inside] - nb[lo]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            frac = np.where(span > 0, (e - nb[lo]) / np.where(span > 0, span, 1.0), 1.0)
        p = np.where(nb[inside] == e, b[inside], b[lo] + frac * (b[inside] - b[lo]))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            beyond = b[-1] + (e - nb[-1]) / slope if slope > 0 else np.full(e.shape, b[-1])
        p = np.where(k >= b.size, beyond, p)
        return np.where(e <= nb[0], 0.0, p)

    def stack_payouts(self, exit_usd: ArrayLike) -> FloatArray:
        """Preferences paid from ``E`` by seniority (highest first; pro rata to ``L`` within a level)."""
        e = np.asarray(exit_usd, dtype=float)[..., None]
        pref = self.pref
        seniority = np.array([c.seniority for c in self.preferred], dtype=np.int64)
        above = np.array([pref[seniority > s].sum() for s in seniority])
        level = np.array([pref[seniority == s].sum() for s in seniority])
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(level > 0, pref / np.where(level > 0, level, 1.0), 0.0)
        return np.clip(e - above, 0.0, level) * share

    def payouts(self, exit_usd: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """``(price, common, options by tranche, classes)`` at exit value(s) ``E`` (vectorised).

        The holders share ``E`` less the fees and carve-out (`ahead`), which are not in the columns.
        """
        e = np.asarray(exit_usd, dtype=float)
        if (e < 0).any():
            raise ValueError(f"exit_usd = {float(e.min()):g} must be >= 0")
        e = self.to_holders(e)
        price = self.common_price(e)
        b, nb, slope = self._grid
        # past the last kink everyone is converted or in the money: each gets its shares / slope of
        # every further dollar (computed as a fraction, so tiny share counts cannot overflow)
        past = (e > nb[-1]) & (slope > 0)
        at = np.where(past, b[-1], price)
        extra = np.where(past, e - nb[-1], 0.0)[..., None]
        div = slope if slope > 0 else np.inf  # each holder's share of a further dollar, <= 1
        d_common, d_options, d_classes = self.slopes(float(b[-1]))
        common = self.common_shares * at + extra[..., 0] * (d_common / div)
        options = self.option_payouts(at) + extra * (d_options / div)
        covered = (e >= self.stack_usd)[..., None]
        classes = np.where(covered, self.class_payouts(at) + extra * (d_classes / div),
                           self.stack_payouts(e))
        return np.minimum(price, np.finfo(float).max), common, options, classes


def exit_waterfall(
    exit_usd: float,
    common_shares: float,
    preferred: Sequence[PreferredClass],
    options: Sequence[OptionTranche] = (),
) -> Waterfall:
    """Split ``exit_usd`` between common, option tranches and the preferred classes.

    Parameters
    ----------
    exit_usd : sale price of the company, US$ (>= 0).
    common_shares : common shares outstanding, not counting options.
    preferred : the preferred classes (one per round), each with its terms.
    options : option tranches outstanding at exit (fully accelerated); each is exercised if its
        strike is below the common price, and lapses otherwise.

    Returns
    -------
    Waterfall
        Proceeds by class, common first, then ``preferred`` in the given order; options net.

    Notes
    -----
    See `ExitTerms`: the common price is the fixed point of ``N(p) = E`` (preference or
    conversion per class, participation up to its cap, options exercised when in the money,
    their strike added to the proceeds), or 0 with preferences paid by seniority when ``E`` does
    not cover them (Metrick & Yasuda, *Venture Capital and the Finance of Innovation*, ch. on
    preferred stock; Feld & Mendelson, *Venture Deals*, liquidation preference). Proceeds sum
    to ``E`` (to float rounding) whenever anyone holds shares.
    """
    return waterfall_of(ExitTerms(float(common_shares), tuple(options), tuple(preferred)), exit_usd)


def waterfall_of(terms: ExitTerms, exit_usd: float) -> Waterfall:
    """`exit_waterfall` of given terms (fees and carve-out included) at ``exit_usd``, US$."""
    preferred = terms.preferred
    common_shares = terms.common_shares
    price_a, common_a, opts_a, classes_a = terms.payouts(np.asarray(float(exit_usd)))
    fees, carve = (float(x) for x in terms.ahead(float(exit_usd)))
    price, common, opts, proceeds = float(price_a), float(common_a), opts_a, classes_a
    shares, pref, cap = terms.shares, terms.pref, terms.cap
    covered = float(terms.to_holders(float(exit_usd))) >= terms.stack_usd
    conv_value = shares * price
    converts = (covered & terms.convertible & (shares > 0)
                & np.where(terms.participating, conv_value > cap, conv_value > pref))
    cap_binds = covered & terms.participating & ~converts & (pref + conv_value >= cap)
    out = [
        WaterfallClass(
            name="common", shares=float(common_shares), preference_usd=0.0, converts=True,
            proceeds_usd=common, per_share_usd=price,
        )
    ]
    for j, c in enumerate(preferred):
        out.append(
            WaterfallClass(
                name=c.name,
                shares=float(shares[j]),
                preference_usd=float(pref[j]),
                participating=c.participating,
                cap_usd=c.cap_usd if c.participating else None,
                seniority=c.seniority,
                convertible=c.convertible,
                converts=bool(converts[j]),
                cap_binds=bool(cap_binds[j]),
                proceeds_usd=float(proceeds[j]),
                per_share_usd=float(proceeds[j] / shares[j]) if shares[j] > 0 else 0.0,
            )
        )
    in_money = terms.strike < price
    return Waterfall(
        exit_usd=float(exit_usd),
        common_per_share_usd=price,
        preferences_bind=bool(((~converts) & (pref > 0)).any()),
        classes=out,
        options_net_usd=float(opts.sum()),
        options_exercise_usd=float((terms.opt_shares * terms.strike)[in_money].sum()),
        fees_usd=fees,
        carve_out_usd=carve,
        escrow_usd=terms.escrow_pct / 100.0 * float(terms.to_holders(float(exit_usd))),
    )
