"""Tokens verified a moment ago, kept so a client's next request skips the signature check.

A client sends the same bearer token with every request; verifying it (signature, claims,
scope against the reference data) costs more than the rest of a small request's edge.
``VerifiedTokens`` keeps the principal of a token that passed verification:

- at most ``max_entries`` tokens (the least recently used goes first);
- an entry lives at most ``ttl_seconds`` and never past the token's own ``exp``;
- only successes are kept: a token that failed is verified again every time it comes.

It holds nothing that decides access by itself: ``TokenVerifier.verify`` puts a principal in
only after the full check, and scope stays checked there, in one place.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from shared.auth.principal import Principal

MAX_ENTRIES = 1024
TTL_SECONDS = 60.0


class VerifiedTokens:
    def __init__(self, max_entries: int = MAX_ENTRIES, ttl_seconds: float = TTL_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self._entries: OrderedDict[str, tuple[Principal, float]] = OrderedDict()
        self._max_entries = max_entries
        self._ttl = ttl_seconds
        self._clock = clock  # wall clock: ``exp`` is seconds since 1970

    def get(self, token: str) -> Principal | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        principal, valid_until = entry
        if self._clock() >= valid_until:
            del self._entries[token]
            return None
        self._entries.move_to_end(token)
        return principal

    def put(self, token: str, principal: Principal, expires_at: float) -> None:
        """``expires_at``: the token's ``exp`` (seconds since 1970)."""
        valid_until = min(self._clock() + self._ttl, float(expires_at))
        if valid_until <= self._clock():
            return
        self._entries[token] = (principal, valid_until)
        self._entries.move_to_end(token)
        while len(self._entries) > self._max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
