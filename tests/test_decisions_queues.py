"""M/G/1 formulas and samplers against closed forms."""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.decisions.queues import mg1_mean_wait, sample_mg1_wait, sample_service, utilisation


def test_mm1_wait_by_hand() -> None:
    # lambda = 0.15 / h, S = 2 h: rho = 0.3, Wq = rho S / (1 - rho) = 0.857 h
    rho = utilisation(np.array([0.15]), np.array([2.0]))
    assert rho[0] == pytest.approx(0.3)
    assert mg1_mean_wait(rho, np.array([2.0]), cv=1.0)[0] == pytest.approx(0.3 * 2 / 0.7)


def test_md1_is_half_the_mm1_wait_and_overload_is_infinite() -> None:
    rho, s = np.array([0.5, 1.0, 1.2]), np.array([1.0, 1.0, 1.0])
    w = mg1_mean_wait(rho, s, cv=0.0)
    assert w[0] == pytest.approx(0.5 * mg1_mean_wait(rho[:1], s[:1], cv=1.0)[0])
    assert np.isinf(w[1]) and np.isinf(w[2])


def test_sampled_mm1_sojourn_is_exponential_with_rate_mu_minus_lambda() -> None:
    rng = np.random.default_rng(1)
    lam, mu = 0.6, 1.0
    rho = np.full(200_000, lam / mu)
    wq = mg1_mean_wait(rho[:1], np.array([1 / mu]), 1.0)[0]
    sojourn = sample_mg1_wait(rng, rho, np.full(rho.size, wq)) + sample_service(rng, np.full(rho.size, 1 / mu), 1.0)
    assert sojourn.mean() == pytest.approx(1 / (mu - lam), rel=0.02)
    # exponential: P(T > t) = exp(-(mu - lambda) t)
    assert np.mean(sojourn > 3.0) == pytest.approx(np.exp(-(mu - lam) * 3.0), abs=0.01)


def test_service_sampler_matches_mean_and_cv() -> None:
    rng = np.random.default_rng(2)
    x = sample_service(rng, np.full(100_000, 2.0), cv=0.5)
    assert x.mean() == pytest.approx(2.0, rel=0.01)
    assert x.std() / x.mean() == pytest.approx(0.5, rel=0.03)
    assert np.all(sample_service(rng, np.full(3, 2.0), cv=0.0) == 2.0)
