"""Errors that domain and handler code raise, mapped to clear HTTP answers at the edge.

Plain exceptions, so domain code can raise them without importing a framework.
"""

from typing import TypeVar

T = TypeVar("T")


class DomainError(Exception):
    """Base of the rule-level errors below."""


class NotFound(DomainError):
    """The object does not exist (or, on a read, is outside the caller's scope): 404."""


def found(value: T | None, missing: str) -> T:
    """``value`` unless it is None (then NotFound with ``missing``). A write addressed to an
    object checks only that it exists before the caller's scope is checked: an object the
    caller may not change is refused with 403 (docs/api.md, "Access: one rule"), whether or
    not the caller may see it."""
    if value is None:
        raise NotFound(missing)
    return value


class RuleViolation(DomainError):
    """The request conflicts with the object's current state or a programme rule: 409."""


class InvalidInput(DomainError):
    """The request is well-formed but its content is not acceptable: 422."""
