"""Equity charts: dilution over rounds, stakes by group, stake against salary, stake distributions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from orgmodel.charts.style import ROLE_COLOURS, SCENARIO_COLOURS, finish, hline, vline
from orgmodel.equity.exitrange import usd_short

__all__ = ["dilution", "exit_proceeds", "holders_across_exits", "stake_across_exits", "stake_distribution",
           "stake_vs_salary", "stakes_by_group"]

OWNERS = {"founders_pct": ("founders", ROLE_COLOURS["founder"]),
          "employees_pct": ("employees", ROLE_COLOURS["engineer"]),
          "investors_pct": ("investors", "#1c7ed6"), "pool_unallocated_pct": ("unallocated pool", "#adb5bd")}


def dilution(rounds: Sequence[str], shares: Mapping[str, Sequence[float]],
             *, title: str = "Who owns the company, round by round") -> go.Figure:
    """Stacked ownership (% of all shares) after each round, by group (founders, employees, ...)."""
    fig = go.Figure()
    for key, (label, colour) in OWNERS.items():
        if key not in shares:
            continue
        fig.add_trace(go.Scatter(x=list(rounds), y=list(shares[key]), name=label, stackgroup="own", mode="lines",
                                 line={"width": 0.5, "color": colour},
                                 hovertemplate="%{x}: " + label + " %{y:.1f}%<extra></extra>"))
    fig.update_xaxes(title_text="after the round")
    fig.update_yaxes(title_text="ownership (% of all shares)", range=[0, 100], ticksuffix="%")
    return finish(fig, title=title)


def stakes_by_group(labels: Sequence[str], median_stake_usd: Sequence[float], people: Sequence[int], *,
                    axis: str = "group", title: str = "Typical stake by group") -> go.Figure:
    """Median stake per person (US$) for each group, with the group's head count on hover."""
    fig = go.Figure(go.Bar(x=list(labels), y=list(median_stake_usd), customdata=list(people),
                           marker_color=SCENARIO_COLOURS[1],
                           hovertemplate="%{x}: median $%{y:,.0f} (%{customdata:,} people)<extra></extra>"))
    fig.update_xaxes(title_text=axis, type="category")
    fig.update_yaxes(title_text="median stake per person (US$)", tickformat="$~s", rangemode="tozero")
    return finish(fig, title=title, legend=False)


def stake_vs_salary(labels: Sequence[str], salary_usd: Sequence[float], stake_usd: Sequence[float],
                    count: Sequence[int], roles: Sequence[str], *,
                    title: str = "Stake against salary (each dot a group of alike people)") -> go.Figure:
    """Stake (US$) against annual salary (US$), dot area by people; lines at 1x and 10x salary.

    Groups with no stake cannot sit on a log axis: they are left out and counted in a note.
    """
    fig = go.Figure()
    sizes = np.sqrt(np.asarray(count, dtype=float))
    scale = 30 / max(float(sizes.max()), 1.0) if sizes.size else 1.0
    without = sum(c for c, stake in zip(count, stake_usd) if stake <= 0)
    for role in dict.fromkeys(roles):
        idx = [i for i, r in enumerate(roles) if r == role and stake_usd[i] > 0]
        if not idx:
            continue
        fig.add_trace(go.Scatter(
            x=[salary_usd[i] for i in idx], y=[max(stake_usd[i], 1.0) for i in idx], mode="markers", name=role,
            marker={"size": [6 + sizes[i] * scale for i in idx], "color": ROLE_COLOURS.get(role, "#868e96"),
                    "opacity": 0.75},
            text=[f"{labels[i]} ({count[i]:,} people)" for i in idx],
            hovertemplate="%{text}<br>salary $%{x:,.0f}<br>stake $%{y:,.0f}<extra></extra>"))
    if len(salary_usd):
        lo, hi = min(salary_usd) * 0.8, max(salary_usd) * 1.2
        for multiple in (1, 10):
            fig.add_trace(go.Scatter(x=[lo, hi], y=[lo * multiple, hi * multiple], mode="lines", showlegend=False,
                                     line={"dash": "dot", "color": "#868e96", "width": 1}, hoverinfo="skip"))
            fig.add_annotation(x=np.log10(hi), y=np.log10(hi * multiple), xref="x", yref="y",
                               text=f"{multiple}× salary", showarrow=False, xanchor="right", yanchor="bottom",
                               font={"color": "#868e96"})
    if without:
        fig.add_annotation(text=f"{without:,} people with no stake not shown", xref="paper", yref="paper",
                           x=0, y=0, xanchor="left", yanchor="bottom", showarrow=False, font={"color": "#868e96"})
    fig.update_xaxes(title_text="annual salary (US$, log scale)", type="log", tickformat="$~s")
    fig.update_yaxes(title_text="stake at the round price (US$, log scale)", type="log", tickformat="$~s")
    return finish(fig, title=title)


