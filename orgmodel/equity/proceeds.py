"""Exit proceeds by party (founders, employees, investors) at one or many exit values."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import Field

from orgmodel.equity.stakes import Stakes
from orgmodel.model_base import Result

__all__ = ["PartyProceeds", "PartyProceedsArrays", "party_proceeds"]

FloatArray = NDArray[np.float64]


class PartyProceeds(Result):
    """Who gets the exit money, US$; the five sum to the exit value (to float rounding).

    The unallocated option pool (with options bought back) is cancelled at exit and takes
    nothing; options out of the money lapse; in-the-money options are counted net of their
    strike, which is paid into the proceeds.
    """

    founders: float = Field(description="founders' common and any founders' options (net of strike), US$")
    employees: float = Field(
        description="staff options (net of strike) and the staff's buy-in shares in each round's class, US$"
    )
    investors: float = Field(description="outside investors' shares in each round's class, US$")
    fees: float = Field(default=0.0, description="transaction fees paid out of the exit before any holder, US$")
    carve_out: float = Field(default=0.0, description="management carve-out paid ahead of the preferences, US$")


@dataclass(frozen=True)
class PartyProceedsArrays:
    """Proceeds by group and the common price at each exit value (arrays shaped like the exits)."""

    exit_usd: FloatArray
    price_usd: FloatArray
    founders: FloatArray
    employees: FloatArray
    investors: FloatArray
    fees: FloatArray
    carve_out: FloatArray
    class_per_share_usd: FloatArray
    """Per preferred share of each round's class, shape ``exits + (rounds,)``."""

    def at(self, i: int) -> PartyProceeds:
        return PartyProceeds(
            founders=float(self.founders[i]), employees=float(self.employees[i]), investors=float(self.investors[i]),
            fees=float(self.fees[i]), carve_out=float(self.carve_out[i]),
        )


def party_proceeds(s: Stakes, exit_usd: ArrayLike) -> PartyProceedsArrays:
    """Founders', employees' and investors' proceeds at exit values ``exit_usd`` (US$, vectorised).

    Notes
    -----
    From `ExitTerms.payouts`: founders get the common's proceeds plus the founders' share
    ``1 - a_staff`` of the founders' option book net of strike (``sum_s H_s max(p - K_s, 0)``);
    employees get ``a_staff`` of the staff option book net of strike plus, in each round's class,
    the buy-in's share ``B_k / S_k`` of the class's proceeds; investors the rest of each class and
    the common that secondary buyers bought from founders.
    Fees and the carve-out come off ``E`` first (`ExitTerms.ahead`); the five sum to ``E`` because
    the waterfall pays out all of the rest.
    """
    e = np.atleast_1d(np.asarray(exit_usd, dtype=float))
    price, common, _options, classes = s.terms.payouts(e)
    fees, carve = s.terms.ahead(e)
    cap = s.cap
    series = cap.series_shares[1:]
    rounds = series.size  # the classes after the rounds' are converted SAFEs and notes: investors
    with np.errstate(divide="ignore", invalid="ignore"):
        staff_frac = np.where(series > 0, cap.buy_in_added[1:] / np.where(series > 0, series, 1.0), 0.0)
        per_share = np.where(series > 0, classes[..., :rounds] / np.where(series > 0, series, 1.0), 0.0)
    a = s.staff_option_share
    gain_staff = np.maximum(price[:, None] - s.staff_book.strike_usd, 0.0) @ s.staff_exit_held
    gain_founders = np.maximum(price[:, None] - s.founder_book.strike_usd, 0.0) @ s.founder_exit_held
    has_options = float(s.option_share.sum()) > 0
    staff_options = a * gain_staff if has_options else np.zeros_like(e)
    founder_options = (1.0 - a) * gain_founders if has_options else np.zeros_like(e)
    staff_classes = classes[..., :rounds] @ staff_frac
    bought = float(s.secondary_shares.sum()) * price  # secondary buyers hold founders' former common
    return PartyProceedsArrays(
        exit_usd=e,
        price_usd=price,
        founders=common - bought + founder_options,
        employees=staff_options + staff_classes,
        investors=classes.sum(-1) - staff_classes + bought,
        fees=fees,
        carve_out=carve,
        class_per_share_usd=per_share,
    )
