"""HTTP: the round's board proposal as a document to read and to download (Dutch, HTML
and PDF from one template); the JSON stays at GET /rounds/{id}/proposal."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from shared.auth.http import CurrentPrincipal
from shared.documents.dutch import LOCAL
from shared.documents.templates import HTML_HEADERS, HTML_MEDIA_TYPE
from shared.http.deps import Reference
from shared.http.responses import CsvResponse, csv_content
from services.inventory.adapters.proposal_document import proposal_csv, proposal_html, proposal_pdf
from services.inventory.entrypoints.deps import CoverageNorm, UnitOfWork
from services.inventory.handlers.views import board_proposal

router = APIRouter(tags=["documents"])


async def _proposal(round_id: UUID, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork,
                    reference: Reference) -> tuple[dict[str, Any], dict[str, str]]:
    """The proposal (as its JSON answer has it) and the current maatstaf's criteria labels."""
    proposal = await board_proposal(round_id, norm, actor, uow, reference)
    async with uow:
        standard = await uow.standards.current()
    return proposal, {c.key: c.label for c in standard.criteria}


async def _html(round_id: UUID, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork,
                reference: Reference) -> tuple[str, str]:
    proposal, labels = await _proposal(round_id, norm, actor, uow, reference)
    return proposal_html(proposal, datetime.now(LOCAL).date(), labels), proposal["region_code"]


@router.get("/rounds/{round_id}/proposal.html", response_class=Response)
async def proposal_page(round_id: UUID, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork,
                        reference: Reference) -> Response:
    """The board proposal as a web page (the same document as the PDF)."""
    html, _ = await _html(round_id, norm, actor, uow, reference)
    return Response(html, media_type=HTML_MEDIA_TYPE, headers=HTML_HEADERS)


@router.get("/rounds/{round_id}/proposal.pdf", response_class=Response)
async def proposal_document(round_id: UUID, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork,
                            reference: Reference) -> Response:
    """The board proposal as a PDF to download."""
    html, region = await _html(round_id, norm, actor, uow, reference)
    return Response(await proposal_pdf(html), media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="voorstel-{region}-{round_id.hex[:8]}.pdf"'})


@router.get("/rounds/{round_id}/proposal.csv", response_class=CsvResponse,
            responses=csv_content("The proposal's noodsteunpunten, for Dutch Excel"))
async def proposal_spreadsheet(round_id: UUID, norm: CoverageNorm, actor: CurrentPrincipal, uow: UnitOfWork,
                               reference: Reference) -> CsvResponse:
    """The proposal's noodsteunpunten as a CSV file Dutch Excel opens as it is."""
    proposal, labels = await _proposal(round_id, norm, actor, uow, reference)
    return CsvResponse(proposal_csv(proposal, labels), filename=f"voorstel-{proposal['region_code']}-{round_id.hex[:8]}.csv")
