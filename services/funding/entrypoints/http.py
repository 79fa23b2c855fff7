"""HTTP API of the funding service. Scope comes from the token, never from the path alone."""

from __future__ import annotations

from services.funding.entrypoints import http_budget, http_money, http_proposals

routers = [http_budget.router, http_money.router, http_proposals.router]
