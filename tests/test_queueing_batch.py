"""Work released in batches at periodic meetings, against an independent long simulation."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

from orgmodel.queueing.batch import periodic_batch, sample_batch_wait
from orgmodel.queueing.queues import mg1_mean_wait


def simulate_released_queue(rate: float, period: float, service: float, cv: float, batches: int,
                            seed: int) -> np.ndarray:
    """Waits from release to service start, customer by customer (Lindley), after a warm-up.

    Poisson(rate * period) items released together at each of ``batches`` meetings, served FCFS
    in arrival order with gamma services: ``W_i = max(0, W_{i-1} + S_{i-1} - (r_i - r_{i-1}))``.
    """
    rng = np.random.default_rng(seed)
    sizes = rng.poisson(rate * period, batches)
    release = np.repeat(np.arange(1, batches + 1) * period, sizes)
    if cv == 0:
        services = np.full(release.size, service)
    else:
        k = 1 / cv**2
        services = rng.gamma(k, service / k, release.size)
    x = np.concatenate([[0.0], np.cumsum(services[:-1] - np.diff(release))])
    waits = x - np.minimum.accumulate(x)
    return waits[release > 0.05 * batches * period]


def mean_and_halfwidth(x: np.ndarray, blocks: int = 40) -> tuple[float, float]:
    """Mean and 99% half-width from batch means over contiguous blocks."""
    means = np.array([b.mean() for b in np.array_split(x, blocks)])
    return float(x.mean()), float(2.7 * means.std(ddof=1) / np.sqrt(blocks))


def spitzer_mean_carry(rate: float, period: float, service: float, cv: float) -> float:
    """E[V] exactly: Spitzer's identity ``E[V] = sum_n E[(B_1 + ... + B_n - n T)^+] / n``.

    ``B_1 + ... + B_n`` is compound Poisson with ``n lambda T`` items; given ``m`` items it is
    Gamma(m k, theta), and ``E[(G - x)^+] = a theta Q(a + 1, x / theta) - x Q(a, x / theta)``
    (Q the upper regularised incomplete gamma). Spitzer (1956), "A combinatorial lemma and its
    application to probability theory", *Trans. AMS* 82.
    """
    k = 1 / cv**2
    theta = service / k
    total = 0.0
    for n in range(1, 20_000):
        mean = n * rate * period
        m = np.arange(max(1, int(mean - 12 * np.sqrt(mean))), int(mean + 12 * np.sqrt(mean)) + 2)
        a, x = m * k, n * period / theta
        excess = a * theta * special.gammaincc(a + 1, x) - n * period * special.gammaincc(a, x)
        term = float(np.dot(stats.poisson.pmf(m, mean), excess)) / n
        total += term
        if n > 50 and term < 1e-12 * total:
            return total
    raise AssertionError("Spitzer series did not converge")


@pytest.mark.parametrize(("rho", "cv"), [(0.8, 2.0), (0.9, 1.0)])
def test_mean_wait_matches_spitzers_exact_series(rho: float, cv: float) -> None:
    rate, period = 2.0, 10.0
    exact = spitzer_mean_carry(rate, period, rho / rate, cv) + rho * period / 2
    assert periodic_batch(rate, period, rho / rate, cv).mean_wait_hours == pytest.approx(exact, rel=2e-3)


@pytest.mark.parametrize(("rho", "cv"), [(0.3, 1.0), (0.6, 0.0), (0.8, 1.0), (0.95, 0.5)])
def test_mean_wait_matches_a_long_simulation(rho: float, cv: float) -> None:
    rate, period = 2.0, 10.0  # 20 items a meeting on average
    service = rho / rate
    sim = simulate_released_queue(rate, period, service, cv, 40_000, seed=int(100 * rho + 10 * cv))
    mean, half = mean_and_halfwidth(sim)
    model = periodic_batch(rate, period, service, cv)
    assert abs(model.mean_wait_hours - mean) <= half + 0.002 * mean
    # the sampler draws from the same law: its p90 matches the simulation's
    draws = sample_batch_wait(np.random.default_rng(1), model, 200_000)
    assert np.quantile(draws, 0.9) == pytest.approx(np.quantile(sim, 0.9), rel=0.04)
    assert draws.mean() == pytest.approx(model.mean_wait_hours, rel=0.02)


def test_light_load_is_half_a_batch_of_work_by_hand() -> None:
    # one partner: 21 escalations a week of 72 working hours, 1.67 h each (0.5 h at a 30% share):
    # rho = 21 x 1.667 / 72 = 0.486; a batch is ~35 h of work in a 72 h week, so almost nothing is
    # carried over (V ~ 0) and the mean wait after the meeting is rho T / 2 = 17.5 h, ten times the
    # M/G/1 (Poisson) wait of 1.6 h that treats the same load as smooth arrivals
    rate, service = 21 / 72, 0.5 / 0.3
    q = periodic_batch(rate, 72.0, service, 1.0)
    assert q.mean_carry_hours < 0.05
    assert q.mean_wait_hours == pytest.approx(0.5 * rate * service * 72.0, abs=0.05)
    assert float(mg1_mean_wait(rate, service, 1.0)) == pytest.approx(1.58, abs=0.01)


def test_constant_service_tiny_batches_exact() -> None:
    # T = 10, lambda T = 1, S = 1: a batch never exceeds the period in practice (P(N > 10) ~ 1e-8),
    # so E[W] = E[S] E[J] = lambda T / 2 = 0.5 exactly
    q = periodic_batch(0.1, 10.0, 1.0, 0.0)
    assert q.mean_wait_hours == pytest.approx(0.5, abs=1e-6)


def test_unstable_is_inf_and_cannot_be_sampled() -> None:
    q = periodic_batch(1.0, 10.0, 1.0, 1.0)
    assert np.isposinf(q.mean_wait_hours)
    with pytest.raises(ValueError, match="unstable"):
        sample_batch_wait(np.random.default_rng(0), q, 10)
    with pytest.raises(ValueError, match="period_hours"):
        periodic_batch(0.1, 0.0, 1.0, 1.0)


def test_direct_solve_matches_iterating_lindley_near_saturation() -> None:
    """GMRES on the stationarity equations gives the pmf that iterating the recursion converges to."""
    import numpy as np

    from orgmodel.queueing import batch

    direct = batch.periodic_batch(0.97 / 1.67, 72.0, 1.67, 1.0)

    def no_gmres(*args: object, **kwargs: object) -> tuple[None, int]:
        return None, 1  # "did not converge": forces the fallback, iterating V' = max(0, V + B - T)

    original = batch._solve_stationary
    try:
        batch._solve_stationary = lambda step, points, x, guess, op, _g: original(  # type: ignore[assignment]
            step, points, x, guess, op, no_gmres)
        iterated = batch.periodic_batch(0.97 / 1.67, 72.0, 1.67, 1.0)
    finally:
        batch._solve_stationary = original  # type: ignore[assignment]
    assert iterated.iterations > 5 * direct.iterations
    assert direct.mean_carry_hours == pytest.approx(iterated.mean_carry_hours, rel=1e-5)
    assert np.abs(direct.carry_pmf - iterated.carry_pmf).sum() < 1e-4
