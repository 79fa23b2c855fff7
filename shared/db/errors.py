"""What a database error says about the request: PostgreSQL's SQLSTATE, found through
SQLAlchemy's and the driver's wrappers."""

from __future__ import annotations

DATA_EXCEPTION = "22"  # class 22: the value itself cannot be stored (NUL byte, too long, out of range)
INTEGRITY_VIOLATION = "23"  # class 23: a constraint refused it (e.g. a unique key taken by a concurrent request)


def sqlstate(error: BaseException) -> str | None:
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return None
        code = getattr(seen, "sqlstate", None) or getattr(seen, "pgcode", None)
        if isinstance(code, str):
            return code
        seen = getattr(seen, "orig", None) or seen.__cause__
    return None


def is_bad_value(error: BaseException) -> bool:
    """The input, not the system, is at fault: retrying the same value cannot succeed."""
    code = sqlstate(error) or ""
    return code.startswith(DATA_EXCEPTION)


def is_conflict(error: BaseException) -> bool:
    code = sqlstate(error) or ""
    return code.startswith(INTEGRITY_VIOLATION)
