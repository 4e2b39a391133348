"""Decision queues over the whole load range (to 0.95) against long Lindley simulations.

The references are written here, independently of orgmodel: single-server FCFS queues with
Poisson arrivals and gamma services simulated by Lindley's recursion, several independent runs,
95% interval over runs. Measured errors of every approximation are in docs/model.md (3.1,
validation), from ``benchmarks/validate_decision_queues.py``.
"""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.queueing.queues import mg1_mean_wait
from orgmodel.queueing.sampling import sample_gamma, sample_mg1_wait


def simulate_mg1(load: float, cv: float, customers: int, rows: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Waits in queue and service times (E[S] = 1), warm-up (first 10%) dropped, one row per run."""
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1 / load, (rows, customers)), axis=1)
    services = np.ones((rows, customers)) if cv == 0 else rng.gamma(1 / cv**2, cv**2, (rows, customers))
    x = np.concatenate([np.zeros((rows, 1)), np.cumsum(services[:, :-1] - np.diff(arrivals, axis=1), axis=1)],
                       axis=1)
    waits = x - np.minimum.accumulate(x, axis=1)
    return waits[:, customers // 10:], services[:, customers // 10:]


def over_runs(values: np.ndarray) -> tuple[float, float]:
    """Mean over runs and the 95% half-width."""
    return float(values.mean()), float(1.96 * values.std(ddof=1) / np.sqrt(values.size))


@pytest.mark.parametrize(("cv", "load"), [(0.0, 0.95), (0.5, 0.9), (1.0, 0.95), (2.0, 0.8), (1.5, 0.5)])
def test_pollaczek_khinchine_mean_up_to_load_095(cv: float, load: float) -> None:
    waits, _ = simulate_mg1(load, cv, 250_000, 8, seed=int(100 * load + 10 * cv))
    sim, half = over_runs(waits.mean(axis=1))
    assert abs(float(mg1_mean_wait(load, 1.0, cv)) - sim) <= half + 0.01 * sim


@pytest.mark.parametrize(("cv", "load", "low", "high"), [
    (1.0, 0.95, -0.03, 0.03),  # exact for M/M/1: only the simulation's noise
    (1.0, 0.5, -0.01, 0.01),
    (0.0, 0.7, 0.02, 0.07),  # deterministic decisions: the exponential tail overstates the p90
    (2.0, 0.7, -0.05, -0.01),  # very variable decisions: it understates it
])
def test_exponential_wait_approximation_p90_of_the_sojourn(cv: float, load: float, low: float, high: float) -> None:
    """`sample_mg1_wait` (exponential conditional wait, exact P-K mean) + an independent gamma
    service, as the escalation sampler draws it, against the simulated sojourn's p90."""
    waits, services = simulate_mg1(load, cv, 250_000, 8, seed=7 + int(10 * cv))
    sim = float(np.quantile(waits + services, 0.9))
    rng = np.random.default_rng(3)
    n = 1_000_000
    wq = float(mg1_mean_wait(load, 1.0, cv))
    model = np.quantile(sample_mg1_wait(rng, np.full(n, load), np.full(n, wq)) + sample_gamma(rng, np.ones(n), cv), 0.9)
    assert low <= (model - sim) / sim <= high


def test_probability_of_waiting_is_the_load() -> None:
    """M/G/1 FCFS: P(W > 0) = rho for any service law; the sampler keeps it."""
    waits, _ = simulate_mg1(0.6, 2.0, 200_000, 4, seed=11)
    assert float(np.mean(waits > 0)) == pytest.approx(0.6, abs=0.01)
    draws = sample_mg1_wait(np.random.default_rng(5), np.full(200_000, 0.6), np.full(200_000, 3.0))
    assert float(np.mean(draws > 0)) == pytest.approx(0.6, abs=0.005)
