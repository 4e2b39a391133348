"""An independent event-driven reference simulator of one team's peer review (tests only).

Written from the routing documented in docs/model.md (section 2), not from orgmodel's code:

- ``n`` engineers author changes (Poisson, ``rate`` each per hour); the lead (if it reviews)
  never authors. A change needs ``r`` reviews by distinct teammates, never its author.
- review_first: a central FIFO list of review tasks. An arriving task goes to a free eligible
  reviewer (uniformly at random among them), who first reaches a break point in own work
  (exponential switch delay, mean ``switch``) and then reviews; if none is free it waits. A
  reviewer who finishes takes the first waiting task it is eligible for, at once (no switch
  delay: it is already reviewing), or goes back to own work.
- batched: each change picks ``r`` distinct eligible reviewers uniformly at random; each
  reviewer keeps its own FIFO queue, looks at it every ``interval`` hours while it is empty and
  then reviews everything waiting (multiple vacations, exhaustive service).

One heap of timed events, Python's ``random.Random(seed)``: reproducible from the seed.
"""

from __future__ import annotations

import heapq
import math
import random
from dataclasses import dataclass, field

from scipy import stats


@dataclass
class TeamRun:
    """What happened to every change (in arrival order) and every reviewer."""

    sent: list[float] = field(default_factory=list)
    author: list[int] = field(default_factory=list)
    first_start: list[float] = field(default_factory=list)  # review (not switch) start of the first task
    queued: list[bool] = field(default_factory=list)  # first task found no free eligible reviewer
    done: list[float] = field(default_factory=list)  # last review finished
    reviewers: list[list[int]] = field(default_factory=list)  # who reviewed it
    busy_hours: list[float] = field(default_factory=list)  # per reviewer (last: the lead)
    received: list[int] = field(default_factory=list)  # review tasks per reviewer
    horizon: float = 0.0


def _effort(rng: random.Random, mean: float, cv: float) -> float:
    if cv < 1e-9:
        return mean
    k = 1.0 / cv**2
    return rng.gammavariate(k, mean / k)


def simulate_team(n: int, lead: bool, rate: float, hours: float, changes: int, seed: int, *,
                  r: int = 1, cv: float = 1.0, policy: str = "review_first", switch: float = 0.0,
                  interval: float = 4.0) -> TeamRun:
    """Simulate ``changes`` changes of one team; see the module docstring for the rules."""
    rng = random.Random(seed)
    m = n + (1 if lead else 0)
    eligible_of = [[j for j in range(m) if j != a] for a in range(n)]
    r = min(r, n - 1 + (1 if lead else 0))
    run = TeamRun(busy_hours=[0.0] * m, received=[0] * m)
    events: list[tuple[float, int, str, int, int]] = []  # (time, tiebreak, kind, reviewer, change)
    seq = 0

    def push(t: float, kind: str, who: int, change: int) -> None:
        nonlocal seq
        seq += 1
        heapq.heappush(events, (t, seq, kind, who, change))

    # review_first state
    state = ["idle"] * m
    waiting: list[tuple[int, int]] = []  # (change, task number) FIFO
    assigned: list[set[int]] = []
    left: list[int] = []
    # batched state
    queues: list[list[int]] = [[] for _ in range(m)]
    serving = [False] * m
    if policy == "batched":
        for j in range(m):
            push(interval, "look", j, -1)

    def begin(j: int, change: int, t: float, delay: float) -> None:
        state[j] = "busy"
        assigned[change].add(j)
        run.reviewers[change].append(j)
        run.received[j] += 1
        push(t + delay, "start", j, change)

    t = 0.0
    next_arrival = rng.expovariate(n * rate) if rate > 0 else math.inf
    arrived = 0
    outstanding = 0  # review tasks sent and not finished
    while events or arrived < changes:
        if arrived < changes and (not events or next_arrival <= events[0][0]):
            t = next_arrival
            a = rng.randrange(n)
            c = arrived
            arrived += 1
            next_arrival = t + rng.expovariate(n * rate)
            run.sent.append(t)
            run.author.append(a)
            run.first_start.append(math.nan)
            run.queued.append(False)
            run.done.append(t)
            run.reviewers.append([])
            assigned.append({a})
            left.append(r)
            outstanding += r
            if r == 0:
                continue
            if policy == "batched":
                for j in rng.sample(eligible_of[a], r):
                    queues[j].append(c)
                    run.received[j] += 1
                    run.reviewers[c].append(j)
                    assigned[c].add(j)
                continue
            for task in range(r):
                free = [j for j in range(m) if state[j] == "idle" and j not in assigned[c]]
                if free:
                    begin(rng.choice(free), c, t, rng.expovariate(1 / switch) if switch > 0 else 0.0)
                else:
                    if task == 0:
                        run.queued[c] = True
                    waiting.append((c, task))
            continue
        t, _, kind, j, c = heapq.heappop(events)
        if kind == "start":  # review_first: switch delay over, review begins
            if math.isnan(run.first_start[c]):
                run.first_start[c] = t
            s = _effort(rng, hours, cv)
            run.busy_hours[j] += s
            push(t + s, "end", j, c)
        elif kind == "end":  # review_first: a review finished
            left[c] -= 1
            outstanding -= 1
            if left[c] == 0:
                run.done[c] = t
            state[j] = "idle"
            for pos, (w, _task) in enumerate(waiting):
                if j not in assigned[w]:
                    del waiting[pos]
                    begin(j, w, t, 0.0)
                    break
        elif kind == "look":  # batched: back from own work
            if queues[j]:
                serving[j] = True
                push(t, "next", j, -1)
            else:
                push(t + interval, "look", j, -1)
        elif kind == "next":  # batched: take the next change in own queue, or leave
            if not queues[j]:
                serving[j] = False
                push(t + interval, "look", j, -1)
                continue
            w = queues[j].pop(0)
            if math.isnan(run.first_start[w]):
                run.first_start[w] = t
            s = _effort(rng, hours, cv)
            run.busy_hours[j] += s
            push(t + s, "batch_end", j, w)
        elif kind == "batch_end":
            left[c] -= 1
            outstanding -= 1
            if left[c] == 0:
                run.done[c] = t
            push(t, "next", j, -1)
        if arrived >= changes and outstanding == 0:
            break
    run.horizon = t
    return run


@dataclass(frozen=True)
class Interval:
    """Batch-means estimate: mean and its 95% confidence interval."""

    mean: float
    low: float
    high: float

    def contains(self, x: float, rel_tol: float = 0.0) -> bool:
        """True if ``x`` is inside the interval widened by ``rel_tol`` of the mean on each side."""
        pad = rel_tol * abs(self.mean)
        return self.low - pad <= x <= self.high + pad


def batch_means(values: list[float], batches: int = 20, warm_up: float = 0.1, confidence: float = 0.95) -> Interval:
    """Mean of ``values`` (in arrival order, first ``warm_up`` share dropped) with a ``confidence``
    interval from ``batches`` consecutive batch means (Student t; Law & Kelton, *Simulation
    Modeling and Analysis*, §9.5.3)."""
    xs = values[int(len(values) * warm_up):]
    size = len(xs) // batches
    means = [sum(xs[i * size:(i + 1) * size]) / size for i in range(batches)]
    mean = sum(means) / batches
    var = sum((x - mean) ** 2 for x in means) / (batches - 1)
    half = float(stats.t.ppf(0.5 + confidence / 2, batches - 1)) * math.sqrt(var / batches)
    return Interval(mean, mean - half, mean + half)
