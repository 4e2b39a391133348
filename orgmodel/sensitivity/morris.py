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
) -> list[tuple[list[MorrisRow] | None, int]]:
    """Per output column: (one row per input, largest mu* first; trajectories used).

    A trajectory with an evaluation that has no value (an unstable queue) is left out; the effects
    are then over the trajectories where the figure is defined. None when fewer than 2 remain.
    """
    from SALib.analyze import morris

    step = len(names) + 1
    out: list[tuple[list[MorrisRow] | None, int]] = []
    for j in range(outputs.shape[1]):
        blocks = outputs[:, j].reshape(-1, step)
        keep = ~np.isnan(blocks).any(axis=1)
        if keep.sum() < 2:
            out.append((None, int(keep.sum())))
            continue
        x = unit.reshape(-1, step, len(names))[keep].reshape(-1, len(names))
        res = morris.analyze(_problem(names), x, blocks[keep].ravel(), num_levels=LEVELS, seed=seed)
        rows = [MorrisRow(path=name, mu_star=float(res["mu_star"][i]), mu_star_conf=float(res["mu_star_conf"][i]),
                          mu=float(res["mu"][i]), sigma=float(res["sigma"][i])) for i, name in enumerate(names)]
        rows.sort(key=lambda r: r.mu_star, reverse=True)
        out.append((rows, int(keep.sum())))
    return out
