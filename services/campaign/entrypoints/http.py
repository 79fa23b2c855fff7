"""HTTP API of the campaign service: campaigns, toolkits and local versions.
Scope comes from the token, never from the path alone."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, status, Request

from shared.http.paging import Items, Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import MunicipalityCodePath, Reference, unit_of_work
from services.campaign.adapters.unit_of_work import CampaignUnitOfWork
from services.campaign.domain.local_knowledge import ContactDetails
from services.campaign.domain.toolkit import Template
from services.campaign.entrypoints import http_documents, http_participation, http_rollout
from services.campaign.entrypoints.schemas import (
    CampaignIn,
    CampaignOut,
    ContactIn,
    ContactOut,
    LocalVersionOut,
    ToolkitIn,
    ToolkitOut,
)
from services.campaign.handlers import campaigns as handlers
from services.campaign.handlers import local_versions
from services.campaign.handlers.commands import CreateCampaign

router = APIRouter(tags=["campaigns"])
UnitOfWork = Annotated[CampaignUnitOfWork, Depends(unit_of_work)]


@router.post("/campaigns", status_code=status.HTTP_201_CREATED, response_model=CampaignOut)
async def create_campaign(body: CampaignIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> CampaignOut:
    """Create a campaign: national users a national campaign, region users a regional one (which may have other regions take part)."""
    command = CreateCampaign(actor=actor, **body.model_dump())
    return CampaignOut.model_validate(await handlers.create_campaign(command, uow, reference))


@router.post("/campaigns/seed", response_model=Items[CampaignOut], summary="Create the memo's campaigns (once)")
async def seed(actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> Items[CampaignOut]:
    """The memo's campaigns the caller may create (national: Denk Vooruit; the owning region: its
    regional campaign), each created once: repeating the call returns them unchanged."""
    return Items(items=[CampaignOut.model_validate(c) for c in await handlers.seed_memo_campaigns(actor, uow, reference)])


@router.get("/campaigns", response_model=Page[CampaignOut])
async def list_campaigns(paging: Paging, request: Request, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[CampaignOut]:
    """The campaigns the caller may see: national users and integrators all, others those their region runs or takes part in."""
    return paginate([CampaignOut.model_validate(c) for c in await handlers.list_campaigns(actor, uow)], paging, request)


@router.get("/campaigns/{campaign_id:uuid}", response_model=CampaignOut)
async def get_campaign(campaign_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> CampaignOut:
    """One campaign the caller may see (another region's campaign is not found)."""
    return CampaignOut.model_validate(await handlers.get_campaign(campaign_id, actor, uow))


@router.post("/campaigns/{campaign_id}/toolkits", status_code=status.HTTP_201_CREATED, response_model=ToolkitOut)
async def draft_toolkit(campaign_id: UUID, body: ToolkitIn, actor: CurrentPrincipal, uow: UnitOfWork) -> ToolkitOut:
    """Draft a new version of the campaign's toolkit (message formats with placeholders), by those who manage the campaign."""
    templates = [Template(**t.model_dump()) for t in body.templates]
    return ToolkitOut.model_validate(await handlers.draft_toolkit(campaign_id, templates, actor, uow))


@router.get("/campaigns/{campaign_id}/toolkits", response_model=Page[ToolkitOut])
async def list_toolkits(paging: Paging, request: Request, campaign_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[ToolkitOut]:
    """The campaign's toolkit versions: drafts only for those who manage them, published versions for everyone who sees the campaign."""
    return paginate([ToolkitOut.model_validate(t) for t in await handlers.toolkits_of(campaign_id, actor, uow)], paging, request)


@router.post("/toolkits/{toolkit_id}/publish", response_model=ToolkitOut)
async def publish_toolkit(toolkit_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> ToolkitOut:
    """Publish a drafted toolkit version (those who manage it). Publishing a published version again changes nothing."""
    return ToolkitOut.model_validate(await handlers.publish_toolkit(toolkit_id, actor, uow))


@router.put("/municipalities/{municipality_code}/contact", response_model=ContactOut)
async def set_contact(
    municipality_code: MunicipalityCodePath, body: ContactIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> ContactOut:
    """Set the contact details the municipality's local versions show (the municipality or its region)."""
    contact = ContactDetails(municipality_code, **body.model_dump())
    return ContactOut.model_validate(await local_versions.set_contact(contact, actor, uow, reference))


@router.post(
    "/toolkits/{toolkit_id}/local-versions/{municipality_code}",
    status_code=status.HTTP_201_CREATED,
    response_model=LocalVersionOut,
    responses={422: {"description": "a placeholder cannot be filled for this municipality; the error names it"}},
)
async def render_local_version(
    toolkit_id: UUID, municipality_code: MunicipalityCodePath, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> LocalVersionOut:
    """Render a published toolkit version for one municipality: its name, contact details and noodsteunpunten filled in."""
    local = await local_versions.render_local_version(toolkit_id, municipality_code, actor, uow, reference)
    return LocalVersionOut.model_validate(local)


@router.get("/municipalities/{municipality_code}/local-versions", response_model=Page[LocalVersionOut])
async def list_local_versions(
    paging: Paging, request: Request, municipality_code: MunicipalityCodePath, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> Page[LocalVersionOut]:
    """The municipality's local versions (the municipality, its region, national users)."""
    found = await local_versions.local_versions_of(municipality_code, actor, uow, reference)
    return paginate([LocalVersionOut.model_validate(v) for v in found], paging, request)


@router.get("/local-versions/{local_id}", response_model=LocalVersionOut)
async def get_local_version(local_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> LocalVersionOut:
    """One local version (the municipality, its region, national users)."""
    return LocalVersionOut.model_validate(await local_versions.get_local_version(local_id, actor, uow))


# The documents first: "/local-versions/{id}.pdf" must not be read as "/local-versions/{id}".
routers = [http_documents.router, router, http_rollout.router, http_participation.router]
