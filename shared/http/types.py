"""Field types the request bodies of every service share."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, Strict, WithJsonSchema
from pydantic_core import PydanticCustomError

MAX_CENTS = 10**13  # EUR 100 billion: far above any programme amount, far below what the database holds


def _whole(value: Any) -> Any:
    # JSON has one number type: 150000.0 is the whole number 150000 (JSON Schema agrees), while
    # 1500.5 cents, "150000" and true stay refused (strict int below).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _written_date(value: Any) -> Any:
    # pydantic would read 0 as 1970-01-01; a date in a request is written out, as its schema says.
    if not isinstance(value, str):
        raise PydanticCustomError("date_type", "Input should be a date written as YYYY-MM-DD")
    return value


# Request-body types that take only what their JSON Schema allows (pydantic's lax mode would
# also take "12" for 12, 0 for false and 0 for 1970-01-01).
def whole_number(**bounds: int) -> Any:
    """An integer within ``bounds`` (ge, gt, le, lt). The bounds come before the validator, or
    pydantic cannot put them in the JSON Schema as minimum/maximum."""
    return Annotated[int, Field(**bounds), Strict(), BeforeValidator(_whole)]


WholeNumber = whole_number()
Count = whole_number(ge=0, le=10**9)
PositiveCount = whole_number(gt=0, le=10**9)
Flag = Annotated[bool, Strict()]
IsoDate = Annotated[date, BeforeValidator(_written_date), WithJsonSchema({"type": "string", "format": "date"})]

# Money in the API is integer euro cents in fields named `*_cents` (docs/api.md).
Cents = whole_number(ge=0, le=MAX_CENTS)
PositiveCents = whole_number(gt=0, le=MAX_CENTS)
