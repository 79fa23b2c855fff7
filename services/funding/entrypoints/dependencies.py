"""FastAPI dependencies of the funding API."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.http.deps import unit_of_work
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.settings import FundingOptions

OPTIONS = "funding"  # key in Service.extras, set by the composition root


async def funding_options(request: Request) -> FundingOptions:
    return request.app.state.service.extras[OPTIONS]


UnitOfWork = Annotated[FundingUnitOfWork, Depends(unit_of_work)]
Options = Annotated[FundingOptions, Depends(funding_options)]
