"""Two scenarios side by side: every headline figure with its difference and direction."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from orgmodel.engines import headline_figures
from orgmodel.formatting import format_value, signed
from orgmodel.headlines import Headline, figure_value
from orgmodel.model_base import Result
from orgmodel.report import Report, build_report
from orgmodel.scenario import Scenario

__all__ = [
    "Comparison",
    "ComparisonRow",
    "Delta",
    "compare_reports",
    "compare_scenarios",
    "comparison_rows",
    "comparison_text",
    "delta_against",
    "differs",
    "signed",
]

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


RELATIVE_TOLERANCE = 1e-9
"""Two figures closer than this (relative to the larger of 1 and |a|) are the same."""


def differs(a: float, b: float) -> bool:
    """True when ``b`` differs from ``a`` by more than floating-point noise."""
    return abs(b - a) > RELATIVE_TOLERANCE * max(1.0, abs(a))


def _verdict(a: float | None, b: float | None, better: str | None) -> Verdict:
    if a is None or b is None:
        return "n/a"
    if not differs(a, b):
        return "same"
    if better is None:
        return "n/a"
    lower_wins = better == "lower"
    return "better" if (b < a) == lower_wins else "worse"


def compare_reports(a: Report, b: Report) -> Comparison:
    """Each headline figure of ``a`` and ``b``; delta = b - a; verdict judges b against a."""
    rows = []
    for figure in headline_figures():
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


class Delta(Result):
    """One figure against a reference, as a metric shows it."""

    text: str = Field(description="the signed difference with its unit suffix and the reference's name")
    direction: Literal["better", "worse", "n/a"] = Field(description="judged by the figure's better direction")


def delta_against(value: float | None, other: float | None, figure: Headline, reference_name: str,
                  suffix: str = "") -> Delta | None:
    """``value`` against the reference's ``other`` (None when either is missing or they are the same)."""
    if value is None or other is None or not differs(other, value):
        return None
    verdict = _verdict(other, value, figure.better)
    return Delta(text=f"{signed(value - other, figure.unit, minus='-')}{suffix} vs {reference_name}",
                 direction="n/a" if verdict == "same" else verdict)


def compare_scenarios(a: Scenario, b: Scenario) -> Comparison:
    """Every headline figure of two scenarios side by side, B judged against A.

    Examples
    --------
    >>> from orgmodel import compare_scenarios, load_preset
    >>> flat, tall = load_preset("xiaomi-2012"), load_preset("hierarchical-400")
    >>> rows = {r.key: r for r in compare_scenarios(flat, tall).rows}
    >>> rows["levels"].a, rows["levels"].b, rows["levels"].verdict
    (3.0, 4.0, 'worse')
    """
    return compare_reports(build_report(a), build_report(b))


def comparison_rows(comparison: Comparison) -> list[dict[str, str]]:
    """The comparison as display rows (every value formatted): the app's table and its CSV."""
    return [
        {
            "figure": r.label, "unit": r.unit, "A": format_value(r.a, r.unit), "B": format_value(r.b, r.unit),
            "B − A": "" if r.delta is None else signed(r.delta, r.unit),
            "change": f"{r.delta_pct:+.0f}%" if r.delta_pct is not None else "",
            "B is": {"n/a": "", "same": "same"}.get(r.verdict, r.verdict), "what it means": r.help,
        }
        for r in comparison.rows
    ]


def comparison_text(comparison: Comparison) -> str:
    """The comparison as an aligned text table."""
    width = max([len("figure"), *(len(r.label) for r in comparison.rows)])
    head = f"{'figure':<{width}} {'A':>14} {'B':>14} {'B - A':>14}  verdict (B)"
    lines = [f"A = {comparison.a_name}", f"B = {comparison.b_name}", "", head, "-" * len(head)]
    for row in comparison.rows:
        delta = signed(row.delta, row.unit).replace("−", "-")
        lines.append(
            f"{row.label:<{width}} {format_value(row.a, row.unit):>14} {format_value(row.b, row.unit):>14} "
            f"{delta:>14}  {row.verdict}"
        )
    return "\n".join(lines)
