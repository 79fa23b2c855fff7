"""Form state: what the user typed, and the errors to show next to each field, in Dutch.

The services answer invalid input with problem details whose ``errors`` name each field
by a JSON pointer (``#/details/capacity_people``); a form field is named after the same
path (``details.capacity_people``), so an error lands next to the field that caused it.
Errors that belong to no field of the form go to the summary at the top.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# The services' validation codes (pydantic's) in words a user understands.
MESSAGES = {
    "missing": "Vul dit veld in.",
    "string_too_short": "Vul dit veld in.",
    "string_too_long": "Deze tekst is te lang.",
    "string_pattern_mismatch": "Deze waarde heeft niet de juiste vorm.",
    "int_parsing": "Vul een heel getal in.",
    "int_from_float": "Vul een heel getal in, zonder komma.",
    "int_type": "Vul een heel getal in.",
    "float_parsing": "Vul een getal in (met een punt voor de decimalen).",
    "greater_than": "Dit getal is te klein.",
    "greater_than_equal": "Dit getal is te klein.",
    "less_than": "Dit getal is te groot.",
    "less_than_equal": "Dit getal is te groot.",
    "enum": "Kies een van de mogelijkheden.",
    "literal_error": "Kies een van de mogelijkheden.",
    "bool_parsing": "Kies ja of nee.",
    "date_from_datetime_parsing": "Vul een datum in als jjjj-mm-dd.",
    "date_parsing": "Vul een datum in als jjjj-mm-dd.",
    "uuid_parsing": "Deze verwijzing is ongeldig.",
    "too_short": "Kies er ten minste één.",
    "extra_forbidden": "Dit veld is niet toegestaan.",
}
# Messages of checks that span fields or CSV cells, as the services word them today.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"trained_volunteers cannot exceed volunteers", "Er kunnen niet meer getrainde dan gewone vrijwilligers zijn."),
    (r"give both latitude and longitude", "Vul zowel de breedte- als de lengtegraad in, of geen van beide."),
    (r"each service may be listed once", "Noem elke dienst één keer."),
    (r"a noodsteunpunt needs a name", "Een noodsteunpunt heeft een naam nodig."),
    (r"^at most (\d+) characters", r"Ten hoogste \1 tekens."),
    (r"same name as row (\d+)", r"Dezelfde naam als rij \1."),
    (r"unknown column", "Onbekende kolom."),
    (r"column appears twice", "Deze kolom staat er twee keer in."),
    (r"required column is missing", "Deze verplichte kolom ontbreekt."),
    (r"more cells than columns", "Meer cellen dan kolommen."),
    (r"the file has no noodsteunpunten", "Het bestand bevat geen noodsteunpunten."),
    (r"^'(.*)' is not yes or no", r"'\1' is geen ja of nee."),
    (r"^'(.*)' is not one of (.*)", r"'\1' is geen van: \2."),
    (r"Input should be a valid integer", "Vul een heel getal in."),
    (r"Input should be a valid number", "Vul een getal in."),
    (r"Input should be greater than or equal to (\S+)", r"Ten minste \1."),
    (r"Input should be less than or equal to (\S+)", r"Ten hoogste \1."),
    (r"Input should be a valid date", "Vul een datum in als jjjj-mm-dd."),
    (r"Input should be '(.*)'", r"Kies een van: \1."),
    (r"^proposal \S+ is already (approved|rejected)", "Over dit voorstel is al besloten: er kan niet meer over worden gestemd."),
    (r"already voted on proposal", "Uw gemeente heeft al over dit voorstel gestemd; een stem kan niet worden gewijzigd."),
    (r"is not UTF-8", "Het bestand is geen UTF-8-tekst; sla het op als 'CSV UTF-8'."),
)


def in_dutch(message: str, code: str | None = None) -> str:
    """A service's validation message in Dutch: by its code, else by its known wording."""
    if code and code in MESSAGES:
        return MESSAGES[code]
    text = message.removeprefix("Value error, ")
    for pattern, dutch in PHRASES:
        found = re.search(pattern, text)
        if found:
            return found.expand(dutch)
    return f"Controleer deze waarde ({text})."


def field_name(location: str) -> str:
    """'#/details/capacity_people' -> 'details.capacity_people'; a query or path parameter keeps its name."""
    return location.removeprefix("#/").replace("/", ".")


@dataclass
class Form:
    """Values as typed (strings) and errors per field name."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)

    @property
    def invalid(self) -> bool:
        return bool(self.errors or self.summary)

    def value(self, name: str, default: Any = "") -> Any:
        return self.values.get(name, default)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def add_api_errors(self, errors: Iterable[Mapping[str, Any]], fields: Iterable[str], fallback: str) -> None:
        """The API's field errors next to this form's fields; the rest in the summary."""
        known = set(fields)
        for error in errors:
            name = field_name(str(error.get("location") or ""))
            message = in_dutch(str(error.get("detail") or ""), str(error.get("code") or ""))
            target = _closest(name, known)
            if target:
                self.add(target, message)
            else:
                self.summary.append(message)
        if not self.invalid:
            self.summary.append(fallback)


def _closest(name: str, known: set[str]) -> str | None:
    """The form field an error path belongs to: itself, or its nearest parent (a list item's error
    belongs to the list: 'details.services.0.capacity' -> 'details.services')."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in known:
            return candidate
        parts.pop()
    return None
