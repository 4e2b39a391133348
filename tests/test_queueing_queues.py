"""The shared queueing core: closed forms by hand, the one 'unstable' convention, the samplers."""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.queueing.queues import (
    erlang_c,
    mg1_mean_wait,
    setup_pool,
    utilisation,
)
from orgmodel.queueing.sampling import sample_gamma, sample_mg1_wait
from tests.reference_queues import mgc_mean_wait, vacation_mean_wait


def test_mm1_wait_by_hand() -> None:
    # lambda = 0.15 / h, S = 2 h: rho = 0.3, Wq = rho S / (1 - rho) = 0.857 h
    assert utilisation(0.15, 2.0) == pytest.approx(0.3)
    assert mg1_mean_wait(0.15, 2.0, cv=1.0) == pytest.approx(0.3 * 2 / 0.7)
    assert utilisation(3.0, 1.0, 5) == pytest.approx(0.6)


def test_md1_is_half_the_mm1_wait() -> None:
    assert mg1_mean_wait(0.5, 1.0, cv=0.0) == pytest.approx(0.5 * mg1_mean_wait(0.5, 1.0, cv=1.0))


@pytest.mark.parametrize("rho", [1.0, 1.2, 7.0])
def test_every_mean_wait_is_inf_when_unstable_and_never_nan(rho: float) -> None:
    """One convention: mean waits are inf at utilisation >= 1, the probability of waiting is 1."""
    lam = np.array([0.5, rho])  # a stable and an unstable queue side by side, E[S] = 1
    for wait in (
        mg1_mean_wait(lam, 1.0, 0.7),
        mgc_mean_wait(lam * 3, 1.0, 0.7, 3),
        vacation_mean_wait(lam, 1.0, 0.7, 4.0),
        setup_pool(lam * 2, 1.0, 0.7, 2, 0.25)[1],
        setup_pool(lam * 2, 1.0, 0.7, 2, 0.25)[2],
    ):
        assert np.isfinite(wait[0]) and wait[0] > 0
        assert np.isposinf(wait[1])
    assert erlang_c(np.array([4, 4]), lam * 4).tolist()[1] == 1.0
    assert setup_pool(lam * 2, 1.0, 0.7, 2, 0.25)[0][1] == 1.0


def test_zero_load_waits_nothing() -> None:
    assert mg1_mean_wait(0.0, 2.0, 1.0) == 0.0
    assert mgc_mean_wait(0.0, 2.0, 1.0, 4) == 0.0
    assert erlang_c(4, 0.0) == 0.0


def test_sampled_mm1_sojourn_is_exponential_with_rate_mu_minus_lambda() -> None:
    rng = np.random.default_rng(1)
    lam, mu = 0.6, 1.0
    rho = np.full(200_000, lam / mu)
    wq = float(mg1_mean_wait(lam, 1 / mu, 1.0))
    sojourn = sample_mg1_wait(rng, rho, np.full(rho.size, wq)) + sample_gamma(rng, np.full(rho.size, 1 / mu), 1.0)
    assert sojourn.mean() == pytest.approx(1 / (mu - lam), rel=0.02)
    # exponential: P(T > t) = exp(-(mu - lambda) t)
    assert np.mean(sojourn > 3.0) == pytest.approx(np.exp(-(mu - lam) * 3.0), abs=0.01)


def test_gamma_sampler_matches_mean_and_cv() -> None:
    rng = np.random.default_rng(2)
    x = sample_gamma(rng, np.full(100_000, 2.0), cv=0.5)
    assert x.mean() == pytest.approx(2.0, rel=0.01)
    assert x.std() / x.mean() == pytest.approx(0.5, rel=0.03)
    y = sample_gamma(rng, 2.0, 0.5, (400, 250))  # scalar mean, explicit shape
    assert y.shape == (400, 250) and y.mean() == pytest.approx(2.0, rel=0.01)
    assert np.all(sample_gamma(rng, np.full(3, 2.0), cv=0.0) == 2.0)
    assert np.all(sample_gamma(rng, 2.0, 1e-9, (3,)) == 2.0)  # below CONSTANT_CV: constant
