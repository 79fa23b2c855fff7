"""FastAPI dependencies every service's HTTP entry points share."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Path, Request

from shared.observability.request_context import request_correlation_id
from shared.refdata import ReferenceData


async def unit_of_work(
    request: Request,
    correlation_id: Annotated[UUID | None, Header(alias="X-Correlation-ID")] = None,
    traceparent: Annotated[str | None, Header()] = None,
) -> Any:
    """A fresh unit of work. Events it emits carry the request's correlation id: an explicit
    X-Correlation-ID, else the request's trace id (the caller's traceparent), else a new one,
    decided once per request by ``shared.observability.request_context`` (the headers are
    declared here for validation and the OpenAPI document)."""
    uow = request.app.state.service.uow_factory()
    uow.correlation_id = correlation_id or request_correlation_id(request.scope)
    return uow


async def reference_data(request: Request) -> ReferenceData:
    return request.app.state.service.reference


Reference = Annotated[ReferenceData, Depends(reference_data)]


# Path parameters that name a region or gemeente: a malformed code is a 422 at the edge.
RegionCodePath = Annotated[str, Path(pattern=r"^VR(0[1-9]|1[0-9]|2[0-5])$", description="VR01..VR25")]
MunicipalityCodePath = Annotated[str, Path(pattern=r"^GM[0-9]{4}$", description="CBS code GMxxxx")]
