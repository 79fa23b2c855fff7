"""FastAPI dependencies of the notify HTTP entry points."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from shared.http.deps import unit_of_work
from services.notify.adapters.unit_of_work import NotifyUnitOfWork
from services.notify.handlers.context import NotifyContext


async def notify_context(request: Request) -> NotifyContext:
    return request.app.state.service.extras["context"]


Context = Annotated[NotifyContext, Depends(notify_context)]
UnitOfWork = Annotated[NotifyUnitOfWork, Depends(unit_of_work)]
