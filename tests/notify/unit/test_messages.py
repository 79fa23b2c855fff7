import re
from datetime import datetime, timezone
from pathlib import Path
from uuid import uuid4

from shared.contract.catalogue import CATALOGUE
from services.notify.bootstrap import TEMPLATES
from services.notify.domain import dutch
from services.notify.domain.event_view import EventView
from services.notify.domain.messages import Places, TemplateBook, event_facts

BOOK = TemplateBook.load(TEMPLATES)
PLACES = Places("Brabant-Noord", "Oss")


def view(type_: str, **data) -> EventView:
    return EventView(uuid4(), type_, datetime(2026, 10, 8, 17, 30, tzinfo=timezone.utc), "VR21", "GM0828",
                     f"thing/{uuid4()}", data)


def test_euro_amounts_are_exact_and_dutch():
    assert dutch.euro(40_000_000) == "€ 400.000,00"
    assert dutch.euro(1) == "€ 0,01"
    assert dutch.euro(-123456) == "€ -1.234,56"


def test_every_template_is_for_a_known_event_type():
    names = {p.stem for p in Path(TEMPLATES).glob("*.txt")} - {"_generic"}
    assert names and names <= set(CATALOGUE) | {"campaign.activity.scheduled.v1"}


def test_every_catalogue_type_renders_even_without_data():
    for type_ in CATALOGUE:
        message = BOOK.render(type_, event_facts(view(type_), PLACES, "https://weerbaar.test"))
        assert message.title and "{" not in message.title + message.body, type_


def a_value_for(field: str) -> object:
    """Something of the field's kind, so every derived fact (euro, dates, Dutch words, lists) is made."""
    if field.endswith("_cents") or field in ("year", "pilot_year") or field.endswith("_reached"):
        return 12_500_050
    if field.endswith(("_at", "_on", "_start", "_end")):
        return "2026-10-08T17:30:00+00:00"
    if field.endswith("_pct"):
        return "5.0"
    if field.endswith(("s", "_codes")):
        return ["GM0828", "active"]
    return "active"


def test_the_feed_title_reads_as_the_title_of_the_whole_message():
    """The feed computes only the facts its title reads: the title must be the e-mail subject's, for every template."""
    titles = {}
    for type_ in [*CATALOGUE, "campaign.activity.scheduled.v1", "an.unknown.type.v1"]:
        fields = CATALOGUE[type_].model_fields if type_ in CATALOGUE else {"title": None, "amount_cents": None}
        event = view(type_, **{f: a_value_for(f) for f in fields})
        title = BOOK.title(type_, event_facts(event, PLACES, "https://weerbaar.test", wanted=BOOK.title_names(type_)))
        assert title == BOOK.render(type_, event_facts(event, PLACES, "https://weerbaar.test")).title, type_
        titles[type_] = title
    assert "€ 125.000,50" in titles["inventory.pilot.started.v1"], "a derived fact (cents in euro) was in the test"


def test_a_template_fills_in_the_facts_in_dutch_with_a_link():
    event = view("inventory.pilot.started.v1", name="Pilot Oss-Oost", pilot_year=2026, started_on="2026-10-08",
                 budget_cents=12_500_050)
    message = BOOK.for_event(event, PLACES, "https://weerbaar.test/app")
    assert message.title == "Pilot 'Pilot Oss-Oost' gestart in Oss (€ 125.000,50)"
    assert "gestart op 8 oktober 2026" in message.body
    assert f"https://weerbaar.test/app/{event.subject}" in message.body


def test_unknown_types_get_the_generic_template_listing_the_data():
    message = BOOK.for_event(view("campaign.banner.hung.v1", title="Toolkit"), PLACES, "https://w.test")
    assert message.title == "Nieuw bericht over het programma in Oss"
    assert re.search(r"- title: Toolkit", message.body)


def test_missing_fields_read_onbekend_instead_of_failing():
    message = BOOK.for_event(view("inventory.noodsteunpunt.registered.v1"), PLACES, "https://w.test")
    assert message.title == "Noodsteunpunt 'onbekend' (onbekend) geregistreerd in Oss"


DERIVED = {"place", "region_name", "link", "when", "recipient", "type", "subject", "region_code", "municipality_code",
           "municipality_name", "details"}


def test_every_placeholder_is_a_field_of_its_event_or_a_derived_fact():
    for path in Path(TEMPLATES).glob("*.txt"):
        if path.stem == "_generic":
            continue
        fields = set(CATALOGUE[path.stem].model_fields)
        derived = {f.removesuffix("_cents") + "_euro" for f in fields if f.endswith("_cents")} | {f"{f}_nl" for f in fields}
        used = set(re.findall(r"\{(\w+)\}", path.read_text(encoding="utf-8")))
        assert used <= fields | derived | DERIVED, (path.stem, used - fields - derived - DERIVED)
