"""Closed forms against simulation: Erlang C, Pollaczek-Khinchine, vacation decomposition."""

import numpy as np
import pytest

from orgmodel.queueing.queues import erlang_c, mg1_mean_wait, setup_pool
from orgmodel.queueing.sampling import sample_gamma
from tests.reference_queues import lindley_waits, mgc_mean_wait, pool_waits, vacation_mean_wait, vacation_waits


def _poisson(rng, rate, rows, k):
    return np.cumsum(rng.exponential(1 / rate, (rows, k)), axis=1)


def test_erlang_c_known_values():
    # M/M/1: P(wait) = rho; M/M/2 from the defining sum
    assert erlang_c(1, 0.5) == pytest.approx(0.5)
    a = 1.4
    rho = a / 2
    exact = (a**2 / 2 / (1 - rho)) / (1 + a + a**2 / 2 / (1 - rho))
    assert erlang_c(2, a) == pytest.approx(exact, rel=1e-12)
    assert erlang_c(3, 3.0) == 1.0  # unstable: everyone waits (the package convention)
    assert erlang_c(4, 0.0) == 0.0


def test_allen_cunneen_reduces_to_pollaczek_khinchine():
    for cv in (0.0, 0.5, 1.0, 2.0):
        assert mgc_mean_wait(0.6, 1.0, cv, 1) == pytest.approx(mg1_mean_wait(0.6, 1.0, cv))


@pytest.mark.parametrize(("servers", "load", "rows", "k"), [
    (1, 0.5, 200, 5000), (2, 0.7, 200, 5000), (5, 0.8, 400, 5000), (10, 0.9, 1000, 8000),
])
def test_mmc_mean_wait_matches_erlang_c(servers, load, rows, k):
    rng = np.random.default_rng(7 + servers)
    lam = load * servers
    arrivals = _poisson(rng, lam, rows, k)
    waits = pool_waits(arrivals, rng.exponential(1.0, (rows, k)), servers)[:, k // 10:]
    assert waits.mean() == pytest.approx(float(mgc_mean_wait(lam, 1.0, 1.0, servers)), rel=0.03)


@pytest.mark.parametrize("cv", [1.0, 0.0])  # M/M/1 and M/D/1
def test_lindley_matches_pollaczek_khinchine(cv):
    rng = np.random.default_rng(11)
    arrivals = _poisson(rng, 0.7, 200, 10_000)
    services = sample_gamma(rng, 1.0, cv, arrivals.shape)
    waits = lindley_waits(arrivals, services)
    assert np.allclose(waits, pool_waits(arrivals, services, 1))
    assert waits[:, 1000:].mean() == pytest.approx(float(mg1_mean_wait(0.7, 1.0, cv)), rel=0.03)


@pytest.mark.parametrize("interval", [1.0, 4.0, 12.0])
def test_vacation_decomposition(interval):
    rng = np.random.default_rng(3)
    arrivals = _poisson(rng, 0.5, 200, 5000)
    services = sample_gamma(rng, 1.0, 0.5, arrivals.shape)
    waits = vacation_waits(arrivals, services, interval)[:, 500:]
    assert waits.mean() == pytest.approx(float(vacation_mean_wait(0.5, 1.0, 0.5, interval)), rel=0.03)


def test_setup_pool_without_setup_is_allen_cunneen():
    p, _, wait = setup_pool(3.0, 1.0, 1.0, 5, 0.0)
    assert p == pytest.approx(float(erlang_c(5, 3.0)))
    assert wait == pytest.approx(float(mgc_mean_wait(3.0, 1.0, 1.0, 5)))


@pytest.mark.parametrize(("load", "setup_mean"), [(0.5, 0.25), (0.8, 1.0)])
def test_setup_pool_single_server_is_exact(load, setup_mean):
    """M/M/1 with exponential setup: Welch (1964), E[W] = P-K wait + E[D]."""
    rng = np.random.default_rng(5)
    arrivals = _poisson(rng, load, 300, 5000)
    setup = rng.exponential(setup_mean, arrivals.shape)
    waits = pool_waits(arrivals, rng.exponential(1.0, arrivals.shape), 1, setup=setup)[:, 500:]
    assert waits.mean() == pytest.approx(float(setup_pool(load, 1.0, 1.0, 1, setup_mean)[2]), rel=0.03)


@pytest.mark.parametrize(("servers", "load"), [(2, 0.5), (4, 0.7), (8, 0.8)])
def test_setup_pool_bounds_simulated_pool(servers, load):
    """For c > 1 the formula is an upper bound, within 10% for a short switch delay."""
    rng = np.random.default_rng(5)
    lam, setup_mean = load * servers, 0.25
    arrivals = _poisson(rng, lam, 300, 4000)
    setup = rng.exponential(setup_mean, arrivals.shape)
    waits = pool_waits(arrivals, rng.exponential(1.0, arrivals.shape), servers, setup=setup)[:, 400:]
    predicted = float(setup_pool(lam, 1.0, 1.0, servers, setup_mean)[2])
    assert predicted * 0.9 < waits.mean() < predicted * 1.01
