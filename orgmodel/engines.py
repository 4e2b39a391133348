"""The engine registry: every analysis the report runs, in one list.

An engine is one analysis of a scenario (structure, review, decisions, the engineer's week,
equity). It declares

- ``section``: its key in the report (``report.review``, JSON ``"review"``) and the prefix of its
  headline figures (``review.p90_working_hours``);
- ``settings``: the scenario field holding its settings (``"review"``), or None when every
  scenario has what it needs; a scenario whose field is null gets no section;
- ``run(scenario, table, results) -> Result``: the analysis. ``results`` holds the sections
  computed before it, so an engine may read another's result (``uses`` names them);
- ``figures``: its headline figures (label, unit, which way is better, plain-words help);
- ``settings_model``: the pydantic model of its settings field, when it owns one. The `Scenario`
  gets that field from the registry (``scenario.review``), so the YAML schema, ``--set``, the URL,
  provenance and attribution all see it;
- ``groups``: its setting groups for the attribution of differences (default: one group, the whole
  field), ``reads``: the core groups its figures depend on (``org``, ``work``);
- ``provenance``: why each default of its settings is what it is (the Assumptions page);
- ``controls``: the settings the sidebar offers in the engine's box (paths inside its field, ``*``
  for every item of a list);
- ``in_growth``: whether Growth keeps its settings when it scales the organisation;
- ``check``: a rule across sections (``scenario -> None``, raises ValueError), run when a scenario
  is validated.

`orgmodel.report.build_report`, `orgmodel.compare`, the CLI and the app iterate `engines()`; a new
engine, settings included, is its modules plus one `register` call. A refusal (``ValueError`` from ``run``, e.g. an
`InputError`) becomes that section's message in ``report.refused``; the other sections are kept.

Built-in engines import their modules on first run, so importing the registry stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from orgmodel import headlines as fig
from orgmodel.headlines import Headline

if TYPE_CHECKING:
    from pydantic import BaseModel

    from orgmodel.model_base import Result
    from orgmodel.orgtable import OrgTable
    from orgmodel.scenario import Scenario
    from orgmodel.source import Provenance

__all__ = [
    "CORE_GROUPS", "Engine", "RegistryView", "Runner", "SettingGroup", "engine", "engines", "headline_figures",
    "on_register", "register", "resolve", "settings_engines", "unregister",
]

Runner = Callable[["Scenario", "OrgTable", Mapping[str, "Result"]], "Result"]
"""``run(scenario, table, results)``: results holds the sections computed before this one."""

Check = Callable[["Scenario"], None]
"""A rule across a scenario's sections: raises ValueError naming the field, the value and what is allowed."""


@dataclass(frozen=True)
class SettingGroup:
    """Scenario fields that vary together when two scenarios' differences are attributed."""

    name: str
    label: str
    """What the group is, in words, for tables and sentences."""
    paths: tuple[str, ...]
    """Dotted field paths it holds; a path naming a whole section covers every field in it."""


CORE_GROUPS: tuple[SettingGroup, ...] = (
    SettingGroup("org", "shape (teams, spans, departments)",
                 ("org.founders", "org.departments", "org.max_team_size", "org.max_span", "org.people", "edits")),
    SettingGroup("work", "working week", ("work.days_per_week", "work.hours_per_day", "work.start_hour")),
)
"""The groups every scenario has: its shape and its working week."""


