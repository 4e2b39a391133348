"""Escalation latency: arrival rates, M/M/1 waits, tandem sums and meeting waits by hand."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from orgmodel.decisions.escalation import escalation_model, simulate_escalations
from orgmodel.decisions.settings import DecisionSettings, RolePolicy
from orgmodel.layout import layout
from orgmodel.orgtable import OrgTable
from orgmodel.scenario import Scenario


def make_scenario(engineers: list[int], team: int, span: int | None = None, days: int = 5,
                  hours: float = 8.0, **decisions: Any) -> Scenario:
    """One founder (the CEO) heading every department; a 09:00 start."""
    return Scenario.model_validate({
        "name": "test",
        "org": {
            "founders": [{"name": "CEO"}],
            "departments": [{"name": f"D{i}", "head": "CEO", "engineers": n} for i, n in enumerate(engineers)],
            "max_team_size": team,
            "max_span": span,
        },
        "work": {"days_per_week": days, "hours_per_day": hours, "start_hour": 9},
        "decisions": decisions,
    })


def direct(delay: float = 0.0, share: float = 1.0, meeting: int | None = None) -> dict[str, Any]:
    return {"relay": "direct", "relay_delay_hours": delay, "decision_time_share": share,
            "meeting_interval_days": meeting}


def model_of(scenario: Scenario) -> tuple[OrgTable, Any]:
    table = layout(scenario)
    assert scenario.decisions is not None
    return table, escalation_model(table, scenario.decisions, scenario.work.hours_per_day,
                                   scenario.work.hours_per_week)


def test_one_lead_three_engineers_mm1_by_hand() -> None:
    # 3 engineers x 2 a week = 6 a week over a 40 h week: lambda = 0.15 / h;
    # S = 1 h / 0.5 share = 2 h; rho = 0.3; Wq = rho S / (1 - rho); round trip d + Wq + S + d
    s = make_scenario([3], team=3, escalations_per_engineer_per_week=2, share_to_top=0.0,
                      hours_per_decision=1.0, lead=direct(delay=0.5, share=0.5))
    _table, m = model_of(s)
    lead = 1
    assert m.arrivals_per_week[lead] == pytest.approx(6.0)
    assert m.rho[lead] == pytest.approx(0.3)
    wq = 0.3 * 2.0 / 0.7
    assert m.wait_hours[lead] == pytest.approx(wq)
    assert m.mean_round_trip() == pytest.approx(np.full(3, 0.5 + wq + 2.0 + 0.5))
    assert m.arrivals_per_week[0] == 0.0  # nothing goes to the founder when share_to_top = 0


def test_two_level_chain_is_the_tandem_sum() -> None:
    # all escalations go to the head: lead then founder, answer back through the lead
    s = make_scenario([3], team=3, escalations_per_engineer_per_week=2, share_to_top=1.0,
                      hours_per_decision=1.0, lead=direct(delay=0.5, share=0.5),
                      founder=direct(delay=2.0, share=0.25))
    _table, m = model_of(s)
    lam = 6.0 / 40.0
    rho_l, rho_f = lam * 2.0, lam * 4.0
    assert (m.rho[1], m.rho[0]) == pytest.approx((rho_l, rho_f))
    w_l, w_f = rho_l * 2.0 / (1 - rho_l), rho_f * 4.0 / (1 - rho_f)
    up = (0.5 + w_l + 2.0) + (2.0 + w_f + 4.0)
    down = 2.0 + 0.5  # the founder answers, the lead relays it by direct message
    assert m.mean_round_trip()[0] == pytest.approx(up + down)
    assert m.to_head_by_component["queueing"][0] == pytest.approx(w_l + w_f)


def test_arrivals_add_up_the_subtree() -> None:
    # 2 teams of 3 under the CEO: lead gets r(1-s)3 + r s 3, the CEO r s 6
    s = make_scenario([6], team=3, escalations_per_engineer_per_week=1.0, share_to_top=0.25)
    _table, m = model_of(s)
    assert m.arrivals_per_week[0] == pytest.approx(6 * 0.25)
    assert m.arrivals_per_week[1] == pytest.approx(3 * 0.75 + 3 * 0.25)


def test_meeting_wait_is_half_the_interval() -> None:
    # lead meets every 5 working days of 8 h: mean wait 20 h; simulation draws U(0, 40)
    s = make_scenario([3], team=3, escalations_per_engineer_per_week=0.01, share_to_top=0.0,
                      hours_per_decision=0.1, lead=direct(meeting=5))
    table, m = model_of(s)
    assert m.to_lead_by_component["meetings"] == pytest.approx(np.full(3, 20.0))
    assert s.decisions is not None
    sample = simulate_escalations(m, table, 20_000, 1.0, np.random.default_rng(s.seed))
    assert sample.by_component["meetings"].mean() == pytest.approx(20.0, rel=0.02)
    assert sample.by_component["meetings"].max() <= 40.0


def test_relay_at_a_meeting_waits_on_the_way_down() -> None:
    lead = {"relay": "meeting", "meeting_interval_days": 1, "relay_delay_hours": 0.0}
    s = make_scenario([3], team=3, share_to_top=1.0, lead=lead, founder=direct())
    _table, m = model_of(s)
    # the lead's daily meeting (8 h apart) is waited for going up and again relaying the answer down
    assert m.to_head_by_component["meetings"][0] == pytest.approx(4.0 + 4.0)


def test_simulation_obeys_littles_law_and_matches_the_closed_form() -> None:
    s = make_scenario([20, 7], team=4, span=3, escalations_per_engineer_per_week=3, share_to_top=0.3,
                      hours_per_decision=1.0, lead=direct(delay=1.0, share=0.5),
                      manager=direct(delay=1.0, share=0.5, meeting=5), founder=direct(delay=2.0))
    table, m = model_of(s)
    sample = simulate_escalations(m, table, 60_000, 1.0, np.random.default_rng(7))
    assert sample.total.mean() == pytest.approx(float(np.mean(m.mean_round_trip())), rel=0.03)
    # Little: L = lambda W at every visited queue; for M/M/1, L = rho / (1 - rho); the managers
    # (weekly meeting) take their escalations as one batch: L = lambda (E[V] + rho T / 2 + S)
    busy = np.flatnonzero(sample.visits > 5_000)
    assert busy.size >= 3
    batched = 0
    for v in busy:
        w = sample.sojourn_hours[v] / sample.visits[v]
        lam = m.arrivals_per_week[v] / s.work.hours_per_week
        if m.batch_index[v] < 0:
            assert lam * w == pytest.approx(m.rho[v] / (1 - m.rho[v]), rel=0.05)
        else:
            batched += 1
            assert m.wait_hours[v] >= m.rho[v] * 40.0 / 2  # at least the in-batch wait, rho T / 2
            assert lam * w == pytest.approx(lam * (m.wait_hours[v] + m.service_hours[v]), rel=0.05)
    assert batched >= 1
    # flow conservation: every escalation visits its lead; a share s reaches the CEO
    assert sample.visits[0] / 60_000 == pytest.approx(0.3, abs=0.01)


def test_unstable_manager_poisons_paths_through_it() -> None:
    s = make_scenario([40], team=8, escalations_per_engineer_per_week=2, share_to_top=0.5,
                      founder=direct(share=0.1), lead=direct(share=1.0))
    _table, m = model_of(s)
    assert m.rho[0] >= 1
    assert m.unstable_rows.tolist() == [0]
    assert np.all(np.isinf(m.mean_round_trip()))


def test_role_policy_validation_names_the_field() -> None:
    with pytest.raises(ValueError, match="meeting_interval_days"):
        RolePolicy(relay="meeting")
    with pytest.raises(ValueError, match="decision_time_share"):
        DecisionSettings.model_validate({"lead": {"decision_time_share": 0}})


def test_the_advice_for_an_overloaded_decision_maker_clears_the_queue() -> None:
    """Issue 22: each remedy named in the refusal, applied alone, brings the CEO's queue to 80% busy."""
    import re

    from orgmodel.decisions.analysis import analyse_decisions

    s = make_scenario([40], team=8, escalations_per_engineer_per_week=2, share_to_top=0.5,
                      founder=direct(share=0.1), lead=direct(share=1.0))
    reason = analyse_decisions(s).unstable_reason
    assert "CEO (founder) needs" in reason and "h too many" in reason
    assert s.decisions is not None
    rate = float(re.search(r"at most ([\d.]+) per engineer a week", reason)[1])  # type: ignore[index]
    share = float(re.search(r"share_to_top at most ([\d.]+)", reason)[1])  # type: ignore[index]
    f = float(re.search(r"decision_time_share ([\d.]+) \(now", reason)[1])  # type: ignore[index]
    for update in ({"escalations_per_engineer_per_week": rate}, {"share_to_top": share},
                   {"founder": s.decisions.founder.model_copy(update={"decision_time_share": f})}):
        fixed = s.model_copy(update={"decisions": s.decisions.model_copy(update=update)})
        result = analyse_decisions(fixed)
        assert not result.unstable, update
        assert result.busiest_manager_utilisation == pytest.approx(0.8, abs=0.02), update
    deciders = int(re.search(r"\((\d+) deciders in all\)", reason)[1])  # type: ignore[index]
    top = analyse_decisions(s).busiest_managers[0]
    assert top.utilisation / deciders <= 0.8 < top.utilisation / (deciders - 1)
