"""The working clock: working hours <-> calendar hours, with one rule at day boundaries.

A week has ``D = days_per_week`` working days (Monday first), each open on the closed interval
``[start_hour, start_hour + hours_per_day]``; the rest of the week is off. Calendar time ``t``
counts hours since Monday 00:00 of week 0; working time ``w`` counts working hours since then.

**The one boundary rule.** A working instant on a day boundary (``w`` a multiple of
``hours_per_day``) is the *end of the day that just ended*, not the start of the next one:
`WorkClock.calendar_at` returns the earliest calendar instant with that working time. So work
that finishes exactly at closing time finishes that day, and a working day of work started at
09:00 ends at 17:00 the same day. The other way, a calendar instant outside working hours has
the working time of the last closing (nothing is worked in between), and someone who receives
something then can act on it at the next opening (`WorkClock.at_work`). Used by the review
turnaround (calendar hours of a change) and by decisions (escalations in clock hours,
mobilisation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orgmodel.scenario import WorkWeek

__all__ = [
    "HOURS_PER_CALENDAR_WEEK",
    "WorkClock",
    "calendar_durations",
    "calendar_quantiles",
    "calendar_turnaround",
]

FloatArray = NDArray[np.float64]
HOURS_PER_CALENDAR_WEEK = 168.0
_BOUNDARY_TOLERANCE_DAYS = 1e-9
"""A working instant within this many working days above a day boundary counts as on it (float noise)."""


@dataclass(frozen=True)
class WorkClock:
    """A repeating week of ``days_per_week`` working days of ``hours_per_day`` from ``start_hour``."""

    days_per_week: int
    hours_per_day: float
    start_hour: float

    @classmethod
    def of(cls, work: WorkWeek | WorkClock) -> WorkClock:
        """The clock of a scenario's ``work`` section (a clock is returned as is)."""
        if isinstance(work, WorkClock):
            return work
        return cls(work.days_per_week, work.hours_per_day, work.start_hour)

    @property
    def hours_per_week(self) -> float:
        """Working hours in a week, ``D h``."""
        return self.days_per_week * self.hours_per_day

    def working_hours_at(self, t: ArrayLike) -> FloatArray:
        """Working hours elapsed from Monday 00:00 of week 0 to calendar hour ``t``.

        Notes
        -----
        ``W(t) = week D h + min(weekday, D) h + [weekday < D] clip(hour - start, 0, h)``.
        Continuous and non-decreasing; flat outside working hours.
        """
        t = np.asarray(t, dtype=np.float64)
        day = np.floor(t / 24.0)
        weekday = np.mod(day, 7.0)
        week = np.floor(day / 7.0)
        hour = t - 24.0 * day
        d, h = float(self.days_per_week), self.hours_per_day
        inside = np.where(weekday < d, np.clip(hour - self.start_hour, 0.0, h), 0.0)
        out: FloatArray = week * d * h + np.minimum(weekday, d) * h + inside
        return out

    def calendar_at(self, w: ArrayLike) -> FloatArray:
        """The earliest calendar hour at which ``w`` working hours have elapsed.

        A boundary ``w`` (a whole number of working days) is the closing time of the day that
        just ended; ``w = 0`` is Monday's opening of week 0.

        Notes
        -----
        Day index ``n = max(ceil(w / h) - 1, 0)`` (the left limit), week ``k = floor(n / D)``,
        weekday ``d = n - k D``; calendar ``168 k + 24 d + start + (w - k D h - d h)``.
        """
        t = np.asarray(w, dtype=np.float64)
        h = self.hours_per_day
        day_index = np.maximum(np.ceil(t / h - _BOUNDARY_TOLERANCE_DAYS) - 1, 0)
        week = np.floor(day_index / self.days_per_week)
        day = day_index - week * self.days_per_week
        within = t - week * self.hours_per_week - day * h
        out: FloatArray = week * HOURS_PER_CALENDAR_WEEK + day * 24.0 + self.start_hour + within
        return out

    def at_work(self, t: ArrayLike) -> FloatArray:
        """The first calendar hour at or after ``t`` that is inside working hours.

        ``t`` itself when it falls in a working day's ``[start, start + h]`` (closing time
        included), else the next opening: someone who gets a message in the evening or at the
        weekend acts on it the next working morning.
        """
        t = np.asarray(t, dtype=np.float64)
        day = np.floor(t / 24.0)
        weekday = np.mod(day, 7.0)
        hour = t - 24.0 * day
        d = float(self.days_per_week)
        open_day = weekday < d
        inside = open_day & (hour >= self.start_hour) & (hour <= self.start_hour + self.hours_per_day)
        before = open_day & (hour < self.start_hour)
        next_day = np.where(weekday + 1 < d, day + 1, day + 7 - weekday)
        opening = np.where(before, day, next_day) * 24.0 + self.start_hour
        out: FloatArray = np.where(inside, t, opening)
        return out

    def next_meeting(self, w: ArrayLike, interval_days: int, meeting_day: int, meeting_hour: float) -> FloatArray:
        """Working time of the first meeting at or after working time ``w``.

        Meetings fall on working days ``n`` with ``n = meeting_day (mod interval_days)``, counted
        from Monday of week 0, at clock hour ``meeting_hour`` (inside the working day).
        """
        w = np.asarray(w, dtype=np.float64)
        h = self.hours_per_day
        offset = meeting_hour - self.start_hour
        # first meeting day n >= (w - offset) / h with n = meeting_day mod k
        n_min = np.ceil((w - offset - 1e-9) / h)  # a meeting within 1e-9 h of w counts as at w
        k = float(interval_days)
        n = meeting_day + k * np.ceil((n_min - meeting_day) / k)
        out: FloatArray = n * h + offset
        return out

    def check_meeting_hour(self, meeting_hour: float, field: str) -> None:
        """Raise ValueError unless ``meeting_hour`` falls inside the working day."""
        end = self.start_hour + self.hours_per_day
        if not self.start_hour <= meeting_hour < end:
            raise ValueError(
                f"{field} = {meeting_hour:g} is outside the working day "
                f"[{self.start_hour:g}, {end:g}); meetings happen at work"
            )


