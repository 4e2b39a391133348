"""What the Growth page draws for one or more grown organisations: figures to choose, curves, breaks."""

from __future__ import annotations

from pydantic import Field

from orgmodel.engines import headline_figures
from orgmodel.growth import XIAOMI_HEADCOUNTS, Growth
from orgmodel.model_base import Result

__all__ = ["GrowthCurves", "GrowthView", "growth_view"]


class GrowthCurves(Result):
    """One figure across headcounts for each organisation, with where it breaks."""

    label: str
    unit: str
    series: dict[str, tuple[list[int], list[float | None]]] = Field(
        description="organisation -> (headcounts, values); None where the figure has no value"
    )
    breaks: dict[str, int | None] = Field(description="organisation -> headcount where it first breaks")
    limit: float | None = Field(description="the figure's limit for the first organisation (a line on the chart)")


class GrowthView(Result):
    """The Growth page's content for a set of grown organisations (keyed by short name)."""

    runs: dict[str, Growth]
    figures: dict[str, str] = Field(description="'section.key' -> label, for every figure with a value somewhere")
    marks: list[tuple[int, str]] = Field(description="Xiaomi's reported headcounts in range: (people, label)")
    break_lines: list[str] = Field(description="one markdown line per organisation: where its figures break")

    def curves(self, figure: str) -> GrowthCurves:
        """The chart data of one figure (a key of ``figures``)."""
        found = next(f for f in headline_figures() if f.path == figure)
        first = next(iter(self.runs.values()), None)
        return GrowthCurves(
            label=found.label, unit=found.unit,
            series={name: g.series(figure) for name, g in self.runs.items()},
            breaks={name: (b.headcount if (b := g.first_break(figure)) else None) for name, g in self.runs.items()},
            limit=first.limits.get(figure) if first is not None else None,
        )


def _break_line(name: str, growth: Growth, start: int, stop: int) -> str:
    if not growth.breaks:
        return f"**{name}**: nothing breaks between {start:,} and {stop:,} people."
    lines = [f"- {b.label or b.figure}: at **{b.headcount:,}** people"
             + (f" (held at {b.last_ok_headcount:,})" if b.last_ok_headcount is not None else "")
             + f": {b.limit}" for b in growth.breaks]
    return f"**{name}** breaks:\n" + "\n".join(lines)


def growth_view(runs: dict[str, Growth], start: int, stop: int) -> GrowthView:
    """The page's content: the figures any run has a value for, Xiaomi's headcounts in range, the breaks."""
    shown = {f.path: f.label for f in headline_figures()
             if any(v is not None for g in runs.values() for v in g.series(f.path)[1])}
    marks = [(f.headcount, f"Xiaomi {f.when}") for f in XIAOMI_HEADCOUNTS if start <= f.headcount <= stop]
    return GrowthView(runs=runs, figures=shown, marks=marks,
                      break_lines=[_break_line(name, g, start, stop) for name, g in runs.items()])
