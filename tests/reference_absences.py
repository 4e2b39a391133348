"""An independent event-driven reference: one team's peer review when reviewers are absent at times.

Written from the rules in the brief and docs/model.md (section 2, "Absences"), not from
orgmodel's code:

- Engineers ``0..n-1`` author changes (Poisson, ``rate`` per engineer per hour, author uniform);
  the lead (index ``n``, if ``lead_reviews``) reviews but never authors.
- Each person has independent absence kinds: alternating exponential spells (mean ``m``) and
  gaps (mean ``m (1 - share) / share``), starting in the stationary state. Present = no kind
  active. Work in progress pauses while absent and resumes after (preemptive resume); so does
  the batched look timer.
- A change needs ``r`` reviews by distinct teammates, never its author; with probability
  ``owner_share`` it has a code owner (a uniform eligible teammate) who alone reviews it.
- One FIFO list of review tasks per team. review_first: a present idle eligible reviewer takes
  the oldest task it may take at once, and first works ``switch`` (exponential) present hours
  to reach a break point; a reviewer who finishes a review takes the next task without switch.
  batched: a reviewer who finds nothing to take goes back to own work and looks again after
  ``interval`` present hours; at a look or at the end of a review it takes the oldest task it
  may take.
- Review effort: gamma (mean ``effort``, cv ``cv``).

One heap of events, ``random.Random(seed)``; turnaround = end of the change's last review.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field


@dataclass
class Person:
    active: list[bool]
    task: int | None = None  # index of the task in progress
    left: float = 0.0  # present hours of work left on it
    look_left: float = math.inf  # batched: present hours until the next look (inf: not waiting)
    version: int = 0  # invalidates scheduled finish / look events
    since: float = 0.0  # when the current present stretch of work or timer started

    @property
    def present(self) -> bool:
        return not any(self.active)


@dataclass
class Reference:
    n: int
    lead_reviews: bool
    rate: float
    effort: float
    cv: float
    policy: str
    switch: float
    interval: float
    kinds: list[tuple[float, float]]  # (share, mean_hours)
    owner_share: float = 0.0
    r: int = 1
    seed: int = 0
    sent: list[float] = field(default_factory=list)
    done: list[float] = field(default_factory=list)

    def run(self, changes: int) -> list[float]:
        rng = random.Random(self.seed)
        m = self.n + (1 if self.lead_reviews else 0)
        people = [Person([rng.random() < s for s, _ in self.kinds]) for _ in range(m)]
        heap: list[tuple[float, int, str, tuple[int, ...]]] = []
        seq = [0]

        def push(t: float, kind: str, data: tuple[int, ...]) -> None:
            seq[0] += 1
            heapq.heappush(heap, (t, seq[0], kind, data))

        for p_i, p in enumerate(people):
            for k, (share, mean) in enumerate(self.kinds):
                if share > 0:
                    gap = mean * (1 - share) / share
                    push(rng.expovariate(1 / (mean if p.active[k] else gap)), "toggle", (p_i, k))
                else:
                    p.active[k] = False
        tasks: list[tuple[int, frozenset[int]]] = []  # (change, who may take it)
        taken: list[set[int]] = []  # per change: reviewers already on it
        left_tasks: list[int] = []
        waiting: list[int] = []  # task indices, oldest first
        now = 0.0

        def gamma() -> float:
            if self.cv == 0:
                return self.effort
            k = 1 / self.cv**2
            return rng.gammavariate(k, self.effort / k)

        def schedule(p_i: int) -> None:
            p = people[p_i]
            p.version += 1
            p.since = now
            if not p.present:
                return
            if p.task is not None:
                push(now + p.left, "finish", (p_i, p.version))
            elif self.policy == "batched" and p.look_left < math.inf:
                push(now + p.look_left, "look", (p_i, p.version))

        def pause(p_i: int) -> None:
            p = people[p_i]
            if p.present:  # about to leave: bank the progress of this present stretch
                if p.task is not None:
                    p.left -= now - p.since
                elif p.look_left < math.inf:
                    p.look_left -= now - p.since
            p.version += 1

        def try_take(p_i: int, fresh: bool) -> bool:
            p = people[p_i]
            for pos, t_i in enumerate(waiting):
                change, allowed = tasks[t_i]
                if p_i in allowed and p_i not in taken[change]:
                    waiting.pop(pos)
                    taken[change].add(p_i)
                    p.task = t_i
                    setup = fresh and self.switch > 0 and self.policy == "review_first"
                    p.left = gamma() + (rng.expovariate(1 / self.switch) if setup else 0.0)
                    p.look_left = math.inf
                    schedule(p_i)
                    return True
            return False

        def offer() -> None:
            """review_first: idle present reviewers take waiting tasks."""
            for p_i, p in enumerate(people):
                if p.task is None and p.present and self.policy == "review_first":
                    try_take(p_i, fresh=True)

        if self.policy == "batched":
            for p_i, p in enumerate(people):
                p.look_left = rng.uniform(0, self.interval)
                schedule(p_i)
        push(rng.expovariate(self.rate * self.n), "arrive", ())
        pending = [0]
        while len(self.sent) < changes or pending[0] > 0:
            now, _, kind, data = heapq.heappop(heap)
            if kind == "arrive":
                if len(self.sent) < changes:
                    push(now + rng.expovariate(self.rate * self.n), "arrive", ())
                else:
                    continue
                change = len(self.sent)
                author = rng.randrange(self.n)
                allowed = frozenset(i for i in range(m) if i != author and (i < self.n or self.lead_reviews))
                need = min(self.r, len(allowed))
                if allowed and rng.random() < self.owner_share:
                    allowed = frozenset([rng.choice(sorted(allowed))])
                    need = 1
                self.sent.append(now)
                self.done.append(math.nan if need else now)
                pending[0] += 1 if need else 0
                taken.append(set())
                left_tasks.append(need)
                for _ in range(need):
                    tasks.append((change, allowed))
                    waiting.append(len(tasks) - 1)
                offer()
            elif kind == "toggle":
                p_i, k = data
                p = people[p_i]
                was = p.present
                if was:
                    pause(p_i)
                p.active[k] = not p.active[k]
                share, mean = self.kinds[k]
                gap = mean * (1 - share) / share
                push(now + rng.expovariate(1 / (mean if p.active[k] else gap)), "toggle", (p_i, k))
                if p.present and not was:
                    schedule(p_i)
                    offer()
            elif kind == "finish":
                p_i, version = data
                p = people[p_i]
                if version != p.version:
                    continue
                change = tasks[p.task][0]  # type: ignore[index]
                left_tasks[change] -= 1
                if left_tasks[change] == 0:
                    self.done[change] = now
                    pending[0] -= 1
                p.task = None
                if not try_take(p_i, fresh=False):
                    if self.policy == "batched":
                        p.look_left = self.interval
                        schedule(p_i)
                    else:
                        p.version += 1
            elif kind == "look":
                p_i, version = data
                p = people[p_i]
                if version != p.version:
                    continue
                p.look_left = math.inf
                if not try_take(p_i, fresh=True):
                    p.look_left = self.interval
                    schedule(p_i)
        return [d - s for s, d in zip(self.sent[:changes], self.done[:changes])]


def batch_interval(x: list[float], batches: int = 20) -> tuple[float, float, float]:
    """Mean and 95% batch-means interval (t with 19 degrees of freedom: 2.093)."""
    per = len(x) // batches
    means = [sum(x[i * per:(i + 1) * per]) / per for i in range(batches)]
    centre = sum(means) / batches
    sd = math.sqrt(sum((v - centre) ** 2 for v in means) / (batches - 1))
    half = 2.093 * sd / math.sqrt(batches)
    return centre, centre - half, centre + half
