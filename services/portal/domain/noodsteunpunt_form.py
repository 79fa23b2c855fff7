"""The noodsteunpunt form: its fields, and the API body built from what was typed.

Field names are the API's paths (``details.capacity_people``), so the API's field errors
land next to the right field. What the portal cannot read as a number is passed on as
typed: the inventory service is the one place the rules live, and its error comes back
in Dutch next to the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, int, float, bool, services, contact, water, layer, readiness, date
    hint: str | None = None
    optional: bool = True  # an emptied field is cleared (None); else it falls back to the default
    default: Any = None


IDENTITY = (
    Field("name", "Naam", hint="Zoals inwoners de plek kennen, bijvoorbeeld 'Dorpshuis De Linde'.", optional=False,
          default=""),
    Field("layer", "Laag", "layer", optional=False, default="local"),
    Field("details.address", "Adres", hint="Straat, huisnummer en plaats."),
    Field("public", "Openbaar", "bool", hint="Inwoners zien dit noodsteunpunt op 'Waar is mijn noodsteunpunt?'.",
          optional=False, default=False),
)
READINESS_AT_REGISTRATION = Field("readiness", "Gereedheid nu", "readiness", optional=False, default="planned")
DETAILS = (
    Field("details.host_organisation", "Gastorganisatie"),
    Field("details.building_type", "Soort gebouw", hint="Bijvoorbeeld brandweerkazerne, dorpshuis of sporthal."),
    Field("details.services", "Diensten", "services", optional=False, default=()),
    Field("details.capacity_people", "Capaciteit (personen tegelijk)", "int"),
    Field("details.opening_hours", "Openingstijden"),
    Field("details.open_24_7", "Dag en nacht open", "bool", optional=False, default=False),
    Field("details.wheelchair_access", "Toegankelijk voor rolstoelen", "bool", optional=False, default=False),
    Field("details.generator_fuel_hours", "Noodstroom (uren brandstof)", "int"),
    Field("details.grid_independent_heating", "Verwarming zonder stroomnet", "bool", optional=False, default=False),
    Field("details.water_supply", "Watervoorziening", "water", optional=False, default="none"),
    Field("details.contact_means", "Verbinding met hulpdiensten", "contact", optional=False, default=()),
    Field("details.volunteers", "Vrijwilligers", "int", optional=False, default=0),
    Field("details.trained_volunteers", "Getrainde vrijwilligers", "int", optional=False, default=0),
    Field("details.key_holder_contact", "Sleutelhouder (contact)"),
    Field("details.last_exercise_on", "Laatste oefening", "date", hint="Als jjjj-mm-dd."),
    Field("details.latitude", "Breedtegraad", "float", hint="WGS84, bijvoorbeeld 51.765."),
    Field("details.longitude", "Lengtegraad", "float", hint="WGS84, bijvoorbeeld 5.518."),
)
LIST_KINDS = frozenset({"services", "contact"})
REGISTER_FIELDS = (*IDENTITY, READINESS_AT_REGISTRATION, *DETAILS)
EDIT_FIELDS = (*IDENTITY, *DETAILS)


def values_of(form: Mapping[str, Any], lists: Mapping[str, Sequence[str]], fields: Sequence[Field]) -> dict[str, Any]:
    """What was typed, per field (lists for the checkbox groups)."""
    values: dict[str, Any] = {}
    for f in fields:
        if f.kind in LIST_KINDS:
            values[f.name] = list(lists.get(f.name, ()))
        elif f.kind == "bool":
            values[f.name] = f.name in form
        else:
            values[f.name] = str(form.get(f.name, "")).strip()
    return values


def values_from_api(nsp: Any) -> dict[str, Any]:
    """A stored noodsteunpunt as form values, for the edit form."""
    details = nsp.details or {}
    values: dict[str, Any] = {"name": nsp.name, "layer": nsp.layer, "public": bool(nsp.public),
                              "readiness": nsp.readiness}
    for f in DETAILS + (IDENTITY[2],):
        key = f.name.removeprefix("details.")
        value = details.get(key)
        if f.kind == "services":
            value = [s.get("service") for s in value or []]
        elif f.kind == "contact":
            value = list(value or [])
        elif f.kind != "bool":
            value = "" if value is None else str(value)
        values[f.name] = value
    return values


def body_of(values: Mapping[str, Any], fields: Sequence[Field], for_update: bool) -> dict[str, Any]:
    """The API body: ``{"name": ..., "details": {...}}``. On register an empty field is left out
    (the API's default applies); on update it clears the attribute."""
    body: dict[str, Any] = {}
    for f in fields:
        value = _typed(f, values.get(f.name))
        if value is None and not for_update:
            continue
        if value is None and not f.optional:
            value = f.default
        target, key = (body.setdefault("details", {}), f.name[8:]) if f.name.startswith("details.") else (body, f.name)
        target[key] = value
    return body


def _typed(f: Field, raw: Any) -> Any:
    if f.kind == "bool":
        return bool(raw)
    if f.kind == "services":
        return [{"service": s} for s in raw or []]
    if f.kind == "contact":
        return list(raw or [])
    text = str(raw or "").strip()
    if not text:
        return None
    if f.kind == "int":
        return int(text) if text.lstrip("-").isdigit() else text
    if f.kind == "float":
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return text
    return text
