"""The batch runner: many evaluations on one machine's processes or on a Dask cluster, in order.

A job is a picklable top-level function ``fn(shared, items) -> results`` (one result per item, in
order) and a list of items; the runner cuts the items into chunks, runs the chunks where it runs
them, and returns the results in item order. Nothing random happens in a runner: every draw is
made before the job starts, so the figures are the same whatever the number of workers.

- `SerialRunner`: in this process (one worker; what the app uses on a 2-core server).
- `PoolRunner`: a local process pool (`concurrent.futures`, forkserver processes where the platform
  has them, else spawn), kept open across jobs until `close`.
- `DaskRunner`: a `dask.distributed` cluster at ``tcp://HOST:PORT`` (or a `Client` given), the shared
  part scattered once to every worker.

`evaluate` runs scenario cases (dotted-path edits of one base scenario, applied with the CLI's own
``--set`` machinery and validated like any file) and returns each headline figure's value.
Attribution, growth and sweeps can hand their scenarios to the same runners through `evaluate`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from orgmodel.errors import InputError
from orgmodel.headlines import Headline
from orgmodel.scenario import Scenario

__all__ = ["Case", "DaskRunner", "Evaluated", "PoolRunner", "Runner", "SerialRunner", "evaluate", "make_runner"]

Progress = Callable[[int, int], None]
ChunkFn = Callable[[Any, list[Any]], list[Any]]


def _chunks(items: Sequence[Any], count: int) -> list[list[Any]]:
    size = max(1, math.ceil(len(items) / max(1, count)))
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


class Runner:
    """Where a job runs. ``map(fn, shared, items)`` returns ``fn``'s results in item order."""

    workers: int = 1
    where: str = "this process"

    def map(self, fn: ChunkFn, shared: Any, items: Sequence[Any], on_progress: Progress | None = None) -> list[Any]:
        raise NotImplementedError

    def close(self) -> None:
        """Release workers (a pool's processes, a cluster client)."""

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SerialRunner(Runner):
    """Every chunk in this process, one after another (progress after each chunk of about 2%)."""

    def map(self, fn: ChunkFn, shared: Any, items: Sequence[Any], on_progress: Progress | None = None) -> list[Any]:
        out: list[Any] = []
        for chunk in _chunks(items, 50):
            out.extend(fn(shared, chunk))
            if on_progress is not None:
                on_progress(len(out), len(items))
        return out


