"""Numbers as a person reads them: one rule for a figure, one for a signed difference."""

from __future__ import annotations

import math

__all__ = ["format_value", "signed"]


def format_value(value: float | None, unit: str = "") -> str:
    """A figure as a person reads it: thousands separators, 2-3 significant decimals, no noise."""
    if value is None:
        return "n/a"
    if isinstance(value, float) and not math.isfinite(value):
        return "unstable" if value > 0 else "n/a"
    if unit == "USD":
        return f"-${-value:,.0f}" if value < 0 else f"${value:,.0f}"
    if unit == "share":
        return f"{value:.0%}"
    if float(value).is_integer() and abs(value) >= 1:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}"


def signed(delta: float | None, unit: str = "", *, zero: str = "±0", scale: float | None = None,
           minus: str = "−") -> str:
    """A difference as a reader says it: ``+3.2``, ``−$1,200``; ``zero`` when it is 0, ``n/a`` when undefined.

    With ``scale`` (the size of the whole it is part of), a difference within 1e-9 of it is ``≈0``:
    floating-point noise, not a contribution. ``minus="-"`` where a reader parses the sign (Streamlit's
    metric turns its arrow down only for a leading hyphen).

    Examples
    --------
    >>> signed(3.2, "working hours"), signed(-1200.0, "USD"), signed(0.0), signed(None)
    ('+3.20', '−$1,200', '±0', 'n/a')
    """
    if delta is None:
        return "n/a"
    if delta == 0:
        return zero
    if scale is not None and abs(delta) <= 1e-9 * max(1.0, abs(scale)):
        return "≈0"
    return ("+" if delta > 0 else minus) + format_value(abs(delta), unit)
