"""One input at a time: each ranged input at its low and its high, every other input at its value.

A bar's swing is ``|f(high) - f(low)|`` in the figure's unit; bars are sorted by swing, largest
first (a tornado chart). Only the report sections an input can move are recomputed (the sections
whose setting groups hold the input, `orgmodel.groups.section_groups`, the shortcut the
attribution tests check against full reports); the other figures keep their base value exactly.
Cost: 2 evaluations per input.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from orgmodel.headlines import Headline
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.batch import Case, Progress, Runner, evaluate
from orgmodel.sensitivity.inputs import RangedInput
from orgmodel.sensitivity.result import TornadoBar

__all__ = ["sections_for", "tornado"]


def sections_for(path: str, figures: Sequence[Headline]) -> tuple[str, ...] | None:
    """The report sections an input at ``path`` can move (None: every section)."""
    from orgmodel.groups import group_of, section_groups

    group = group_of(path)
    if group is None:
        return None
    wanted = {f.section for f in figures}
    return tuple(sorted(s for s in wanted if group in section_groups(s))) or ("structure",)


def _value(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def tornado(
    runner: Runner, scenario: Scenario, inputs: Sequence[RangedInput], figures: Sequence[Headline],
    base: np.ndarray, on_progress: Progress | None = None,
) -> list[list[TornadoBar]]:
    """Per figure (in ``figures`` order), one bar per input, largest swing first.

    ``base`` holds the figures at the scenario's own values (one row); a figure a case did not
    compute (its section cannot move with the input) takes the base value.
    """
    cases: list[Case] = []
    for item in inputs:
        sections = sections_for(item.path, figures)
        for x in (item.low, item.high):
            cases.append(Case({item.path: int(x) if item.integer else float(x)}, sections))
    run = evaluate(runner, scenario, cases, figures, on_progress)
    values = run.values.copy()
    for i, case in enumerate(cases):
        if case.sections is not None and run.refused[i] is None:
            for j, f in enumerate(figures):
                if f.section not in case.sections and f.section != "structure":
                    values[i, j] = base[j]
    out: list[list[TornadoBar]] = []
    for j, _ in enumerate(figures):
        bars = []
        for k, item in enumerate(inputs):
            lo, hi = values[2 * k, j], values[2 * k + 1, j]
            swing = None if np.isnan(lo) or np.isnan(hi) else float(abs(hi - lo))
            why = run.refused[2 * k] or run.refused[2 * k + 1]
            bars.append(TornadoBar(path=item.path, label=item.label, input_low=item.low, input_high=item.high,
                                   figure_at_low=_value(lo), figure_at_high=_value(hi), swing=swing, refused=why))
        bars.sort(key=lambda b: -1.0 if b.swing is None else b.swing, reverse=True)
        out.append(bars)
    return out
