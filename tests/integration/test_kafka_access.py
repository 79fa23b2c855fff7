"""The broker lets in only known principals and lets each do only what its ACLs allow:
a service writes its own domain's topics, an integrator only reads the event topics."""

from __future__ import annotations

import uuid

import pytest
from aiokafka.errors import (
    ClusterAuthorizationFailedError,
    GroupAuthorizationFailedError,
    KafkaConnectionError,
    KafkaError,
    TopicAuthorizationFailedError,
)
from pydantic import SecretStr

from shared.contract.topics import DOMAINS, SERVICES, dead_letter_topic, event_topic
from shared.messaging.kafka_clients import client_options
from shared.ops.kafka_access import (
    add_integrator,
    integrator_bindings,
    list_acls,
    remove_integrator,
    service_bindings,
)
from shared.ops.kafka_protocol import Operation, ResourceType
from shared.runtime.credentials import principal_settings
from shared.settings import KafkaSettings
from tests.support.kafka import produce, reader

pytestmark = pytest.mark.usefixtures("kafka_broker")

# A principal with no WRITE on any topic is refused already when its idempotent producer
# asks for a producer id; one that may write somewhere is refused per topic.
WRITE_REFUSED = (TopicAuthorizationFailedError, ClusterAuthorizationFailedError)


def require_authentication(kafka_settings: KafkaSettings) -> None:
    if not kafka_settings.sasl_mechanism:
        pytest.skip("the external test broker runs without authentication")


async def write_one(kafka: KafkaSettings, topic: str) -> None:
    await produce(kafka, topic, b"{}", key=b"VR21")


async def read_some(kafka: KafkaSettings, topic: str, group: str | None = None) -> int:
    """Start a reader of topic (in group, if given) and return how many records one poll brought."""
    from aiokafka import AIOKafkaConsumer

    consumer = (
        reader(kafka, topic)
        if group is None
        else AIOKafkaConsumer(topic, **client_options(kafka), group_id=group, auto_offset_reset="earliest")
    )
    try:
        await consumer.start()
        batch = await consumer.getmany(timeout_ms=3000)
        return sum(len(records) for records in batch.values())
    finally:
        await consumer.stop()


# -- who gets in ---------------------------------------------------------------------


async def test_a_client_without_credentials_is_refused(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    anonymous = KafkaSettings(bootstrap_servers=kafka_settings.bootstrap_servers)

    with pytest.raises(KafkaConnectionError):
        await write_one(anonymous, event_topic("inventory"))


async def test_a_wrong_password_is_refused(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    impostor = principal_settings(kafka_settings, "inventory").model_copy(
        update={"sasl_password": SecretStr("not-the-password")}
    )

    with pytest.raises(KafkaError):
        await write_one(impostor, event_topic("inventory"))


# -- what a service may do -----------------------------------------------------------


async def test_a_service_writes_its_own_event_and_dead_letter_topics(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    funding = principal_settings(kafka_settings, "funding")

    await write_one(funding, event_topic("funding"))
    await write_one(funding, dead_letter_topic("funding"))


async def test_a_service_writing_another_domains_topic_is_refused(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    funding = principal_settings(kafka_settings, "funding")

    with pytest.raises(TopicAuthorizationFailedError):
        await write_one(funding, event_topic("inventory"))
    with pytest.raises(TopicAuthorizationFailedError):
        await write_one(funding, dead_letter_topic("notify"))


async def test_a_service_reads_every_event_topic_but_not_others_dead_letters(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    campaign = principal_settings(kafka_settings, "campaign")
    await write_one(kafka_settings, event_topic("inventory"))

    assert await read_some(campaign, event_topic("inventory")) >= 1
    with pytest.raises(TopicAuthorizationFailedError):
        await read_some(campaign, dead_letter_topic("notify"))


async def test_a_service_may_not_join_another_services_consumer_group(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    campaign = principal_settings(kafka_settings, "campaign")

    with pytest.raises(GroupAuthorizationFailedError):
        await read_some(campaign, event_topic("inventory"), group="weerbaar.notify.feed")


# -- integrators -----------------------------------------------------------------------


async def test_the_integrator_reads_event_topics_and_writes_nothing(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    integrator = principal_settings(kafka_settings, "integrator")
    await write_one(kafka_settings, event_topic("funding"))

    assert await read_some(integrator, event_topic("funding"), group=f"integrator.{uuid.uuid4().hex[:8]}") >= 1
    with pytest.raises(WRITE_REFUSED):
        await write_one(integrator, event_topic("funding"))
    with pytest.raises(TopicAuthorizationFailedError):
        await read_some(integrator, dead_letter_topic("funding"))


async def test_an_operator_adds_an_integrator_that_may_only_read(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    name = f"partner-{uuid.uuid4().hex[:8]}"
    await add_integrator(kafka_settings, name, "a-partners-password")
    partner = kafka_settings.model_copy(update={"sasl_username": name, "sasl_password": SecretStr("a-partners-password")})
    await write_one(kafka_settings, event_topic("campaign"))

    assert await read_some(partner, event_topic("campaign"), group=f"{name}.dashboard") >= 1
    with pytest.raises(WRITE_REFUSED):
        await write_one(partner, event_topic("campaign"))
    with pytest.raises(GroupAuthorizationFailedError):
        await read_some(partner, event_topic("campaign"), group="integrator.someone-elses")
    assert sorted(await list_acls(kafka_settings, name)) == integrator_bindings(name)


async def test_a_removed_integrator_can_no_longer_get_in(kafka_settings: KafkaSettings) -> None:
    require_authentication(kafka_settings)
    name = f"former-{uuid.uuid4().hex[:8]}"
    await add_integrator(kafka_settings, name, "a-former-partners-password")
    former = kafka_settings.model_copy(update={"sasl_username": name, "sasl_password": SecretStr("a-former-partners-password")})
    await read_some(former, event_topic("campaign"), group=f"{name}.x")  # allowed until removed

    await remove_integrator(kafka_settings, name)

    assert await list_acls(kafka_settings, name) == []
    with pytest.raises(KafkaError):
        await read_some(former, event_topic("campaign"), group=f"{name}.x")


# -- the access model itself (no broker needed) -----------------------------------------


def test_each_service_writes_exactly_its_own_two_topics() -> None:
    for service in SERVICES:
        written = {
            b.resource_name
            for b in service_bindings(service)
            if b.resource_type is ResourceType.TOPIC and b.operation is Operation.WRITE
        }
        assert written == {event_topic(service), dead_letter_topic(service)}


def test_an_integrator_may_read_event_topics_and_nothing_else() -> None:
    bindings = integrator_bindings("acme")
    assert {b.operation for b in bindings} == {Operation.READ}
    topics = {b.resource_name for b in bindings if b.resource_type is ResourceType.TOPIC}
    assert topics == {event_topic(domain) for domain in DOMAINS}
    assert [b.resource_name for b in bindings if b.resource_type is ResourceType.GROUP] == ["acme."]
