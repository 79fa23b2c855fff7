"""HTTP API of the inventory service. Scope comes from the token, never from the path alone."""

from __future__ import annotations

from fastapi import APIRouter

from services.inventory.entrypoints import (
    http_documents, http_exports, http_pilots, http_public, http_registry, http_rounds, http_views,
)

router = APIRouter()
for part in (http_registry, http_rounds, http_pilots, http_views, http_exports, http_public, http_documents):
    router.include_router(part.router)
