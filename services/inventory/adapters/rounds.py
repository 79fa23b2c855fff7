"""Persistence of inventory rounds and their submissions (superseded ones kept as history)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.statements import ROW_ID, update_by_id
from services.inventory.adapters.tables import rounds, submissions
from services.inventory.domain.round import InventoryRound, RoundStatus, Submission

_INSERT_ROUND = rounds.insert()
_UPDATE_ROUND = update_by_id(rounds)
_INSERT_SUBMISSION = submissions.insert()
_SUPERSEDE = update_by_id(submissions).values(current=False)


class RoundRepository:
    def __init__(self, session: AsyncSession, track: Any) -> None:
        self._session = session
        self._track = track

    async def add(self, round_: InventoryRound) -> None:
        await self._session.execute(_INSERT_ROUND, {"id": round_.id, **_round_row(round_)})
        self._track(round_)

    async def get(self, round_id: UUID, for_update: bool = False) -> InventoryRound | None:
        query = select(rounds).where(rounds.c.id == round_id)
        row = (await self._session.execute(query.with_for_update() if for_update else query)).first()
        if row is None:
            return None
        round_ = _round(row, await self._current_submissions(round_id))
        self._track(round_)
        return round_

    async def open_round_of(self, region_code: str, for_update: bool = False) -> InventoryRound | None:
        query = select(rounds.c.id).where(rounds.c.region_code == region_code, rounds.c.status == RoundStatus.OPEN.value)
        round_id = await self._session.scalar(query)
        return await self.get(round_id, for_update) if round_id else None

    async def list(self, region_code: str | None = None) -> list[InventoryRound]:
        query = select(rounds).order_by(rounds.c.opened_at.desc())
        if region_code:
            query = query.where(rounds.c.region_code == region_code)
        rows = (await self._session.execute(query)).all()
        current = await self._current_submissions_of([row.id for row in rows])
        return [_round(row, current.get(row.id, {})) for row in rows]

    async def save(self, round_: InventoryRound) -> None:
        await self._session.execute(_UPDATE_ROUND, {ROW_ID: round_.id, **_round_row(round_)})
        for submission in round_.new_submissions:
            if submission.supersedes:
                await self._session.execute(_SUPERSEDE, {ROW_ID: submission.supersedes})
            await self._session.execute(_INSERT_SUBMISSION, _submission_row(submission))
        round_.new_submissions.clear()

    async def history(self, round_id: UUID, municipality_code: str) -> list[Submission]:
        query = (
            select(submissions)
            .where(submissions.c.round_id == round_id, submissions.c.municipality_code == municipality_code)
            .order_by(submissions.c.submitted_at)
        )
        return [_submission(row) for row in (await self._session.execute(query)).all()]

    async def _current_submissions(self, round_id: UUID) -> dict[str, Submission]:
        return (await self._current_submissions_of([round_id])).get(round_id, {})

    async def _current_submissions_of(self, round_ids: list[UUID]) -> dict[UUID, dict[str, Submission]]:
        """Each round's current submission per gemeente, for all the rounds in one query."""
        query = select(submissions).where(submissions.c.round_id.in_(round_ids), submissions.c.current.is_(True))
        by_round: dict[UUID, dict[str, Submission]] = {}
        for row in (await self._session.execute(query)).all():
            by_round.setdefault(row.round_id, {})[row.municipality_code] = _submission(row)
        return by_round


def _round_row(round_: InventoryRound) -> dict[str, Any]:
    return {
        "region_code": round_.region_code,
        "title": round_.title,
        "deadline": round_.deadline,
        "municipality_codes": round_.municipality_codes,
        "status": round_.status.value,
        "opened_at": round_.opened_at,
        "closed_at": round_.closed_at,
    }


def _round(row: Any, current: dict[str, Submission]) -> InventoryRound:
    return InventoryRound(
        id=row.id,
        region_code=row.region_code,
        title=row.title,
        deadline=row.deadline,
        municipality_codes=list(row.municipality_codes),
        status=RoundStatus(row.status),
        opened_at=row.opened_at,
        closed_at=row.closed_at,
        submissions=current,
    )


def _submission_row(s: Submission) -> dict[str, Any]:
    return {
        "id": s.id,
        "round_id": s.round_id,
        "municipality_code": s.municipality_code,
        "noodsteunpunt_ids": [str(i) for i in s.noodsteunpunt_ids],
        "snapshot": s.snapshot,
        "submitted_by": s.submitted_by,
        "remarks": s.remarks,
        "submitted_at": s.submitted_at,
        "supersedes": s.supersedes,
        "late": s.late,
        "current": True,
    }


def _submission(row: Any) -> Submission:
    return Submission(
        id=row.id,
        round_id=row.round_id,
        municipality_code=row.municipality_code,
        noodsteunpunt_ids=[UUID(i) for i in row.noodsteunpunt_ids],
        snapshot=list(row.snapshot),
        submitted_by=row.submitted_by,
        remarks=row.remarks,
        submitted_at=row.submitted_at,
        supersedes=row.supersedes,
        late=row.late,
    )
