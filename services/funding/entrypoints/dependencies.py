"""FastAPI dependencies of the funding API."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from shared.http.deps import unit_of_work
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.settings import FundingOptions

OPTIONS = "funding"  # key in Service.extras, set by the composition root


async def funding_options(request: Request) -> FundingOptions:
    return request.app.state.service.extras[OPTIONS]


UnitOfWork = Annotated[FundingUnitOfWork, Depends(unit_of_work)]
Options = Annotated[FundingOptions, Depends(funding_options)]
# The budget line's key (the one BDuR line is `weerbaarheid`).
LinePath = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,60}$", description="budget line, e.g. weerbaarheid")]
LineQuery = Annotated[str | None, Query(pattern=r"^[a-z0-9-]{1,60}$", description="budget line; default: the programme's line")]
YearQuery = Annotated[int | None, Query(ge=2000, le=2100, description="only this programme year")]
