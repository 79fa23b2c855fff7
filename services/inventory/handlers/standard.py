"""Handlers for the standard ('maatstaf'): publish a version, and each NSP's compliance."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared.auth.principal import Principal, Role
from shared.documents.dutch import today
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.standard import Compliance, Standard
from services.inventory.handlers.noodsteunpunten import get_noodsteunpunt


async def publish_standard(actor: Principal, criteria: Any, uow: InventoryUnitOfWork) -> dict[str, Any]:
    """A new version replaces the current one; every NSP's compliance is recomputed against it."""
    actor.require(actor.role is Role.NATIONAL, "publish a version of the standard")
    async with uow:
        standard = Standard.parse(await uow.standards.next_version(), criteria)
        await uow.standards.add(standard, actor.subject)
        uow.emit(standard.published_event())
        nsps = await uow.noodsteunpunten.list()
        await uow.commit()
    results = [standard.evaluate(nsp.details, today()) for nsp in nsps]
    return {
        "version": standard.version,
        "criteria": [c.model_dump(mode="json") for c in standard.criteria],
        "recomputed": len(results),
        "compliant": sum(1 for r in results if r.compliant),
    }


async def current_standard(uow: InventoryUnitOfWork) -> Standard:
    async with uow:
        return await uow.standards.current()


async def compliance_of(nsp_id: UUID, actor: Principal, uow: InventoryUnitOfWork) -> Compliance:
    nsp = await get_noodsteunpunt(nsp_id, actor, uow)
    async with uow:
        standard = await uow.standards.current()
    return standard.evaluate(nsp.details, today())
