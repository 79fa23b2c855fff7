"""Valid events to send in tests and benchmarks: noodsteunpunt registrations, spread over regions."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import uuid4

from shared.contract.inventory import NoodsteunpuntRegistered


def registration(region: str, gemeente: str, name: str) -> NoodsteunpuntRegistered:
    nsp_id = uuid4()
    return NoodsteunpuntRegistered(source="/weerbaar/inventory", subject=f"noodsteunpunt/{nsp_id}", region_code=region,
                                   municipality_code=gemeente, noodsteunpunt_id=nsp_id, name=name, layer="local")


def registrations(count: int, places: Sequence[tuple[str, str]], name: str = "Noodsteunpunt") -> list[NoodsteunpuntRegistered]:
    """``count`` registrations, round-robin over (region, gemeente) ``places``."""
    return [registration(*places[n % len(places)], f"{name} {n}") for n in range(count)]
