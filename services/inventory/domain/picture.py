"""The consolidated views: a region's board proposal and the national picture. Pure functions
over NSPs, pilots and populations, so the numbers can be checked without a database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from services.inventory.domain.coverage import Coverage, Norm, combine, coverage
from services.inventory.domain.noodsteunpunt import Layer, Noodsteunpunt
from services.inventory.domain.pilot import Pilot, PilotStatus, two_pilot_rule
from services.inventory.domain.standard import Standard
from services.inventory.domain.status import Readiness


def region_coverage(
    region: tuple[str, str],
    municipalities: Sequence[tuple[str, str, int]],
    readiness_by_municipality: dict[str, list[Readiness]],
    norm: Norm,
) -> tuple[Coverage, list[Coverage]]:
    """(region total, one per municipality) from (code, name, population) and each one's NSP readiness."""
    parts = [coverage(code, name, pop, readiness_by_municipality.get(code, []), norm) for code, name, pop in municipalities]
    return combine(region[0], region[1], parts, norm), parts


def coverage_dict(c: Coverage) -> dict[str, Any]:
    return {**asdict(c), "meets_norm_when_planned": c.meets_norm_when_planned}


def gaps(parts: Iterable[Coverage]) -> list[dict[str, Any]]:
    return [
        {"code": p.code, "name": p.name, "gap_operational": p.gap_operational, "gap_planned": p.gap_planned}
        for p in parts
        if p.gap_operational or p.gap_planned
    ]


def region_summary(
    region: tuple[str, str],
    municipalities: Sequence[tuple[str, str, int]],
    nsps: Sequence[Noodsteunpunt],
    pilots: Sequence[Pilot],
    standard: Standard,
    norm: Norm,
    today: date,
) -> dict[str, Any]:
    """One region in the national picture."""
    readiness: dict[str, list[Readiness]] = {}
    for nsp in nsps:
        readiness.setdefault(nsp.municipality_code, []).append(nsp.readiness)
    total, parts = region_coverage(region, municipalities, readiness, norm)
    return {
        "region_code": region[0],
        "name": region[1],
        "noodsteunpunten": len(nsps),
        "by_layer": {layer.value: sum(1 for n in nsps if n.layer is layer) for layer in Layer},
        "by_readiness": {r.value: sum(1 for n in nsps if n.readiness is r) for r in Readiness},
        "compliant": sum(1 for n in nsps if standard.evaluate(n.details, today).compliant),
        "coverage": coverage_dict(total),
        "gaps": gaps(parts),
        "pilots_by_status": {s.value: sum(1 for p in pilots if p.status is s) for s in PilotStatus},
        "two_pilot_rule": [asdict(check) for check in two_pilot_rule(pilots)],
        "experiences": [experience(p) for p in pilots if p.experiences],
    }


def experience(pilot: Pilot) -> dict[str, Any]:
    return {
        "pilot_id": str(pilot.id),
        "name": pilot.name,
        "municipality_code": pilot.municipality_code,
        "pilot_year": pilot.pilot_year,
        "themes": pilot.experiences,
        "budget_cents": pilot.budget_cents,
        "cost_cents": pilot.cost_cents,
    }
