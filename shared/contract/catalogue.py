"""Every event type of the platform, by its versioned type name.

Adding an event: define it in its domain's module and list the module here.
"""

from __future__ import annotations

from types import ModuleType

from shared.contract import campaign, funding, inventory, notify
from shared.contract.envelope import IntegrationEvent
from shared.contract.errors import InvalidEvent

_DOMAIN_MODULES: tuple[ModuleType, ...] = (inventory, funding, campaign, notify)


def _collect() -> dict[str, type[IntegrationEvent]]:
    found: dict[str, type[IntegrationEvent]] = {}
    for module in _DOMAIN_MODULES:
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, IntegrationEvent) and value.TYPE:
                if value.TYPE in found and found[value.TYPE] is not value:
                    raise TypeError(f"event type {value.TYPE} is defined twice")
                found[value.TYPE] = value
    return found


CATALOGUE: dict[str, type[IntegrationEvent]] = _collect()


def event_class(type_name: str) -> type[IntegrationEvent]:
    try:
        return CATALOGUE[type_name]
    except KeyError:
        raise InvalidEvent(f"unknown event type {type_name!r}") from None


def events_of(domain: str) -> list[type[IntegrationEvent]]:
    return [cls for name, cls in sorted(CATALOGUE.items()) if cls.domain() == domain]
