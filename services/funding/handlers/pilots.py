"""Consumed from the inventory service: a started pilot commits its budget."""

from __future__ import annotations

from shared.contract.inventory import PilotStarted
from shared.messaging.consumer import PermanentError
from shared.refdata import ReferenceData
from services.funding.adapters.unit_of_work import FundingUnitOfWork
from services.funding.domain.commitment import OverCommitmentPolicy, Source
from services.funding.handlers import causes
from services.funding.handlers.commitments import commit


async def commit_started_pilot(
    event: PilotStarted, uow: FundingUnitOfWork, reference: ReferenceData, policy: OverCommitmentPolicy
) -> None:
    """Runs inside the consumer's unit of work (inbox claim + effect commit together)."""
    municipality = reference.municipalities.get(event.municipality_code)
    if municipality is None or municipality.region_code != event.region_code:
        raise PermanentError(
            f"pilot {event.pilot_id}: {event.municipality_code} is not a municipality of {event.region_code}"
        )
    await commit(
        uow,
        region_code=event.region_code,
        year=event.pilot_year,
        source=Source.PILOT,
        source_id=event.pilot_id,
        municipality_code=event.municipality_code,
        purpose=f"pilot '{event.name}'",
        amount_cents=event.budget_cents,
        policy=policy,
        cause=causes.from_event(event),
    )
