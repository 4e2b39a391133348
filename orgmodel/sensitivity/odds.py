"""The odds that a better/worse verdict holds when both scenarios' assumptions are drawn.

One Latin-hypercube draw covers every input ranged in A or in B; an input ranged in both (the
same path) is one column, so both sides see the same quantile of it (for an absolute range the
same value; for a relative one the same multiple of each side's value). Each draw gives a report
of A and of B; the verdict (B judged against A, `orgmodel.compare`'s rule) is taken per draw.
``holds`` is the share of draws giving the verdict found at the scenarios' own values. The inputs
the verdict hangs on are those that can move the figure's section and whose draw is rank-correlated
(Spearman) with B - A: |rho| >= 0.2 and Bonferroni-significant at 5% over those inputs.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from orgmodel.compare import differs
from orgmodel.headlines import Headline
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.batch import Progress, Runner
from orgmodel.sensitivity.inputs import RangedInput
from orgmodel.sensitivity.result import FigureOdds, HangsOn, Odds, RunInfo
from orgmodel.sensitivity.sampling import evaluate_draws, latin_hypercube

__all__ = ["HANGS_ON_MIN", "verdict", "verdict_odds"]

HANGS_ON_MIN = 0.2
"""Smallest |rank correlation| of an input's draw with B - A for the verdict to be said to hang on it."""

HANGS_ON_P = 0.05
"""Family-wise significance of a rank correlation (Bonferroni over the inputs that can move the figure)."""


def verdict(a: float, b: float, better: str | None) -> str:
    """better / worse / same / n/a for B against A (the rule of `orgmodel.compare`)."""
    if np.isnan(a) or np.isnan(b):
        return "n/a"
    if not differs(a, b):
        return "same"
    if better is None:
        return "n/a"
    return "better" if (b < a) == (better == "lower") else "worse"


def _hangs_on(unit: np.ndarray, delta: np.ndarray, paths: Sequence[str], figure: Headline) -> list[HangsOn]:
    """Inputs that can move the figure's section whose draw is rank-correlated with B - A (|rho| >= 0.2,
    Bonferroni-significant at 5% over those inputs)."""
    from scipy.stats import spearmanr

    from orgmodel.sensitivity.tornado import sections_for

    if delta.size < 4 or np.ptp(delta) == 0:
        return []
    movers = [j for j, p in enumerate(paths) if figure.section in (sections_for(p, [figure]) or (figure.section,))]
    out = []
    for j in movers:
        test = spearmanr(unit[:, j], delta)
        rho, p_value = float(test.statistic), float(test.pvalue)
        if np.isfinite(rho) and abs(rho) >= HANGS_ON_MIN and p_value < HANGS_ON_P / max(1, len(movers)):
            out.append(HangsOn(path=paths[j], rank_correlation=rho))
    return sorted(out, key=lambda h: -abs(h.rank_correlation))[:5]


def _figure_odds(figure: Headline, own: tuple[float, float], a: np.ndarray, b: np.ndarray, unit: np.ndarray,
                 paths: Sequence[str]) -> FigureOdds:
    both = ~(np.isnan(a) | np.isnan(b))
    verdicts = [verdict(x, y, figure.better) for x, y in zip(a[both], b[both], strict=True)]
    n = len(verdicts)
    share = {v: (verdicts.count(v) / n if n else 0.0) for v in ("better", "worse", "same")}
    base = verdict(own[0], own[1], figure.better)
    delta = b[both] - a[both]
    p5, p95 = (float(x) for x in np.percentile(delta, [5, 95])) if n else (None, None)
    holds = share.get(base) if n and base != "n/a" else None
    return FigureOdds(label=figure.label, unit=figure.unit, verdict=base, b_better=share["better"],
                      b_worse=share["worse"], same=share["same"], holds=holds,
                      draws=n, delta_p5=p5, delta_p95=p95, hangs_on=_hangs_on(unit[both], delta, paths, figure))


def verdict_odds(
    runner: Runner, a: Scenario, b: Scenario, inputs_a: Sequence[RangedInput], inputs_b: Sequence[RangedInput],
    figures: Sequence[Headline], *, draws: int = 128, seed: int = 0, on_progress: Progress | None = None,
) -> Odds:
    """Verdict odds for every figure with a better direction (2 x ``draws`` reports)."""
    started = time.perf_counter()
    judged = [f for f in figures if f.better is not None]
    paths = list(dict.fromkeys([i.path for i in inputs_a] + [i.path for i in inputs_b]))
    unit = latin_hypercube(draws, len(paths), seed)
    col = {p: j for j, p in enumerate(paths)}
    cols_a, cols_b = [col[i.path] for i in inputs_a], [col[i.path] for i in inputs_b]

    def tick(offset: int) -> Progress | None:
        return None if on_progress is None else (lambda done, _t: on_progress(offset + done, 2 * draws))

    run_a = evaluate_draws(runner, a, inputs_a, judged, unit[:, cols_a], tick(0))
    run_b = evaluate_draws(runner, b, inputs_b, judged, unit[:, cols_b], tick(draws))
    own = evaluate_draws(runner, a, [], judged, np.zeros((1, 0))).values[0], \
        evaluate_draws(runner, b, [], judged, np.zeros((1, 0))).values[0]
    out = {f"{f.section}.{f.key}": _figure_odds(f, (own[0][j], own[1][j]), run_a.values[:, j], run_b.values[:, j],
                                                unit, paths)
           for j, f in enumerate(judged) if not (np.isnan(own[0][j]) or np.isnan(own[1][j]))}
    shared = sorted({i.path for i in inputs_a} & {i.path for i in inputs_b}, key=paths.index)
    info = RunInfo(reports=2 * draws + 2, refused=run_a.refusals + run_b.refusals,
                   seconds=time.perf_counter() - started, where=runner.where, seed=seed, methods=["odds"])
    return Odds(a_name=a.name, b_name=b.name, shared_inputs=shared, figures=out, info=info)
