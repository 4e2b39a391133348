"""Exit waterfall: 1x (or any multiple) non-participating preferences, pari passu, then common."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import Field

from orgmodel.model_base import Result

__all__ = ["PreferredClass", "Waterfall", "WaterfallClass", "exit_waterfall"]


@dataclass(frozen=True)
class PreferredClass:
    """One series of preferred shares: ``shares`` with a liquidation preference of ``preference_usd``."""

    name: str
    shares: float
    preference_usd: float


class WaterfallClass(Result):
    """What one class takes at exit."""

    name: str
    shares: float
    preference_usd: float = Field(description="liquidation preference, US$ (0 for common)")
    converts: bool = Field(description="takes its share as common rather than its preference")
    proceeds_usd: float
    per_share_usd: float


class Waterfall(Result):
    """Exit proceeds by class; ``classes[0]`` is common."""

    exit_usd: float
    common_per_share_usd: float = Field(description="what one common share (or converted share) gets")
    preferences_bind: bool = Field(description="at least one class takes its preference over converting")
    classes: list[WaterfallClass]


def exit_waterfall(
    exit_usd: float, common_shares: float, preferred: Sequence[PreferredClass]
) -> Waterfall:
    """Split ``exit_usd`` between common and non-participating preferred classes.

    Parameters
    ----------
    exit_usd : sale price of the company, US$ (>= 0).
    common_shares : common shares outstanding (founders, options treated as exercised).
    preferred : the preferred classes (one per round).

    Returns
    -------
    Waterfall
        Proceeds by class, common first, then ``preferred`` in the given order.

    Notes
    -----
    Each class takes the greater of its preference ``L`` or converting to common. Classes
    convert in increasing order of preference per share ``L / S`` while ``L / S`` is below the
    common price ``p = (E - sum of remaining L) / (C + sum of converted S)``; each conversion
    lowers p to the mediant of ``p`` and ``L / S``, which stays above every converted class's
    ``L / S``, so one pass finds the equilibrium. Pari passu seniority: if ``E`` does not cover
    the preferences still claimed, they are paid pro rata to ``L`` and common gets nothing.
    """
    if exit_usd < 0:
        raise ValueError(f"exit_usd = {exit_usd:g} must be >= 0")
    if common_shares < 0:
        raise ValueError(f"common_shares = {common_shares:g} must be >= 0")
    n = len(preferred)
    shares = np.array([c.shares for c in preferred], dtype=float)
    pref = np.array([c.preference_usd for c in preferred], dtype=float)
    if (shares < 0).any() or (pref < 0).any():
        raise ValueError("preferred shares and preferences must be >= 0")
    per_share = np.divide(pref, shares, out=np.full(n, np.inf), where=shares > 0)
    converts = np.zeros(n, dtype=bool)
    claimed = float(pref.sum())
    price = 0.0
    residual, conv_shares = 0.0, 0.0
    if exit_usd > claimed:
        conv_shares = common_shares
        residual = exit_usd - claimed
        price = residual / conv_shares if conv_shares > 0 else np.inf
        for j in np.argsort(per_share, kind="stable"):
            if shares[j] <= 0 or not per_share[j] < price:
                break
            converts[j] = True
            residual += pref[j]
            conv_shares += shares[j]
            price = residual / conv_shares
        if not np.isfinite(price):  # nothing holds common and no class converts
            price = 0.0
    # pay converters and common their fraction of the residual (no overflow when shares are tiny)
    proceeds = np.where(converts, residual * (shares / conv_shares) if conv_shares > 0 else 0.0, pref)
    common_proceeds = residual * (common_shares / conv_shares) if conv_shares > 0 else 0.0
    if exit_usd <= claimed:
        proceeds = pref * (exit_usd / claimed) if claimed > 0 else np.zeros(n)
    classes = [
        WaterfallClass(
            name="common",
            shares=float(common_shares),
            preference_usd=0.0,
            converts=True,
            proceeds_usd=float(common_proceeds),
            per_share_usd=float(price),
        )
    ]
    for j, c in enumerate(preferred):
        classes.append(
            WaterfallClass(
                name=c.name,
                shares=float(shares[j]),
                preference_usd=float(pref[j]),
                converts=bool(converts[j]),
                proceeds_usd=float(proceeds[j]),
                per_share_usd=float(proceeds[j] / shares[j]) if shares[j] > 0 else 0.0,
            )
        )
    return Waterfall(
        exit_usd=float(exit_usd),
        common_per_share_usd=float(price),
        preferences_bind=bool(((~converts) & (pref > 0)).any()),
        classes=classes,
    )
