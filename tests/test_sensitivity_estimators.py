"""SALib's estimators checked through orgmodel's own runner: Ishigami (closed-form Sobol indices), a linear
function (exact Morris effects), and a scenario where one input varies (its total index is 1)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from orgmodel.loading import validate_scenario
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.analysis import analyse
from orgmodel.sensitivity.batch import PoolRunner, Runner, SerialRunner
from orgmodel.sensitivity.morris import morris_effects, morris_sample
from orgmodel.sensitivity.sobol import sobol_indices, sobol_sample

A, B = 7.0, 0.1


def ishigami_chunk(shared: tuple[float, float], rows: list[list[float]]) -> list[float]:
    """Ishigami's function on unit-cube rows mapped to [-pi, pi]^3 (a runner job)."""
    a, b = shared
    x = -math.pi + 2 * math.pi * np.asarray(rows)
    y = np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])
    return [float(v) for v in y]


def linear_chunk(shared: list[float], rows: list[list[float]]) -> list[float]:
    return [float(np.dot(shared, row)) for row in rows]


def ishigami_exact() -> tuple[list[float], list[float]]:
    """(S1, ST) in closed form (Ishigami and Homma 1990; Sobol' and Levitan 1999)."""
    pi4, pi8 = math.pi**4, math.pi**8
    v1 = 0.5 * (1 + B * pi4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * pi8 * 8 / 225
    total = v1 + v2 + v13
    return [v1 / total, v2 / total, 0.0], [(v1 + v13) / total, v2 / total, v13 / total]


def _sobol_through(runner: Runner) -> list:
    names = ["x1", "x2", "x3"]
    unit = sobol_sample(names, 1024, seed=7)
    y = np.array(runner.map(ishigami_chunk, (A, B), unit.tolist()))
    return sobol_indices(names, y[:, None], 1024, seed=7)


def test_sobol_indices_of_ishigami_match_the_closed_form() -> None:
    result = _sobol_through(SerialRunner())[0]
    first, total = ishigami_exact()
    for i, name in enumerate(["x1", "x2", "x3"]):
        assert abs(result.first[name] - first[i]) < 0.05, (name, result.first[name], first[i])
        assert abs(result.total[name] - total[i]) < 0.05, (name, result.total[name], total[i])
        assert 0 < result.first_conf[name] < 0.1 and 0 < result.total_conf[name] < 0.1


def test_the_process_pool_gives_ishigami_the_same_indices() -> None:
    with PoolRunner(2) as pool:
        pooled = _sobol_through(pool)[0]
    serial = _sobol_through(SerialRunner())[0]
    assert pooled.first == serial.first and pooled.total == serial.total


def test_morris_effects_of_a_linear_function_are_its_coefficients() -> None:
    names = ["a", "b", "c", "d"]
    coefficients = [4.0, -2.0, 0.5, 0.0]
    unit = morris_sample(names, 10, seed=3)
    y = np.array(SerialRunner().map(linear_chunk, coefficients, unit.tolist()))
    effects, kept = morris_effects(names, unit, y[:, None], seed=3)[0]
    assert kept == 10 and effects is not None
    rows = {r.path: r for r in effects}
    for name, c in zip(names, coefficients, strict=True):
        assert rows[name].mu_star == pytest.approx(abs(c), abs=1e-9)
        assert rows[name].mu == pytest.approx(c, abs=1e-9)
        assert rows[name].sigma == pytest.approx(0.0, abs=1e-9)
    assert [r.path for r in effects][:3] == ["a", "b", "c"]


def test_one_varying_input_has_a_total_index_of_one(xiaomi: Scenario) -> None:
    data = xiaomi.model_dump(mode="json")
    data["ranges"] = {"review.hours_per_review": {"low": 0.25, "high": 1.5, "distribution": "loguniform"}}
    scenario = validate_scenario(data)
    result = analyse(scenario, figures=["review.p90_working_hours"], methods=["sobol"], samples=16,
                     only_ranges=True, seed=1)
    sobol = result.figures["review.p90_working_hours"].sobol
    assert sobol is not None and sobol.inputs == ["review.hours_per_review"]
    assert sobol.total["review.hours_per_review"] == pytest.approx(1.0, abs=0.1)
    assert sobol.first["review.hours_per_review"] == pytest.approx(1.0, abs=0.15)


def test_morris_leaves_out_a_trajectory_with_an_undefined_point() -> None:
    names = ["a", "b"]
    unit = morris_sample(names, 5, seed=1)
    y = np.array(SerialRunner().map(linear_chunk, [1.0, 2.0], unit.tolist()))
    y[4] = np.nan  # second trajectory (rows 3-5)
    effects, kept = morris_effects(names, unit, y[:, None], seed=1)[0]
    assert kept == 4 and effects is not None
    assert {r.path: r.mu_star for r in effects} == pytest.approx({"a": 1.0, "b": 2.0})
