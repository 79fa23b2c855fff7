"""Every API path the portal calls, and which service answers it: the one place to change
when an API moves. Functions, not strings, so a path's parameters are named."""

from __future__ import annotations

from uuid import UUID

INVENTORY, FUNDING, CAMPAIGN, NOTIFY = "inventory", "funding", "campaign", "notify"
SERVICES = (INVENTORY, FUNDING, CAMPAIGN, NOTIFY)
API_PREFIX = "/v1"  # the major version of every service's API (NL GOV API Design Rules)
HEALTH_LIVE = "/health/live"

Id = UUID | str

# -- inventory ------------------------------------------------------------------------


def municipality_noodsteunpunten(gm: str) -> str:
    return f"/municipalities/{gm}/noodsteunpunten"


def municipality_import(gm: str) -> str:
    return f"/municipalities/{gm}/noodsteunpunten/import"


def municipality_coverage(gm: str) -> str:
    return f"/municipalities/{gm}/coverage"


def region_noodsteunpunten(vr: str) -> str:
    return f"/regions/{vr}/noodsteunpunten"


def region_coverage(vr: str) -> str:
    return f"/regions/{vr}/coverage"


def noodsteunpunt(nsp: Id) -> str:
    return f"/noodsteunpunten/{nsp}"


def readiness(nsp: Id) -> str:
    return f"/noodsteunpunten/{nsp}/readiness"


def activation(nsp: Id) -> str:
    return f"/noodsteunpunten/{nsp}/activation"


def compliance(nsp: Id) -> str:
    return f"/noodsteunpunten/{nsp}/compliance"


def region_rounds(vr: str) -> str:
    return f"/regions/{vr}/rounds"


def submission(round_id: Id, gm: str) -> str:
    return f"/rounds/{round_id}/submissions/{gm}"


def board_proposal(round_id: Id) -> str:
    """The round's board proposal as JSON (the portal renders it when no document exists)."""
    return f"/rounds/{round_id}/proposal"


def board_proposal_document(round_id: Id, extension: str) -> str:
    """The board proposal as a document: ``html`` or ``pdf`` (inventory, issue 12)."""
    return f"/rounds/{round_id}/proposal.{extension}"


def region_pilots(vr: str) -> str:
    return f"/regions/{vr}/pilots"


STANDARD = "/standard"
NATIONAL_PICTURE = "/national/picture"
NATIONAL_PICTURE_CSV = "/national/picture.csv"
NATIONAL_GEOJSON = "/national/noodsteunpunten.geojson"
PUBLIC_NOODSTEUNPUNTEN = "/public/noodsteunpunten"

# -- funding --------------------------------------------------------------------------


def region_year(vr: str, year: int) -> str:
    return f"/regions/{vr}/years/{year}"


def region_proposals(vr: str) -> str:
    return f"/regions/{vr}/proposals"


def municipality_proposals(gm: str) -> str:
    """The spending proposals that concern the gemeente, newest first, with its own vote."""
    return f"/municipalities/{gm}/proposals"


def decision_rule(vr: str) -> str:
    return f"/regions/{vr}/decision-rule"


def proposal_votes(proposal_id: Id) -> str:
    return f"/proposals/{proposal_id}/votes"


def overview(year: int) -> str:
    return f"/overview/{year}"


# -- campaign -------------------------------------------------------------------------

CAMPAIGNS = "/campaigns"
WAVES = "/waves"


def local_versions(gm: str) -> str:
    return f"/municipalities/{gm}/local-versions"


def local_version_poster(local_id: Id) -> str:
    """The local version as a print-ready A4 poster (PDF)."""
    return f"/local-versions/{local_id}/poster.pdf"


def local_version(local_id: Id) -> str:
    return f"/local-versions/{local_id}"


def survey_progress(vr: str) -> str:
    return f"/regions/{vr}/survey-progress"


def wave_effect(wave_id: Id) -> str:
    return f"/waves/{wave_id}/effect"


# -- notify ---------------------------------------------------------------------------

FEED = "/feed"
SUBSCRIPTIONS = "/subscriptions"


def subscription(subscription_id: Id) -> str:
    return f"/subscriptions/{subscription_id}"


def region_memos(vr: str) -> str:
    """POST makes a memo; GET lists the region's memos (issue 12)."""
    return f"/regions/{vr}/memos"


def memo_document(memo_id: Id, extension: str) -> str:
    """The memo as ``html`` or ``pdf`` (ADR: kebab-case path segments, so a file name after the id)."""
    return f"/memos/{memo_id}/memo.{extension}"
