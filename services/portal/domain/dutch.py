"""Values as a Dutch reader expects them: ``€ 90.000,00`` from integer cents, ``5,0%``,
``205.000``, ``1 oktober 2025``. Pure and exact: money never passes through float.

The same function names as the platform's document formats, so the two can become one.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def number(value: int | None) -> str:
    """205000 -> '205.000'."""
    if value is None:
        return "–"
    sign = "-" if value < 0 else ""
    return sign + f"{abs(int(value)):,}".replace(",", ".")


def decimal(value: Decimal | int | float | str | None, places: int = 1) -> str:
    """'5' -> '5,0': rounded half up, decimal comma, grouped thousands."""
    if value is None:
        return "–"
    try:
        exact = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + number(int(whole)) + (f",{fraction}" if places > 0 else "")


def euro(cents: int | None) -> str:
    """Integer cents to '€ 1.400.000,00' (a negative amount as '€ -1.400,00')."""
    if cents is None:
        return "–"
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError("money is a whole number of cents")
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"€ {sign}{number(whole)},{rest:02d}"


def percentage(value: Decimal | int | float | str | None, places: int = 1) -> str:
    """A value already in percent: '5' -> '5,0%'."""
    return "–" if value is None else f"{decimal(value, places)}%"


def share(part: int, whole: int, places: int = 1) -> str:
    """A share from counts, exactly: share(1, 20) -> '5,0%'."""
    if not whole:
        return "–"
    return percentage(Decimal(part) * 100 / Decimal(whole), places)


def day(value: date | str | None) -> str:
    """'2025-10-01' or a date -> '1 oktober 2025'."""
    parsed = _as_date(value)
    if parsed is None:
        return "–" if value is None else str(value)
    return f"{parsed.day} {MONTHS[parsed.month - 1]} {parsed.year}"


def moment(value: datetime | str | None) -> str:
    """An aware timestamp -> '1 oktober 2025 om 14:05' (Dutch time)."""
    parsed = _as_datetime(value)
    if parsed is None:
        return "–" if value is None else str(value)
    local = parsed.astimezone(LOCAL)
    return f"{day(local.date())} om {local:%H:%M}"


def _as_date(value: date | str | None) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(LOCAL).date() if value.tzinfo else value.date()
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
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL)
    return None
