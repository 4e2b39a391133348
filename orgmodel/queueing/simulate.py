"""Generic single-server simulators, vectorised over rows (independent queues); working hours.

The organisation's review simulation (`orgmodel.review.simulate`) uses them for sign-offs.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["single_server_starts"]

FloatArray = NDArray[np.float64]


def single_server_starts(
    arrivals: FloatArray, services: FloatArray, policy: str, *,
    setup: FloatArray | None = None, interval_hours: float = 1.0,
) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Service start times of single servers (rows) under a review policy, and who found them idle.

    ``review_first``: idle -> start after the setup (switch delay), busy -> at the previous end.
    ``batched``: the multiple-vacation rule of `vacation_waits`. Rows may be padded with ``inf``
    arrivals at the end.
    """
    rows, k_max = arrivals.shape
    end = np.zeros(rows)
    starts = np.empty_like(arrivals)
    idle_seen = np.zeros(arrivals.shape, dtype=bool)
    with np.errstate(invalid="ignore"):
        for k in range(k_max):
            t = arrivals[:, k]
            idle = t >= end
            if policy == "batched":
                back = end + interval_hours * np.ceil((t - end) / interval_hours)
                start = np.where(idle, back, end)
            else:
                delay = 0.0 if setup is None else setup[:, k]
                start = np.where(idle, t + delay, end)
            finite = np.isfinite(t)
            end = np.where(finite, start + services[:, k], end)
            starts[:, k] = start
            idle_seen[:, k] = idle & finite
    return starts, idle_seen
