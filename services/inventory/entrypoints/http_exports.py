"""Each region's and gemeente's own exports: CSV for Excel, GeoJSON for maps."""

from __future__ import annotations

from fastapi import APIRouter, Request

from shared.auth.http import CurrentPrincipal
from shared.http.deps import MunicipalityCodePath, Reference, RegionCodePath
from shared.http.paging import ExportPaging
from shared.http.problems import responses
from shared.http.responses import CsvResponse, GeoJsonResponse, csv_content
from services.inventory.entrypoints.deps import CoverageNorm, UnitOfWork
from services.inventory.entrypoints.exports import geojson_page
from services.inventory.entrypoints.regional_exports import noodsteunpunten_csv, picture_csv
from services.inventory.handlers import exports

router = APIRouter(tags=["exports"])
GEOJSON = "application/geo+json"
REFUSALS = responses(400, 401, 403, 404)


@router.get("/regions/{region_code}/picture.csv", response_class=CsvResponse,
            responses={**csv_content("One row per gemeente: coverage against the norm"), **REFUSALS})
async def region_picture_csv(region_code: RegionCodePath, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork,
                             reference: Reference) -> CsvResponse:
    """The region's own picture for Excel: one row per gemeente with its noodsteunpunten and coverage against the norm (region and national users)."""
    parts, _ = await exports.region_export(region_code, norm, actor, uow, reference)
    return CsvResponse(picture_csv(parts), filename=f"dekking-{region_code}.csv")


@router.get("/regions/{region_code}/noodsteunpunten.csv", response_class=CsvResponse,
            responses={**csv_content("One row per noodsteunpunt of the region"), **REFUSALS})
async def region_noodsteunpunten_csv(region_code: RegionCodePath, norm: CoverageNorm, actor: CurrentPrincipal,
                                     uow: UnitOfWork, reference: Reference) -> CsvResponse:
    """The region's noodsteunpunten for Excel, one row each, in Dutch (region and national users)."""
    _, nsps = await exports.region_export(region_code, norm, actor, uow, reference)
    return CsvResponse(noodsteunpunten_csv(nsps, reference), filename=f"noodsteunpunten-{region_code}.csv")


@router.get("/regions/{region_code}/noodsteunpunten.geojson", response_class=GeoJsonResponse, responses={
    200: {"content": {GEOJSON: {}}, "description": "The region's noodsteunpunten as GeoJSON points"}, **REFUSALS})
async def region_geojson(region_code: RegionCodePath, norm: CoverageNorm, paging: ExportPaging, request: Request,
                         actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> GeoJsonResponse:
    """The region's noodsteunpunten as GeoJSON points, paged as in OGC API Features (region and national users)."""
    _, nsps = await exports.region_export(region_code, norm, actor, uow, reference)
    return geojson_page(nsps, paging, request)


@router.get("/municipalities/{municipality_code}/noodsteunpunten.csv", response_class=CsvResponse,
            responses={**csv_content("One row per noodsteunpunt of the gemeente"), **REFUSALS})
async def municipality_csv(municipality_code: MunicipalityCodePath, actor: CurrentPrincipal, uow: UnitOfWork,
                           reference: Reference) -> CsvResponse:
    """The gemeente's noodsteunpunten for Excel, one row each, in Dutch (the gemeente itself, its region, national users)."""
    nsps = await exports.municipality_noodsteunpunten(municipality_code, actor, uow, reference)
    return CsvResponse(noodsteunpunten_csv(nsps, reference), filename=f"noodsteunpunten-{municipality_code}.csv")


@router.get("/municipalities/{municipality_code}/noodsteunpunten.geojson", response_class=GeoJsonResponse, responses={
    200: {"content": {GEOJSON: {}}, "description": "The gemeente's noodsteunpunten as GeoJSON points"}, **REFUSALS})
async def municipality_geojson(municipality_code: MunicipalityCodePath, paging: ExportPaging, request: Request,
                               actor: CurrentPrincipal, uow: UnitOfWork, reference: Reference) -> GeoJsonResponse:
    """The gemeente's noodsteunpunten as GeoJSON points (the gemeente itself, its region, national users)."""
    nsps = await exports.municipality_noodsteunpunten(municipality_code, actor, uow, reference)
    return geojson_page(nsps, paging, request)

