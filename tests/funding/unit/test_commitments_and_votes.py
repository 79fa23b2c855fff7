"""Over-commitment in both settings, spending limits, and the two decision rules."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from shared.contract.funding import (
    CommitmentFlagged,
    CommitmentMade,
    CommitmentRefused,
    ProposalDecided,
    ProposalSubmitted,
    ProposalVoted,
)
from shared.errors import InvalidInput, RuleViolation
from services.funding.domain.commitment import Commitment, OverCommitmentPolicy, Source, Status
from services.funding.domain.proposal import Choice, DecisionRule, Proposal, ProposalStatus

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
OSS, DEN_BOSCH, VUGHT, BOXTEL = "GM0828", "GM0796", "GM0865", "GM0757"


def request(amount: int, remaining: int, policy: OverCommitmentPolicy) -> Commitment:
    return Commitment.request(
        region_code="VR21",
        year=2026,
        source=Source.PILOT,
        source_id=uuid4(),
        municipality_code=OSS,
        purpose="pilot Oss",
        amount_cents=amount,
        remaining_cents=remaining,
        policy=policy,
    )


@pytest.mark.parametrize("policy", list(OverCommitmentPolicy))
def test_a_commitment_within_what_remains_is_made(policy):
    commitment = request(100, 100, policy)
    assert commitment.status is Status.MADE
    assert [type(e) for e in commitment.events] == [CommitmentMade]
    assert commitment.events[0].flagged is False


def test_over_commitment_is_refused_with_an_event_when_the_policy_is_refuse():
    commitment = request(101, 100, OverCommitmentPolicy.REFUSE)
    assert commitment.status is Status.REFUSED and not commitment.committed and commitment.open_cents == 0
    (event,) = commitment.events
    assert isinstance(event, CommitmentRefused) and event.remaining_before_cents == 100
    with pytest.raises(RuleViolation):
        commitment.record_spending(1, "nothing to spend against", date(2026, 3, 1))


def test_over_commitment_is_made_and_flagged_when_the_policy_is_flag():
    commitment = request(150, 100, OverCommitmentPolicy.FLAG)
    assert commitment.status is Status.FLAGGED and commitment.committed
    made, flagged = commitment.events
    assert isinstance(made, CommitmentMade) and made.flagged is True
    assert isinstance(flagged, CommitmentFlagged) and flagged.shortfall_cents == 50


def test_spending_cannot_exceed_what_is_open_and_release_gives_back_the_rest():
    commitment = request(1_000, 5_000, OverCommitmentPolicy.REFUSE)
    commitment.record_spending(600, "generator", date(2026, 3, 1))
    with pytest.raises(RuleViolation):
        commitment.record_spending(401, "too much", date(2026, 3, 2))
    with pytest.raises(InvalidInput):
        commitment.record_spending(0, "nothing", date(2026, 3, 2))
    assert commitment.release("pilot finished") == 400
    assert commitment.open_cents == 0
    with pytest.raises(RuleViolation):
        commitment.release("again")


def proposal(rule: DecisionRule, municipalities: list[str]) -> Proposal:
    return Proposal.submit(
        id=uuid4(),
        region_code="VR21",
        year=2026,
        purpose="noodpakketten",
        amount_cents=1_000,
        municipality_codes=municipalities,
        rule=rule,
        submitted_by="vr21",
    )


def test_unanimous_needs_every_municipality_concerned():
    p = proposal(DecisionRule.UNANIMOUS, [OSS, DEN_BOSCH, VUGHT])
    assert p.cast(OSS, Choice.AGREE, None, NOW) is ProposalStatus.OPEN
    assert p.cast(DEN_BOSCH, Choice.AGREE, "mits gedeeld", NOW) is ProposalStatus.OPEN
    assert p.cast(VUGHT, Choice.AGREE, None, NOW) is ProposalStatus.APPROVED
    decided = p.events[-1]
    assert isinstance(decided, ProposalDecided) and decided.outcome == "approved"
    assert [(v.municipality_code, v.vote, v.remark) for v in decided.votes] == [
        (OSS, "agree", None),
        (DEN_BOSCH, "agree", "mits gedeeld"),
        (VUGHT, "agree", None),
    ]


def test_unanimous_is_rejected_by_one_objection():
    p = proposal(DecisionRule.UNANIMOUS, [OSS, DEN_BOSCH, VUGHT])
    p.cast(OSS, Choice.AGREE, None, NOW)
    assert p.cast(VUGHT, Choice.OBJECT, "eerst de inventarisatie", NOW) is ProposalStatus.REJECTED
    assert p.events[-1].not_voted == [DEN_BOSCH]
    with pytest.raises(RuleViolation):
        p.cast(DEN_BOSCH, Choice.AGREE, None, NOW)  # decided: no more votes


def test_majority_needs_more_than_half():
    p = proposal(DecisionRule.MAJORITY, [OSS, DEN_BOSCH, VUGHT])
    p.cast(OSS, Choice.AGREE, None, NOW)
    assert p.cast(DEN_BOSCH, Choice.OBJECT, None, NOW) is ProposalStatus.OPEN
    assert p.cast(VUGHT, Choice.AGREE, None, NOW) is ProposalStatus.APPROVED

    even = proposal(DecisionRule.MAJORITY, [OSS, DEN_BOSCH, VUGHT, BOXTEL])
    even.cast(OSS, Choice.AGREE, None, NOW)
    even.cast(DEN_BOSCH, Choice.AGREE, None, NOW)
    assert even.status is ProposalStatus.OPEN  # 2 of 4 is not more than half
    assert even.cast(VUGHT, Choice.OBJECT, None, NOW) is ProposalStatus.OPEN
    assert even.cast(BOXTEL, Choice.OBJECT, None, NOW) is ProposalStatus.REJECTED  # a tie is no majority


def test_only_municipalities_concerned_vote_and_each_once():
    p = proposal(DecisionRule.MAJORITY, [OSS, DEN_BOSCH, VUGHT])
    with pytest.raises(RuleViolation):
        p.cast(BOXTEL, Choice.AGREE, None, NOW)
    p.cast(OSS, Choice.AGREE, None, NOW)
    with pytest.raises(RuleViolation):
        p.cast(OSS, Choice.OBJECT, None, NOW)
    assert [type(e) for e in p.events] == [ProposalSubmitted, ProposalVoted]


def test_a_proposal_needs_a_purpose_an_amount_and_distinct_municipalities():
    for bad in ({"purpose": " "}, {"amount_cents": 0}, {"municipality_codes": []}, {"municipality_codes": [OSS, OSS]}):
        args = {
            "id": uuid4(),
            "region_code": "VR21",
            "year": 2026,
            "purpose": "p",
            "amount_cents": 1,
            "municipality_codes": [OSS],
            "rule": DecisionRule.UNANIMOUS,
            "submitted_by": "x",
            **bad,
        }
        with pytest.raises(InvalidInput):
            Proposal.submit(**args)


def test_a_refused_commitment_is_decided_again_when_reconsidered():
    commitment = request(1_000, 0, OverCommitmentPolicy.REFUSE)  # started before any allocation
    commitment.events.clear()
    commitment.reconsider(500, OverCommitmentPolicy.REFUSE)
    assert commitment.status is Status.REFUSED and isinstance(commitment.events[-1], CommitmentRefused)
    commitment.reconsider(1_000, OverCommitmentPolicy.REFUSE)
    assert commitment.status is Status.MADE and commitment.remaining_before_cents == 1_000
    assert isinstance(commitment.events[-1], CommitmentMade)
    with pytest.raises(RuleViolation):
        commitment.reconsider(5_000, OverCommitmentPolicy.REFUSE)  # made: nothing to reconsider


def test_a_proposal_tells_how_a_municipality_voted():
    p = proposal(DecisionRule.MAJORITY, [OSS, DEN_BOSCH, VUGHT])
    p.cast(DEN_BOSCH, Choice.OBJECT, "te duur", NOW)
    assert p.vote_of(OSS) is None
    own = p.vote_of(DEN_BOSCH)
    assert own is not None and (own.choice, own.remark) == (Choice.OBJECT, "te duur")
    assert p.vote_of(BOXTEL) is None  # not concerned: no vote


def test_who_sees_a_municipalitys_proposals():
    from shared.auth.principal import Principal, Role
    from services.funding.handlers.access import sees_municipality_proposals

    def sees(role: Role, region: str | None = None, municipality: str | None = None) -> bool:
        return sees_municipality_proposals(Principal("u", role, region, municipality), "VR21", OSS)

    assert sees(Role.MUNICIPALITY, "VR21", OSS)
    assert not sees(Role.MUNICIPALITY, "VR21", DEN_BOSCH)  # another gemeente of the same region
    assert sees(Role.REGION, "VR21")
    assert not sees(Role.REGION, "VR01")
    assert sees(Role.NATIONAL)
    assert not sees(Role.INTEGRATOR)  # proposals are deliberation, not open data
    assert not sees(Role.OPERATOR)
