"""Uncertainty bands: the 5th, 50th and 95th percentiles of a figure when every ranged input is drawn.

Draws are a Latin hypercube over the inputs' quantiles (McKay, Beckman and Conover 1979; scipy's
`qmc.LatinHypercube`), each mapped through its input's distribution; percentiles are numpy's
linear interpolation over the draws that have a value (an unstable queue or an invalid mix has
none: counted in ``missing``, never invented). `curve_bands` gives the same along a curve (the
Review sweep's team sizes, Growth's headcounts), every point seeing the same draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from orgmodel.headlines import Headline
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.result import Band
from orgmodel.sensitivity.sampling import latin_hypercube

__all__ = ["band", "bands", "curve_bands"]


def band(values: np.ndarray) -> Band:
    """p5 / p50 / p95 of one figure's draws (NaN = no value)."""
    kept = values[~np.isnan(values)]
    missing = int(values.size - kept.size)
    if kept.size == 0:
        return Band(p5=None, p50=None, p95=None, draws=0, missing=missing)
    p5, p50, p95 = (float(x) for x in np.percentile(kept, [5, 50, 95]))
    return Band(p5=p5, p50=p50, p95=p95, draws=int(kept.size), missing=missing)


def bands(outputs: np.ndarray) -> list[Band]:
    """One band per output column."""
    return [band(outputs[:, j]) for j in range(outputs.shape[1])]


def curve_bands(
    runner: Any, points: Sequence[Scenario], figures: Sequence[Headline], *, samples: int = 64, seed: int = 0,
    on_progress: Any = None,
) -> list[list[Band]]:
    """Bands along a curve (the Review sweep's team sizes, Growth's headcounts): per point, per figure.

    Every point sees the same draws: one Latin hypercube over the union of the points' ranged inputs
    (by path), so the band moves with the point, not with the draws. ``len(points) x samples`` reports.
    """
    from orgmodel.sensitivity.batch import Case, evaluate
    from orgmodel.sensitivity.inputs import ranged_inputs
    from orgmodel.sensitivity.sampling import overrides_for, values_at

    per_point = [ranged_inputs(p) for p in points]
    paths = list(dict.fromkeys(i.path for inputs in per_point for i in inputs))
    unit = latin_hypercube(samples, len(paths), seed)
    sections = tuple(sorted({f.section for f in figures}))
    out: list[list[Band]] = []
    for k, (point, inputs) in enumerate(zip(points, per_point, strict=True)):
        cols = [paths.index(i.path) for i in inputs]
        values = values_at(inputs, unit[:, cols]) if inputs else np.zeros((samples, 0))
        cases = [Case(overrides_for(inputs, [float(x) for x in row]), sections) for row in values]
        tick = None if on_progress is None else (
            lambda done, _t, k=k: on_progress(k * samples + done, len(points) * samples))
        out.append(bands(evaluate(runner, point, cases, figures, tick).values))
    return out
