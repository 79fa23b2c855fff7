"""Keeps the local stack's processes running: notices one that exited, reaps it,
restarts it after a growing pause, says so, and gives up loudly when restarts
keep failing.

A child is anything with a name, ``start()`` (returns once started; raises when it
could not start), ``exit_code()`` (None while running; polling reaps the process),
``log_tail()``, and optionally ``ready()`` (does it serve again?). The stack's
children are PostgreSQL, each Kafka node and each service process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from shared.runtime.errors import RuntimeSetupError

STABLE_AFTER = 60.0  # a child up this long has recovered: its next exit starts the count anew
MAX_ATTEMPTS = 5  # restarts in a row that do not stay up before the supervisor gives up


class Child(Protocol):
    name: str

    def start(self) -> None: ...

    def exit_code(self) -> int | None: ...

    def log_tail(self) -> str: ...


class GaveUp(RuntimeSetupError):
    """A child kept failing: the stack stops, with the reason and the child's log tail."""


def backoff(attempt: int, first: float = 1.0, longest: float = 30.0) -> float:
    """1, 2, 4, 8 ... seconds (capped) before restart number ``attempt``."""
    return min(first * 2 ** (attempt - 1), longest)


@dataclass
class _Watch:
    child: Child
    started_at: float
    attempt: int = 0
    restart_at: float | None = None
    exited_at: float | None = None
    awaiting_ready: bool = False
    restarts: int = 0


@dataclass
class Supervisor:
    children: Sequence[Child]
    report: Callable[[str], None] = print
    max_attempts: int = MAX_ATTEMPTS
    stable_after: float = STABLE_AFTER
    first_backoff: float = 1.0
    clock: Callable[[], float] = time.monotonic
    _watches: list[_Watch] = field(default_factory=list)

    def __post_init__(self) -> None:
        now = self.clock()
        self._watches = [_Watch(child, now) for child in self.children]

    def restarts(self, name: str) -> int:
        return next(w.restarts for w in self._watches if w.child.name == name)

    def check(self) -> None:
        """One round over every child; raises GaveUp when one keeps failing."""
        for watch in self._watches:
            if watch.restart_at is not None:
                self._restart_when_due(watch)
            elif (code := watch.child.exit_code()) is not None:
                self._exited(watch, code)
            else:
                self._running(watch)

    def run_forever(self, interval: float = 0.5) -> None:
        while True:
            self.check()
            time.sleep(interval)

    def _exited(self, watch: _Watch, code: int) -> None:
        watch.attempt += 1
        watch.exited_at = self.clock()
        name = watch.child.name
        if watch.attempt > self.max_attempts:
            raise GaveUp(
                f"{name} exited (code {code}) after {self.max_attempts} restarts in a row that did not last "
                f"{self.stable_after:.0f}s: giving up and stopping the stack. Last log lines:\n{watch.child.log_tail()}"
            )
        delay = backoff(watch.attempt, self.first_backoff)
        watch.restart_at = watch.exited_at + delay
        self.report(
            f"[supervisor] {name} exited (code {code}); restart {watch.attempt} of {self.max_attempts} in {delay:.0f}s"
        )

    def _restart_when_due(self, watch: _Watch) -> None:
        if self.clock() < (watch.restart_at or 0):
            return
        watch.restart_at = None
        try:
            watch.child.start()
        except Exception as error:  # could not start: counts as one more failure
            self.report(f"[supervisor] {watch.child.name} did not start: {str(error).splitlines()[0]}")
            self._exited(watch, -1)
            return
        watch.started_at = self.clock()
        watch.restarts += 1
        watch.awaiting_ready = True
        self.report(f"[supervisor] {watch.child.name} restarted")

    def _running(self, watch: _Watch) -> None:
        now = self.clock()
        if watch.awaiting_ready and _is_ready(watch.child):
            watch.awaiting_ready = False
            down = now - (watch.exited_at or now)
            self.report(f"[supervisor] {watch.child.name} ready again, {down:.1f}s after it exited")
        if watch.attempt and now - watch.started_at >= self.stable_after:
            watch.attempt = 0


def _is_ready(child: Child) -> bool:
    ready = getattr(child, "ready", None)
    return True if ready is None else bool(ready())
