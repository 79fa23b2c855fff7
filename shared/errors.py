"""Errors that domain and handler code raise, mapped to clear HTTP answers at the edge.

Plain exceptions, so domain code can raise them without importing a framework.
"""


class DomainError(Exception):
    """Base of the rule-level errors below."""


class NotFound(DomainError):
    """The object does not exist (or is outside the caller's scope): 404."""


class RuleViolation(DomainError):
    """The request conflicts with the object's current state or a programme rule: 409."""


class InvalidInput(DomainError):
    """The request is well-formed but its content is not acceptable: 422."""
