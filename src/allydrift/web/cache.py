"""A bounded, thread-safe LRU cache whose misses are computed once per key.

Concurrent ``get`` calls for the same missing key wait for one computation (single
flight); calls for different keys never wait for each other. Failures are not stored:
every waiter of a failed computation gets its exception, and the next call tries again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class _Flight:
    """One computation in progress: its owner thread, and the outcome once known."""

    def __init__(self) -> None:
        self.owner = threading.get_ident()
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class LRUCache:
    """A least-recently-used cache of at most ``maxsize`` values, with per-key single flight.

    Reads take a short lock; a miss registers a flight for its key and computes outside
    the lock, so one slow key never blocks another.
    """

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """The value for ``key``, computed with ``build()`` on a miss (once, however many ask)."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            flight = self._flights.get(key)
            owner = flight is None
            if flight is None:
                flight = self._flights[key] = _Flight()
        if not owner:
            if flight.owner == threading.get_ident():
                msg = f"the computation of {key!r} asked for its own result"
                raise RuntimeError(msg)
            flight.done.wait()
            if flight.error is not None:
                raise flight.error
            return flight.value
        try:
            value = build()
        except BaseException as exc:
            flight.error = exc
            raise
        else:
            flight.value = value
            self._store(key, value)
            return value
        finally:
            with self._lock:
                self._flights.pop(key, None)
            flight.done.set()

    def peek(self, key: Hashable) -> tuple[bool, Any]:
        """``(True, value)`` if ``key`` is cached, else ``(False, None)``; never computes."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return True, self._data[key]
        return False, None

    def computing(self, key: Hashable) -> bool:
        """True while a computation of ``key`` is in progress."""
        with self._lock:
            return key in self._flights

    def _store(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._data)

    def clear(self) -> None:
        """Forget every stored value (computations in progress finish and store theirs)."""
        with self._lock:
            self._data.clear()
