"""Uncertainty bands: the 5th, 50th and 95th percentiles of a figure when every ranged input is drawn.

Draws are a Latin hypercube over the inputs' quantiles (McKay, Beckman and Conover 1979; scipy's
`qmc.LatinHypercube`), each mapped through its input's distribution; percentiles are numpy's
linear interpolation over the draws that have a value (an unstable queue or an invalid mix has
none: counted in ``missing``, never invented).
"""

from __future__ import annotations

import numpy as np

from orgmodel.sensitivity.result import Band

__all__ = ["band", "bands"]


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
