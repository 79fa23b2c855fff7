"""The registry: register, import, change and read noodsteunpunten (municipality users write)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse

from shared.http.paging import Page, Paging, paginate
from shared.auth.http import CurrentPrincipal
from shared.http.deps import Reference
from services.inventory.domain.csv_import import ImportFailed
from services.inventory.entrypoints.deps import UnitOfWork
from services.inventory.entrypoints.schemas import (
    ActivationIn,
    ComplianceOut,
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
MAX_CSV_BYTES = 2_000_000


@router.post(
    "/municipalities/{municipality_code}/noodsteunpunten",
    status_code=status.HTTP_201_CREATED,
    response_model=NoodsteunpuntOut,
)
async def register(
    municipality_code: str, body: NoodsteunpuntIn, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> NoodsteunpuntOut:
    command = RegisterNoodsteunpunt(
        actor, municipality_code, body.name, body.layer, body.address, body.public, body.details, body.readiness
    )
    nsp = await handlers.register_noodsteunpunt(command, uow, reference)
    return NoodsteunpuntOut.model_validate(nsp)


@router.get("/municipalities/{municipality_code}/noodsteunpunten", response_model=Page[NoodsteunpuntOut])
async def list_of_municipality(
    paging: Paging, request: Request, municipality_code: str, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> Page[NoodsteunpuntOut]:
    nsps = await handlers.list_of_municipality(actor, municipality_code, uow, reference)
    return paginate([NoodsteunpuntOut.model_validate(n) for n in nsps], paging, request)


@router.get("/regions/{region_code}/noodsteunpunten", response_model=Page[NoodsteunpuntOut])
async def list_of_region(paging: Paging, request: Request, region_code: str, actor: CurrentPrincipal, uow: UnitOfWork) -> Page[NoodsteunpuntOut]:
    return paginate([NoodsteunpuntOut.model_validate(n) for n in await handlers.list_of_region(actor, region_code, uow)], paging, request)


@router.post(
    "/municipalities/{municipality_code}/noodsteunpunten/import",
    status_code=status.HTTP_201_CREATED,
    response_model=list[NoodsteunpuntOut],
    openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}, "required": True}},
    responses={422: {"description": "errors by row and column; nothing was stored"}},
)
async def import_csv(
    municipality_code: str, request: Request, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> list[NoodsteunpuntOut] | JSONResponse:
    """The municipality's spreadsheet as CSV (comma or semicolon separated, UTF-8, header row):
    every row is checked; unless all are valid, nothing is stored."""
    raw = await request.body()
    if len(raw) > MAX_CSV_BYTES:
        return JSONResponse({"detail": f"at most {MAX_CSV_BYTES} bytes per import"}, status_code=413)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _import_errors("the file is not UTF-8 text", [])
    try:
        nsps = await handlers.import_inventory(actor, municipality_code, text, uow, reference)
    except ImportFailed as failure:
        return _import_errors(str(failure), [vars(e) for e in failure.errors])
    return [NoodsteunpuntOut.model_validate(n) for n in nsps]


@router.get("/noodsteunpunten/{nsp_id}", response_model=NoodsteunpuntOut)
async def get_one(nsp_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    return NoodsteunpuntOut.model_validate(await handlers.get_noodsteunpunt(nsp_id, actor, uow))


@router.patch("/noodsteunpunten/{nsp_id}", response_model=NoodsteunpuntOut)
async def update(nsp_id: UUID, body: NoodsteunpuntPatch, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    command = UpdateNoodsteunpunt(actor, nsp_id, body.name, body.layer, body.public, body.details)
    return NoodsteunpuntOut.model_validate(await handlers.update_noodsteunpunt(command, uow))


@router.post("/noodsteunpunten/{nsp_id}/readiness", response_model=NoodsteunpuntOut)
async def change_readiness(nsp_id: UUID, body: ReadinessIn, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    command = ChangeReadiness(actor, nsp_id, body.readiness, body.reason)
    return NoodsteunpuntOut.model_validate(await handlers.change_readiness(command, uow))


@router.post("/noodsteunpunten/{nsp_id}/activation", response_model=NoodsteunpuntOut)
async def change_activation(nsp_id: UUID, body: ActivationIn, actor: CurrentPrincipal, uow: UnitOfWork) -> NoodsteunpuntOut:
    command = ChangeActivation(actor, nsp_id, body.status, body.mode)
    return NoodsteunpuntOut.model_validate(await handlers.change_activation(command, uow))


@router.get("/noodsteunpunten/{nsp_id}/compliance", response_model=ComplianceOut)
async def compliance(nsp_id: UUID, actor: CurrentPrincipal, uow: UnitOfWork) -> ComplianceOut:
    return ComplianceOut.model_validate(await compliance_of(nsp_id, actor, uow))


def _import_errors(detail: str, errors: list[dict[str, object]]) -> JSONResponse:
    return JSONResponse({"detail": detail, "stored": 0, "errors": errors}, status_code=422)


