"""The public view: no token; only NSPs flagged public, with their activation status."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from shared.http.paging import Page, Paging, paginate
from services.inventory.entrypoints.deps import UnitOfWork
from services.inventory.entrypoints.schemas import PublicNoodsteunpuntOut
from services.inventory.handlers.views import public_noodsteunpunten

router = APIRouter(tags=["public"])


@router.get("/public/noodsteunpunten", response_model=Page[PublicNoodsteunpuntOut])
async def public_list(
    paging: Paging, request: Request, uow: UnitOfWork,
    region: Annotated[str | None, Query(pattern=r"^VR[0-9]{2}$")] = None,
    municipality: Annotated[str | None, Query(pattern=r"^GM[0-9]{4}$")] = None,
) -> Page[PublicNoodsteunpuntOut]:
    """The noodsteunpunten their municipalities made public, with where they are, what they offer and whether they are open. No token needed."""
    nsps = await public_noodsteunpunten(region, municipality, uow)
    return paginate([
        PublicNoodsteunpuntOut(
            id=n.id,
            municipality_code=n.municipality_code,
            name=n.name,
            address=n.address,
            latitude=n.details.latitude,
            longitude=n.details.longitude,
            services=n.details.service_names(),
            activation_status=n.activation_status,
            activation_mode=n.activation_mode,
            activation_changed_at=n.activation_changed_at,
        )
        for n in nsps
    ], paging, request)
