"""The registry: register, import, change and read noodsteunpunten (municipality users write)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse

from shared.http.paging import Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import Reference
from shared.http.problems import MEDIA_TYPE, problem
from services.inventory.domain.csv_import import ImportFailed
from services.inventory.entrypoints.deps import UnitOfWork
from services.inventory.entrypoints.schemas import (
    ActivationIn,
    ComplianceOut,
    ImportFailedProblem,
    ImportOut,
    NoodsteunpuntIn,
    NoodsteunpuntOut,
    NoodsteunpuntPatch,
    ReadinessIn,
)
from services.inventory.handlers import noodsteunpunten as handlers
from services.inventory.handlers.commands import (
    ChangeActivation,
    ChangeReadiness,
    RegisterNoodsteunpunt,
    UpdateNoodsteunpunt,
)
from services.inventory.handlers.standard import compliance_of

router = APIRouter(tags=["noodsteunpunten"])


@router.post(
    "/municipalities/{municipality_code}/noodsteunpunten",
    status_code=status.HTTP_201_CREATED,
    response_model=NoodsteunpuntOut,
)
async def register(
    municipality_code: str, body: NoodsteunpuntIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> NoodsteunpuntOut:
    """Register a noodsteunpunt of the municipality (its own users only); it starts as planned unless a readiness is given."""
    command = RegisterNoodsteunpunt(
        actor, municipality_code, body.name, body.layer, body.address, body.public, body.details, body.readiness
    )
    nsp = await handlers.register_noodsteunpunt(command, uow, reference)
    return NoodsteunpuntOut.model_validate(nsp)


@router.get("/municipalities/{municipality_code}/noodsteunpunten", response_model=Page[NoodsteunpuntOut])
async def list_of_municipality(
    paging: Paging, request: Request, municipality_code: str, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> Page[NoodsteunpuntOut]:
    """The municipality's noodsteunpunten (its own users, its region's users and national users)."""
    nsps = await handlers.list_of_municipality(actor, municipality_code, uow, reference)
    return paginate([NoodsteunpuntOut.model_validate(n) for n in nsps], paging, request)


@router.get("/regions/{region_code}/noodsteunpunten", response_model=Page[NoodsteunpuntOut])
async def list_of_region(paging: Paging, request: Request, region_code: str, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[NoodsteunpuntOut]:
    """Every noodsteunpunt of the region (the region's users and national users)."""
    return paginate([NoodsteunpuntOut.model_validate(n) for n in await handlers.list_of_region(actor, region_code, uow)], paging, request)


@router.post(
    "/municipalities/{municipality_code}/noodsteunpunten/import",
    status_code=status.HTTP_201_CREATED,
    response_model=ImportOut,
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}},
    responses={422: {"model": ImportFailedProblem, "content": {MEDIA_TYPE: {}},
                     "description": "errors by row and column; nothing was stored"}},
)
async def import_csv(
    municipality_code: str, request: Request, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> ImportOut | JSONResponse:
    """The municipality's spreadsheet as CSV (comma or semicolon separated, UTF-8, header row):
    every row is checked; unless all are valid, nothing is stored. Size: at most the
    configured upload limit (413 above it)."""
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _import_failed(request, "het bestand is geen UTF-8-tekst", [])
    try:
        nsps = await handlers.import_inventory(actor, municipality_code, text, uow, reference)
    except ImportFailed as failure:
        return _import_failed(request, str(failure), [vars(e) for e in failure.errors])
    return ImportOut(stored=len(nsps), items=[NoodsteunpuntOut.model_validate(n) for n in nsps])


@router.get("/noodsteunpunten/{nsp_id}", response_model=NoodsteunpuntOut)
async def get_one(nsp_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    """One noodsteunpunt with its attributes and activation log (the municipality, its region and national users)."""
    return NoodsteunpuntOut.model_validate(await handlers.get_noodsteunpunt(nsp_id, actor, uow))


@router.patch("/noodsteunpunten/{nsp_id}", response_model=NoodsteunpuntOut)
async def update(nsp_id: UUID, body: NoodsteunpuntPatch, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    """Change a noodsteunpunt's name, layer, public flag or attributes (its municipality only); only the attributes sent change."""
    command = UpdateNoodsteunpunt(actor, nsp_id, body.name, body.layer, body.public, body.details)
    return NoodsteunpuntOut.model_validate(await handlers.update_noodsteunpunt(command, uow))


@router.post("/noodsteunpunten/{nsp_id}/readiness", response_model=NoodsteunpuntOut)
async def change_readiness(nsp_id: UUID, body: ReadinessIn, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    """Move a noodsteunpunt to another readiness (planned ... operational), with a reason. Repeating the readiness it has changes nothing."""
    command = ChangeReadiness(actor, nsp_id, body.readiness, body.reason)
    return NoodsteunpuntOut.model_validate(await handlers.change_readiness(command, uow))


@router.post("/noodsteunpunten/{nsp_id}/activation", response_model=NoodsteunpuntOut)
async def change_activation(nsp_id: UUID, body: ActivationIn, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    """Open, fill, close ... a noodsteunpunt (its municipality): the activation status residents see in the public view."""
    command = ChangeActivation(actor, nsp_id, body.status, body.mode)
    return NoodsteunpuntOut.model_validate(await handlers.change_activation(command, uow))


@router.get("/noodsteunpunten/{nsp_id}/compliance", response_model=ComplianceOut)
async def compliance(nsp_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> ComplianceOut:
    """How the noodsteunpunt measures up to the standard in force: compliant, score and what is missing."""
    return ComplianceOut.model_validate(await compliance_of(nsp_id, actor, uow))


def _import_failed(request: Request, detail: str, errors: list[dict[str, object]]) -> JSONResponse:
    return problem(422, detail, instance=request.url.path, kind="import-failed", errors=errors, extra={"stored": 0})