@dataclass(frozen=True)
class Engine:
    """One analysis: where its result goes in the report, what it needs, how to run it."""

    section: str
    title: str
    runner: Runner | str = field(repr=False)
    """The run function, or ``"package.module:function"`` imported on first use."""
    settings: str | None = None
    uses: tuple[str, ...] = ()
    figures: tuple[Headline, ...] = ()
    needs: str = ""
    """What a scenario must have for this section, in plain words (shown when it is absent)."""
    result: type[Result] | str | None = field(default=None, repr=False)
    """The result model, or ``"package.module:Class"``: the JSON key reference is generated from it."""
    settings_model: type[BaseModel] | str | None = field(default=None, repr=False)
    """The model of ``scenario.<settings>`` when this engine owns that field (or ``"module:Class"``)."""
    groups: tuple[SettingGroup, ...] | str = ()
    """Its setting groups (or ``"module:NAME"``); empty = one group named after the settings field."""
    reads: tuple[str, ...] = ("org", "work")
    """The core groups (`CORE_GROUPS`) its figures depend on."""
    provenance: Mapping[str, Provenance] | str = field(default_factory=dict, repr=False)
    """Schema path -> why the library's default there is what it is (or ``"module:NAME"``)."""
    controls: tuple[str, ...] = ()
    """Sidebar controls: paths inside the settings field (``policy``, ``absences.*.share``)."""
    controls_title: str = ""
    """The title of its sidebar box (default: the engine's title)."""
    in_growth: bool = True
    """False: Growth drops these settings when it scales the organisation (their figures are not grown)."""
    check: Check | str | None = field(default=None, repr=False)
    """A rule across the scenario's sections, run when a scenario is validated (or ``"module:function"``)."""

    def result_model(self) -> type[Result] | None:
        """The engine's result model (imported on first use), or None when it declares none."""
        model: type[Result] | None = resolve(self.result) if isinstance(self.result, str) else self.result
        return model

    def settings_type(self) -> type[BaseModel] | None:
        """The model of the settings field this engine owns (imported now), or None."""
        model = self.settings_model
        resolved: type[BaseModel] | None = resolve(model) if isinstance(model, str) else model
        return resolved

    def default_provenance(self) -> Mapping[str, Provenance]:
        """Why each default of its settings is what it is (imported on first use)."""
        declared = self.provenance
        found: Mapping[str, Provenance] = resolve(declared) if isinstance(declared, str) else declared
        return found

    def setting_groups(self) -> tuple[SettingGroup, ...]:
        """Its setting groups (one for the whole field unless declared), none without owned settings."""
        if isinstance(self.groups, str):
            declared: tuple[SettingGroup, ...] = resolve(self.groups)
            return declared
        if self.groups or self.settings is None or self.settings_model is None:
            return self.groups
        return (SettingGroup(self.settings, self.title.lower(), (self.settings,)),)

    def validate(self, scenario: Scenario) -> None:
        """Run the engine's rule across sections (raises ValueError when the scenario breaks it)."""
        if self.check is not None:
            rule: Check = resolve(self.check) if isinstance(self.check, str) else self.check
            rule(scenario)

    def applies(self, scenario: Scenario) -> bool:
        """True when the scenario has this engine's settings (or it needs none)."""
        return self.settings is None or getattr(scenario, self.settings, None) is not None

    def run(self, scenario: Scenario, table: OrgTable, results: Mapping[str, Result]) -> Result:
        """The engine's result for one scenario; raises ValueError when it cannot analyse it."""
        runner: Runner = resolve(self.runner) if isinstance(self.runner, str) else self.runner
        return runner(scenario, table, results)


def resolve(spec: str) -> Any:
    """The object named by ``"package.module:name"``, imported now."""
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


_REGISTRY: dict[str, Engine] = {}
Listener = Callable[[Engine | None, Engine | None], None]
_LISTENERS: list[Listener] = []


def on_register(listener: Listener) -> None:
    """Call ``listener(old, new)`` on every change of the registry (and now, for each engine registered).

    ``old`` is the engine replaced or removed (or None), ``new`` the one added (or None). The scenario
    model listens, to add or drop the settings field an engine owns.
    """
    _LISTENERS.append(listener)
    for e in _REGISTRY.values():
        listener(None, e)


def _notify(old: Engine | None, new: Engine | None) -> None:
    _CHANGES[0] += 1
    for listener in _LISTENERS:
        listener(old, new)


_CHANGES = [0]
"""How many times the registry changed: `RegistryView` rebuilds when it has."""

_V = TypeVar("_V")


class RegistryView(Mapping[str, _V]):
    """A read-only map derived from the registry by ``build()``, rebuilt after an engine is registered or
    removed (so a new engine shows at once) and otherwise built once."""

    def __init__(self, build: Callable[[], dict[str, _V]]) -> None:
        self._build = build
        self._built_at = -1
        self._map: dict[str, _V] = {}

    def _now(self) -> dict[str, _V]:
        if self._built_at != _CHANGES[0]:
            self._map, self._built_at = self._build(), _CHANGES[0]
        return self._map

    def __getitem__(self, key: str) -> _V:
        return self._now()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._now())

    def __len__(self) -> int:
        return len(self._now())

    def __repr__(self) -> str:
        return repr(self._now())


