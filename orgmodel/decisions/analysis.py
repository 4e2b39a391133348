"""Decisions: escalation latency, mobilisation, control loss, in one result for the CLI and app."""

from __future__ import annotations

from typing import Any

import numpy as np
from pydantic import Field

from orgmodel.decisions.checks import check_meetings_in_working_day
from orgmodel.decisions.control import fidelity_at_engineers
from orgmodel.decisions.escalation import (
    COMPONENTS,
    EscalationModel,
    EscalationSample,
    clearing_advice,
    escalation_model,
    simulate_escalations,
)
from orgmodel.decisions.mobilisation import Mobilisation, mobilise
from orgmodel.decisions.settings import DecisionSettings
from orgmodel.layout import layout
from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable, Role
from orgmodel.scenario import Scenario
from orgmodel.workclock import WorkClock, calendar_durations

__all__ = [
    "DecisionsResult",
    "LatencySplit",
    "ManagerLoad",
    "OriginLevelLatency",
    "RelayStep",
    "TimelinePoint",
    "analyse_decisions",
]

BUSY_UTILISATION = 0.8
"""Utilisation above which a decision-maker is flagged busy (waits grow as 1/(1 - rho))."""
TOP_MANAGERS = 5
MAX_TIMELINE_POINTS = 200


class OriginLevelLatency(Result):
    """Round trips of the escalations raised by engineers at one level (working hours)."""

    level: int
    engineers: int
    hops_to_head: int = Field(description="queues an escalation to the department head passes")
    mean_working_hours: float | None = Field(description="None when the path crosses an unstable queue")
    p90_working_hours: float | None
    to_lead_mean_working_hours: float | None
    to_head_mean_working_hours: float | None


class LatencySplit(Result):
    """Where the mean round trip goes, working hours (sums to ``escalation_mean_working_hours``)."""

    queueing_working_hours: float
    deciding_working_hours: float
    meetings_working_hours: float
    hops_working_hours: float


class ManagerLoad(Result):
    """One decision-maker's queue."""

    row: int
    name: str
    role: str
    level: int
    arrivals_per_week: float
    decision_hours_per_week: float = Field(description="arrivals x hours_per_decision")
    available_hours_per_week: float = Field(description="decision_time_share x working week")
    utilisation: float
    flag: str = Field(description="ok, busy (> 0.8) or unstable (>= 1)")
    mean_wait_working_hours: float | None = Field(description="mean wait in the queue; None if unstable")
    decisions_in_system: float | None = Field(description="Little's law L = lambda W; None if unstable")


class TimelinePoint(Result):
    """Share of engineers who have the decision by this time."""

    calendar_hours: float
    working_hours: float
    share: float


class RelayStep(Result):
    """Time one role's relays add to mobilisation."""

    role: str
    channel: str
    engineers_below: int
    mean_added_calendar_hours: float = Field(description="calendar hours per engineer reached through this role")
    mean_added_working_hours: float


class DecisionsResult(Result):
    """Escalation latency (working hours), mobilisation (calendar and working hours), control loss."""

    engineers: int
    escalations_per_week: float
    escalation_mean_working_hours: float | None
    escalation_p50_working_hours: float | None
    escalation_p90_working_hours: float | None
    escalation_p50_calendar_hours: float | None = Field(
        default=None, description="median round trip in clock hours, nights and rest days included")
    escalation_p90_calendar_hours: float | None = Field(
        default=None, description="p90 round trip in clock hours, nights and rest days included")
    by_origin_level: list[OriginLevelLatency]
    latency_split: LatencySplit | None
    busiest_managers: list[ManagerLoad]
    busiest_manager_utilisation: float
    busiest_founder_utilisation: float | None = Field(
        default=None, description="the busiest founder's decision utilisation; None when no founder gets escalations"
    )
    busiest_middle_manager_utilisation: float | None = Field(
        default=None, description="the busiest middle manager's decision utilisation; None when there are none"
    )
    busy_managers: int = Field(description="decision-makers with utilisation above 0.8")
    unstable: bool
    unstable_reason: str
    mobilisation_p50_calendar_hours: float
    mobilisation_p90_calendar_hours: float
    mobilisation_p100_calendar_hours: float
    mobilisation_p50_working_hours: float
    mobilisation_p90_working_hours: float
    mobilisation_p100_working_hours: float
    mobilisation_target_calendar_hours: float = Field(description="the scenario's mobilisation target, calendar hours")
    mobilisation_within_target: bool
    mobilisation_timeline: list[TimelinePoint]
    mobilisation_steps: list[RelayStep]
    bottleneck: str
    fidelity_at_engineers: float
    fidelity_per_hop: float = Field(default=1.0, description="share of intent kept per relay hop (the input)")
    notes: list[str]


