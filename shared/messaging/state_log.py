"""One log line per change of state, not one per attempt: while the broker restarts, a
service says once that it is gone and once that it is back (issue 13: not 50 lines/s)."""

from __future__ import annotations

import logging
import time
from typing import Any


class StateLog:
    """Tracks whether one dependency (``what``) is usable and logs only the transitions."""

    def __init__(self, logger: logging.Logger, what: str, **context: Any) -> None:
        self._log = logger
        self.what = what
        self._context = context
        self.down_since: float | None = None
        self.reason: str | None = None

    @property
    def is_down(self) -> bool:
        return self.down_since is not None

    def down(self, reason: str) -> None:
        self.reason = reason
        if self.down_since is None:
            self.down_since = time.monotonic()
            self._log.warning("%s unavailable: %s", self.what, reason,
                              extra={**self._context, "state": "down", "reason": reason})

    def up(self) -> None:
        if self.down_since is not None:
            outage = time.monotonic() - self.down_since
            self._log.warning("%s back after %.1fs", self.what, outage,
                              extra={**self._context, "state": "up", "outage_seconds": round(outage, 1)})
        self.down_since = None
        self.reason = None
