"""Coverage, the standard and the national picture (with its CSV and GeoJSON exports)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, status

from shared.auth.http import CurrentPrincipal
from shared.http.deps import Reference
from shared.http.paging import ExportPaging
from shared.http.responses import CsvResponse, GeoJsonResponse, csv_content
from services.inventory.entrypoints.deps import CoverageNorm, UnitOfWork
from services.inventory.entrypoints.exports import geojson_page, picture_csv
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
    """Inhabitants per NSP for one municipality, operational and all planned, with the gap to the norm."""
    return await views.municipality_coverage_view(municipality_code, norm, actor, uow, reference)


@router.get("/standard", response_model=StandardOut, tags=["public"])
async def current_standard(uow: UnitOfWork) -> StandardOut:
    """The standard ('maatstaf') in force: its version and criteria. Public: no token needed."""
    return StandardOut.model_validate(await standard_handlers.current_standard(uow))


@router.post("/standard/versions", status_code=status.HTTP_201_CREATED)
async def publish_standard(body: StandardIn, actor: CurrentPrincipal, uow: UnitOfWork) -> dict[str, Any]:
    """National only. The new version applies at once: every NSP's compliance is recomputed against it."""
    criteria = [c.model_dump(mode="json") for c in body.criteria]
    return await standard_handlers.publish_standard(actor, criteria, uow)


@router.get("/national/picture")
async def national_picture(norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> dict[str, Any]:
    """Per region: noodsteunpunten by layer and readiness, compliance, coverage, pilots and the
    two-pilot rule. National users and integrators (no personal data in it)."""
    regions = await views.national_picture(norm, actor, uow, reference)
    return {"norm_inhabitants_per_nsp": norm.inhabitants_per_nsp, "regions": regions}


@router.get("/national/picture.csv", response_class=CsvResponse,
            responses=csv_content("The national picture, one row per region (UTF-8, comma separated, header row)"))
async def national_picture_csv(norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> CsvResponse:
    """The national picture as CSV: one row per region, the same figures as the JSON picture."""
    regions = await views.national_picture(norm, actor, uow, reference)
    return CsvResponse(picture_csv(regions), filename="noodsteunpunten-landelijk-beeld.csv")


@router.get("/national/noodsteunpunten.geojson", response_class=GeoJsonResponse,
            responses={200: {"description": "RFC 7946 FeatureCollection, paged (OGC API Features style)",
                             "content": {"application/geo+json": {"schema": {"type": "object"}}}}})
async def national_geojson(paging: ExportPaging, request: Request, actor: CurrentPrincipal, uow: UnitOfWork) -> GeoJsonResponse:
    """Every NSP as a GeoJSON point with its properties (national only), at most 5,000 a page:
    `numberMatched`, `numberReturned` and `links` (next, prev) as in OGC API Features."""
    return geojson_page(await views.all_noodsteunpunten(actor, uow), paging, request)
