"""FastAPI dependencies every service's HTTP entry points share."""

from __future__ import annotations

import re
from typing import Annotated, Any
from uuid import UUID

from fastapi import Depends, Header, Path, Request
from pydantic import AwareDatetime, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

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


def _rfc3339(value: object) -> object:
    """Only a date-time written out (2025-10-05T19:30:00+02:00), never a number that pydantic
    would read as seconds since 1970 (`?to=0.5`)."""
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise PydanticCustomError("datetime_parsing", "Input should be an RFC 3339 date-time with a time zone, "
                                  "e.g. 2025-10-05T19:30:00+02:00")
    return value


_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$")
IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_rfc3339), WithJsonSchema({"type": "string", "format": "date-time"})]


# Path parameters that name a region or gemeente: a malformed code is a 400 at the edge.
RegionCodePath = Annotated[str, Path(pattern=r"^VR(0[1-9]|1[0-9]|2[0-5])$", description="VR01..VR25")]
MunicipalityCodePath = Annotated[str, Path(pattern=r"^GM[0-9]{4}$", description="CBS code GMxxxx")]
# A programme year: bounded, so no number reaches the database that it cannot hold.
YearPath = Annotated[int, Path(ge=2000, le=2100, description="programme year, e.g. 2025")]
