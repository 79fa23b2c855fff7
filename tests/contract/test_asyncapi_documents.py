"""Each service's AsyncAPI document is complete enough to generate a consumer from, and the
official AsyncAPI parser (npm @asyncapi/parser) finds no error and no warning in it."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from shared.contract.catalogue import CATALOGUE, events_of
from shared.contract.cloudevents import ATTRIBUTES, from_kafka
from shared.contract.topics import SERVICES, all_topics, dead_letter_topic, event_topic
from shared.messaging.dead_letters import DLQ_HEADERS
from tests.contract.asyncapi_support import document, parse_with_official_parser, resolve

CONSUMED = {  # what each service's consumers apply, from their entrypoints/kafka.py
    "funding": {"consume.funding.pilots": ("weerbaar.inventory.events", {"inventory.pilot.started.v1"})},
    "notify": {
        "consume.notify.feed": ("weerbaar.inventory.events", {cls.TYPE for cls in events_of("inventory")}),
        "consume.notify.funding": ("weerbaar.funding.events", {cls.TYPE for cls in events_of("funding")}),
        "consume.notify.campaign": ("weerbaar.campaign.events", {cls.TYPE for cls in events_of("campaign")}),
    },
}


def validator(doc: dict, schema: dict) -> Draft202012Validator:
    # Payload schemas point at #/components/schemas/..: validate with the document's components beside them.
    return Draft202012Validator({**schema, "components": doc["components"]}, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def parser_results(tmp_path_factory) -> dict[str, dict]:
    """The parser run once (Node starts slowly) on every service's document and on a broken one."""
    folder = tmp_path_factory.mktemp("asyncapi")
    documents = {service: document(service) for service in SERVICES}
    broken = json.loads(json.dumps(document("funding")))
    broken["operations"]["consume.funding.pilots"]["channel"] = {"$ref": "#/channels/weerbaar.nowhere"}
    del broken["info"]["version"]
    documents["broken"] = broken
    for name, doc in documents.items():
        (folder / f"{name}.json").write_text(json.dumps(doc))
    results = parse_with_official_parser([folder / f"{name}.json" for name in documents])
    return dict(zip(documents, results))


@pytest.mark.parametrize("service", SERVICES)
def test_the_official_parser_finds_no_error_and_no_warning(parser_results, service):
    result = parser_results[service]
    assert result["parsed"], result
    assert (result["errors"], result["warnings"]) == ([], []), result


def test_the_parser_would_report_a_broken_document(parser_results):
    assert parser_results["broken"]["errors"], parser_results["broken"]


@pytest.mark.parametrize("service", SERVICES)
def test_every_message_has_the_ce_headers_the_key_the_correlation_id_and_a_valid_example(service):
    doc = document(service)
    messages = {name: m for name, m in doc["components"]["messages"].items() if name != "DeadLetter"}
    assert {cls.TYPE for cls in events_of(service)} <= set(messages)
    wanted_headers = {f"ce_{a}" for a in ATTRIBUTES.values()} | {
        "ce_specversion", "ce_type", "ce_traceparent", "traceparent", "content-type",
    }
    for name, message in messages.items():
        headers = message["headers"]
        assert wanted_headers <= set(headers["properties"]), name
        assert headers["properties"]["ce_type"]["const"] == name
        assert resolve(doc, message["correlationId"])["location"] == "$message.header#/ce_correlationid"
        key = message["bindings"]["kafka"]["key"]
        (example,) = message["examples"]
        validator(doc, headers).validate(example["headers"])
        validator(doc, resolve(doc, message["payload"])).validate(example["payload"])
        Draft202012Validator(key).validate(example["headers"]["ce_regioncode"])
        # The example is what the wire carries: the platform's own decoder reads it back.
        encoded = [(k, v.encode()) for k, v in example["headers"].items()]
        assert from_kafka(json.dumps(example["payload"]).encode(), encoded).TYPE == name


def test_a_wrong_example_would_be_refused_by_the_schemas():
    doc = document("inventory")
    message = doc["components"]["messages"]["inventory.pilot.started.v1"]
    payload = {**message["examples"][0]["payload"], "budget_cents": "veel"}
    assert list(validator(doc, resolve(doc, message["payload"])).iter_errors(payload))
    headers = {**message["examples"][0]["headers"], "ce_regioncode": "VR99"}
    assert list(validator(doc, message["headers"]).iter_errors(headers))


@pytest.mark.parametrize("service", sorted(CONSUMED))
def test_consumer_operations_carry_their_group_and_the_real_payloads(service):
    doc = document(service)
    for operation_id, (topic, handled) in CONSUMED[service].items():
        operation = doc["operations"][operation_id]
        assert operation["action"] == "receive"
        assert resolve(doc, operation["channel"])["address"] == topic
        assert operation["bindings"]["kafka"]["groupId"]["const"] == f"weerbaar.{operation_id.removeprefix('consume.')}"
        received = {resolve(doc, ref)["name"] for ref in operation["messages"]}
        assert received == handled
        for ref in operation["messages"]:
            payload = resolve(doc, resolve(doc, ref)["payload"])
            assert payload["type"] == "object" and payload["properties"], ref


def test_pilot_started_reaches_funding_with_its_budget_field():
    doc = document("funding")
    (ref,) = doc["operations"]["consume.funding.pilots"]["messages"]
    payload = resolve(doc, resolve(doc, ref)["payload"])
    assert payload["properties"]["budget_cents"]["type"] == "integer"


@pytest.mark.parametrize("service", SERVICES)
def test_the_dead_letter_topic_and_its_headers_are_documented(service):
    doc = document(service)
    channel = doc["channels"][dead_letter_topic(service)]
    headers = resolve(doc, channel["messages"]["DeadLetter"])["headers"]
    assert set(DLQ_HEADERS) == set(headers["properties"])
    assert {"dlq_reason", "dlq_origin_topic", "dlq_origin_offset", "dlq_consumer"} <= set(headers["required"])
    assert doc["operations"][f"deadletter.{service}"]["action"] == "send"


@pytest.mark.parametrize("service", SERVICES)
def test_servers_per_environment_with_the_sasl_scram_scheme_and_topic_retention(service):
    doc = document(service)
    assert set(doc["servers"]) == {"local", "compose", "production"}
    assert doc["servers"]["production"]["protocol"] == "kafka-secure"
    for server in doc["servers"].values():
        (scheme,) = [resolve(doc, s) for s in server["security"]]
        assert scheme["type"] == "scramSha512"
    specs = {spec.name: spec for spec in all_topics()}
    for channel in doc["channels"].values():
        binding = channel["bindings"]["kafka"]
        spec = specs[channel["address"]]
        assert binding["partitions"] == spec.partitions
        assert binding["topicConfiguration"]["retention.ms"] == int(spec.config["retention.ms"])
    assert doc["channels"][event_topic(service)]["bindings"]["kafka"]["topicConfiguration"]["retention.ms"] == -1


def test_every_catalogued_type_is_in_some_document():
    documented = set().union(*(document(s)["components"]["messages"] for s in SERVICES))
    assert set(CATALOGUE) <= documented
