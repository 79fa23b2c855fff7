"""Pilots follow their money: funding's decisions on a pilot's commitment, applied to the pilot.

Funding decides from ``inventory.pilot.started.v1`` whether the pilot's budget fits what
remains of the region's allocation. A refusal marks the pilot unfunded (it stops counting
towards the two-pilot rule); a commitment made later (reconsidered, after a new
allocation) funds it again. Runs in the consumer's unit of work: inbox claim, pilot and
its event commit together. Commitments for proposals, or for pilots this service does not
know (another environment's), change nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from shared.contract.funding import CommitmentMade, CommitmentRefused
from shared.messaging.consumer import Handler
from services.inventory.adapters.unit_of_work import InventoryUnitOfWork
from services.inventory.domain.pilot import Pilot


async def commitment_made(event: CommitmentMade, uow: InventoryUnitOfWork) -> None:
    await _apply_to_pilot(event, uow, lambda pilot: pilot.money_committed(event.commitment_id, event.amount_cents))


async def commitment_refused(event: CommitmentRefused, uow: InventoryUnitOfWork) -> None:
    await _apply_to_pilot(event, uow, lambda pilot: pilot.money_refused(event.commitment_id, event.reason))


async def _apply_to_pilot(
    event: CommitmentMade | CommitmentRefused, uow: InventoryUnitOfWork, change: Callable[[Pilot], None]
) -> None:
    if event.origin != "pilot":
        return
    pilot = await uow.pilots.get(event.origin_id, for_update=True)
    if pilot is not None:
        change(pilot)
        await uow.pilots.save(pilot)


HANDLERS: dict[str, Handler] = {
    CommitmentMade.TYPE: commitment_made,
    CommitmentRefused.TYPE: commitment_refused,
}
