"""Events owned by the notify service (topic weerbaar.notify.events)."""

from __future__ import annotations
