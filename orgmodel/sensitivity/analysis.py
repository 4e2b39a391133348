"""Every sensitivity method on one scenario: tornado, Morris, Sobol and bands, for each headline figure.

`analyse` resolves the scenario's ranged inputs (`inputs.ranged_inputs`), runs the methods asked
for on one runner (serial, process pool or Dask; `batch`), and returns a `Sensitivity`. The draws
are made from ``seed`` before any evaluation, so the result is the same whatever runs it.
Costs in reports, for k inputs: tornado 2k, Morris trajectories x (k + 1), Sobol N x (d + 2) for d
inputs (or groups), bands N draws.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import numpy as np

from orgmodel.engines import headline_figures
from orgmodel.errors import InputError
from orgmodel.headlines import Headline
from orgmodel.report import format_value
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.bands import bands
from orgmodel.sensitivity.batch import Case, Progress, Runner, SerialRunner, evaluate
from orgmodel.sensitivity.inputs import RangedInput, ranged_inputs
from orgmodel.sensitivity.morris import morris_effects, morris_sample
from orgmodel.sensitivity.result import FigureSensitivity, InputRange, RunInfo, Sensitivity
from orgmodel.sensitivity.sampling import evaluate_draws, latin_hypercube
from orgmodel.sensitivity.sobol import base_samples, sobol_indices, sobol_sample
from orgmodel.sensitivity.tornado import tornado

__all__ = ["METHODS", "analyse", "choose_figures", "input_ranges", "planned_reports", "sensitivity_text"]

METHODS = ("tornado", "morris", "sobol", "bands")


def choose_figures(keys: Sequence[str] | None = None) -> list[Headline]:
    """The headline figures named ``section.key`` (all when None); InputError naming an unknown key."""
    every = list(headline_figures())
    if not keys:
        return every
    by_key = {f"{f.section}.{f.key}": f for f in every}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise InputError([f"--figure {k}: no such headline figure; allowed: {', '.join(by_key)}" for k in unknown],
                         "--figure")
    return [by_key[k] for k in keys]


def input_ranges(inputs: Sequence[RangedInput]) -> list[InputRange]:
    """The ranged inputs as result rows."""
    return [InputRange(path=i.path, label=i.label, kind=i.kind, value=i.value, low=i.low, high=i.high,
                       distribution=i.distribution, mode=i.mode, reason=i.reason, origin=i.origin) for i in inputs]


def planned_reports(k: int, methods: Sequence[str], samples: int, trajectories: int, sobol_dims: int) -> dict[str, int]:
    """Reports each method will compute for ``k`` inputs (the progress bar's total)."""
    plan = {"tornado": 2 * k, "morris": trajectories * (k + 1), "sobol": base_samples(samples) * (sobol_dims + 2),
            "bands": samples}
    return {m: plan[m] for m in methods if k}


def _sobol_choice(k: int, items: Sequence[FigureSensitivity], names: Sequence[str], count: int) -> list[int]:
    """The ``count`` inputs to vary in the Sobol design: round robin over the figures' rankings by Morris
    mu* (by tornado swing when Morris was not run; the first inputs when neither was)."""
    rankings = [[names.index(r.path) for r in f.morris if r.mu_star > 0] if f.morris is not None else
                [names.index(b.path) for b in f.tornado or [] if b.swing] for f in items]
    chosen: list[int] = []
    for depth in range(k):
        for ranking in rankings:
            if depth < len(ranking) and ranking[depth] not in chosen and len(chosen) < count:
                chosen.append(ranking[depth])
    return chosen or list(range(min(count, k)))


class _Stages:
    """One progress total over several methods: each method reports its own done/total."""

    def __init__(self, plan: dict[str, int], on_progress: Progress | None) -> None:
        self.plan, self.on_progress, self.offset = plan, on_progress, 0
        self.total = max(1, sum(plan.values()))

    def tick(self, method: str) -> Progress | None:
        if self.on_progress is None:
            return None
        offset, report = self.offset, self.on_progress
        self.offset += self.plan.get(method, 0)
        return lambda done, _total: report(min(self.total, offset + done), self.total)


def analyse(
    scenario: Scenario, runner: Runner | None = None, *, figures: Sequence[str] | None = None,
    methods: Sequence[str] = METHODS, samples: int = 128, trajectories: int = 10, sobol_inputs: int = 6,
    sobol_by: str = "inputs", seed: int = 0, only_ranges: bool = False, on_progress: Progress | None = None,
) -> Sensitivity:
    """Sensitivity of each headline figure (``figures``: ``section.key`` names, all when None) of ``scenario``.

    Parameters: ``samples`` draws for the bands and the Sobol base sample (rounded up to a power of two);
    ``trajectories`` Morris paths; ``sobol_inputs`` inputs Morris ranks highest in the Sobol design
    (``sobol_by="groups"``: every input, indices per setting group). Raises InputError on a bad range.
    """
    bad = [m for m in methods if m not in METHODS]
    if bad or sobol_by not in ("inputs", "groups"):
        raise InputError([f"methods {bad} / sobol_by {sobol_by!r}: allowed {METHODS}, inputs|groups"], "sensitivity")
    started = time.perf_counter()
    runner = runner or SerialRunner()
    inputs = ranged_inputs(scenario, only_scenario=only_ranges)
    base_run = evaluate(SerialRunner(), scenario, [Case({})], choose_figures(figures))
    chosen = [f for j, f in enumerate(choose_figures(figures)) if not np.isnan(base_run.values[0, j])]
    base = np.array([base_run.values[0, j] for j, f in enumerate(choose_figures(figures)) if f in chosen])
    names = [i.path for i in inputs]
    from orgmodel.groups import group_of

    groups = [group_of(n) or n.split(".")[0] for n in names]
    dims = len(set(groups)) if sobol_by == "groups" else min(sobol_inputs, len(inputs))
    stages = _Stages(planned_reports(len(inputs), methods, samples, trajectories, dims), on_progress)
    out = {f"{f.section}.{f.key}": FigureSensitivity(label=f.label, unit=f.unit, value=float(base[j]))
           for j, f in enumerate(chosen)}
    items = list(out.values())
    reports = refused = 0
    if inputs and "tornado" in methods:
        for item, bars in zip(items, tornado(runner, scenario, inputs, chosen, base, stages.tick("tornado"))):
            item.tornado = bars
        reports += 2 * len(inputs)
    if inputs and "morris" in methods:
        unit = morris_sample(names, trajectories, seed)
        run = evaluate_draws(runner, scenario, inputs, chosen, unit, stages.tick("morris"))
        effects = morris_effects(names, unit, run.values, seed)
        reports, refused = reports + len(unit), refused + run.refusals
        for item, (rows, kept) in zip(items, effects):
            item.morris = rows
            if kept < trajectories:
                item.notes.append(f"Morris: over the {kept} of {trajectories} trajectories where the figure has a "
                                  "value (elsewhere a queue is unstable or the mix invalid).")
    if inputs and "sobol" in methods:
        reports_s, refused_s = _sobol(runner, scenario, inputs, chosen, items, groups, dims, samples, seed,
                                      sobol_by, stages.tick("sobol"))
        reports, refused = reports + reports_s, refused + refused_s
    if inputs and "bands" in methods:
        run = evaluate_draws(runner, scenario, inputs, chosen, latin_hypercube(samples, len(inputs), seed),
                             stages.tick("bands"))
        for item, b in zip(items, bands(run.values)):
            item.band = b
        reports, refused = reports + samples, refused + run.refusals
    info = RunInfo(reports=reports + 1, refused=refused, seconds=time.perf_counter() - started, where=runner.where,
                   seed=seed, methods=list(methods))
    return Sensitivity(name=scenario.name, inputs=input_ranges(inputs), figures=out, info=info)


def _sobol(runner: Runner, scenario: Scenario, inputs: Sequence[RangedInput], chosen: Sequence[Headline],
           items: Sequence[FigureSensitivity], groups: list[str], dims: int,
           samples: int, seed: int, sobol_by: str, tick: Progress | None) -> tuple[int, int]:
    names = [i.path for i in inputs]
    if sobol_by == "groups":
        picked, design_groups = list(range(len(inputs))), groups
    else:
        picked, design_groups = _sobol_choice(len(inputs), items, names, dims), None
    sub = [inputs[i] for i in picked]
    unit = sobol_sample([i.path for i in sub], samples, seed, design_groups)
    run = evaluate_draws(runner, scenario, sub, chosen, unit, tick)
    for item, indices in zip(items, sobol_indices([i.path for i in sub], run.values, samples, seed, design_groups)):
        item.sobol = indices
        if indices is None:
            item.notes.append("Sobol: not computed: a queue is unstable in some draws, where the figure is infinite "
                              "and its variance undefined (see the band's missing draws and the tornado).")
    return len(unit), run.refusals


def _top(pairs: list[tuple[str, float]], unit: str, count: int = 3, fmt: Callable[[float], str] | None = None) -> str:
    show = fmt or (lambda v: format_value(v, unit))
    return ", ".join(f"{p} {show(v)}" for p, v in pairs[:count]) or "-"


def sensitivity_text(result: Sensitivity) -> str:
    """Each figure: its value, p5-p95 band, the largest tornado swings, Morris mu* and Sobol total indices."""
    lines = [result.name, "=" * len(result.name),
             f"{len(result.inputs)} ranged inputs; {result.info.reports} reports in {result.info.seconds:.1f} s on "
             f"{result.info.where} (seed {result.info.seed}; {result.info.refused} refused)", ""]
    for key, f in result.figures.items():
        value = format_value(f.value, f.unit)
        band = ""
        if f.band is not None and f.band.p5 is not None and f.band.p95 is not None:
            band = f"  p5-p95 {format_value(f.band.p5, f.unit)} to {format_value(f.band.p95, f.unit)}"
        lines.append(f"{f.label} ({key}): {value} {f.unit}{band}")
        if f.tornado:
            swings = [(b.path, b.swing) for b in f.tornado if b.swing]
            lines.append(f"  tornado swing: {_top([(p, s) for p, s in swings if s is not None], f.unit)}")
        if f.morris:
            lines.append(f"  Morris mu*:    {_top([(r.path, r.mu_star) for r in f.morris if r.mu_star > 0], f.unit)}")
        if f.sobol is not None:
            total = sorted(f.sobol.total.items(), key=lambda kv: -kv[1])
            lines.append(f"  Sobol ST:      {_top(total, '', fmt=lambda v: f'{v:.2f}')}")
        lines.extend(f"  note: {n}" for n in f.notes)
    return "\n".join(lines)
