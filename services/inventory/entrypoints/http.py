"""HTTP API of the inventory service. Scope comes from the token, never from the path alone."""

from __future__ import annotations

from services.inventory.entrypoints import (
    http_documents, http_exports, http_pilots, http_public, http_registry, http_rounds, http_views,
)

# Included one by one in the API, not nested in a router of their own: FastAPI resolves an
# included router's routes per request, once per level of nesting.
routers = [part.router for part in (http_registry, http_rounds, http_pilots, http_views, http_exports, http_public,
                                    http_documents)]
