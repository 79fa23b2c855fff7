"""The idempotency middleware leaves alone what it has no business with: anything but a POST,
and a POST without an Idempotency-Key, goes straight to the app without a store or a token."""

from __future__ import annotations

import pytest

from shared.http.idempotency import IdempotencyKeys


class Untouchable:
    def __getattr__(self, name: str):
        raise AssertionError(f"{name} used for a request the middleware should pass on")


async def passed_on(method: str, headers: list[tuple[bytes, bytes]]) -> bool:
    reached = []

    async def app(scope, receive, send) -> None:
        reached.append(scope["method"])

    middleware = IdempotencyKeys(app, store=Untouchable(), verifier=Untouchable())  # type: ignore[arg-type]
    await middleware({"type": "http", "method": method, "path": "/x", "headers": headers}, None, None)
    return reached == [method]


@pytest.mark.asyncio
@pytest.mark.parametrize("method", ["GET", "PATCH", "PUT", "DELETE"])
async def test_other_methods_pass_even_with_a_key(method):
    assert await passed_on(method, [(b"idempotency-key", b"k1"), (b"authorization", b"Bearer t")])


@pytest.mark.asyncio
async def test_a_post_without_a_key_passes():
    assert await passed_on("POST", [(b"authorization", b"Bearer t")])


@pytest.mark.asyncio
async def test_a_post_with_a_key_does_not_pass_unchecked():
    with pytest.raises(AssertionError, match="verify"):
        await passed_on("POST", [(b"idempotency-key", b"k1"), (b"authorization", b"Bearer t")])
