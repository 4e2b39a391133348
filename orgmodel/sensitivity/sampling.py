"""From unit draws to input values: each input's distribution applied to a number in [0, 1].

Every method here draws in the unit hypercube (SALib's samplers, Latin hypercube for bands) and
maps each column through its input's inverse CDF, so one draw ``u`` means the same quantile of an
input in both scenarios of a comparison. Whole-number inputs (team-size cap, days) get equal odds
for each whole value in their range: ``u`` is spread over ``[low - 0.5, high + 0.5]`` and rounded.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from orgmodel.sensitivity.inputs import RangedInput

__all__ = ["latin_hypercube", "overrides_for", "quantile", "values_at"]


def quantile(item: RangedInput, u: np.ndarray) -> np.ndarray:
    """The input's values at unit quantiles ``u`` (uniform, triangular or log-uniform inverse CDF)."""
    from scipy import stats

    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    low, high = item.low, item.high
    if item.integer:
        raw = (low - 0.5) + u * (high - low + 1.0)
        return np.clip(np.round(raw), low, high)
    width = high - low
    if item.distribution == "loguniform":
        return np.asarray(stats.loguniform(low, high).ppf(u), dtype=float)
    if item.distribution == "triangular":
        mode = item.mode if item.mode is not None else (low + high) / 2
        c = (mode - low) / width if width > 0 else 0.5
        return np.asarray(stats.triang(c, loc=low, scale=width).ppf(u), dtype=float)
    return low + u * width


def values_at(inputs: Sequence[RangedInput], unit: np.ndarray) -> np.ndarray:
    """``unit`` (draws x inputs, in [0, 1]) -> input values in each input's unit, same shape."""
    unit = np.atleast_2d(np.asarray(unit, dtype=float))
    out = np.empty_like(unit)
    for j, item in enumerate(inputs):
        out[:, j] = quantile(item, unit[:, j])
    return out


def _plain(item: RangedInput, x: float) -> Any:
    return round(x) if item.integer else float(x)


def overrides_for(inputs: Sequence[RangedInput], row: Sequence[float]) -> dict[str, Any]:
    """One scenario's edits: input path -> value (whole numbers as int)."""
    return {item.path: _plain(item, float(x)) for item, x in zip(inputs, row, strict=True)}


def latin_hypercube(draws: int, dimensions: int, seed: int) -> np.ndarray:
    """``draws`` x ``dimensions`` Latin hypercube points in [0, 1) (scipy.stats.qmc), reproducible from ``seed``."""
    from scipy.stats import qmc

    if dimensions == 0:
        return np.zeros((draws, 0))
    return np.asarray(qmc.LatinHypercube(d=dimensions, seed=np.random.default_rng(seed)).random(draws))


def evaluate_draws(
    runner: Any, scenario: Any, inputs: Sequence[RangedInput], figures: Sequence[Any], unit: np.ndarray,
    on_progress: Any = None,
) -> Any:
    """Reports of the scenario at each row of ``unit`` (draws x inputs in [0, 1]): `batch.Evaluated`.

    Only the sections of ``figures`` are computed (with the sections they use)."""
    from orgmodel.sensitivity.batch import Case, evaluate

    values = values_at(inputs, unit) if len(inputs) else np.zeros((len(unit), 0))
    sections = tuple(sorted({f.section for f in figures}))
    cases = [Case(overrides_for(inputs, [float(x) for x in row]), sections) for row in values]
    return evaluate(runner, scenario, cases, figures, on_progress)
