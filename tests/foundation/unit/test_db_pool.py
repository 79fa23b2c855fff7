"""The database pool is fixed: its connections are kept, none opened and closed per burst."""

from __future__ import annotations

import asyncio

from shared.db.engine import create_engine
from shared.settings import DatabaseSettings


def test_a_service_keeps_up_to_twenty_connections_and_opens_none_beyond():
    engine = create_engine(DatabaseSettings())
    try:
        assert engine.pool.size() == 20
        # Overflow connections would be closed again on return to a full pool: none are allowed.
        assert engine.pool._max_overflow == 0  # type: ignore[attr-defined]  # QueuePool has no public reader
    finally:
        asyncio.run(engine.dispose())
