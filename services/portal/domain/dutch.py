"""The platform's Dutch formats (``shared.documents.dutch``) for values as the portal gets them
from the APIs' JSON: dates and amounts may arrive as text, and a missing value is shown as
'–' instead of failing the page. The formatting itself lives in one place.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from shared.documents import dutch

MISSING = "–"
today = dutch.today  # the date in the Netherlands, where default periods end


def number(value: int | None) -> str:
    """205000 -> '205.000'."""
    return MISSING if value is None else dutch.number(int(value))


def decimal(value: Decimal | int | float | str | None, places: int = 1) -> str:
    """'5' -> '5,0': rounded half up, decimal comma, grouped thousands."""
    exact = _as_decimal(value)
    if exact is None:
        return MISSING if value is None else str(value)
    return dutch.decimal(exact, places)


def euro(cents: int | None) -> str:
    """Integer cents to '€ 1.400.000,00'."""
    return MISSING if cents is None else dutch.euro(cents)


def percentage(value: Decimal | int | float | str | None, places: int = 1) -> str:
    """A value already in percent: '5' -> '5,0%'."""
    exact = _as_decimal(value)
    if exact is None:
        return MISSING if value is None else str(value)
    return dutch.percentage(exact, places)


def share(part: int, whole: int, places: int = 1) -> str:
    """A share from counts, exactly: share(1, 20) -> '5,0%'."""
    return dutch.share(part, whole, places) if whole else MISSING


def day(value: date | str | None) -> str:
    """'2025-10-01' or a date -> '1 oktober 2025'."""
    parsed = _as_date(value)
    if parsed is None:
        return MISSING if value is None else str(value)
    return dutch.day(parsed)


def moment(value: datetime | str | None) -> str:
    """An aware timestamp -> '1 oktober 2025 om 14:05' (Dutch time)."""
    parsed = _as_datetime(value)
    if parsed is None:
        return MISSING if value is None else str(value)
    return dutch.moment(parsed)


def _as_decimal(value: Decimal | int | float | str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _as_date(value: date | str | None) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(dutch.LOCAL).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _as_datetime(value: datetime | str | None) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dutch.LOCAL)
    return None
