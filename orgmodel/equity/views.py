"""View-ready slices of an equity result for the app's pages (no arithmetic left to the shell)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import Field

from orgmodel.equity.analysis import EquityResult, StakeCohort
from orgmodel.equity.exitrange import Breakpoint, breakpoints, exit_grid
from orgmodel.equity.holders import holder_proceeds
from orgmodel.equity.stakes import compute_stakes
from orgmodel.model_base import Result
from orgmodel.orgtable import OrgTable
from orgmodel.scenario import Scenario

__all__ = ["EquityView", "HolderLine", "HolderRange", "convertible_edits", "equity_view", "holder_range",
           "round_edits", "rounds_table", "same_value", "staff_groups", "staff_stake_distribution"]

GROUPS = ("founders", "employees", "investors", "fees", "carve_out")
ROUND_COLUMNS = ("name", "date", "amount_usd", "pre_money_usd", "post_money_usd", "preference_multiple",
                 "participating", "participation_cap_multiple", "seniority", "convertible", "conversion_ratio",
                 "dividend_pct", "dividend_compounding", "dividend_day_count", "pool_top_up_pct", "pool_top_up_basis")
CONVERTIBLE_COLUMNS = ("name", "kind", "date", "amount_usd", "valuation_cap_usd", "discount_pct", "mfn",
                       "interest_pct", "day_count")


def staff_groups(result: EquityResult) -> list[StakeCohort]:
    """The result's stake groups without the founders (each founder is a group of one)."""
    return [s for s in result.stakes if s.role != "founder"]


def staff_stake_distribution(result: EquityResult) -> tuple[list[float], list[int]]:
    """Staff stakes (US$ per person, one per group) and the people in each group, for a distribution chart."""
    staff = staff_groups(result)
    return [s.stake_usd for s in staff], [s.count for s in staff]


def _plain(value: Any) -> Any:
    """A data-editor cell as a JSON value (NaN and NaT -> None, numpy scalars -> Python)."""
    if value is None or (isinstance(value, float) and value != value) or str(value) == "NaT":
        return None
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return value


def same_value(a: Any, b: Any) -> bool:
    """Two cell values are the same edit (numbers to 1e-9 relative)."""
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= 1e-9 * max(abs(float(a)), abs(float(b)), 1.0)
    return bool(a == b)


def round_edits(rows: list[dict[str, Any]], base_rounds: list[dict[str, Any]]) -> dict[str, str]:
    """``equity.rounds.<i>.<field>`` -> JSON text for every cell that differs from the base scenario."""
    out = {}
    for i, row in enumerate(rows):
        base = base_rounds[i] if i < len(base_rounds) else {}
        for field, value in row.items():
            if not same_value(_plain(value), base.get(field)):
                out[f"equity.rounds.{i}.{field}"] = json.dumps(_plain(value))
    return out


def convertible_edits(rows: list[dict[str, Any]], base: list[dict[str, Any]]) -> dict[str, str]:
    """``equity.convertibles`` -> the whole edited list (JSON) when it differs from the base scenario's."""
    edited = []
    for i, row in enumerate(rows):
        cells = {k: _plain(v) for k, v in row.items() if _plain(v) is not None}
        if not cells.get("name"):
            continue
        edited.append({**(base[i] if i < len(base) else {}), **cells})
    same = len(edited) == len(base) and all(
        all(same_value(e.get(k), b.get(k)) for k in CONVERTIBLE_COLUMNS) for e, b in zip(edited, base, strict=True))
    return {} if same else {"equity.convertibles": json.dumps(edited)}



class HolderLine(Result):
    """One holder's proceeds (US$, net of strike) at each exit of the range."""

    name: str
    kind: str
    proceeds_usd: list[float]


class HolderRange(Result):
    """What each holder gets across exit values, with the breakpoints (conversions, caps, strikes) to mark."""

    exit_usd: list[float]
    holders: list[HolderLine] = Field(description="one line per holder; at each exit they sum to the exit")
    breakpoints: list[Breakpoint]
    scenario_exit_usd: float


