"""Morris screening (elementary effects) with SALib, over the unit hypercube of the ranged inputs.

Each of ``trajectories`` one-at-a-time paths moves every input once by a quarter-grid step on a
4-level grid of its quantiles (Morris 1991; Campolongo, Cariboni and Saltelli 2007's mu*); SALib
samples the paths and estimates mu*, mu, sigma and a bootstrap interval for mu*. Effects are in
the figure's unit per move across the input's whole range (inputs are drawn as quantiles, so every
input is on the same footing). Cost: trajectories x (inputs + 1) evaluations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from orgmodel.sensitivity.result import MorrisRow

__all__ = ["LEVELS", "morris_effects", "morris_sample"]

LEVELS = 4
"""Grid levels per input (SALib's default p = 4; step 2/3 of the range)."""


def _problem(names: Sequence[str]) -> dict[str, object]:
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def morris_sample(names: Sequence[str], trajectories: int, seed: int) -> np.ndarray:
    """Unit-cube Morris design: ``trajectories * (len(names) + 1)`` rows (SALib.sample.morris)."""
    from SALib.sample import morris

    return np.asarray(morris.sample(_problem(names), N=trajectories, num_levels=LEVELS, seed=seed))


def morris_effects(
    names: Sequence[str], unit: np.ndarray, outputs: np.ndarray, seed: int
) -> list[list[MorrisRow] | None]:
    """Per output column: one row per input, largest mu* first; None when an evaluation has no value."""
    from SALib.analyze import morris

    out: list[list[MorrisRow] | None] = []
    for j in range(outputs.shape[1]):
        y = outputs[:, j]
        if np.isnan(y).any():
            out.append(None)
            continue
        res = morris.analyze(_problem(names), unit, y, num_levels=LEVELS, seed=seed)
        rows = [MorrisRow(path=name, mu_star=float(res["mu_star"][i]), mu_star_conf=float(res["mu_star_conf"][i]),
                          mu=float(res["mu"][i]), sigma=float(res["sigma"][i])) for i, name in enumerate(names)]
        rows.sort(key=lambda r: r.mu_star, reverse=True)
        out.append(rows)
    return out
