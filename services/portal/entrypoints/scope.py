"""Reference-data look-ups the pages share: a code in a path must name a real gemeente or region."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from shared.refdata import Municipality, SafetyRegion
from services.portal.entrypoints.deps import Portal


def municipality(parts: Portal, code: str) -> Municipality:
    found = parts.reference.municipalities.get(code)
    if found is None:
        raise HTTPException(404)
    return found


def region(parts: Portal, code: str) -> SafetyRegion:
    found = parts.reference.regions.get(code)
    if found is None:
        raise HTTPException(404)
    return found