def stake_distribution(groups: Mapping[str, tuple[Sequence[float], Sequence[int]]], *,
                       title: str = "Employees' stakes: share holding at most x") -> go.Figure:
    """Empirical CDF of stakes (US$, log x) over employees, one curve per scenario.

    ``groups`` maps scenario name -> (stake per person of each group, people in the group).
    Stakes below US$1 (none at all) are drawn at US$1, the left edge of the log axis.
    """
    fig = go.Figure()
    for i, (name, (stakes, counts)) in enumerate(groups.items()):
        order = np.argsort(np.asarray(stakes, dtype=float))
        x = np.asarray(stakes, dtype=float)[order]
        w = np.asarray(counts, dtype=float)[order]
        if w.sum() <= 0:
            continue
        y = np.concatenate([[0.0], np.cumsum(w) / w.sum()])
        x = np.concatenate([x[:1], x])
        fig.add_trace(go.Scatter(x=np.maximum(x, 1.0), y=y, mode="lines", line_shape="hv", name=name,
                                 line={"color": SCENARIO_COLOURS[i % 2]},
                                 hovertemplate="%{y:.0%} hold at most $%{x:,.0f}<extra>" + name + "</extra>"))
    fig.update_xaxes(title_text="stake per employee (US$, log scale; no stake drawn at $1)", type="log",
                     tickformat="$~s")
    fig.update_yaxes(title_text="share of employees", tickformat=".0%", range=[0, 1.02])
    return finish(fig, title=title, legend=len(groups) > 1)


PROCEEDS_GROUPS = {"founders": ROLE_COLOURS["founder"], "employees": ROLE_COLOURS["engineer"], "investors": "#1c7ed6",
                   "fees": "#adb5bd", "carve_out": "#f08c00"}


def _mark_breakpoints(fig: go.Figure, breaks: Sequence[tuple[float, str]], top: float) -> None:
    """Dotted vertical lines at the breakpoints, with their sentence on hover (a marker at the top)."""
    for x, _text in breaks:
        fig.add_vline(x=x, line={"dash": "dot", "color": "#868e96", "width": 1})
    if breaks:
        fig.add_trace(go.Scatter(
            x=[x for x, _ in breaks], y=[top] * len(breaks), mode="markers", name="regime changes",
            marker={"symbol": "triangle-down", "size": 9, "color": "#495057"}, text=[t for _, t in breaks],
            hovertemplate="exit $%{x:,.3s}: %{text}<extra></extra>"))


def exit_proceeds(exit_usd: Sequence[float], proceeds: Mapping[str, Sequence[float]],
                  breaks: Sequence[tuple[float, str]] = (), *, scenario_exit_usd: float | None = None,
                  title: str = "Who gets the exit money, by exit value") -> go.Figure:
    """Stacked proceeds (US$) by holder group against the exit value (US$, log x), breakpoints marked.

    ``proceeds`` maps a group (``founders``, ``employees``, ``investors``) to its US$ at each exit;
    ``breaks`` are (exit value, what happens there); ``scenario_exit_usd`` draws the exit scenario.
    """
    fig = go.Figure()
    for key, colour in PROCEEDS_GROUPS.items():
        if key not in proceeds:
            continue
        fig.add_trace(go.Scatter(x=list(exit_usd), y=list(proceeds[key]), name=key, stackgroup="exit", mode="lines",
                                 line={"width": 0.5, "color": colour},
                                 hovertemplate="exit $%{x:,.3s}: " + key + " $%{y:,.3s}<extra></extra>"))
    top = max(exit_usd) if len(exit_usd) else 1.0
    _mark_breakpoints(fig, breaks, top)
    if scenario_exit_usd is not None:
        vline(fig, scenario_exit_usd, log_x=True, line={"color": SCENARIO_COLOURS[0], "width": 1.5},
              text="exit scenario")
    fig.update_xaxes(title_text="exit value of the company (US$, log scale)", type="log", tickformat="$~s")
    fig.update_yaxes(title_text="proceeds (US$, stacked)", tickformat="$~s", rangemode="tozero")
    return finish(fig, title=title)