def analyse_decisions(scenario: Scenario, table: OrgTable | None = None) -> DecisionsResult:
    """Escalation latency, manager load, mobilisation and control loss for a scenario.

    Parameters
    ----------
    scenario : a scenario with a ``decisions`` section.
    table : its laid-out organisation (computed with `layout` if omitted).

    Raises
    ------
    ValueError : if ``scenario.decisions`` is None, or a meeting hour falls outside the working day.

    Notes
    -----
    Escalation means are closed forms (sums of per-hop M/G/1 means); percentiles come from
    ``simulation_draws`` escalations sampled from the per-hop laws with ``scenario.seed``.
    Mobilisation is deterministic. See docs/model.md (section 3).
    """
    settings = scenario.decisions
    if settings is None:
        raise ValueError("scenario.decisions is null: add a decisions section to analyse decisions")
    table = table if table is not None else layout(scenario)
    clock = WorkClock.of(scenario.work)
    check_meetings_in_working_day(scenario)
    hpw = clock.hours_per_week
    model = escalation_model(table, settings, clock.hours_per_day, hpw)
    n_eng = int(model.engineers.size)
    notes: list[str] = [
        "Escalation latency is in working hours; mobilisation in calendar hours from the decision "
        "(working-hour versions alongside).",
    ]
    load = _manager_load(table, model, settings, hpw)
    latency = _escalation_latency(scenario, table, model, clock, unstable=bool(load["unstable"]))
    notes += latency.pop("notes")
    if not n_eng:
        notes.append("No engineers: nothing is escalated or mobilised.")
    mobilisation = _mobilisation(table, settings, clock, model, n_eng)
    return DecisionsResult(
        engineers=n_eng,
        escalations_per_week=float(settings.escalations_per_engineer_per_week * n_eng),
        **latency,
        **load,
        **mobilisation,
        fidelity_at_engineers=fidelity_at_engineers(table, settings.fidelity_per_hop),
        fidelity_per_hop=settings.fidelity_per_hop,
        notes=notes,
    )


def _busiest(model: EscalationModel, rows: np.ndarray) -> float | None:
    """The highest decision utilisation among ``rows`` (None when there are none)."""
    return float(model.rho[rows].max()) if rows.size else None


def _manager_load(
    table: OrgTable, model: EscalationModel, settings: DecisionSettings, hpw: float
) -> dict[str, Any]:
    """The decision-makers' load: the busiest, the busy count, and whether some queue never clears."""
    makers = np.flatnonzero((table.role != Role.ENGINEER) & (model.arrivals_per_week > 0))
    ranked = makers[np.argsort(-model.rho[makers], kind="stable")][:TOP_MANAGERS]
    unstable_rows = model.unstable_rows
    reason = ""
    if unstable_rows.size:
        worst = int(unstable_rows[np.argmax(model.rho[unstable_rows])])
        reason = (
            f"{unstable_rows.size} decision-maker(s) get more escalations than they can decide, the most "
            f"overloaded first (utilisation {model.rho[worst]:.2f} >= 1): "
            + clearing_advice(table, model, settings, worst, hpw)
            + ". Until then the queue grows without bound, so no finite latency is reported through it."
        )
    return {
        "busiest_managers": [_load(table, model, int(v), hpw) for v in ranked],
        "busiest_manager_utilisation": _busiest(model, makers) or 0.0,
        "busiest_founder_utilisation": _busiest(model, makers[table.role[makers] == Role.FOUNDER]),
        "busiest_middle_manager_utilisation": _busiest(model, makers[table.role[makers] == Role.MANAGER]),
        "busy_managers": int(np.count_nonzero(model.rho[makers] > BUSY_UTILISATION)),
        "unstable": bool(unstable_rows.size),
        "unstable_reason": reason,
    }


