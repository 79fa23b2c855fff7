"""'Waar is mijn noodsteunpunt?': the public noodsteunpunten of a gemeente, for anyone,
found by the gemeente's name. Only what the inventory's public view gives."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from shared.refdata import Municipality
from services.portal.adapters import paths
from services.portal.adapters.paths import INVENTORY
from services.portal.entrypoints.deps import PortalParts, render

router = APIRouter()
MAX_QUERY = 100
MAX_SUGGESTIONS = 20


@router.get("/waar-is-mijn-noodsteunpunt")
async def find(request: Request, parts: PortalParts, gemeente: str = "") -> Response:
    query = gemeente.strip()[:MAX_QUERY]
    matches = _matching(parts.reference.municipalities.values(), query) if query else []
    chosen = matches[0] if len(matches) == 1 else next((m for m in matches if _key(m.name) == _key(query)), None)
    nsps = None
    if chosen is not None:
        nsps = await parts.api.items(INVENTORY, paths.PUBLIC_NOODSTEUNPUNTEN, None, params={"municipality": chosen.code})
    return render(request, "public.html", query=query, chosen=chosen, nsps=nsps,
                  suggestions=[] if chosen else matches[:MAX_SUGGESTIONS],
                  names=sorted((m.name for m in parts.reference.municipalities.values()), key=_key))


def _matching(municipalities, query: str) -> list[Municipality]:  # type: ignore[no-untyped-def]
    wanted = _key(query)
    found = [m for m in municipalities if wanted in _key(m.name)]
    return sorted(found, key=lambda m: (not _key(m.name).startswith(wanted), _key(m.name)))


def _key(name: str) -> str:
    return name.lstrip("'").casefold()
