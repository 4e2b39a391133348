"""Variance-based Sobol indices with SALib: first order S1 and total ST, each with a 95% interval.

The design is Saltelli's extension of a scrambled Sobol sequence (SALib.sample.sobol, N a power of
two, N x (d + 2) evaluations for d inputs or groups); the estimators are SALib's (Saltelli et al.
2010 for S1, Jansen 1999 for ST), with bootstrap confidence intervals. Inputs not in the design are
held at their values, so the indices are shares of the variance the chosen inputs cause. With
``groups`` every input varies and the indices are per group (SALib's grouped indices).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from orgmodel.sensitivity.result import SobolIndices

__all__ = ["base_samples", "sobol_indices", "sobol_sample"]


def base_samples(samples: int) -> int:
    """The power of two at or above ``samples`` (at least 8): the Sobol sequence's balance needs it."""
    return max(8, 1 << max(0, int(samples) - 1).bit_length())


def _problem(names: Sequence[str], groups: Sequence[str] | None) -> dict[str, object]:
    problem: dict[str, object] = {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}
    if groups is not None:
        problem["groups"] = list(groups)
    return problem


def sobol_sample(names: Sequence[str], samples: int, seed: int, groups: Sequence[str] | None = None) -> np.ndarray:
    """The unit-cube design (SALib.sample.sobol, no second order): ``N x (d + 2)`` rows."""
    from SALib.sample import sobol

    problem = _problem(names, groups)
    return np.asarray(sobol.sample(problem, base_samples(samples), calc_second_order=False, seed=seed))


def sobol_indices(
    names: Sequence[str], outputs: np.ndarray, samples: int, seed: int, groups: Sequence[str] | None = None,
) -> list[SobolIndices | None]:
    """Per output column, S1 and ST with 95% half-widths.

    None when any evaluation has no value (an unstable queue: the figure is infinite there, so its
    variance and the indices are undefined; ``defined`` would say how many base samples have one).
    Leaving those samples out is not an answer: near saturation the remaining values are so
    heavy-tailed that Jansen's ST came out at 40 on the Xiaomi escalation p90. A figure that does
    not vary gets indices of 0.
    """
    from SALib.analyze import sobol

    problem = _problem(names, groups)
    labels = list(dict.fromkeys(groups)) if groups is not None else list(names)
    out: list[SobolIndices | None] = []
    for j in range(outputs.shape[1]):
        blocks = outputs[:, j].reshape(-1, len(labels) + 2)
        keep = ~np.isnan(blocks).any(axis=1)
        y = blocks[keep].ravel()
        common = {"by": "groups" if groups else "inputs", "inputs": labels, "samples": base_samples(samples),
                  "defined": int(keep.sum())}
        if not keep.all():
            out.append(None)
            continue
        if np.ptp(y) <= 1e-12 * max(1.0, float(np.abs(y).max())):
            zero = {name: 0.0 for name in labels}
            out.append(SobolIndices(**common, first=zero, first_conf=zero, total=zero, total_conf=zero))
            continue
        res = sobol.analyze(problem, y, calc_second_order=False, conf_level=0.95, seed=seed)
        pick = {key: {name: float(np.nan_to_num(res[key][i])) for i, name in enumerate(labels)}
                for key in ("S1", "S1_conf", "ST", "ST_conf")}
        out.append(SobolIndices(**common, first=pick["S1"], first_conf=pick["S1_conf"], total=pick["ST"],
                                total_conf=pick["ST_conf"]))
    return out
