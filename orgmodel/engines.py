"""The engine registry: every analysis the report runs, in one list.

An engine is one analysis of a scenario (structure, review, decisions, the engineer's week,
equity). It declares

- ``section``: its key in the report (``report.review``, JSON ``"review"``) and the prefix of its
  headline figures (``review.p90_working_hours``);
- ``settings``: the scenario field holding its settings (``"review"``), or None when every
  scenario has what it needs; a scenario whose field is null gets no section;
- ``run(scenario, table, results) -> Result``: the analysis. ``results`` holds the sections
  computed before it, so an engine may read another's result (``uses`` names them);
- ``figures``: its headline figures (label, unit, which way is better, plain-words help).

`orgmodel.report.build_report`, `orgmodel.compare`, the CLI and the app iterate `engines()`; a new
engine is its module plus one `register` call. A refusal (``ValueError`` from ``run``, e.g. an
`InputError`) becomes that section's message in ``report.refused``; the other sections are kept.

Built-in engines import their modules on first run, so importing the registry stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from orgmodel import figures as fig
from orgmodel.figures import Figure

if TYPE_CHECKING:
    from orgmodel.model_base import Result
    from orgmodel.orgtable import OrgTable
    from orgmodel.scenario import Scenario

__all__ = ["Engine", "Runner", "engine", "engines", "headline_figures", "register", "unregister"]

Runner = Callable[["Scenario", "OrgTable", Mapping[str, "Result"]], "Result"]
"""``run(scenario, table, results)``: results holds the sections computed before this one."""


@dataclass(frozen=True)
class Engine:
    """One analysis: where its result goes in the report, what it needs, how to run it."""

    section: str
    title: str
    runner: Runner | str = field(repr=False)
    """The run function, or ``"package.module:function"`` imported on first use."""
    settings: str | None = None
    uses: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    needs: str = ""
    """What a scenario must have for this section, in plain words (shown when it is absent)."""
    result: type[Result] | str | None = field(default=None, repr=False)
    """The result model, or ``"package.module:Class"``: the JSON key reference is generated from it."""

    def result_model(self) -> type[Result] | None:
        """The engine's result model (imported on first use), or None when it declares none."""
        model: type[Result] | None = _resolve(self.result) if isinstance(self.result, str) else self.result
        return model

    def applies(self, scenario: Scenario) -> bool:
        """True when the scenario has this engine's settings (or it needs none)."""
        return self.settings is None or getattr(scenario, self.settings, None) is not None

    def run(self, scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
        """The engine's result for one scenario; raises ValueError when it cannot analyse it."""
        runner: Runner = _resolve(self.runner) if isinstance(self.runner, str) else self.runner
        return runner(scenario, table, results)


def _resolve(spec: str) -> Any:
    """The object named by ``"package.module:name"``, imported now."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


_REGISTRY: dict[str, Engine] = {}


def register(new: Engine) -> Engine:
    """Add an engine after those it uses (or replace the one with the same section)."""
    missing = [u for u in new.uses if u not in _REGISTRY and u != new.section]
    if missing:
        raise ValueError(f"engine {new.section!r} uses {missing}, which are not registered before it")
    if new.section in ("scenario", "refused"):
        raise ValueError(f"engine section {new.section!r} is reserved for the report itself")
    _REGISTRY[new.section] = new
    return new


def unregister(section: str) -> None:
    """Remove an engine (tests that register a toy engine clean up with this)."""
    _REGISTRY.pop(section, None)


def engines() -> tuple[Engine, ...]:
    """Every registered engine, in run order (an engine after those it uses)."""
    return tuple(_REGISTRY.values())


def engine(section: str) -> Engine:
    """The engine of one report section; KeyError if none."""
    return _REGISTRY[section]


def headline_figures() -> tuple[Figure, ...]:
    """Every engine's headline figures, in report order."""
    return tuple(f for e in _REGISTRY.values() for f in e.figures)


# Built-in engines. Each adapter imports its engine on first use (keeps `import orgmodel.cli` light).

def _structure(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    from orgmodel.structure import measure_structure

    return measure_structure(table)


def _review(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    from orgmodel.review.analysis import analyse_review

    return analyse_review(scenario, table)


def _decisions(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    from orgmodel.decisions.analysis import analyse_decisions

    return analyse_decisions(scenario, table)


def _time_budget(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    from orgmodel.decisions.week import time_budget
    from orgmodel.review.result import ReviewResult

    review = results.get("review")
    return time_budget(scenario, review if isinstance(review, ReviewResult) else None)


def _equity(scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
    from orgmodel.equity.analysis import analyse_equity

    return analyse_equity(scenario, table)


register(Engine("structure", "Structure", _structure, figures=fig.STRUCTURE_FIGURES,
                result="orgmodel.structure:StructureMetrics"))
register(Engine("review", "Review turnaround", _review, settings="review", figures=fig.REVIEW_FIGURES,
                needs="a code review policy (the `review:` section)", result="orgmodel.review.result:ReviewResult"))
register(Engine("decisions", "Decisions", _decisions, settings="decisions", figures=fig.DECISIONS_FIGURES,
                needs="decision and meeting settings (the `decisions:` section)",
                result="orgmodel.decisions.analysis:DecisionsResult"))
register(Engine("time_budget", "The engineer's week", _time_budget, settings="decisions", uses=("review",),
                figures=fig.TIME_BUDGET_FIGURES,
                needs="decision settings (the `decisions:` section), which the week's budget needs",
                result="orgmodel.decisions.week:TimeBudget"))
register(Engine("equity", "Equity", _equity, settings="equity", figures=fig.EQUITY_FIGURES,
                needs="a cap table (the `equity:` section)", result="orgmodel.equity.analysis:EquityResult"))
