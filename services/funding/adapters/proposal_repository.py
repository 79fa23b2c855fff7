from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.funding.adapters.tables import proposal_votes, proposals, region_rules
from services.funding.domain.proposal import Choice, DecisionRule, Proposal, ProposalStatus, Vote
from services.funding.domain.region_rule import RegionRule


class ProposalRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, proposal: Proposal) -> None:
        await self._session.execute(
            proposals.insert().values(
                id=proposal.id,
                region_code=proposal.region_code,
                year=proposal.year,
                purpose=proposal.purpose,
                amount_cents=proposal.amount_cents,
                municipality_codes=list(proposal.municipality_codes),
                rule=proposal.rule.value,
                submitted_by=proposal.submitted_by,
                status=proposal.status.value,
            )
        )
        self._track(proposal)

    async def save(self, proposal: Proposal) -> None:
        """Persist new votes and the decision (votes are only ever added)."""
        stored = {
            row.municipality_code
            for row in (
                await self._session.execute(
                    select(proposal_votes.c.municipality_code).where(proposal_votes.c.proposal_id == proposal.id)
                )
            ).all()
        }
        new = [v for v in proposal.votes if v.municipality_code not in stored]
        if new:
            await self._session.execute(
                proposal_votes.insert(),
                [
                    {
                        "proposal_id": proposal.id,
                        "municipality_code": v.municipality_code,
                        "choice": v.choice.value,
                        "remark": v.remark,
                        "cast_at": v.cast_at,
                    }
                    for v in new
                ],
            )
        await self._session.execute(
            proposals.update()
            .where(proposals.c.id == proposal.id)
            .values(status=proposal.status.value, decided_at=proposal.decided_at, commitment_id=proposal.commitment_id)
        )

    async def get(self, proposal_id: UUID, for_update: bool = False) -> Proposal | None:
        query = select(proposals).where(proposals.c.id == proposal_id)
        if for_update:
            # Votes arriving together must be counted one after the other.
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        proposal = _from_row(row, (await self._votes([proposal_id])).get(proposal_id, []))
        self._track(proposal)
        return proposal

    async def list(self, region_code: str) -> list[Proposal]:
        query = select(proposals).where(proposals.c.region_code == region_code).order_by(proposals.c.submitted_at)
        rows = (await self._session.execute(query)).all()
        votes = await self._votes([row.id for row in rows])
        return [_from_row(row, votes.get(row.id, [])) for row in rows]

    async def list_concerning(self, municipality_code: str, offset: int, limit: int) -> tuple[list[Proposal], int]:
        """One page of the proposals that concern the municipality, newest first, and how many there are."""
        concerning = proposals.c.municipality_codes.contains([municipality_code])
        total = await self._session.scalar(select(func.count()).select_from(proposals).where(concerning))
        query = (
            select(proposals)
            .where(concerning)
            .order_by(proposals.c.submitted_at.desc(), proposals.c.id.desc())
            .offset(offset)
            .limit(limit)
        )
        rows = (await self._session.execute(query)).all()
        votes = await self._votes([row.id for row in rows])
        return [_from_row(row, votes.get(row.id, [])) for row in rows], int(total or 0)

    async def _votes(self, proposal_ids: list[UUID]) -> dict[UUID, list[Vote]]:
        query = (
            select(proposal_votes)
            .where(proposal_votes.c.proposal_id.in_(proposal_ids))
            .order_by(proposal_votes.c.cast_at, proposal_votes.c.municipality_code)
        )
        found: dict[UUID, list[Vote]] = {}
        for v in (await self._session.execute(query)).all():
            found.setdefault(v.proposal_id, []).append(Vote(v.municipality_code, Choice(v.choice), v.remark, v.cast_at))
        return found

    async def rule_of(self, region_code: str) -> RegionRule:
        row = (
            await self._session.execute(select(region_rules).where(region_rules.c.region_code == region_code))
        ).first()
        rule = RegionRule(region_code, DecisionRule(row.rule)) if row else RegionRule(region_code)
        self._track(rule)
        return rule

    async def save_rule(self, rule: RegionRule) -> None:
        statement = insert(region_rules).values(region_code=rule.region_code, rule=rule.rule.value)
        await self._session.execute(
            statement.on_conflict_do_update(index_elements=[region_rules.c.region_code], set_={"rule": rule.rule.value})
        )


def _from_row(row: Any, votes: list[Vote]) -> Proposal:
    return Proposal(
        id=row.id,
        region_code=row.region_code,
        year=row.year,
        purpose=row.purpose,
        amount_cents=row.amount_cents,
        municipality_codes=tuple(row.municipality_codes),
        rule=DecisionRule(row.rule),
        submitted_by=row.submitted_by,
        status=ProposalStatus(row.status),
        votes=votes,
        decided_at=row.decided_at,
        commitment_id=row.commitment_id,
    )
