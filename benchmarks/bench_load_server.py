"""Benchmark: what the server gives N sessions at once, measured over Streamlit's own websocket protocol.

`bench_load.py` drives real chromium pages, so on a small machine it also measures N browsers
re-plotting on the server's cores. In use, each person's browser runs on their own machine: this
benchmark leaves the browsers out. Each session is a websocket client speaking the protocol the
browser speaks (protobuf ``BackMsg`` in, ``ForwardMsg`` out, ``/_stcore/stream``): it opens the app
with its own team-size cap in the URL (``?preset=xiaomi-2012&org.max_team_size=<cap>``), then moves the
team-size slider ``--moves`` times, as a browser does after a drag (the slider's widget state in a
``rerun_script``). A move is timed from sending it to the server's ``script_finished``, with every
element of the rerun received. Each rerun's *Teams* figure must be the one of the session's own cap:
a session that sees another's value fails the run.

``--think-ms 0`` (the default) sends the next move as soon as the last one finished, in every session
at once (the browser benchmark's rule); a positive value waits an exponential think time of that
mean between moves (seeded), like people reading what changed.

Run: ``python benchmarks/bench_load_server.py [--sessions 1 5 20] [--moves 6] [--servers 1] [--think-ms 0]
[--json out.json]``. JSON: ``levels[i].{sessions, median_ms, p90_ms, median_ratio_to_first, server_*}``
and ``by_sessions.<N>.median_ms``, as `bench_load.py` writes them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import rerun_timings  # noqa: E402
import websockets  # noqa: E402
from bench_load import (  # noqa: E402
    MAX_SESSIONS,
    SLIDER_LABEL,
    TEAMS,
    level_figures,
    serving,
    teams_at,
    with_ratios,
)
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

PRESET = "xiaomi-2012"


class Session:
    """One browser-less session: a websocket, the URL query it was last given, its slider's widget id."""

    def __init__(self, ws: Any, cap: int) -> None:
        self.ws = ws
        self.cap = cap
        self.query = f"preset={PRESET}&org.max_team_size={cap}"
        self.slider_id = ""

    async def rerun(self, states: list[WidgetState]) -> tuple[float, str | None]:
        """Send one rerun; seconds until the script finished, and the *Teams* figure it drew."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.widget_states.widgets.extend(states)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        teams = None
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await self.ws.recv())
            kind = forward.WhichOneof("type")
            if kind == "page_info_changed":
                self.query = forward.page_info_changed.query_string
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                if element.WhichOneof("type") == "slider" and element.slider.label.startswith(SLIDER_LABEL):
                    self.slider_id = element.slider.id
                elif element.WhichOneof("type") == "metric" and element.metric.label == TEAMS:
                    teams = element.metric.body
            elif kind == "script_finished":
                return time.perf_counter() - started, teams

    def move(self, value: int) -> list[WidgetState]:
        state = WidgetState(id=self.slider_id)
        state.double_array_value.data.extend([float(value)])
        return [state]


async def open_session(uri: str, origin: str, i: int, expected: dict[int, str]) -> tuple[Session, str | None]:
    cap = 3 + i % 10  # caps 3..12, so neighbouring sessions differ
    ws = await websockets.connect(uri, subprotocols=[websockets.Subprotocol("streamlit")],
                                  origin=websockets.Origin(origin), max_size=2**26, open_timeout=120)
    session = Session(ws, cap)
    _, teams = await session.rerun([])
    wrong = None if teams == expected[cap] and session.slider_id else f"session {i} opened with Teams {teams}"
    return session, wrong


async def move_slider(session: Session, moves: int, think_ms: float, rng: random.Random,
                      expected: dict[int, str]) -> tuple[list[float], list[str]]:
    latencies, wrong = [], []
    for k in range(moves):
        value = session.cap - 1 if k % 2 == 0 else session.cap
        seconds, teams = await session.rerun(session.move(value))
        latencies.append(seconds)
        if teams != expected[value]:
            wrong.append(f"cap {value}: Teams {teams}, not {expected[value]}")
        if think_ms > 0:
            await asyncio.sleep(rng.expovariate(1000.0 / think_ms))
    return latencies, wrong


async def run(sessions: list[int], moves: int, servers: int, think_ms: float, seed: int) -> dict[str, Any]:
    expected = {cap: teams_at(cap) for cap in range(2, 13)}
    results: dict[str, Any] = {"moves_per_session": moves, "servers": servers, "think_ms": think_ms, "levels": []}
    with tempfile.TemporaryDirectory() as tmp, serving(servers, Path(tmp) / "timings.jsonl") as base_url:
        log = Path(tmp) / "timings.jsonl"
        uri = base_url.replace("http://", "ws://") + "/_stcore/stream"
        next_id = 0
        for n in sessions:
            t_open = time.perf_counter()
            opened: list[tuple[Session, str | None]] = []
            for batch in range(0, n, 5):
                opened += await asyncio.gather(*(open_session(uri, base_url, next_id + i, expected)
                                                 for i in range(batch, min(n, batch + 5))))
            next_id += n
            open_s = time.perf_counter() - t_open
            before = len(rerun_timings.read(log))
            rngs = [random.Random(seed * 1000 + i) for i in range(n)]
            per_session = await asyncio.gather(*(move_slider(s, moves, think_ms, rng, expected)
                                                 for (s, _), rng in zip(opened, rngs, strict=True)))
            server = rerun_timings.summarise(rerun_timings.read(log)[before:])
            wrong = [w for _, w in opened if w] + [w for _, ws in per_session for w in ws]
            level = level_figures(n, [x for xs, _ in per_session for x in xs], open_s, wrong, server)
            results["levels"].append(level)
            print(level, flush=True)
            if wrong:
                print("SESSIONS MIXED UP:\n  " + "\n  ".join(wrong[:20]), file=sys.stderr)
            for s, _ in opened:
                await s.ws.close()
    return with_ratios(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 5, 20])
    parser.add_argument("--moves", type=int, default=6, help="slider moves per session (even, at most 50)")
    parser.add_argument("--servers", type=int, default=1, help="Streamlit processes (behind nginx when > 1)")
    parser.add_argument("--think-ms", type=float, default=0.0, help="mean think time between moves (0: none)")
    parser.add_argument("--seed", type=int, default=2012, help="seed of the think times")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args()
    if any(n < 1 or n > MAX_SESSIONS for n in args.sessions) or not 2 <= args.moves <= 50 or args.moves % 2:
        parser.error(f"sessions must be 1..{MAX_SESSIONS} and moves an even number 2..50")
    if not 1 <= args.servers <= 8 or not 0 <= args.think_ms <= 60_000:
        parser.error("servers must be 1..8 and think-ms 0..60000")
    results = asyncio.run(run(args.sessions, args.moves, args.servers, args.think_ms, args.seed))
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    if not results["isolated"]:
        raise SystemExit("a session saw another session's figures")


if __name__ == "__main__":
    main()
