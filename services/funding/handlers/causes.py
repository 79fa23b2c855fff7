"""The cause a ledger entry records: the request or the event behind a movement."""

from __future__ import annotations

from uuid import uuid4

from shared.auth.principal import Principal
from shared.contract.envelope import IntegrationEvent
from shared.messaging.unit_of_work import UnitOfWork
from services.funding.domain.ledger import Cause


def from_request(uow: UnitOfWork, actor: Principal, action: str) -> Cause:
    # The request's correlation id is what its events carry too, so the entry can be traced to them.
    return Cause("request", uow.correlation_id or uuid4(), f"{action} by {actor.role.value}:{actor.subject}")


def from_event(event: IntegrationEvent) -> Cause:
    return Cause("event", event.id, event.TYPE)