def stake_across_exits(exit_usd: Sequence[float], value_usd: Sequence[float], salary_usd: float | None, *,
                       who: str, breaks: Sequence[tuple[float, str]] = (),
                       title: str = "Your stake, by exit value") -> go.Figure:
    """One person's (or role's) exit proceeds (US$) against the exit value, both log, salary as a line.

    Exits where the stake is nothing cannot sit on a log axis: they are left out and noted.
    """
    fig = go.Figure()
    pos = [(x, v) for x, v in zip(exit_usd, value_usd, strict=True) if v > 0]
    fig.add_trace(go.Scatter(x=[x for x, _ in pos], y=[v for _, v in pos], mode="lines+markers", name=who,
                             line={"color": SCENARIO_COLOURS[0]},
                             hovertemplate="exit $%{x:,.3s}: $%{y:,.3s}<extra>" + who + "</extra>"))
    if salary_usd:
        hline(fig, salary_usd, log_y=True, line={"dash": "dash", "color": "#868e96", "width": 1},
              text=f"one year's salary (${salary_usd:,.0f})")
    top = max([v for _, v in pos] + [salary_usd or 0.0, 1.0])
    _mark_breakpoints(fig, breaks, top)
    zero = [x for x, v in zip(exit_usd, value_usd, strict=True) if v <= 0]
    if zero:
        fig.add_annotation(text=f"no stake at exits up to {usd_short(max(zero))}", xref="paper", yref="paper", x=0, y=0,
                           xanchor="left", yanchor="bottom", showarrow=False, font={"color": "#868e96"})
    fig.update_xaxes(title_text="exit value of the company (US$, log scale)", type="log", tickformat="$~s")
    fig.update_yaxes(title_text="proceeds net of strike (US$, log scale)", type="log", tickformat="$~s")
    return finish(fig, title=title)


BREAK_STYLES = {  # breakpoint kind -> (label, colour, dash)
    "preference_paid": ("preference paid in full", "#1c7ed6", "dot"),
    "options_in_money": ("options come into the money", "#868e96", "dot"),
    "converts": ("a class converts", "#7048e8", "solid"),
    "cap_binds": ("a cap binds", "#f08c00", "dash"),
}
HOLDER_COLOURS = ("#e03131", "#2f9e44", "#1971c2", "#f08c00", "#7048e8", "#0c8599", "#c2255c", "#5c940d",
                  "#862e9c", "#495057")


def holders_across_exits(exit_usd: Sequence[float], holders: Mapping[str, Sequence[float]],
                         breaks: Sequence[tuple[float, str, str]] = (), *, scenario_exit_usd: float | None = None,
                         title: str = "What each holder gets, by exit value") -> go.Figure:
    """Each holder's proceeds (US$, log) against the exit value (US$, log), one line each, with the
    breakpoints as vertical lines styled by kind (conversion, cap, preference paid, options in the money).

    ``holders`` maps a holder to its US$ at each exit (nothing is drawn where it gets nothing: a log axis);
    ``breaks`` are (exit value, kind, what happens there).
    """
    fig = go.Figure()
    for i, (name, usd) in enumerate(holders.items()):
        y = [v if v > 0 else None for v in usd]
        fig.add_trace(go.Scatter(x=list(exit_usd), y=y, mode="lines", name=name,
                                 line={"color": HOLDER_COLOURS[i % len(HOLDER_COLOURS)], "width": 2},
                                 hovertemplate="exit $%{x:,.3s}: " + name + " $%{y:,.3s}<extra></extra>"))
    for kind, (label, colour, dash) in BREAK_STYLES.items():
        xs = [(x, text) for x, k, text in breaks if k == kind]
        for x, _ in xs:
            fig.add_vline(x=x, line={"dash": dash, "color": colour, "width": 1})
        if xs:
            fig.add_trace(go.Scatter(
                x=[x for x, _ in xs], y=[None] * len(xs), mode="markers", name=label, visible="legendonly",
                marker={"symbol": "line-ns", "color": colour, "size": 12, "line": {"width": 2, "color": colour}},
                text=[t for _, t in xs], hoverinfo="skip"))
            fig.add_trace(go.Scatter(
                x=[x for x, _ in xs], y=[max(exit_usd)] * len(xs) if len(exit_usd) else [], mode="markers",
                showlegend=False, marker={"symbol": "triangle-down", "size": 9, "color": colour},
                text=[t for _, t in xs], hovertemplate="exit $%{x:,.3s}: %{text}<extra></extra>"))
    if scenario_exit_usd is not None:
        fig.add_vline(x=scenario_exit_usd, line={"color": SCENARIO_COLOURS[0], "width": 1.5},
                      annotation_text="exit scenario", annotation_position="top left")
    fig.update_xaxes(title_text="exit value of the company (US$, log scale)", type="log", tickformat="$~s")
    fig.update_yaxes(title_text="proceeds net of strike (US$, log scale)", type="log", tickformat="$~s")
    return finish(fig, title=title)
