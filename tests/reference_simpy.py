"""An outside simulator of one team's peer review with absences, in SimPy (issue 21's outside check).

Written from the rules in docs/model.md (section 2, "Absences"), not from orgmodel's code nor from
tests/reference_absences.py: engineers ``0..n-1`` author changes (Poisson, ``rate`` each per working
hour); the lead (index ``n``) reviews if ``lead_reviews``; one reviewer per change, never its author;
one FIFO list per team. Each person has independent absence kinds (exponential spells and gaps,
stationary start); work and the batched look timer advance only while present (preemptive resume,
SimPy interrupts). review_first: a present idle reviewer takes the oldest change it may review and
first works an exponential switch delay; after a review it takes the next at once, without one.
batched: an idle reviewer looks every ``interval`` present hours. Effort: exponential, or gamma
with cv ``cv``.
"""

from __future__ import annotations

import random

import simpy


class Team:
    def __init__(self, n: int, lead_reviews: bool, rate: float, effort: float, policy: str, *, switch: float = 0.0,
                 interval: float = 1.0, kinds: tuple[tuple[float, float], ...] = (), cv: float = 1.0,
                 seed: int = 0) -> None:
        self.env = simpy.Environment()
        self.rng = random.Random(seed)
        self.n, self.rate, self.effort, self.cv = n, rate, effort, cv
        self.policy, self.switch, self.interval, self.kinds = policy, switch, interval, kinds
        people = n + (1 if lead_reviews else 0)
        self.active = [[self.rng.random() < s for s, _ in kinds] for _ in range(people)]
        self.back = [self.env.event() for _ in range(people)]  # fires when a person returns
        self.working: list[simpy.Process | None] = [None] * people
        self.queue: list[tuple[int, float]] = []  # (author, sent)
        self.wake: list[simpy.Event] = []
        self.turnaround: list[float] = []
        for p in range(people):
            for k in range(len(kinds)):
                if kinds[k][0] > 0:
                    self.env.process(self._absence(p, k))
            self.env.process(self._reviewer(p))
        self.env.process(self._arrivals())

    def present(self, p: int) -> bool:
        return not any(self.active[p])

    def _absence(self, p: int, k: int):  # type: ignore[no-untyped-def]
        share, mean = self.kinds[k]
        while True:
            gap = mean * (1 - share) / share
            yield self.env.timeout(self.rng.expovariate(1 / (mean if self.active[p][k] else gap)))
            was = self.present(p)
            self.active[p][k] = not self.active[p][k]
            if was and not self.present(p) and self.working[p] is not None:
                self.working[p].interrupt()
            if not was and self.present(p):
                self.back[p].succeed()
                self.back[p] = self.env.event()
                self._wake()

    def _wake(self) -> None:
        for event in self.wake:
            if not event.triggered:
                event.succeed()
        self.wake = []

    def _work(self, p: int, hours: float):  # type: ignore[no-untyped-def]
        """Advance ``hours`` of present time (pauses while absent)."""
        me = self.env.active_process
        while hours > 1e-12:
            if not self.present(p):
                yield self.back[p]
                continue
            start = self.env.now
            self.working[p] = me
            try:
                yield self.env.timeout(hours)
                hours = 0.0
            except simpy.Interrupt:
                hours -= self.env.now - start
            finally:
                self.working[p] = None

    def _take(self, p: int) -> tuple[int, float] | None:
        for i, (author, _sent) in enumerate(self.queue):
            if author != p:
                return self.queue.pop(i)
        return None

    def _effort(self) -> float:
        if self.cv == 1:
            return self.rng.expovariate(1 / self.effort)
        if self.cv == 0:
            return self.effort
        shape = 1 / self.cv**2
        return self.rng.gammavariate(shape, self.effort / shape)

    def _reviewer(self, p: int):  # type: ignore[no-untyped-def]
        if self.policy == "batched":
            yield from self._work(p, self.rng.uniform(0, self.interval))
        while True:
            if not self.present(p):
                yield self.back[p]
                continue
            job = self._take(p)
            if job is None:
                if self.policy == "batched":
                    yield from self._work(p, self.interval)
                else:
                    event = self.env.event()
                    self.wake.append(event)
                    yield event
                continue
            hours = self._effort() + (self.rng.expovariate(1 / self.switch)
                                      if self.policy == "review_first" and self.switch > 0 else 0.0)
            while True:  # review, then the next change at once, without a switch delay
                yield from self._work(p, hours)
                self.turnaround.append(self.env.now - job[1])
                nxt = self._take(p)
                if nxt is None:
                    break
                job, hours = nxt, self._effort()
            if self.policy == "batched":
                yield from self._work(p, self.interval)

    def _arrivals(self):  # type: ignore[no-untyped-def]
        while True:
            yield self.env.timeout(self.rng.expovariate(self.rate * self.n))
            self.queue.append((self.rng.randrange(self.n), self.env.now))
            self._wake()

    def run(self, changes: int, warm_up: float = 0.05) -> list[float]:
        """Turnarounds (working hours) of the first ``changes`` finished, warm-up dropped."""
        step = 20 * changes / (self.rate * self.n) / 100
        while len(self.turnaround) < changes:
            self.env.run(until=self.env.now + step)
        return self.turnaround[int(warm_up * changes):changes]
