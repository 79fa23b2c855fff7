"""FastAPI dependencies every service's HTTP entry points share."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Request

from shared.refdata import ReferenceData


def unit_of_work(
    request: Request,
    correlation_id: Annotated[UUID | None, Header(alias="X-Correlation-ID")] = None,
) -> Any:
    """A fresh unit of work; events it emits carry the caller's correlation id, if sent."""
    uow = request.app.state.service.uow_factory()
    uow.correlation_id = correlation_id
    return uow


def reference_data(request: Request) -> ReferenceData:
    return request.app.state.service.reference


Reference = Annotated[ReferenceData, Depends(reference_data)]
