"""Each region's and gemeente's own exports: CSV for Excel, GeoJSON for maps."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from shared.auth.http import CurrentPrincipal
from shared.documents.excel_csv import MEDIA_TYPE as CSV
from shared.documents.excel_csv import attachment
from shared.http.deps import MunicipalityCodePath, Reference, RegionCodePath
from shared.http.problems import responses
from services.inventory.entrypoints.deps import CoverageNorm, UnitOfWork
from services.inventory.entrypoints.exports import geojson
from services.inventory.entrypoints.regional_exports import noodsteunpunten_csv, picture_csv
from services.inventory.handlers import exports

router = APIRouter(tags=["exports"])
GEOJSON = "application/geo+json"
REFUSALS = responses(400, 401, 403, 404)


def _csv(content: bytes, filename: str) -> Response:
    return Response(content, media_type=CSV, headers=attachment(filename))


@router.get("/regions/{region_code}/picture.csv", response_class=Response, responses={
    200: {"content": {CSV: {}}, "description": "One row per gemeente: coverage against the norm"}, **REFUSALS})
async def region_picture_csv(region_code: RegionCodePath, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork,
                             reference: Reference) -> Response:
    parts, _ = await exports.region_export(region_code, norm, actor, uow, reference)
    return _csv(picture_csv(parts), f"dekking-{region_code}.csv")


@router.get("/regions/{region_code}/noodsteunpunten.csv", response_class=Response, responses={
    200: {"content": {CSV: {}}, "description": "One row per noodsteunpunt of the region"}, **REFUSALS})
async def region_noodsteunpunten_csv(region_code: RegionCodePath, norm: CoverageNorm, actor: CurrentPrincipal,
                                     uow: UnitOfWork, reference: Reference) -> Response:
    _, nsps = await exports.region_export(region_code, norm, actor, uow, reference)
    return _csv(noodsteunpunten_csv(nsps, reference), f"noodsteunpunten-{region_code}.csv")


@router.get("/regions/{region_code}/noodsteunpunten.geojson", response_class=JSONResponse, responses={
    200: {"content": {GEOJSON: {}}, "description": "The region's noodsteunpunten as GeoJSON points"}, **REFUSALS})
async def region_geojson(region_code: RegionCodePath, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork,
                         reference: Reference) -> JSONResponse:
    _, nsps = await exports.region_export(region_code, norm, actor, uow, reference)
    return JSONResponse(geojson(nsps), media_type=GEOJSON)


@router.get("/municipalities/{municipality_code}/noodsteunpunten.csv", response_class=Response, responses={
    200: {"content": {CSV: {}}, "description": "One row per noodsteunpunt of the gemeente"}, **REFUSALS})
async def municipality_csv(municipality_code: MunicipalityCodePath, actor: CurrentPrincipal, uow: UnitOfWork,
                           reference: Reference) -> Response:
    nsps = await exports.municipality_noodsteunpunten(municipality_code, actor, uow, reference)
    return _csv(noodsteunpunten_csv(nsps, reference), f"noodsteunpunten-{municipality_code}.csv")


@router.get("/municipalities/{municipality_code}/noodsteunpunten.geojson", response_class=JSONResponse, responses={
    200: {"content": {GEOJSON: {}}, "description": "The gemeente's noodsteunpunten as GeoJSON points"}, **REFUSALS})
async def municipality_geojson(municipality_code: MunicipalityCodePath, actor: CurrentPrincipal, uow: UnitOfWork,
                               reference: Reference) -> JSONResponse:
    nsps = await exports.municipality_noodsteunpunten(municipality_code, actor, uow, reference)
    return JSONResponse(geojson(nsps), media_type=GEOJSON)
