"""Dutch messages from a template per event type, filled with the event's facts.

A template is a text file ``<event type>.txt`` in ``services/notify/templates``: the
first line is the title (email subject, feed title), then a line ``---``, then the
body. Placeholders ``{name}`` take the event's data fields and the facts added here
(``place``, ``region_name``, ``link``, ``when``, ``<field>_euro`` for cents,
``<field>_nl`` for enum words). A missing fact reads 'onbekend' instead of failing,
so a template never breaks on an event that lacks a field. Types without a
template get ``_generic.txt``, which lists every data field.
"""

from __future__ import annotations

import string
from decimal import Decimal, InvalidOperation
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from services.notify.domain import dutch
from services.notify.domain.event_view import EventView

GENERIC = "_generic"
UNKNOWN = "onbekend"


@dataclass(frozen=True)
class Message:
    title: str
    body: str


@dataclass(frozen=True)
class Places:
    """Names the reference data gives the codes of an event."""

    region_name: str
    municipality_name: str | None = None
    # Every gemeente's name by code, for lists of codes in an event's data.
    names: Mapping[str, str] = field(default_factory=dict)


class _Facts(dict):
    def __missing__(self, key: str) -> str:
        return UNKNOWN


class TemplateBook:
    def __init__(self, templates: dict[str, str]) -> None:
        if GENERIC not in templates:
            raise ValueError("a template book needs the generic fallback template")
        self._templates = templates
        # Each template's title and body, split once (every event is rendered with one).
        self._split = {name: _split(text) for name, text in templates.items()}
        # What each title reads, so the feed computes only those facts.
        self._title_names = {name: _placeholders(head) for name, (head, _) in self._split.items()}

    @classmethod
    def load(cls, folder: Path) -> TemplateBook:
        return cls({path.stem: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))})

    def has(self, name: str) -> bool:
        return name in self._templates

    def render(self, name: str, facts: dict[str, Any]) -> Message:
        head, body = self._parts(name)
        filled = _Facts(facts)
        return Message(_fill(head, filled), _fill(body, filled) + "\n")

    def title(self, name: str, facts: dict[str, Any]) -> str:
        """The title alone, as ``render`` writes it (the feed needs no body)."""
        return _fill(self._parts(name)[0], _Facts(facts))

    def title_names(self, name: str) -> frozenset[str]:
        """The facts the title of ``name`` reads: ``event_facts(..., wanted=)`` need compute no others."""
        return self._title_names.get(name, self._title_names[GENERIC])

    def _parts(self, name: str) -> tuple[str, str]:
        return self._split.get(name) or self._split[GENERIC]

    def for_event(self, event: EventView, places: Places, link_base: str) -> Message:
        return self.render(event.type, event_facts(event, places, link_base))


def _split(template: str) -> tuple[str, str]:
    head, _, body = template.partition("\n---\n")
    return head.strip(), body.strip()


def _fill(text: str, facts: _Facts) -> str:
    # format_map: the same placeholders as string.Formatter, filled in C; a missing one reads
    # through _Facts.__missing__ as UNKNOWN.
    return text.format_map(facts)


def _placeholders(text: str) -> frozenset[str]:
    return frozenset(field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text) if field)


def event_facts(event: EventView, places: Places, link_base: str, wanted: Collection[str] | None = None) -> dict[str, Any]:
    """``wanted``: only these facts will be read; the others may be left out (each one read
    has the value it would have had without ``wanted``)."""
    facts: dict[str, Any] = {}
    read = None if wanted is None else _sources(wanted)
    for key, value in event.data.items():
        if read is None or key in read:
            facts.update(_fact(key, value, places.names))
    place = places.municipality_name or places.region_name
    facts.update(
        type=event.type,
        topic=dutch.topic(event.type),
        subject=event.subject,
        region_code=event.region_code,
        region_name=places.region_name,
        municipality_code=event.municipality_code or "",
        municipality_name=places.municipality_name or "",
        place=place,
        link=f"{link_base.rstrip('/')}/{event.subject}",
    )
    if wanted is None or "when" in wanted:
        facts["when"] = dutch.moment(event.time)
    if wanted is None or "details" in wanted:
        facts["details"] = "\n".join(f"- {k}: {_plain(v)}" for k, v in sorted(event.data.items())) or "- (geen gegevens)"
    return facts


def _sources(wanted: Collection[str]) -> set[str]:
    """The data fields whose facts (``_fact``) may be among ``wanted``: a fact ``x`` comes
    from the field ``x``, ``x_nl`` from ``x``, ``x_euro`` from ``x_cents``."""
    sources = set(wanted)
    for name in wanted:
        if name.endswith("_nl"):
            sources.add(name.removesuffix("_nl"))
        if name.endswith("_euro"):
            sources.add(name.removesuffix("_euro") + "_cents")
    return sources


def _fact(key: str, value: Any, names: Mapping[str, str]) -> dict[str, Any]:
    facts: dict[str, Any] = {key: _plain(value)}
    whole = isinstance(value, int) and not isinstance(value, bool)
    if key.endswith("_cents") and whole:
        facts[key.removesuffix("_cents") + "_euro"] = dutch.euro(value)
    elif whole:
        facts[f"{key}_nl"] = dutch.number(value)  # 205000 -> 205.000
    if key.endswith("_pct") and _is_decimal(value):
        facts[f"{key}_nl"] = dutch.percentage(Decimal(str(value)))  # "5.0" -> 5,0%
    if isinstance(value, list):
        facts[f"{key}_nl"] = _list_nl(value, names)
    if isinstance(value, str):
        if value in dutch.WORDS:
            facts[f"{key}_nl"] = dutch.WORDS[value]
        written = dutch.when(dutch.parse_when(value))
        if written:
            facts[f"{key}_nl"] = written
    return facts


def _list_nl(values: list[Any], names: Mapping[str, str]) -> str:
    """Codes become gemeente names, enum words Dutch words: 'Oss, Uden en Vught'."""
    if not values:
        return "geen"
    words = [names.get(v) or dutch.WORDS.get(v) or v if isinstance(v, str) else _plain(v) for v in values]
    return dutch.enumerate_words(words)


def _is_decimal(value: Any) -> bool:
    try:
        Decimal(str(value))
    except (InvalidOperation, ValueError):
        return False
    return not isinstance(value, bool)


def _plain(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value) or "-"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)
