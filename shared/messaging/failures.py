"""Why a record was not applied, decided in one place for every consumer.

Two families, handled in opposite ways:

* The record is at fault (``dead_letter`` classes): it cannot be read, fails its
  schema, breaks a rule, holds a value the database cannot store, or is too large.
  Retrying the same bytes cannot help, so it goes to the dead-letter topic at once.
* The infrastructure is at fault (``INFRASTRUCTURE``): the database, the broker or
  the network is down or slow. That is not a property of the message: the consumer
  pauses the partition and retries with backoff for as long as the outage lasts,
  and never dead-letters for it.

Anything else is a bug in our code (``BUG``). It is retried a few times (in case it is
a transient failure we do not recognise), then, if the database answers, the record is
dead-lettered with the class ``bug`` and an ERROR log with the traceback. Stalling
instead would stop every later event of that region, for every type, behind one
handler's defect; a dead letter is replayed to that consumer alone once the fix is out,
and the inbox makes the replay harmless.
"""

from __future__ import annotations

import asyncio
import enum

from aiokafka.errors import KafkaError
from sqlalchemy import exc as sa_exc

from shared.contract.errors import InvalidEvent, UnreadableMessage
from shared.db.errors import sqlstate


class PermanentError(Exception):
    """A handler's verdict that this event can never be applied (a rule is broken)."""


class RecordTooLarge(Exception):
    """The record is over the consumer's size limit; refused before decoding."""


class Failure(enum.Enum):
    UNREADABLE = "unreadable"
    INVALID = "invalid"
    RULE_BROKEN = "rule_broken"
    UNSTORABLE = "unstorable"
    TOO_LARGE = "too_large"
    INFRASTRUCTURE = "infrastructure"
    BUG = "bug"

    @property
    def dead_letter_at_once(self) -> bool:
        return self not in (Failure.INFRASTRUCTURE, Failure.BUG)


# SQLSTATE classes (PostgreSQL appendix A) that say the server, not the statement, failed:
# 08 connection, 53 insufficient resources, 57 operator intervention (shutdown, cannot
# connect now, statement timeout), 58 system error, 40 rollback (deadlock, serialization),
# 55P03 lock not available.
_INFRASTRUCTURE_SQLSTATES = ("08", "53", "57", "58", "40", "55P03")
_STORAGE_SQLSTATES = ("22", "23")  # data exception, integrity constraint violation


def classify(error: BaseException) -> Failure:
    """The failure class of ``error`` (its cause chain included)."""
    if isinstance(error, RecordTooLarge):
        return Failure.TOO_LARGE
    if isinstance(error, UnreadableMessage):
        return Failure.UNREADABLE
    if isinstance(error, InvalidEvent):
        return Failure.INVALID
    if isinstance(error, PermanentError):
        return Failure.RULE_BROKEN
    code = sqlstate(error)
    if code and code.startswith(_STORAGE_SQLSTATES):
        return Failure.UNSTORABLE
    if is_infrastructure(error):
        return Failure.INFRASTRUCTURE
    return Failure.BUG


def is_infrastructure(error: BaseException) -> bool:
    for seen in _chain(error):
        code = sqlstate(seen)
        if code and code.startswith(_INFRASTRUCTURE_SQLSTATES):
            return True
        if isinstance(seen, (OSError, asyncio.TimeoutError, TimeoutError, sa_exc.TimeoutError, sa_exc.DisconnectionError)):
            return True
        if isinstance(seen, sa_exc.DBAPIError) and (seen.connection_invalidated or isinstance(seen, (sa_exc.OperationalError, sa_exc.InterfaceError))):
            return True
        if isinstance(seen, KafkaError) or type(seen).__name__ in _DRIVER_DISCONNECTS:
            return True  # the broker (a record too large for it is handled where it is sent); asyncpg's closed connection
    return False


# asyncpg raises these (without a SQLSTATE) when the connection went away under it.
_DRIVER_DISCONNECTS = frozenset({"ConnectionDoesNotExistError", "InterfaceError", "InternalClientError"})


def _chain(error: BaseException, depth: int = 6) -> list[BaseException]:
    found: list[BaseException] = []
    seen: BaseException | None = error
    while seen is not None and len(found) < depth:
        found.append(seen)
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return found


def describe(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:500]
