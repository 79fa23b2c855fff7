"""Values as a Dutch reader expects them (Taaladvies, Rijkshuisstijl):
``€ 1.400.000,00``, ``5,0%``, ``205.000 huishoudens``, ``1 oktober 2025``.

Pure functions, exact on the way: money from integer cents, shares from counts or
Decimals, never through float.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

LOCAL = ZoneInfo("Europe/Amsterdam")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def today(now: datetime | None = None) -> date:
    """The date in the Netherlands: a server's clock runs in UTC, where 23:30 on 6 December is
    already the 7th for the people whose day a default period ends with."""
    return (now or datetime.now(UTC)).astimezone(LOCAL).date()


def number(value: int) -> str:
    """205000 -> '205.000' (dots group thousands)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def decimal(value: Decimal | int, places: int = 1) -> str:
    """Decimal(5) -> '5,0'; rounded half up, decimal comma, grouped thousands."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + number(int(whole)) + (f",{fraction}" if places > 0 else "")


def euro(cents: int) -> str:
    """Exact: integer cents to '€ 1.400.000,00' (a negative amount as '€ -1.400,00')."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError("money is a whole number of cents")
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"€ {sign}{number(whole)},{rest:02d}"


def euro_plain(cents: int) -> str:
    """For a spreadsheet cell Excel reads as a number: '1400000,00'."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    return f"{sign}{whole},{rest:02d}"


def percentage(value: Decimal | int, places: int = 1) -> str:
    """A value already in percent: Decimal('5') -> '5,0%'."""
    return f"{decimal(value, places)}%"


def share(part: int, whole: int, places: int = 1) -> str:
    """A share from counts, exactly: share(1, 20) -> '5,0%'; no respondents -> 'geen gegevens'."""
    if whole <= 0:
        return "geen gegevens"
    return percentage(percent_of(Fraction(part, whole)), places)


def percent_of(fraction: Fraction) -> Decimal:
    return Decimal(fraction.numerator * 100) / Decimal(fraction.denominator)


def points(value: Decimal, places: int = 1) -> str:
    """A difference in percentage points with its sign: '+3,2 procentpunt'."""
    sign = "+" if value > 0 else ""
    return f"{sign}{decimal(value, places)} procentpunt"


def count(value: int, singular: str, plural: str) -> str:
    """count(205000, 'huishouden', 'huishoudens') -> '205.000 huishoudens'."""
    return f"{number(value)} {singular if value == 1 else plural}"


def day(value: date | datetime) -> str:
    """'1 oktober 2025' (a datetime is taken in Dutch local time)."""
    if isinstance(value, datetime):
        value = value.astimezone(LOCAL).date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def month(value: date) -> str:
    return f"{MONTHS[value.month - 1]} {value.year}"


def moment(value: datetime) -> str:
    """'8 oktober 2025 om 19:30', in Dutch local time."""
    local = value.astimezone(LOCAL)
    return f"{day(local.date())} om {local:%H:%M}"


def period(start: date, end: date) -> str:
    """'oktober 2025' for a whole month, else '1 oktober 2025 tot en met 15 oktober 2025'."""
    if start.day == 1 and start.month == end.month and start.year == end.year and _last_day(end):
        return month(start)
    return f"{day(start)} tot en met {day(end)}"


def enumerate_words(words: Sequence[str], conjunction: str = "en") -> str:
    """['Oss', 'Uden', 'Vught'] -> 'Oss, Uden en Vught'."""
    items = [w for w in words if w]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _last_day(value: date) -> bool:
    return (value + timedelta(days=1)).month != value.month
