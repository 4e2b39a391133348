"""Two scenarios side by side: every headline figure with its difference and direction."""

from __future__ import annotations

from typing import Literal

from orgmodel.figures import HEADLINE_FIGURES, figure_value
from orgmodel.model_base import Result
from orgmodel.report import Report, format_value

__all__ = ["Comparison", "ComparisonRow", "compare_reports", "comparison_text"]

Verdict = Literal["better", "worse", "same", "n/a"]


class ComparisonRow(Result):
    """One figure in both scenarios; ``verdict`` says whether B is better or worse than A."""

    section: str
    key: str
    label: str
    unit: str
    a: float | None
    b: float | None
    delta: float | None
    delta_pct: float | None
    verdict: Verdict
    help: str


class Comparison(Result):
    a_name: str
    b_name: str
    rows: list[ComparisonRow]


def _verdict(a: float | None, b: float | None, better: str | None) -> Verdict:
    if a is None or b is None:
        return "n/a"
    if abs(b - a) <= 1e-9 * max(1.0, abs(a)):
        return "same"
    if better is None:
        return "n/a"
    lower_wins = better == "lower"
    return "better" if (b < a) == lower_wins else "worse"


def compare_reports(a: Report, b: Report) -> Comparison:
    """Each headline figure of ``a`` and ``b``; delta = b - a; verdict judges b against a."""
    rows = []
    for figure in HEADLINE_FIGURES:
        va, vb = figure_value(a, figure), figure_value(b, figure)
        if va is None and vb is None:
            continue
        delta = None if va is None or vb is None else vb - va
        delta_pct = None if delta is None or not va else 100.0 * delta / abs(va)
        rows.append(
            ComparisonRow(
                section=figure.section, key=figure.key, label=figure.label, unit=figure.unit,
                a=va, b=vb, delta=delta, delta_pct=delta_pct,
                verdict=_verdict(va, vb, figure.better), help=figure.help,
            )
        )
    return Comparison(a_name=a.scenario.name, b_name=b.scenario.name, rows=rows)


def comparison_text(comparison: Comparison) -> str:
    """The comparison as an aligned text table."""
    head = f"{'figure':<34} {'A':>14} {'B':>14} {'B - A':>14}  verdict (B)"
    lines = [f"A = {comparison.a_name}", f"B = {comparison.b_name}", "", head, "-" * len(head)]
    for row in comparison.rows:
        delta = "n/a" if row.delta is None else ("+" if row.delta > 0 else "") + format_value(row.delta, row.unit)
        lines.append(
            f"{row.label:<34} {format_value(row.a, row.unit):>14} {format_value(row.b, row.unit):>14} "
            f"{delta:>14}  {row.verdict}"
        )
    return "\n".join(lines)