def _by_origin_level(
    table: OrgTable, model: EscalationModel, sample: EscalationSample | None
) -> list[OriginLevelLatency]:
    """Escalation latency of the engineers at each level (the deeper, the more hops to the head)."""
    mean_by_eng = model.mean_round_trip()
    levels = table.level[model.engineers]
    out: list[OriginLevelLatency] = []
    for lvl in np.unique(levels):
        at = levels == lvl
        finite = not model.unstable_path[at].any()
        lead = model.to_lead_total()[at]
        head = model.to_head_total()[at]
        p90 = None
        if sample is not None:
            sel = table.level[sample.origin] == lvl
            p90 = float(np.quantile(sample.total[sel], 0.9)) if sel.any() else None
        out.append(OriginLevelLatency(
            level=int(lvl),
            engineers=int(at.sum()),
            hops_to_head=int(lvl),
            mean_working_hours=float(mean_by_eng[at].mean()) if finite else None,
            p90_working_hours=p90 if finite else None,
            to_lead_mean_working_hours=float(lead.mean()) if finite else None,
            to_head_mean_working_hours=float(head.mean()) if finite else None,
        ))
    return out


def _escalation_latency(
    scenario: Scenario, table: OrgTable, model: EscalationModel, clock: WorkClock, *, unstable: bool
) -> dict[str, Any]:
    """Escalation round trips: exact means, sampled percentiles (working and calendar), by origin level."""
    settings = scenario.decisions
    assert settings is not None
    n_eng = int(model.engineers.size)
    draws = settings.simulation_draws if n_eng and not unstable else 0
    rng = np.random.default_rng(scenario.seed)
    sample = simulate_escalations(model, table, draws, settings.decision_cv, rng) if draws else None
    s = settings.share_to_top
    out: dict[str, Any] = {
        "by_origin_level": _by_origin_level(table, model, sample), "latency_split": None, "notes": [],
        "escalation_mean_working_hours": None, "escalation_p50_working_hours": None,
        "escalation_p90_working_hours": None, "escalation_p50_calendar_hours": None,
        "escalation_p90_calendar_hours": None,
    }
    if not n_eng or unstable:
        return out
    out["latency_split"] = LatencySplit(**{
        f"{c}_working_hours": float(((1 - s) * model.to_lead_by_component[c]
                                     + s * model.to_head_by_component[c]).mean())
        for c in COMPONENTS
    })
    mean = float(model.mean_round_trip().mean())
    out["escalation_mean_working_hours"] = mean
    if sample is not None:
        p50, p90 = (float(x) for x in np.quantile(sample.total, [0.5, 0.9]))
        cal50, cal90 = (float(x) for x in np.quantile(calendar_durations(clock, sample.total, rng), [0.5, 0.9]))
        out.update(escalation_p50_working_hours=p50, escalation_p90_working_hours=p90,
                   escalation_p50_calendar_hours=cal50, escalation_p90_calendar_hours=cal90)
        out["notes"].append(
            f"Percentiles from {draws:,} escalations sampled with seed {scenario.seed}; "
            f"sampled mean {sample.total.mean():.1f} h against the exact {mean:.1f} h."
        )
    return out


