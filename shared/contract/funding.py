"""Events owned by the funding service (topic weerbaar.funding.events)."""

from __future__ import annotations
