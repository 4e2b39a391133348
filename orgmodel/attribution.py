"""Why two organisations differ: each headline difference B - A split over the setting groups.

Every subset of the groups that differ is switched from A to B, each mixed scenario gets a full
report, and each figure's difference is shared out with Shapley values (Shapley 1953), which add
up to B - A.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any

from pydantic import Field

from orgmodel.datapath import get_value, set_value
from orgmodel.engines import headline_figures
from orgmodel.formatting import format_value, signed
from orgmodel.groups import GROUP_LABELS, GROUPS, section_groups
from orgmodel.headlines import Headline, figure_value
from orgmodel.model_base import Result
from orgmodel.report import Report, build_report
from orgmodel.scenario import Scenario

__all__ = [
    "Attribution",
    "FigureAttribution",
    "Player",
    "attribute",
    "attribution_rows",
    "attribution_text",
    "explain_sentence",
    "mixed_scenario",
    "players",
    "shapley",
]

Progress = Callable[[int, int], None]


class FigureAttribution(Result):
    """One headline figure's difference B - A and its share per setting group."""

    label: str
    unit: str = Field(description="the figure's unit (working hours, USD, share, ...)")
    a: float | None
    b: float | None
    total: float | None = Field(description="B - A in the figure's unit; None when absent in A or B")
    groups: dict[str, float] = Field(
        description="group -> Shapley contribution in the figure's unit; they add up to total "
        "(to floating rounding); empty when undefined"
    )
    undefined: bool = Field(description="True when the figure is missing in some mixed scenario")
    undefined_subsets: list[list[str]] = Field(
        default_factory=list, description="groups switched to B in each mixed scenario lacking the figure"
    )
    sentence: str = Field(description="the largest contributor in one sentence")


class Attribution(Result):
    """Every headline difference between two scenarios split over the groups of settings that differ."""

    a_name: str
    b_name: str
    groups: list[str] = Field(description="the groups that differ (the Shapley players), in GROUPS order")
    identical_groups: list[str] = Field(description="groups equal in A and B: they contribute exactly 0")
    reports: int = Field(description="reports computed: 2 ** len(groups)")
    refused: dict[str, str] = Field(
        default_factory=dict, description="mixed scenario (groups switched to B, '+'-joined) -> why it has no report"
    )
    figures: dict[str, FigureAttribution] = Field(description="'section.key' of each headline figure -> split")
    notes: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Player:
    """A group that differs between A and B, and the field paths switching it copies from B."""

    name: str
    paths: tuple[str, ...]


def _get(data: dict[str, Any], path: str) -> Any:
    return get_value(data, path)


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    set_value(data, path, copy.deepcopy(value), path)


def players(a: Scenario, b: Scenario) -> tuple[list[Player], list[str]]:
    """The differing groups as players, and the identical groups.

    Where a section is absent in one scenario and present in the other (``equity: null``), the
    groups sharing it cannot be switched one at a time: they become one player named
    ``equity_policy+financing`` that switches the whole section.
    """
    da, db = a.model_dump(mode="python"), b.model_dump(mode="python")
    merged: dict[str, list[str]] = {}
    out: list[Player] = []
    same: list[str] = []
    for group, paths in GROUPS.items():
        sections = {p.split(".")[0] for p in paths}
        lopsided = [s for s in sections if (da[s] is None) != (db[s] is None)]
        if lopsided:
            merged.setdefault(lopsided[0], []).append(group)
            continue
        if all(_get(da, p) == _get(db, p) for p in paths):
            same.append(group)
        else:
            out.append(Player(group, paths))
    for section, groups in merged.items():
        out.append(Player("+".join(groups), (section,)))
    order = list(GROUPS)
    out.sort(key=lambda p: order.index(p.name.split("+")[0]))
    return out, same


