"""OCF 1.2.0 building blocks shared by the export and the import: Numeric, Monetary, ids, conversion rights."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["CURRENCY", "OCF_VERSION", "Json", "conversion_right", "money", "numeric", "slug"]

OCF_VERSION = "1.2.0"
CURRENCY = "USD"
Json = dict[str, Any]


def numeric(x: float) -> str:
    """OCF Numeric: a fixed-point string with at most 10 decimals (``1234.5``, never ``1e6``)."""
    text = f"{float(x):.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def money(x: float) -> Json:
    """OCF Monetary in US$."""
    return {"amount": numeric(x), "currency": CURRENCY}


def slug(text: str) -> str:
    """An id-safe form of a name (``Series A`` -> ``series-a``)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


def conversion_right(price_usd: float, ratio: float) -> Json:
    """A preferred class's right to convert into common: ``ratio`` common a share at ``price / ratio``."""
    return {"type": "STOCK_CLASS_CONVERSION_RIGHT", "converts_to_stock_class_id": "common",
            "conversion_mechanism": {"type": "RATIO_CONVERSION", "conversion_price": money(price_usd / ratio),
                                     "ratio": {"numerator": numeric(ratio), "denominator": "1"},
                                     "rounding_type": "NORMAL"}}
