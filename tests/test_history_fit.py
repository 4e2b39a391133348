"""The author-time stage against closed forms; the fit, hold-out and what-ifs; the CLI and its keys."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate, stats

from orgmodel.cli import main
from orgmodel.history.command import history_keys_markdown
from orgmodel.history.landing import LandingDraws, landing_sample

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared" / "realdata" / "git"


def _exponential_cdf(mean: float) -> list[tuple[float, float]]:
    hours = np.linspace(0, 20 * mean, 4001)[1:]
    return [(float(h), float(1 - np.exp(-h / mean))) for h in hours]


def test_mean_with_rework_rounds_matches_the_closed_form():
    draws = LandingDraws.make(200_000, seed=7)
    w, m, r, mu, sigma = 2.0, 1.5, 24.0, 1.0, 0.8
    sample = landing_sample(_exponential_cdf(w), m, r, mu, sigma, draws)
    exact = (1 + m) * w + m * r + np.exp(mu + sigma ** 2 / 2)
    se = sample.std() / np.sqrt(sample.size)
    assert abs(sample.mean() - exact) < 4 * se


def test_quantiles_without_rounds_match_the_convolution():
    draws = LandingDraws.make(200_000, seed=11)
    w, mu, sigma = 3.0, 1.2, 1.0
    sample = landing_sample(_exponential_cdf(w), 0.0, 24.0, mu, sigma, draws)
    delay = stats.lognorm(s=sigma, scale=np.exp(mu))

    def cdf(t: float) -> float:  # P(W + D <= t) = int_0^t f_D(x) (1 - exp(-(t - x) / w)) dx
        return integrate.quad(lambda x: delay.pdf(x) * (1 - np.exp(-(t - x) / w)), 0, t, limit=200)[0]

    for p in (0.5, 0.9):
        t = float(np.quantile(sample, p))
        assert cdf(t) == pytest.approx(p, abs=0.005)


def test_history_keys_doc_is_in_sync():
    assert (ROOT / "docs" / "history-keys.md").read_text() == history_keys_markdown()


@pytest.mark.parametrize("args", [["history", "/nonexistent/x.log"], ["history"],
                                  ["history", str(ROOT / "README.md")],
                                  ["history", str(ROOT / "docs" / "screenshot-organisation.png")]])
def test_bad_input_exits_2_without_traceback(args, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()


@pytest.mark.skipif(not (SHARED / "golang_net.log").exists(), reason="shared logs absent")
def test_cli_fit_holdout_and_what_ifs_on_golang_net(capsys):
    code = main(["history", str(SHARED / "golang_net.log"), "--since", "2022-01-01", "--fit-until", "2025-01-01",
                 "--format", "json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["history"]["changes"] == 643
    fit = out["fit"]
    assert abs(fit["error_p50_pct"]) < 15 and abs(fit["error_p90_pct"]) < 25
    hold = out["holdout"]
    assert hold["observed_p50_calendar_hours"] > 0 and hold["predicted_p90_calendar_hours"] > 0
    assert hold["naive_p50_calendar_hours"] == pytest.approx(fit["measured_p50_calendar_hours"])
    labels = [w["label"] for w in out["what_if"]]
    assert labels[0] == "today (fitted)" and any("capped at 6" in x for x in labels)
    capped = next(w for w in out["what_if"] if "capped" in w["label"])
    assert capped["largest_team"] <= 6 and capped["cross_team_share"] >= out["what_if"][0]["cross_team_share"]
    from orgmodel.scenario import Scenario

    scenario = Scenario.model_validate(out["scenario"])
    assert scenario.review is not None and scenario.org.people is not None


def test_cli_options_mailmap_exclude_org_and_week(tmp_path, capsys):
    from tests.test_history_read import GERRIT

    log = tmp_path / "g.log"
    log.write_text(GERRIT)
    mailmap = tmp_path / ".mailmap"
    mailmap.write_text("Robert <bob@x.org> Bob <bob@x.org>\n")
    chart = tmp_path / "people.csv"
    chart.write_text("id,name,manager_id,team\nboss@x.org,Boss,,\nann@x.org,Ann,boss@x.org,core\n"
                     "bob@x.org,Robert,boss@x.org,web\n")
    assert main(["history", str(log), "--format", "json", "--mailmap", str(mailmap), "--org", str(chart),
                 "--week", "6,12,9"]) == 0
    out = json.loads(capsys.readouterr().out)["history"]
    assert out["changes"] == 1 and out["time_to_land_p50_working_hours"] == 12.0  # a 6 x 12 h week
    assert "Robert" in out["teams"][0]["members"]
    assert {b["team"] for b in out["org_boundaries"]} == {"core", "web"}
    assert main(["history", str(log), "--exclude", "ann@x.org", "--format", "json"]) == 0  # nothing left to time
    left = json.loads(capsys.readouterr().out)["history"]
    assert left["changes"] == 0 and left["time_to_land_p50_calendar_hours"] is None and left["bot_changes"] == 2
    assert main(["history", str(log), "--exclude", "ann@x.org", "--fit-until", "2024-01-01T12:00"]) == 2
    for bad in (["--week", "8,8,9"], ["--since", "yesterday"], ["--since", "2024-02-01", "--until", "2024-01-01"],
                ["--fit-until", "2024-01-02"]):
        assert main(["history", str(log), *bad]) == 2
        err = capsys.readouterr().err
        assert "Traceback" not in err and err.strip()


def stamp(seconds: float) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _gh_export(first_review_hours: float) -> bytes:
    """60 merged pull requests among six people, landing 4 h after creation (a third 84 h)."""
    people = ["ann", "bob", "cat", "dan", "eve", "fay"]
    spread = (0.25, 0.5, 1.0, 2.0, 8.0)  # the median first review is first_review_hours, the p90 about 5x
    rows = []
    for i in range(60):
        created = 1_700_000_000 + i * 7_200
        rows.append({"number": i, "author": {"login": people[i % 6]}, "createdAt": stamp(created),
                     "mergedAt": stamp(created + 3_600 * (4 + 80 * (i % 3 == 0))),
                     "reviews": [{"author": {"login": people[(i + 1) % 6]}, "state": "APPROVED",
                                  "submittedAt": stamp(created + 3_600 * first_review_hours * spread[i % 5])}]})
    return json.dumps(rows).encode()


def test_a_gh_export_first_review_pins_the_review_wait():
    from orgmodel.history.analysis import DEFAULT_WEEK
    from orgmodel.history.fit import fit_window, window_teams
    from orgmodel.history.measure import Window, measure
    from orgmodel.history.source import read_history_bytes

    waits = []
    for hours in (0.5, 20.0):
        changes = read_history_bytes(_gh_export(hours), "prs.json")
        data = measure(changes, Window(), DEFAULT_WEEK)
        assert data.measure.time_to_first_review_p50_calendar_hours == pytest.approx(hours)
        _, _, review = fit_window(window_teams(data), changes.people.names, data, DEFAULT_WEEK, draws=2_000)
        waits.append(review.p50_calendar_hours)
    assert waits[1] > 4 * waits[0]