def mixed_scenario(a: Scenario, b: Scenario, switched: Sequence[Player]) -> Scenario:
    """A with the ``switched`` players' fields taken from B (seed, name and sources from A).

    Raises
    ------
    pydantic.ValidationError : when the mix is not a valid scenario (e.g. B's meeting hour
        outside A's working day).
    """
    data = a.model_dump(mode="python")
    source = b.model_dump(mode="python")
    for player in switched:
        for path in player.paths:
            _set(data, path, _get(source, path))
    data["name"] = f"{a.name} with {', '.join(p.name for p in switched) or 'nothing'} from {b.name}"[:120]
    return Scenario.model_validate(data)


def shapley(values: dict[frozenset[int], float], n: int) -> list[Fraction]:
    """Shapley values of ``n`` players from the value of every coalition, in exact arithmetic.

    Parameters
    ----------
    values : coalition (frozenset of player indices) -> its value; all ``2 ** n`` coalitions.
    n : number of players.

    Returns
    -------
    list of Fraction : player i's value; they sum exactly to ``values[all] - values[empty]``.

    Notes
    -----
    phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! * (v(S + i) - v(S))
    (Shapley 1953, "A value for n-person games"). Floats are converted to Fractions exactly, so
    the only rounding is the final conversion of each phi_i to float.
    """
    fact = [math.factorial(k) for k in range(n + 1)]
    exact = {s: Fraction(v) for s, v in values.items()}
    out: list[Fraction] = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        phi = Fraction(0)
        for size in range(n):
            weight = Fraction(fact[size] * fact[n - size - 1], fact[n])
            for combo in combinations(others, size):
                s = frozenset(combo)
                phi += weight * (exact[s | {i}] - exact[s])
        out.append(phi)
    return out


def _value(report: Report | None, figure: Headline) -> float | None:
    if report is None:
        return None
    value = figure_value(report, figure)
    return value if value is not None and math.isfinite(value) else None


def _label(group: str) -> str:
    return " + ".join(GROUP_LABELS.get(g, g) for g in group.split("+"))


_UNIT_WORDS = {"USD": "", "share": "", "0-1": "", "%": " percentage points"}


def _amount(value: float, unit: str, with_sign: bool = True) -> str:
    words = _UNIT_WORDS.get(unit, f" {unit}")
    return f"{signed(value, unit, minus='-') if with_sign else format_value(abs(value), unit)}{words}"


def _short(name: str) -> str:
    return name.split(" (")[0]


def explain_sentence(figure: FigureAttribution, a_name: str = "A", b_name: str = "B") -> str:
    """One sentence naming the group that contributes most to the figure's difference B - A."""
    a, b = _short(a_name), _short(b_name)
    if figure.total is None:
        return f"{figure.label}: not in both scenarios, so there is no difference to explain."
    if figure.undefined:
        subsets = "; ".join(" + ".join(s) or "none" for s in figure.undefined_subsets[:3])
        more = f" and {len(figure.undefined_subsets) - 3} more" if len(figure.undefined_subsets) > 3 else ""
        return (f"{figure.label}: the difference cannot be split, because the figure is undefined (an unstable "
                f"queue or a refused mix) when these groups come from {b}: {subsets}{more}.")
    size = sum(abs(v) for v in figure.groups.values())
    if size == 0:
        return f"{figure.label} is the same in {a} and {b}." if figure.total == 0 else (
            f"{figure.label}: {b} - {a} = {_amount(figure.total, figure.unit)}, with no group's settings "
            "making a difference (only the seed differs).")
    top, value = max(figure.groups.items(), key=lambda kv: abs(kv[1]))
    return (f"{figure.label}: of the {_amount(figure.total, figure.unit)} difference ({b} - {a}), "
            f"{_label(top)} contributes the most, {_amount(value, figure.unit)} "
            f"({abs(value) / size:.0%} of all the groups' contributions in size).")