class PoolRunner(Runner):
    """A local process pool of ``workers`` processes (default: the machine's cores), opened on first use."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.where = f"local process pool ({self.workers} workers)"
        self._pool: Any = None

    def _executor(self) -> Any:
        if self._pool is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=mp.get_context(method))
        return self._pool

    def map(self, fn: ChunkFn, shared: Any, items: Sequence[Any], on_progress: Progress | None = None) -> list[Any]:
        from concurrent.futures import as_completed

        chunks = _chunks(items, self.workers * 4)
        futures = {self._executor().submit(fn, shared, chunk): i for i, chunk in enumerate(chunks)}
        results: list[list[Any]] = [[] for _ in chunks]
        done = 0
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            done += len(chunks[futures[future]])
            if on_progress is not None:
                on_progress(done, len(items))
        return [r for chunk in results for r in chunk]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskRunner(Runner):
    """A `dask.distributed` cluster: ``address`` (``tcp://HOST:PORT``) or an existing ``client``.

    Raises
    ------
    InputError : the scheduler cannot be reached within ``timeout_s`` seconds (names the address).
    """

    def __init__(self, address: str | None = None, *, client: Any = None, timeout_s: float = 10.0) -> None:
        from dask.distributed import Client

        self._own = client is None
        if client is None:
            try:
                client = Client(address, timeout=f"{timeout_s}s", set_as_default=False)
            except (OSError, TimeoutError, ValueError) as err:
                problem = f"--scheduler {address}: cannot reach a Dask scheduler there ({str(err)[:160]})"
                raise InputError([problem], "--scheduler") from None
        self._client = client
        self.workers = max(1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
        self.where = f"Dask cluster {client.scheduler.address} ({self.workers} threads)"

    def map(self, fn: ChunkFn, shared: Any, items: Sequence[Any], on_progress: Progress | None = None) -> list[Any]:
        from dask.distributed import as_completed

        chunks = _chunks(items, self.workers * 4)
        held = self._client.scatter(shared, broadcast=True)
        futures = [self._client.submit(fn, held, chunk, pure=False) for chunk in chunks]
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[list[Any]] = [[] for _ in chunks]
        done = 0
        for future in as_completed(futures):
            i = index[future.key]
            results[i] = future.result()
            done += len(chunks[i])
            if on_progress is not None:
                on_progress(done, len(items))
        return [r for chunk in results for r in chunk]

    def close(self) -> None:
        if self._own:
            self._client.close()


def make_runner(scheduler: str | None = None, workers: int | None = None) -> Runner:
    """A Dask runner when ``scheduler`` is given, a process pool for more than one worker, else serial."""
    if scheduler:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ws://", "wss://")):
            raise InputError([f"--scheduler {scheduler!r}: expected an address like tcp://HOST:PORT"], "--scheduler")
        return DaskRunner(scheduler)
    if workers is not None and workers < 1:
        raise InputError([f"--workers {workers}: give 1 or more"], "--workers")
    count = workers if workers is not None else (os.cpu_count() or 1)
    return PoolRunner(count) if count > 1 else SerialRunner()


# --- scenarios: one base scenario, many dotted-path edits


@dataclass(frozen=True)
class Case:
    """One scenario to evaluate: edits (input path -> value) of the base, and the sections it needs."""

    overrides: dict[str, Any]
    sections: tuple[str, ...] | None = None
    """Report sections to compute (None: all); figures of other sections are taken from the base."""


@dataclass
class Evaluated:
    """Headline values (cases x figures; NaN where absent, unstable or refused) and each case's refusal."""

    values: np.ndarray
    refused: list[str | None] = field(default_factory=list)

    @property
    def refusals(self) -> int:
        return sum(r is not None for r in self.refused)


@lru_cache(maxsize=8)
def _base_mapping(base_json: str) -> dict[str, Any]:
    import json

    data: dict[str, Any] = json.loads(base_json)
    return data


def _scenario_chunk(shared: tuple[str, tuple[tuple[str, str], ...]], cases: list[Case]) -> list[Any]:
    """Worker side: each case's figure values (None where absent) and refusal text (None when it ran)."""
    from orgmodel.engines import headline_figures
    from orgmodel.headlines import figure_value
    from orgmodel.loading import apply_overrides, validate_scenario
    from orgmodel.paths import value_text
    from orgmodel.report import build_report

    base_json, keys = shared
    by_key = {(f.section, f.key): f for f in headline_figures()}
    base = _base_mapping(base_json)
    out: list[Any] = []
    for case in cases:
        try:
            edits = [f"{path}={value_text(value)}" for path, value in case.overrides.items()]
            data = apply_overrides(base, edits) if edits else base
            scenario = validate_scenario(data, "case")
            report = build_report(scenario, sections=case.sections)
        except ValueError as err:  # InputError (an invalid mix) or an engine's refusal
            out.append(([None] * len(keys), str(err).splitlines()[0][:300]))
            continue
        values = []
        for key in keys:
            figure = by_key.get(key)
            value = figure_value(report, figure) if figure is not None else None
            values.append(value if value is not None and math.isfinite(value) else None)
        out.append((values, None))
    return out


def evaluate(
    runner: Runner, base: Scenario, cases: Sequence[Case], figures: Sequence[Headline],
    on_progress: Progress | None = None,
) -> Evaluated:
    """Every case's headline figures, computed by ``runner``; rows in case order, columns in ``figures`` order."""
    labels = {"description", "sources", "provenance", "ranges"}  # no figure reads them: not copied per case
    shared = (base.model_dump_json(exclude=labels), tuple((f.section, f.key) for f in figures))
    results = runner.map(_scenario_chunk, shared, list(cases), on_progress)
    values = np.array([[np.nan if v is None else v for v in row] for row, _ in results], dtype=float)
    values = values.reshape(len(cases), len(figures))
    return Evaluated(values=values, refused=[why for _, why in results])
