"""Signatures checked the way a receiver would, with hmac and base64 only."""

import base64
import hashlib
import hmac

import pytest

from shared.errors import InvalidInput
from services.notify.domain import signing


def expected(secret: str, msg_id: str, ts: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def test_standard_webhooks_headers_carry_a_verifiable_signature():
    secret = signing.new_secret()
    body = b'{"type":"x"}'
    headers = signing.headers([secret], "msg_1", 1700000000, body)
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-timestamp"] == "1700000000"
    assert headers["webhook-signature"] == expected(secret, "msg_1", 1700000000, body)


def test_during_rotation_every_secret_signs():
    old, new = signing.new_secret(), signing.new_secret()
    value = signing.signature([old, new], "msg_2", 5, b"{}")
    assert value.split(" ") == [expected(old, "msg_2", 5, b"{}"), expected(new, "msg_2", 5, b"{}")]


def test_the_known_vector_of_the_standard_webhooks_spec():
    # From the Standard Webhooks reference implementation's tests.
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    value = signing.signature([secret], "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
    assert value == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@pytest.mark.parametrize("bad", ["secret", "whsec_!!!", "whsec_" + base64.b64encode(b"short").decode()])
def test_malformed_secrets_are_refused(bad):
    with pytest.raises(InvalidInput):
        signing.key_of(bad)