def attribute(
    a: Scenario,
    b: Scenario,
    *,
    figures: Sequence[Headline] | None = None,
    on_progress: Progress | None = None,
    report: Callable[[Scenario], Report] = build_report,
    shortcut: bool = True,
) -> Attribution:
    """Split every headline figure's difference B - A into one Shapley contribution per setting group.

    Parameters
    ----------
    a, b : the two scenarios.
    figures : the figures to split (default: every registered engine's headline figures).
    on_progress : called as ``on_progress(done, total)`` after each of the ``2 ** n`` reports.
    report : builds one scenario's full report (default `build_report`; pass a cached one to reuse work).
    shortcut : compute each section only for the groups it reads (`orgmodel.groups.section_groups`); False runs
        one full report per coalition (the reference the tests compare with).

    Returns
    -------
    Attribution : per figure, ``total = B - A`` and ``groups``: contributions that add up to it.

    Notes
    -----
    The players are the groups of `orgmodel.groups.GROUPS` whose fields differ; the value of a
    coalition S is the figure in A with S's fields taken from B (coalition {} is A itself, the
    full coalition is B itself, so the sum is B - A whatever the seed). Groups equal in A and B
    are not players and contribute exactly 0. When a mixed scenario has no value for a figure
    (unstable queue, a mix refused by validation or an engine) the figure is ``undefined``: no
    number is invented. Cost: 2 ** n reports, n <= 6. Method: Shapley 1953; docs/model.md §5.
    """
    figures = headline_figures() if figures is None else figures
    plays, same = players(a, b)
    mixes = _Mixes(a, b, plays, report)
    coalitions = [frozenset(i for i in range(len(plays)) if mask >> i & 1) for mask in range(2 ** len(plays))]
    values_at = _section_reports(mixes, coalitions, [f.section for f in figures], shortcut, on_progress)
    out: dict[str, FigureAttribution] = {}
    for figure in figures:
        item = _split(figure, {c: _value(values_at[c][figure.section], figure) for c in coalitions}, mixes)
        if item is not None:
            out[f"{figure.section}.{figure.key}"] = item
    notes = []
    if a.seed != b.seed:
        notes.append(f"Seeds differ ({a.seed} and {b.seed}): mixed scenarios use A's; B's own report uses B's, "
                     "so sampling noise between the seeds is shared out among the groups.")
    return Attribution(
        a_name=a.name, b_name=b.name, groups=[p.name for p in plays], identical_groups=same,
        reports=len(coalitions), refused=mixes.refused, figures=out, notes=notes,
    )


@dataclass
class _Mixes:
    """The mixed scenarios of a coalition of players (groups switched from A to B) and their reports."""

    a: Scenario
    b: Scenario
    plays: list[Player]
    report: Callable[[Scenario], Report]
    refused: dict[str, str] = field(default_factory=dict)
    built: dict[frozenset[int], Report | None] = field(default_factory=dict)

    def scenario(self, coalition: frozenset[int]) -> Scenario:
        if not coalition:
            return self.a
        if len(coalition) == len(self.plays):
            return self.b
        return mixed_scenario(self.a, self.b, [self.plays[i] for i in sorted(coalition)])

    def report_of(self, coalition: frozenset[int], sections: Sequence[str] | None) -> Report | None:
        """The coalition's report (only ``sections`` when given); None, with the reason kept, when refused."""
        if coalition in self.built and sections is None:
            return self.built[coalition]
        name = "+".join(self.plays[i].name for i in sorted(coalition)) or "none"
        try:
            scenario = self.scenario(coalition)
            made = self.report(scenario) if sections is None else build_report(scenario, sections=sections)
        except ValueError as err:  # pydantic ValidationError and engine refusals are ValueErrors
            self.refused[name] = str(err).splitlines()[0][:300]
            made = None
        if sections is None:
            self.built[coalition] = made
        return made


