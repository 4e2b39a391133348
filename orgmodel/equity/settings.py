"""Equity inputs (``equity`` section of a scenario)."""

from pydantic import Field

from orgmodel.model_base import StrictModel


class EquitySettings(StrictModel):
    """Cap table, rounds, option pool, buybacks and salaries."""

    exit_valuation_usd: float = Field(default=1e9, gt=0, le=1e13)
