"""Coverage, the standard and the national picture (with its CSV and GeoJSON exports)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse, Response

from shared.auth.http import CurrentPrincipal
from shared.http.deps import Reference
from services.inventory.entrypoints.deps import CoverageNorm, UnitOfWork
from shared.documents import excel_csv
from services.inventory.entrypoints.exports import geojson, picture_csv
from services.inventory.entrypoints.schemas import StandardIn, StandardOut
from services.inventory.handlers import standard as standard_handlers
from services.inventory.handlers import views

router = APIRouter(tags=["coverage and national picture"])


@router.get("/regions/{region_code}/coverage")
async def region_coverage(
    region_code: str, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> dict[str, Any]:
    """Inhabitants per NSP for the region and each municipality, operational and all planned, with the gaps."""
    return await views.region_coverage_view(region_code, norm, actor, uow, reference)


@router.get("/municipalities/{municipality_code}/coverage")
async def municipality_coverage(
    municipality_code: str, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference
) -> dict[str, Any]:
    return await views.municipality_coverage_view(municipality_code, norm, actor, uow, reference)


@router.get("/standard", response_model=StandardOut)
async def current_standard(actor: CurrentPrincipal, uow: UnitOfWork) -> StandardOut:
    return StandardOut.model_validate(await standard_handlers.current_standard(uow))


@router.post("/standard/versions", status_code=status.HTTP_201_CREATED)
async def publish_standard(body: StandardIn, actor: CurrentPrincipal, uow: UnitOfWork) -> dict[str, Any]:
    """National only. The new version applies at once: every NSP's compliance is recomputed against it."""
    criteria = [c.model_dump(mode="json") for c in body.criteria]
    return await standard_handlers.publish_standard(actor, criteria, uow)


@router.get("/national/picture")
async def national_picture(norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> JSONResponse:
    regions = await views.national_picture(norm, actor, uow, reference)
    return JSONResponse({"norm_inhabitants_per_nsp": norm.inhabitants_per_nsp, "regions": regions})


@router.get("/national/picture.csv", response_class=Response)
async def national_picture_csv(norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> Response:
    regions = await views.national_picture(norm, actor, uow, reference)
    return Response(picture_csv(regions), media_type=excel_csv.MEDIA_TYPE,
                    headers=excel_csv.attachment("noodsteunpunten-landelijk-beeld.csv"))


@router.get("/national/noodsteunpunten.geojson")
async def national_geojson(actor: CurrentPrincipal, uow: UnitOfWork) -> JSONResponse:
    """Every NSP as a GeoJSON point with its properties (national only)."""
    return JSONResponse(geojson(await views.all_noodsteunpunten(actor, uow)), media_type="application/geo+json")
