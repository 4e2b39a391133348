"""Twenty people on one server at once, over Streamlit's own websocket protocol (no browsers, so the
server's share alone): each session opens the app with its own team-size cap in the URL, all move
their slider at once, and every rerun of every session must show the team count of its own cap.

The sessions are `benchmarks/bench_load_server.py`'s clients; the benchmark times them, this test
checks them.
"""

from __future__ import annotations

import asyncio
import random
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from appserver import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_load_server import move_slider, open_session, teams_at

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]  # the app server fixture

SESSIONS = 20


async def _mix_ups(url: str, sessions: int, moves: int) -> list[str]:
    expected = {cap: teams_at(cap) for cap in range(2, 13)}
    uri = url.replace("http://", "ws://") + "/_stcore/stream"
    opened = await asyncio.gather(*(open_session(uri, url, i, expected) for i in range(sessions)))
    try:
        moved = await asyncio.gather(*(move_slider(s, moves, 0.0, random.Random(i), expected)
                                       for i, (s, _) in enumerate(opened)))
    finally:
        for s, _ in opened:
            await s.ws.close()
    assert all(len(latencies) == moves for latencies, _ in moved)
    return [w for _, w in opened if w] + [w for _, wrong in moved for w in wrong]


def test_twenty_sessions_at_once_each_see_only_their_own_edits(app_url: str) -> None:
    # in its own thread: playwright's sync API keeps an event loop running in this one
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, _mix_ups(app_url, SESSIONS, moves=4)).result() == []
