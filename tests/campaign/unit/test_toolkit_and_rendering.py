"""Toolkit versions, publishing as an event, and local rendering that names an unfillable placeholder."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import uuid4

import pytest

from shared.errors import InvalidInput, RuleViolation
from services.campaign.domain.campaign import Audience, Campaign, Level
from services.campaign.domain.local_knowledge import ContactDetails, KnownNoodsteunpunt
from services.campaign.domain.local_version import LocalFacts, LocalVersion
from services.campaign.domain.toolkit import Channel, Template, ToolkitVersion
from tests.campaign.examples import OSS, VR21, flyer_toolkit, noodpakket_campaign

NOW = datetime(2025, 11, 2, 9, 0, tzinfo=timezone.utc)


def nsp(name: str, address: str | None, public: bool = True, readiness: str = "operational") -> KnownNoodsteunpunt:
    return KnownNoodsteunpunt(uuid4(), VR21, OSS, name, "local", address, public, readiness)


def facts(contact: ContactDetails | None, points: list[KnownNoodsteunpunt]) -> LocalFacts:
    return LocalFacts(OSS, "Oss", VR21, "Brabant-Noord", contact, points)


def render(toolkit, campaign, local_facts) -> LocalVersion:
    return LocalVersion.render(id=uuid4(), toolkit=toolkit, campaign=campaign, facts=local_facts, at=NOW)


def test_publishing_a_version_is_an_event_listing_its_templates_and_placeholders():
    campaign = noodpakket_campaign()
    toolkit = flyer_toolkit(campaign)
    toolkit.publish(NOW)
    (event,) = toolkit.events
    assert event.TYPE == "campaign.toolkit.published.v1" and event.version == 1
    assert [(t.key, t.channel, t.uniform) for t in event.templates] == [("flyer", "flyer", False), ("uniform", "web_text", True)]
    assert event.templates[0].placeholders == ["campagne", "gemeente", "noodsteunpunten"]
    with pytest.raises(RuleViolation, match="already published"):
        toolkit.publish(NOW)


def test_a_draft_refuses_unknown_placeholders_duplicate_keys_and_two_uniform_messages():
    campaign = noodpakket_campaign()
    def draft(*templates):
        return ToolkitVersion.draft(id=uuid4(), campaign_id=campaign.id, region_code=VR21, version=1, templates=list(templates))
    with pytest.raises(InvalidInput, match="unknown placeholder\\(s\\): burgemeester"):
        draft(Template("a", Channel.POSTER, "t", "Beste {{burgemeester}}"))
    with pytest.raises(InvalidInput, match="unique"):
        draft(Template("a", Channel.POSTER, "t", "x"), Template("a", Channel.FLYER, "t", "y"))
    with pytest.raises(InvalidInput, match="at most one uniform"):
        draft(Template("a", Channel.POSTER, "t", "x", True), Template("b", Channel.FLYER, "t", "y", True))


def test_the_local_version_lists_only_public_operational_noodsteunpunten_with_their_addresses():
    campaign = noodpakket_campaign()
    toolkit = flyer_toolkit(campaign)
    toolkit.publish(NOW)
    points = [
        nsp("Brandweerkazerne Oss", "Kantstraat 2, Oss"),
        nsp("Sporthal De Rusheuvel", "Rusheuvel 1, Oss"),
        nsp("Bibliotheek Oss", "Raadhuislaan 10, Oss", public=False),
        nsp("Wijkcentrum De Ruwaard", "Ruwaardplein 1, Oss", readiness="equipped"),
    ]
    contact = ContactDetails(OSS, phone="14 0412", email="info@oss.nl", website="www.oss.nl")
    local = render(toolkit, campaign, facts(contact, points))
    flyer, uniform = local.items
    assert flyer.title == "Vul de ontbrekende spullen van het noodpakket aan in Oss"
    assert flyer.body == "Noodsteunpunten in Oss:\n- Brandweerkazerne Oss, Kantstraat 2, Oss\n- Sporthal De Rusheuvel, Rusheuvel 1, Oss"
    assert uniform.body == "Bel 14 0412 of kijk op www.oss.nl" and uniform.uniform
    assert local.noodsteunpunt_ids == [points[0].id, points[1].id]
    (event,) = local.events
    assert event.TYPE == "campaign.local_version.rendered.v1" and event.municipality_code == OSS


def test_a_placeholder_the_municipality_cannot_fill_refuses_the_rendering_and_names_it():
    campaign = noodpakket_campaign()
    toolkit = flyer_toolkit(campaign)
    toolkit.publish(NOW)
    with pytest.raises(InvalidInput, match=r"cannot fill placeholder \{\{noodsteunpunten\}\} in template 'flyer'"):
        render(toolkit, campaign, facts(ContactDetails(OSS, "1", "a@b.nl", "w"), [nsp("Gesloten", "x", public=False)]))
    with pytest.raises(InvalidInput, match=r"\{\{telefoon\}\}.*no contact phone number is known for Oss"):
        render(toolkit, campaign, facts(None, [nsp("Kazerne", "Kantstraat 2")]))


def test_a_draft_does_not_render():
    campaign = noodpakket_campaign()
    with pytest.raises(RuleViolation, match="not published yet"):
        render(flyer_toolkit(campaign), campaign, facts(None, []))


def test_campaign_rules():
    with pytest.raises(InvalidInput, match="ends .* before it starts"):
        noodpakket_campaign(ends_on=date(2025, 10, 1))
    with pytest.raises(InvalidInput, match="must participate"):
        noodpakket_campaign(participating_regions=["VR20"])
    national = Campaign.create(
        id=uuid4(), name="Denk Vooruit", level=Level.NATIONAL, owner="NCTV", region_code="NL",
        starts_on=date(2025, 9, 29), ends_on=date(2025, 11, 30), behaviour_goal=None,
        audiences=[Audience.RESIDENTS, Audience.BUSINESSES], participating_regions=["VR21", "VR01"],
    )
    (event,) = national.events
    assert event.TYPE == "campaign.campaign.created.v1" and event.region_code == "NL"
    assert event.participating_regions == ["VR01", "VR21"]
    assert national.runs_on(date(2025, 11, 25)) and not national.runs_on(date(2025, 12, 1))
