"""Idempotency-Key: a client that retries a creating POST gets the first answer, not a duplicate."""

from __future__ import annotations

import asyncio
from uuid import uuid4

from tests.foundation.integration.test_thin_slice import counts
from tests.support import tokens

BOEKEL = "GM0755"
PATH = f"/municipalities/{BOEKEL}/noodsteunpunten"


def keyed(key: str, **headers: str) -> dict[str, str]:
    return {**tokens.municipality(BOEKEL), "Idempotency-Key": key, **headers}


async def test_a_repeated_post_returns_the_first_answer_and_creates_nothing_new(inventory):
    key = str(uuid4())
    before = await counts(inventory, BOEKEL)
    first = await inventory.client.post(PATH, json={"name": "Dorpshuis Boekel"}, headers=keyed(key))
    again = await inventory.client.post(PATH, json={"name": "Dorpshuis Boekel"}, headers=keyed(key))

    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.json() == first.json()
    assert again.headers["idempotency-replayed"] == "true" and "idempotency-replayed" not in first.headers
    stored, outbox = await counts(inventory, BOEKEL)
    assert (stored, outbox) == (before[0] + 1, before[1] + 1), "one noodsteunpunt, one event"


async def test_the_same_key_for_another_request_is_refused(inventory):
    key = str(uuid4())
    assert (await inventory.client.post(PATH, json={"name": "Sporthal"}, headers=keyed(key))).status_code == 201
    other = await inventory.client.post(PATH, json={"name": "Bibliotheek"}, headers=keyed(key))
    assert other.status_code == 422 and other.headers["content-type"] == "application/problem+json"


async def test_keys_belong_to_their_caller(inventory):
    key = str(uuid4())
    mine = await inventory.client.post(PATH, json={"name": "Kerk"}, headers=keyed(key))
    theirs = await inventory.client.post(PATH, json={"name": "Kerk"},
                                         headers={**tokens.bearer("municipality", municipality=BOEKEL, sub="someone-else"),
                                                  "Idempotency-Key": key})
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"], "another caller's key is not mine"


async def test_concurrent_repeats_create_one(inventory):
    key = str(uuid4())
    before = await counts(inventory, BOEKEL)
    answers = await asyncio.gather(*[
        inventory.client.post(PATH, json={"name": "Brandweer Boekel"}, headers=keyed(key)) for _ in range(5)
    ])
    assert {a.status_code for a in answers} <= {201, 409}
    assert 201 in {a.status_code for a in answers}
    assert len({a.json()["id"] for a in answers if a.status_code == 201}) == 1
    assert (await counts(inventory, BOEKEL))[0] == before[0] + 1


async def test_a_refused_request_is_remembered_too_and_a_bad_key_is_a_400(inventory):
    key = str(uuid4())
    refused = await inventory.client.post(PATH, json={"name": ""}, headers=keyed(key))
    assert refused.status_code == 400
    assert (await inventory.client.post(PATH, json={"name": ""}, headers=keyed(key))).headers["idempotency-replayed"] == "true"
    bad = await inventory.client.post(PATH, json={"name": "x"}, headers=keyed("x" * 300))
    assert bad.status_code == 400


async def test_the_openapi_document_declares_the_header_on_posts(inventory):
    document = (await inventory.client.get("/openapi.json")).json()
    post = document["paths"]["/municipalities/{municipality_code}/noodsteunpunten"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in post["parameters"])
