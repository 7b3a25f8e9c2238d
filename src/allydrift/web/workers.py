"""Where request work runs: two bounded thread pools off the event loop, with single flight.

Cold computations (a dyad's panel, an index with its bootstrap, a comparison of cold
dyads) run in the *heavy* lane; everything cut from data already in memory (states, the
catalogue, pages and spans of a computed dyad) runs in the *light* lane, so a cheap
lookup never queues behind a cold computation. Each lane has a fixed number of threads
and a bounded queue; a job that finds its lane full raises ``Saturated`` (the app answers
503 with ``Retry-After``). Concurrent jobs with the same key share one run and take one
slot, and a client that goes away does not cancel a run others wait for.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

Lane = Literal["heavy", "light"]
WORKERS_ENV = "ALLYDRIFT_WEB_WORKERS"
QUEUE_ENV = "ALLYDRIFT_WEB_QUEUE"
RETRY_AFTER_ENV = "ALLYDRIFT_WEB_RETRY_AFTER"
DEFAULT_WORKERS, DEFAULT_QUEUE, DEFAULT_RETRY_AFTER = 2, 8, 5
LIGHT_WORKERS, LIGHT_QUEUE = 4, 64


class Saturated(Exception):
    """A lane has every thread busy and its queue full."""

    def __init__(self, lane: Lane, capacity: int, retry_after: int) -> None:
        super().__init__(
            f"the server is busy: {capacity} {lane} computations are running or queued. "
            f"Try again in {retry_after} s; cached pages answer meanwhile."
        )
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limits:
    """Threads and queue length of the heavy lane, and the ``Retry-After`` of a 503."""

    workers: int = DEFAULT_WORKERS
    queue: int = DEFAULT_QUEUE
    retry_after: int = DEFAULT_RETRY_AFTER

    @classmethod
    def from_env(cls, **given: int | None) -> Limits:
        """Limits from keyword arguments, else ``$ALLYDRIFT_WEB_*``, else the defaults."""
        from allydrift.errors import InputError

        values: dict[str, int] = {}
        for name, env, default, low in (
            ("workers", WORKERS_ENV, DEFAULT_WORKERS, 1),
            ("queue", QUEUE_ENV, DEFAULT_QUEUE, 0),
            ("retry_after", RETRY_AFTER_ENV, DEFAULT_RETRY_AFTER, 1),
        ):
            value = given.get(name)
            if value is None:
                text = os.environ.get(env, "").strip()
                if text and not text.isdigit():
                    msg = f"${env} must be a whole number; got {text!r}"
                    raise InputError(msg)
                value = int(text) if text else default
            if not low <= value <= 1000:
                msg = f"{name} must be in {low}–1000; got {value}"
                raise InputError(msg)
            values[name] = value
        return cls(**values)


class _Pool:
    def __init__(self, lane: Lane, workers: int, queue: int, retry_after: int) -> None:
        self.lane = lane
        self.capacity = workers + queue
        self.retry_after = retry_after
        self.workers = workers
        self.executor: ThreadPoolExecutor | None = None
        self.running: dict[Hashable, Future[Any]] = {}

    async def run(self, key: Hashable, fn: Callable[[], Any]) -> Any:
        job = self.running.get(key)
        if job is None:
            if len(self.running) >= self.capacity:
                raise Saturated(self.lane, self.capacity, self.retry_after)
            if self.executor is None:  # first use, or the app was started again
                self.executor = ThreadPoolExecutor(self.workers, f"allydrift-{self.lane}")
            job = self.executor.submit(fn)
            self.running[key] = job
            job.add_done_callback(lambda _: self.running.pop(key, None))
        waiting = asyncio.wrap_future(job)  # a future of this event loop, whichever it is
        waiting.add_done_callback(_consume)
        return await asyncio.shield(waiting)


def _consume(future: asyncio.Future[Any]) -> None:
    """Retrieve the outcome so a job whose waiters all left logs no 'never retrieved'."""
    if not future.cancelled():
        future.exception()


class Workers:
    """The heavy and light lanes of one app."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        lim = self.limits
        self._pools = {
            "heavy": _Pool("heavy", lim.workers, lim.queue, lim.retry_after),
            "light": _Pool("light", LIGHT_WORKERS, LIGHT_QUEUE, lim.retry_after),
        }

    async def run(self, lane: Lane, key: Hashable, fn: Callable[[], Any]) -> Any:
        """``fn()`` in a thread of ``lane``; joins a running job with the same ``key``."""
        return await self._pools[lane].run((lane, key), fn)

    def busy(self, lane: Lane) -> int:
        """Jobs running or queued in ``lane``."""
        return len(self._pools[lane].running)

    def shutdown(self) -> None:
        """Let the threads end once their jobs are done (queued jobs are dropped); a later
        job starts new threads (an app can be started again, as test clients do)."""
        for pool in self._pools.values():
            executor, pool.executor = pool.executor, None
            if executor is not None:
                executor.shutdown(wait=False, cancel_futures=True)