def holder_range(scenario: Scenario, table: OrgTable | None = None, points: int = 60) -> HolderRange:
    """Every holder's proceeds at ``points`` log-spaced exits spanning the breakpoints (`exit_grid`); holders
    that get nothing anywhere (fees and carve-out when there are none) are left out."""
    s = compute_stakes(scenario, table)
    marks = breakpoints(s)
    exits = exit_grid(s, marks, points)
    h = holder_proceeds(s, exits)
    lines = [HolderLine(name=n, kind=k, proceeds_usd=[float(v) for v in usd])
             for n, k, usd in zip(h.names, h.kinds, h.usd, strict=True) if float(usd.max(initial=0.0)) > 0]
    return HolderRange(exit_usd=[float(x) for x in exits], holders=lines, breakpoints=marks,
                       scenario_exit_usd=s.settings.exit_valuation_usd)


def rounds_table(scenario: Scenario) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The scenario's rounds and SAFEs/notes as editor rows (JSON-ready values, one column per term)."""
    eq = scenario.equity
    if eq is None:
        return [], []
    rounds = [{k: v for k, v in r.model_dump(mode="json").items() if k in ROUND_COLUMNS} for r in eq.rounds]
    conv = [{k: v for k, v in c.model_dump(mode="json").items() if k in CONVERTIBLE_COLUMNS} for c in eq.convertibles]
    return rounds, conv


class EquityView(Result):
    """Everything the Equity page draws, as plain series (from `analyse_equity` and `holder_range`)."""

    dilution_rounds: list[str]
    dilution: dict[str, list[float]]
    by_role: tuple[list[str], list[float], list[int]]
    by_level: tuple[list[str], list[float], list[int]]
    staff: tuple[list[str], list[float], list[float], list[int], list[str]] = Field(
        description="labels, salaries, stakes, people, roles of the staff's stake groups")
    distribution: tuple[list[float], list[int]]
    exit_usd: list[float]
    exit_groups: dict[str, list[float]] = Field(description="proceeds by group; fees and carve-out only when used")
    marks: list[tuple[float, str]]
    holder_range: HolderRange
    rounds: list[dict[str, Any]]
    convertibles: list[dict[str, Any]]


def _groups(rows: list[Any]) -> tuple[list[str], list[float], list[int]]:
    staff = [g for g in rows if g.key not in ("founder", "0")]
    return [g.key for g in staff], [g.median_stake_usd for g in staff], [g.people for g in staff]


def equity_view(scenario: Scenario, result: EquityResult, table: OrgTable | None = None) -> EquityView:
    """The Equity page's series for ``scenario`` (whose equity analysis is ``result``)."""
    rows = result.dilution
    staff = staff_groups(result)
    points = result.exit_range
    groups = {g: [getattr(p.proceeds_usd, g) for p in points] for g in GROUPS}
    groups = {g: v for g, v in groups.items() if g in GROUPS[:3] or max(v, default=0.0) > 0}
    rounds, conv = rounds_table(scenario)
    return EquityView(
        dilution_rounds=[r.round for r in rows],
        dilution={"founders_pct": [r.founders_pct for r in rows], "employees_pct": [r.employees_pct for r in rows],
                  "investors_pct": [r.investors_pct for r in rows],
                  "pool_unallocated_pct": [r.pool_unallocated_pct for r in rows]},
        by_role=_groups(result.by_role), by_level=_groups(result.by_level),
        staff=([s.label for s in staff], [s.salary_usd for s in staff], [s.stake_usd for s in staff],
               [s.count for s in staff], [s.role for s in staff]),
        distribution=staff_stake_distribution(result),
        exit_usd=[p.exit_valuation_usd for p in points], exit_groups=groups,
        marks=[(b.exit_valuation_usd, b.description) for b in result.breakpoints],
        holder_range=holder_range(scenario, table), rounds=rounds, convertibles=conv,
    )
