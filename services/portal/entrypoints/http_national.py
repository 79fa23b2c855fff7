"""The national programme's pages: the picture of all 25 regions (with CSV and GeoJSON),
allocations per year, the maatstaf and the campaigns."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response

from services.portal.adapters import paths
from services.portal.adapters.paths import CAMPAIGN, FUNDING, INVENTORY
from services.portal.entrypoints.deps import PortalParts, SignedIn, render

router = APIRouter()


@router.get("/landelijk")
async def national(request: Request, user: SignedIn, parts: PortalParts) -> Response:
    user.require_national()
    api, token, years = parts.api, user.token, parts.settings.money_years
    (picture, standard, campaigns), overviews = await asyncio.gather(
        asyncio.gather(
            api.get(INVENTORY, paths.NATIONAL_PICTURE, token),
            api.get(INVENTORY, paths.STANDARD, token),
            api.items(CAMPAIGN, paths.CAMPAIGNS, token),
        ),
        asyncio.gather(*(api.get(FUNDING, paths.overview(year), token) for year in years)),
    )
    year = request.query_params.get("jaar", "")
    selected = next((o for o in overviews if str(o.year) == year), overviews[0] if overviews else None)
    return render(request, "national.html", picture=picture, regions=picture.regions or [], standard=standard,
                  campaigns=campaigns, overviews=overviews, selected=selected)


@router.get("/landelijk/beeld.csv")
async def picture_csv(user: SignedIn, parts: PortalParts) -> Response:
    user.require_national()
    document = await parts.api.document(INVENTORY, paths.NATIONAL_PICTURE_CSV, user.token)
    return Response(document.content, media_type=document.media_type,
                    headers={"Content-Disposition": 'attachment; filename="landelijk-beeld-noodsteunpunten.csv"'})


@router.get("/landelijk/noodsteunpunten.geojson")
async def geojson(user: SignedIn, parts: PortalParts) -> Response:
    user.require_national()
    document = await parts.api.document(INVENTORY, paths.NATIONAL_GEOJSON, user.token)
    return Response(document.content, media_type="application/geo+json",
                    headers={"Content-Disposition": 'attachment; filename="noodsteunpunten.geojson"'})
