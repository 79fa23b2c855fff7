"""FastAPI side of access control: the dependency that hands handlers the principal."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPBearer
from fastapi.security.utils import get_authorization_scheme_param

from shared.auth.principal import Principal
from shared.auth.tokens import InvalidToken, TokenVerifier


class BearerPrincipal(HTTPBearer):
    """The API's bearer scheme (so the OpenAPI document declares it on every operation that
    needs it) and the verification of its token in one dependency: FastAPI resolves each
    dependency anew per request, so a scheme plus a verifier on top of it costs twice."""

    async def __call__(self, request: Request) -> Principal:  # type: ignore[override]
        scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
        if not token or scheme.lower() != "bearer":
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a bearer token is required", {"WWW-Authenticate": "Bearer"})
        verifier: TokenVerifier = request.app.state.token_verifier
        try:
            return verifier.verify(token)
        except InvalidToken as error:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED, f"invalid token: {error}", {"WWW-Authenticate": "Bearer"}
            ) from error


# The scheme keeps the name it has always had in the OpenAPI documents.
current_principal = BearerPrincipal(scheme_name="HTTPBearer", auto_error=False,
                                    description="JWT with role, region and municipality claims")

CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