def calendar_turnaround(sent_hours: ArrayLike, turnaround_hours: ArrayLike,
                        work: WorkWeek | WorkClock) -> FloatArray:
    """Calendar hours from a working instant ``sent_hours`` to ``turnaround_hours`` working hours later.

    Notes
    -----
    ``C(s + W) - C(s)`` with ``C`` = `WorkClock.calendar_at`: the nights and rest days inside
    the interval are added.
    """
    clock = WorkClock.of(work)
    sent = np.asarray(sent_hours, dtype=np.float64)
    done = sent + np.asarray(turnaround_hours, dtype=np.float64)
    out: FloatArray = clock.calendar_at(done) - clock.calendar_at(sent)
    return out


def calendar_quantiles(
    working_quantiles: FloatArray, work: WorkWeek | WorkClock, probs: FloatArray, send_points: int = 96
) -> tuple[FloatArray, float]:
    """Calendar-hour quantiles and mean, given equally likely working-hour durations.

    Parameters
    ----------
    working_quantiles : duration (working hours) at probabilities ``(i + 1/2) / M``, i.e. M
        equally likely values of the working-hour distribution.
    probs : probabilities at which to report calendar quantiles.
    send_points : starting instants spread evenly over the working week.

    Notes
    -----
    Starts are uniform over working time (Poisson in working time) and independent of the
    duration. A deterministic grid of ``send_points`` starts times the M durations gives the
    calendar distribution without random draws.
    """
    clock = WorkClock.of(work)
    sent = (np.arange(send_points) + 0.5) / send_points * clock.hours_per_week
    cal = calendar_turnaround(sent[:, None], working_quantiles[None, :], clock).ravel()
    return np.quantile(cal, probs), float(cal.mean())


def calendar_durations(clock: WorkClock, working_hours: FloatArray, rng: np.random.Generator) -> FloatArray:
    """Clock hours that ``working_hours`` of work take when each starts at a uniform moment of the working week.

    Notes
    -----
    With ``w0 ~ U[0, D h)`` in working time (one draw per value from ``rng``), the clock
    duration is ``C(w0 + w) - C(w0)`` where ``C`` = `WorkClock.calendar_at`: nights and rest days
    that fall inside the interval are added.
    """
    start = rng.uniform(0.0, clock.hours_per_week, np.shape(working_hours))
    out: FloatArray = clock.calendar_at(start + working_hours) - clock.calendar_at(start)
    return out
