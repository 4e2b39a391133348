"""Verdict odds as aligned text."""

from __future__ import annotations

from orgmodel.sensitivity.result import Odds

__all__ = ["odds_text"]


def odds_text(odds: Odds) -> str:
    """One row per figure: the verdict at the own values, how often it holds, P(B worse), what it hangs on."""
    width = max([len("figure"), *(len(f.label) for f in odds.figures.values())])
    head = f"{'figure':<{width}} {'verdict':>8} {'holds':>6} {'B worse':>8} {'B better':>9}  hangs on"
    lines = [f"A = {odds.a_name}", f"B = {odds.b_name}",
             f"{odds.info.reports} reports, {len(odds.shared_inputs)} shared inputs drawn once for both; "
             f"seed {odds.info.seed}", "", head, "-" * len(head)]
    for f in odds.figures.values():
        holds = "-" if f.holds is None else f"{f.holds:.0%}"
        hangs = ", ".join(f"{h.path} ({h.rank_correlation:+.2f})" for h in f.hangs_on[:3]) or "-"
        lines.append(f"{f.label:<{width}} {f.verdict:>8} {holds:>6} {f.b_worse:>8.0%} {f.b_better:>9.0%}  {hangs}")
    return "\n".join(lines)
