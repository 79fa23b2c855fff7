"""Standard Webhooks 1.0 signatures: ``v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">``.

A secret is ``whsec_<base64 key>``. During rotation an endpoint has several secrets
and each message carries one signature per secret, space-separated, so the
receiver accepts it with either the old or the new key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets as random

from shared.errors import InvalidInput

PREFIX = "whsec_"
MIN_KEY_BYTES = 24


def new_secret() -> str:
    return PREFIX + base64.b64encode(random.token_bytes(32)).decode()


def key_of(secret: str) -> bytes:
    if not secret.startswith(PREFIX):
        raise InvalidInput("a webhook secret starts with 'whsec_'")
    try:
        key = base64.b64decode(secret[len(PREFIX):], validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidInput("a webhook secret is 'whsec_' followed by base64") from error
    if len(key) < MIN_KEY_BYTES:
        raise InvalidInput(f"a webhook secret needs at least {MIN_KEY_BYTES} random bytes")
    return key


def signature(secrets: list[str], message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    parts = []
    for secret in secrets:
        digest = hmac.new(key_of(secret), signed, hashlib.sha256).digest()
        parts.append("v1," + base64.b64encode(digest).decode())
    return " ".join(parts)


def headers(secrets: list[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature(secrets, message_id, timestamp, body),
        "content-type": "application/json",
    }
