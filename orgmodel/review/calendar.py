"""Working time to calendar time: a change sent late waits overnight and over the weekend."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orgmodel.scenario import WorkWeek

__all__ = ["calendar_instant", "calendar_quantiles", "calendar_turnaround"]

FloatArray = NDArray[np.float64]
HOURS_PER_WEEK = 168.0


def calendar_instant(working_hours: ArrayLike, work: WorkWeek, end: bool = False) -> FloatArray:
    """Calendar hours since Monday 00:00 of week 0 for an instant given in working hours.

    Parameters
    ----------
    working_hours : working hours since the start of week 0 (Monday ``start_hour``).
    end : map an instant on a day boundary to the end of the day before (for finish times),
        not the start of the next day.

    Notes
    -----
    With ``h = hours_per_day``, ``H = days_per_week * h``: week ``w = floor(t / H)``, day
    ``d = floor((t - w H) / h)``, hour ``r = t - w H - d h``; calendar ``168 w + 24 d +
    start_hour + r``. Days run Monday onwards; the rest of the week is off.
    """
    t = np.asarray(working_hours, dtype=np.float64)
    h = work.hours_per_day
    week_h = work.days_per_week * h
    # end=True takes the left limit: a finish on a boundary belongs to the day that just ended
    day_index = np.maximum(np.ceil(t / h) - 1, 0) if end else np.floor(t / h)
    week = np.floor(day_index / work.days_per_week)
    day = day_index - week * work.days_per_week
    within = t - week * week_h - day * h
    return week * HOURS_PER_WEEK + day * 24.0 + work.start_hour + within


def calendar_turnaround(sent_hours: ArrayLike, turnaround_hours: ArrayLike, work: WorkWeek) -> FloatArray:
    """Calendar hours between sending (a working instant) and completion, ``turnaround`` working hours later."""
    sent = np.asarray(sent_hours, dtype=np.float64)
    done = sent + np.asarray(turnaround_hours, dtype=np.float64)
    return calendar_instant(done, work, end=True) - calendar_instant(sent, work)


def calendar_quantiles(
    working_quantiles: FloatArray, work: WorkWeek, probs: FloatArray, send_points: int = 96
) -> tuple[FloatArray, float]:
    """Calendar-hour quantiles and mean, given equally likely working-hour turnarounds.

    Parameters
    ----------
    working_quantiles : turnaround (working hours) at probabilities ``(i + 1/2) / M``, i.e. M
        equally likely values of the working-hour distribution.
    probs : probabilities at which to report calendar quantiles.
    send_points : sending instants spread evenly over the working week.

    Notes
    -----
    Changes are sent uniformly over working time (Poisson in working time), independent of
    their turnaround. A deterministic grid of ``send_points`` sending instants times the M
    turnaround values gives the calendar distribution without random draws.
    """
    week_h = work.days_per_week * work.hours_per_day
    sent = (np.arange(send_points) + 0.5) / send_points * week_h
    cal = calendar_turnaround(sent[:, None], working_quantiles[None, :], work).ravel()
    return np.quantile(cal, probs), float(cal.mean())
