"""Events owned by the campaign service (topic weerbaar.campaign.events)."""

from __future__ import annotations