def _section_reports(
    mixes: _Mixes, coalitions: list[frozenset[int]], sections: Sequence[str], shortcut: bool,
    on_progress: Progress | None,
) -> dict[frozenset[int], dict[str, Report | None]]:
    """Coalition -> section -> the report holding that section's figures.

    With ``shortcut``, a section's report is the coalition's restricted to the groups the section
    reads (`section_groups`): coalitions that differ only in other groups share it.
    """
    by_section: dict[tuple[str, frozenset[int]], Report | None] = {}
    values_at: dict[frozenset[int], dict[str, Report | None]] = {}
    for done, coalition in enumerate(coalitions, start=1):
        values_at[coalition] = {}
        for section in dict.fromkeys(sections):
            if not shortcut:
                values_at[coalition][section] = mixes.report_of(coalition, None)
                continue
            deps = section_groups(section)
            projected = frozenset(i for i in coalition if set(mixes.plays[i].name.split("+")) & deps)
            key = (section, projected)
            if key not in by_section:
                by_section[key] = mixes.report_of(projected, [section])
            values_at[coalition][section] = by_section[key]
        if on_progress is not None:
            on_progress(done, len(coalitions))
    return values_at


def _split(figure: Headline, values: dict[frozenset[int], float | None], mixes: _Mixes) -> FigureAttribution | None:
    """One figure's Shapley split over the players (None when neither A nor B has the figure)."""
    n = len(mixes.plays)
    names = [p.name for p in mixes.plays]
    va, vb = values[frozenset()], values[frozenset(range(n))]
    if va is None and vb is None:
        return None
    missing = sorted(([names[i] for i in sorted(s)] for s, v in values.items() if v is None), key=lambda g: (len(g), g))
    groups: dict[str, float] = {}
    if not missing:
        phis = shapley({s: float(v) for s, v in values.items() if v is not None}, n)
        groups = {names[i]: float(phi) for i, phi in enumerate(phis)}
    item = FigureAttribution(
        label=figure.label, unit=figure.unit, a=va, b=vb, total=None if va is None or vb is None else vb - va,
        groups=groups, undefined=bool(missing), undefined_subsets=missing, sentence="",
    )
    item.sentence = explain_sentence(item, mixes.a.name, mixes.b.name)
    return item


def attribution_rows(attribution: Attribution) -> list[dict[str, str]]:
    """The attribution as display rows: figure, unit, B − A, then one column per differing group."""
    rows = []
    for item in attribution.figures.values():
        row = {"figure": item.label, "unit": item.unit, "B − A": signed(item.total, item.unit, zero="0")}
        for group in attribution.groups:
            row[group] = "undefined" if item.undefined else signed(item.groups.get(group), item.unit, zero="0")
        rows.append(row)
    return rows


def attribution_text(attribution: Attribution) -> str:
    """The attribution as an aligned text table: one row per figure, one column per differing group."""
    groups = attribution.groups
    width = max([12, *(len(g) for g in groups)])
    head = f"{'figure':<38} {'B - A':>12} " + " ".join(f"{g:>{width}}" for g in groups)
    lines = [
        f"A = {attribution.a_name}",
        f"B = {attribution.b_name}",
        f"Groups that differ: {', '.join(groups) or 'none'}; identical (contribute 0): "
        f"{', '.join(attribution.identical_groups) or 'none'}. {attribution.reports} reports.",
        "",
        head,
        "-" * len(head),
    ]
    for item in attribution.figures.values():
        total = signed(item.total, item.unit, zero="0", minus="-")
        cells = [
            "undefined" if item.undefined
            else signed(item.groups.get(g, 0.0), item.unit, zero="0", scale=item.total or 0.0, minus="-")
            for g in groups
        ]
        lines.append(f"{item.label[:38]:<38} {total:>12} " + " ".join(f"{c:>{width}}" for c in cells))
    if attribution.refused:
        lines.append("")
        lines.append("Mixed scenarios with no report:")
        lines.extend(f"  {k}: {v}" for k, v in attribution.refused.items())
    lines.extend(["", *attribution.notes] if attribution.notes else [])
    return "\n".join(lines)