def register(new: Engine) -> Engine:
    """Add an engine after those it uses (or replace the one with the same section)."""
    missing = [u for u in new.uses if u not in _REGISTRY and u != new.section]
    if missing:
        raise ValueError(f"engine {new.section!r} uses {missing}, which are not registered before it")
    if new.section in ("scenario", "refused"):
        raise ValueError(f"engine section {new.section!r} is reserved for the report itself")
    owner = next((e for e in _REGISTRY.values() if e.section != new.section and new.settings_model is not None
                  and e.settings == new.settings and e.settings_model is not None), None)
    if owner is not None:
        raise ValueError(f"engine {new.section!r} declares the settings field {new.settings!r}, "
                         f"which engine {owner.section!r} already owns")
    old = _REGISTRY.get(new.section)
    _REGISTRY[new.section] = new
    _notify(old, new)
    return new


def unregister(section: str) -> None:
    """Remove an engine (tests that register a toy engine clean up with this)."""
    old = _REGISTRY.pop(section, None)
    if old is not None:
        _notify(old, None)


def settings_engines() -> tuple[Engine, ...]:
    """The engines that own a settings field of the scenario, in registry order."""
    return tuple(e for e in _REGISTRY.values() if e.settings is not None and e.settings_model is not None)


def engines() -> tuple[Engine, ...]:
    """Every registered engine, in run order (an engine after those it uses)."""
    return tuple(_REGISTRY.values())


def engine(section: str) -> Engine:
    """The engine of one report section; KeyError if none."""
    return _REGISTRY[section]


def headline_figures() -> tuple[Headline, ...]:
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


register(Engine("structure", "Structure", _structure, figures=fig.STRUCTURE_FIGURES, reads=("org",),
                result="orgmodel.structure:StructureMetrics"))
register(Engine("review", "Review turnaround", _review, settings="review", figures=fig.REVIEW_FIGURES,
                needs="a code review policy (the `review:` section)", result="orgmodel.review.result:ReviewResult",
                settings_model="orgmodel.review.settings:ReviewSettings",
                provenance="orgmodel.review.defaults:PROVENANCE",
                groups=(SettingGroup("review", "review policy", ("review",)),),
                controls_title="Code review policy",
                controls=("policy", "reviewers_per_change", "approvals", "changes_per_engineer_per_day",
                          "hours_per_review", "switch_delay_hours", "batch_interval_hours", "leads_review",
                          "owner_share", "absences.*.share", "absences.*.mean_hours")))
register(Engine("decisions", "Decisions", _decisions, settings="decisions", figures=fig.DECISIONS_FIGURES,
                needs="decision and meeting settings (the `decisions:` section)",
                result="orgmodel.decisions.analysis:DecisionsResult",
                settings_model="orgmodel.decisions.settings:DecisionSettings",
                provenance="orgmodel.decisions.defaults:PROVENANCE",
                groups=(SettingGroup("decisions", "meetings, relays and escalations", ("decisions",)),),
                check="orgmodel.decisions.checks:check_meetings_in_working_day",
                controls_title="Decisions and meetings",
                controls=("escalations_per_engineer_per_week", "share_to_top", "hours_per_decision", "fidelity_per_hop",
                          "decided_by", "founder.meeting_interval_days", "manager.meeting_interval_days",
                          "manager.relay", "lead.meeting_interval_days", "lead.relay",
                          "engineer_meeting_hours_per_week", "feedback_posts_per_day")))
register(Engine("time_budget", "The engineer's week", _time_budget, settings="decisions", uses=("review",),
                figures=fig.TIME_BUDGET_FIGURES,
                needs="decision settings (the `decisions:` section), which the week's budget needs",
                result="orgmodel.decisions.week:TimeBudget"))
register(Engine("equity", "Equity", _equity, settings="equity", figures=fig.EQUITY_FIGURES,
                needs="a cap table (the `equity:` section)", result="orgmodel.equity.analysis:EquityResult",
                settings_model="orgmodel.equity.settings:EquitySettings",
                provenance="orgmodel.equity.defaults:PROVENANCE",
                groups="orgmodel.equity.defaults:SETTING_GROUPS", reads=("org",), in_growth=False,
                controls=("exit_valuation_usd", "buyback_rate_per_year", "vesting_years", "pool_initial_pct")))
register(Engine("cost", "Cost", "orgmodel.cost.analysis:run", settings="cost",
                figures=resolve("orgmodel.cost.figures:COST_FIGURES"), needs="cost settings (the `cost:` section)",
                result="orgmodel.cost.analysis:CostResult", settings_model="orgmodel.cost.settings:CostSettings",
                provenance="orgmodel.cost.defaults:PROVENANCE", controls=("overhead_multiplier",),
                controls_title="Cost"))
