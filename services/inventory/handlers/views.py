"""Read-side handlers: coverage, a round's board proposal, the national picture, the public view."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared.auth.principal import Principal, Role
from shared.documents import dutch
from shared.errors import NotFound
from shared.refdata import ReferenceData, SafetyRegion
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.coverage import Norm
from services.inventory.domain.details import Details
from services.inventory.domain.noodsteunpunt import Noodsteunpunt
from services.inventory.domain.picture import coverage_dict, gaps, region_coverage, region_summary
from services.inventory.domain.pilot import two_pilot_rule
from services.inventory.domain.round import RoundStatus
from services.inventory.domain.status import Readiness
from services.inventory.handlers.noodsteunpunten import known_municipality
from services.inventory.handlers.rounds import get_round


async def region_coverage_view(
    region_code: str, norm: Norm, actor: Principal, uow: InventoryUnitOfWork, reference: ReferenceData
) -> dict[str, Any]:
    region = known_region(region_code, reference)
    actor.require(actor.can_read_open_data_of(region.code), f"read the coverage of {region.code}")
    async with uow:
        nsps = await uow.noodsteunpunten.list(region_code=region.code)
    total, parts = region_coverage((region.code, region.name), municipalities_of(region.code, reference), readiness_by_municipality(nsps), norm)
    return {
        "norm_inhabitants_per_nsp": norm.inhabitants_per_nsp,
        "region": coverage_dict(total),
        "municipalities": [coverage_dict(p) for p in parts],
        "gaps": gaps(parts),
    }


async def municipality_coverage_view(
    code: str, norm: Norm, actor: Principal, uow: InventoryUnitOfWork, reference: ReferenceData
) -> dict[str, Any]:
    municipality = known_municipality(code, reference)
    allowed = actor.reads_open_data or actor.can_read_municipality(municipality.region_code, code)
    actor.require(allowed, f"read the coverage of {code}")
    async with uow:
        nsps = await uow.noodsteunpunten.list(municipality_code=code)
    _, (part,) = region_coverage(
        (municipality.region_code, ""), [(code, municipality.name, municipality.population)], readiness_by_municipality(nsps), norm
    )
    return {"norm_inhabitants_per_nsp": norm.inhabitants_per_nsp, **coverage_dict(part), "gaps": gaps([part])}


async def board_proposal(
    round_id: UUID, norm: Norm, actor: Principal, uow: InventoryUnitOfWork, reference: ReferenceData
) -> dict[str, Any]:
    """The region's consolidated proposal for its board, from what municipalities submitted."""
    round_ = await get_round(round_id, actor, uow)
    actor.require(actor.role in (Role.REGION, Role.NATIONAL), "read the board proposal")
    async with uow:
        standard = await uow.standards.current()
        pilots = await uow.pilots.list(round_.region_code)
    today = dutch.today()
    region = reference.regions[round_.region_code]
    entries, readiness = [], {}
    for code, submission in sorted(round_.submissions.items()):
        name = reference.municipalities[code].name
        for item in submission.snapshot:
            result = standard.evaluate(Details.model_validate(item["details"]), today)
            readiness.setdefault(code, []).append(Readiness(item["readiness"]))
            entries.append({**_proposal_entry(item), "municipality_code": code, "municipality": name,
                            "compliant": result.compliant, "score": result.score,
                            "missing": [m["key"] for m in result.missing]})
    entries.sort(key=lambda e: (e["municipality"].lstrip("'").casefold(), e["name"].casefold()))
    total, parts = region_coverage((region.code, region.name), municipalities_of(region.code, reference), readiness, norm)
    return {
        "round": {"id": str(round_.id), "title": round_.title, "deadline": round_.deadline.isoformat(),
                  "status": round_.status.value, "final": round_.status is RoundStatus.CLOSED},
        "region_code": region.code,
        "region": region.name,
        "standard_version": standard.version,
        "submitted": round_.submitted(),
        "missing": round_.missing(),
        "local": [e for e in entries if e["layer"] == "local"],
        "regional": [e for e in entries if e["layer"] == "regional"],
        "compliant": sum(1 for e in entries if e["compliant"]),
        "coverage": {"norm_inhabitants_per_nsp": norm.inhabitants_per_nsp, "region": coverage_dict(total),
                     "municipalities": [coverage_dict(p) for p in parts], "gaps": gaps(parts)},
        "pilots": [{"id": str(p.id), "name": p.name, "municipality_code": p.municipality_code,
                    "status": p.status.value, "pilot_year": p.pilot_year, "budget_cents": p.budget_cents} for p in pilots],
        "two_pilot_rule": [vars(c) for c in two_pilot_rule(pilots)],
    }


async def national_picture(
    norm: Norm, actor: Principal, uow: InventoryUnitOfWork, reference: ReferenceData
) -> list[dict[str, Any]]:
    actor.require(actor.reads_open_data, "read the national picture")
    async with uow:
        nsps = await uow.noodsteunpunten.list()
        pilots = await uow.pilots.list()
        standard = await uow.standards.current()
    today = dutch.today()
    regions = []
    for region in sorted(reference.regions.values(), key=lambda r: r.code):
        regions.append(region_summary(
            (region.code, region.name), municipalities_of(region.code, reference),
            [n for n in nsps if n.region_code == region.code], [p for p in pilots if p.region_code == region.code],
            standard, norm, today,
        ))
    return regions


async def all_noodsteunpunten(actor: Principal, uow: InventoryUnitOfWork) -> list[Noodsteunpunt]:
    actor.require(actor.role is Role.NATIONAL, "export every noodsteunpunt")
    async with uow:
        return await uow.noodsteunpunten.list()


async def public_noodsteunpunten(
    region_code: str | None, municipality_code: str | None, uow: InventoryUnitOfWork
) -> list[Noodsteunpunt]:
    async with uow:
        return await uow.noodsteunpunten.list(region_code=region_code, municipality_code=municipality_code, public_only=True)


def _proposal_entry(item: dict[str, Any]) -> dict[str, Any]:
    details = item["details"]
    return {"id": item["id"], "name": item["name"], "layer": item["layer"], "readiness": item["readiness"],
            "address": details.get("address"), "services": [s["service"] for s in details.get("services", [])]}


def readiness_by_municipality(nsps: list[Noodsteunpunt]) -> dict[str, list[Readiness]]:
    result: dict[str, list[Readiness]] = {}
    for nsp in nsps:
        result.setdefault(nsp.municipality_code, []).append(nsp.readiness)
    return result


def municipalities_of(region_code: str, reference: ReferenceData) -> list[tuple[str, str, int]]:
    return [(m.code, m.name, m.population) for m in reference.municipalities_in(region_code)]


def known_region(code: str, reference: ReferenceData) -> SafetyRegion:
    region = reference.regions.get(code)
    if region is None:
        raise NotFound(f"unknown region {code}")
    return region