def _mobilisation(
    table: OrgTable, settings: DecisionSettings, clock: WorkClock, model: EscalationModel, n_eng: int
) -> dict[str, Any]:
    """How long until every engineer has a decision taken at the top, and what holds it up."""
    mob = mobilise(table, settings, clock, model.order)
    cal, wrk = _percentiles(mob.calendar_hours), _percentiles(mob.working_hours)
    target = settings.mobilisation_target_hours
    steps = [
        RelayStep(
            role=st.role, channel=st.channel, engineers_below=st.engineers_below,
            mean_added_calendar_hours=st.added_hours_sum / st.engineers_below,
            mean_added_working_hours=st.added_working_hours_sum / st.engineers_below,
        )
        for st in mob.steps if st.engineers_below
    ]
    return {
        "mobilisation_p50_calendar_hours": cal[0],
        "mobilisation_p90_calendar_hours": cal[1],
        "mobilisation_p100_calendar_hours": cal[2],
        "mobilisation_p50_working_hours": wrk[0],
        "mobilisation_p90_working_hours": wrk[1],
        "mobilisation_p100_working_hours": wrk[2],
        "mobilisation_target_calendar_hours": target,
        "mobilisation_within_target": bool(n_eng == 0 or cal[2] < target),
        "mobilisation_timeline": _timeline(mob),
        "mobilisation_steps": steps,
        "bottleneck": _bottleneck(mob, steps, cal[2], target, n_eng),
    }


def _load(table: OrgTable, model: EscalationModel, v: int, hpw: float) -> ManagerLoad:
    rho = float(model.rho[v])
    lam = float(model.arrivals_per_week[v])
    stable = rho < 1.0
    flag = "unstable" if not stable else ("busy" if rho > BUSY_UTILISATION else "ok")
    wait = float(model.wait_hours[v]) if stable else None
    in_system = lam / hpw * (float(model.wait_hours[v]) + float(model.service_hours[v])) if stable else None
    share = float(model.hops.available_share[v])
    return ManagerLoad(
        row=v,
        name=table.name_of(v),
        role=Role(int(table.role[v])).label,
        level=int(table.level[v]),
        arrivals_per_week=lam,
        decision_hours_per_week=lam * float(model.service_hours[v]) * share,
        available_hours_per_week=share * hpw,
        utilisation=rho,
        flag=flag,
        mean_wait_working_hours=wait,
        decisions_in_system=in_system,
    )


def _percentiles(hours: np.ndarray) -> tuple[float, float, float]:
    """Hours by which 50%, 90% and 100% of engineers have it (no interpolation)."""
    if hours.size == 0:
        return 0.0, 0.0, 0.0
    p50, p90 = np.quantile(hours, [0.5, 0.9], method="inverted_cdf")
    return float(p50), float(p90), float(hours.max())


def _timeline(mob: Mobilisation) -> list[TimelinePoint]:
    """Step points (hours, share of engineers reached by then), at most ~200, starting at 0."""
    n = mob.calendar_hours.size
    if n == 0:
        return []
    order = np.argsort(mob.calendar_hours, kind="stable")
    cal = mob.calendar_hours[order]
    wrk = mob.working_hours[order]
    last = np.r_[cal[1:] != cal[:-1], True]  # last engineer at each distinct time
    idx = np.flatnonzero(last)
    if idx.size > MAX_TIMELINE_POINTS:
        keep = np.unique(np.ceil(np.linspace(0, 1, MAX_TIMELINE_POINTS) * n).astype(int).clip(1, n) - 1)
        idx = np.unique(np.r_[keep, idx[-1]])
    points = [TimelinePoint(calendar_hours=0.0, working_hours=0.0, share=0.0)]
    points += [
        TimelinePoint(calendar_hours=float(cal[i]), working_hours=float(wrk[i]), share=(i + 1) / n)
        for i in idx
    ]
    return points


def _bottleneck(mob: Mobilisation, steps: list[RelayStep], p100: float, target: float, n_eng: int) -> str:
    if n_eng == 0 or not steps:
        return "No engineers to reach."
    worst = max(mob.steps, key=lambda st: st.added_hours_sum)
    worst_step = next(st for st in steps if st.role == worst.role)
    verdict = "within" if p100 < target else "over"
    return (
        f"{worst.role.capitalize()}s relay {worst.channel}: +{worst_step.mean_added_calendar_hours:.1f} hours "
        f"on average for the {worst.engineers_below} engineers reached through them; the last engineer "
        f"has the decision {p100:.1f} hours after it was taken, {verdict} the {target:g}-hour target."
    )
