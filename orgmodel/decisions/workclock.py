"""The working clock: calendar hours <-> cumulative working hours, and the next meeting."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from orgmodel.scenario import WorkWeek

__all__ = ["WorkClock"]

FloatArray = NDArray[np.float64]
HOURS_PER_CALENDAR_WEEK = 168.0


@dataclass(frozen=True)
class WorkClock:
    """A repeating week: working days ``0..days_per_week-1`` (Monday first), each open
    ``[start_hour, start_hour + hours_per_day)``. Calendar time ``t`` is hours since Monday 00:00
    of week 0; working time ``w`` is working hours since then.
    """

    days_per_week: int
    hours_per_day: float
    start_hour: float

    @classmethod
    def of(cls, work: WorkWeek) -> WorkClock:
        return cls(work.days_per_week, work.hours_per_day, work.start_hour)

    @property
    def hours_per_week(self) -> float:
        return self.days_per_week * self.hours_per_day

    def working_hours_at(self, t: ArrayLike) -> FloatArray:
        """Working hours elapsed from Monday 00:00 of week 0 to calendar hour ``t``.

        Notes
        -----
        ``W(t) = week * D * H + min(weekday, D) * H + [weekday < D] * clip(hour - start, 0, H)``.
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
        """The first moment at work when ``w`` working hours have elapsed (a boundary ``w``
        maps to the next day's opening: someone who gets a message at closing time acts on it
        the next working morning)."""
        w = np.asarray(w, dtype=np.float64)
        n = np.floor(w / self.hours_per_day + 1e-12)
        into = np.maximum(w - n * self.hours_per_day, 0.0)
        week = np.floor(n / self.days_per_week)
        weekday = n - week * self.days_per_week
        out: FloatArray = week * HOURS_PER_CALENDAR_WEEK + weekday * 24.0 + self.start_hour + into
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
