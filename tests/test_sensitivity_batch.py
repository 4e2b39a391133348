"""The batch runner: the same figures in this process, on a process pool and on a Dask LocalCluster;
the same result whatever the number of workers; a scheduler that cannot be reached is named."""

from __future__ import annotations

import numpy as np
import pytest

from orgmodel.engines import headline_figures
from orgmodel.errors import InputError
from orgmodel.scenario import Scenario
from orgmodel.sensitivity.analysis import analyse
from orgmodel.sensitivity.batch import Case, DaskRunner, PoolRunner, SerialRunner, evaluate, make_runner

CASES = [Case({"org.max_team_size": 5}), Case({"review.hours_per_review": 1.0}, ("review",)),
         Case({"work.start_hour": 20}), Case({})]


def test_cases_apply_edits_like_set_and_an_invalid_mix_is_refused(xiaomi: Scenario) -> None:
    from orgmodel.report import build_report

    figures = headline_figures()
    run = evaluate(SerialRunner(), xiaomi, CASES, figures)
    teams = [f.key for f in figures].index("teams")
    assert run.values[0, teams] > run.values[3, teams]
    assert run.refused[2] is not None and "work" in run.refused[2] and np.isnan(run.values[2]).all()
    assert run.refusals == 1
    base = build_report(xiaomi)
    assert run.values[3, teams] == base.structure.teams


def test_pool_and_local_dask_cluster_give_the_same_figures(xiaomi: Scenario) -> None:
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    figures = headline_figures()
    serial = evaluate(SerialRunner(), xiaomi, CASES, figures)
    with PoolRunner(2) as pool:
        pooled = evaluate(pool, xiaomi, CASES, figures)
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        dask = evaluate(DaskRunner(client=client), xiaomi, CASES, figures)
    assert np.array_equal(serial.values, pooled.values, equal_nan=True)
    assert np.array_equal(serial.values, dask.values, equal_nan=True)
    assert serial.refused == pooled.refused == dask.refused


def test_the_result_does_not_depend_on_the_number_of_workers(xiaomi: Scenario) -> None:
    kwargs = {"figures": ["review.p90_working_hours", "equity.stake_gini"], "methods": ["bands"],
              "samples": 12, "seed": 5}
    one = analyse(xiaomi, SerialRunner(), **kwargs)
    with PoolRunner(2) as pool:
        two = analyse(xiaomi, pool, **kwargs)
    assert one.figures == two.figures
    again = analyse(xiaomi, SerialRunner(), **{**kwargs, "seed": 6})
    assert again.figures["review.p90_working_hours"].band != one.figures["review.p90_working_hours"].band


def test_an_unreachable_scheduler_is_named() -> None:
    pytest.importorskip("dask.distributed")
    with pytest.raises(InputError, match=r"--scheduler tcp://127\.0\.0\.1:9: cannot reach a Dask scheduler"):
        DaskRunner("tcp://127.0.0.1:9", timeout_s=1)
    with pytest.raises(InputError, match="expected an address like tcp://HOST:PORT"):
        make_runner("localhost:8786")
    with pytest.raises(InputError, match="--workers 0"):
        make_runner(None, 0)
