"""``Idempotency-Key`` on POST (IETF draft-ietf-httpapi-idempotency-key-header).

A client that retries a POST after a dropped connection sends the same key again and
gets the first answer back instead of a second resource. The key is scoped to the
caller (issuer and subject of the verified token), stored in the service's own schema
with a fingerprint of the request, and answered as the draft says:

- first use: the request runs; its answer (2xx or 4xx) is stored and returned;
- a repeat with the same request: the stored answer, with ``Idempotency-Replayed: true``;
- a repeat while the first is still running: 409, try again shortly;
- the same key with another request (method, path or body): 422;
- a 5xx is not stored: the key may be used again.

The claim is committed before the request runs, so two concurrent repeats cannot both
run. If the process dies after the business transaction committed but before the answer
was stored, a repeat gets 409 saying the result is unknown, never a duplicate.
"""

from __future__ import annotations

import hashlib
import re
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import Column, DateTime, Integer, LargeBinary, MetaData, String, Table, and_, delete, func, select, update
from sqlalchemy.dialects.postgresql import JSONB, insert
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth.tokens import InvalidToken, TokenVerifier
from shared.http.headers import request_headers
from shared.http.problems import problem

log = logging.getLogger(__name__)

HEADER = "idempotency-key"
REPLAYED = "idempotency-replayed"
MAX_KEY_LENGTH = 255
KEY_PATTERN = r"^[\x20-\x7e]{1,255}$"  # printable ASCII: what a header carries unchanged everywhere
_KEY = re.compile(KEY_PATTERN)
KEEP_FOR = timedelta(hours=24)
STORED_HEADERS = ("content-type", "location")


def idempotency_table(metadata: MetaData) -> Table:
    return Table(
        "idempotency_keys",
        metadata,
        Column("owner", String(400), primary_key=True),  # issuer + subject of the verified token
        Column("key", String(MAX_KEY_LENGTH), primary_key=True),
        Column("fingerprint", String(64), nullable=False),  # sha256 of method, path and body
        Column("status_code", Integer),  # null while the first request runs
        Column("response_headers", JSONB),
        Column("response_body", LargeBinary),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


@dataclass(frozen=True)
class StoredAnswer:
    status_code: int | None
    headers: dict[str, str]
    body: bytes
    fingerprint: str


class IdempotencyStore:
    def __init__(self, engine: AsyncEngine, table: Table) -> None:
        self._engine = engine
        self._table = table

    async def claim(self, owner: str, key: str, fingerprint: str) -> StoredAnswer | None:
        """None when this request may run; else what the earlier one left."""
        t = self._table
        async with self._engine.begin() as conn:
            await conn.execute(delete(t).where(and_(t.c.owner == owner, t.c.key == key,
                                                    t.c.created_at < func.now() - KEEP_FOR)))
            claimed = await conn.execute(
                insert(t).values(owner=owner, key=key, fingerprint=fingerprint).on_conflict_do_nothing().returning(t.c.key)
            )
            if claimed.first() is not None:
                return None
            row = (await conn.execute(select(t).where(and_(t.c.owner == owner, t.c.key == key)))).one()
        return StoredAnswer(row.status_code, dict(row.response_headers or {}), row.response_body or b"", row.fingerprint)

    async def complete(self, owner: str, key: str, status_code: int, headers: dict[str, str], body: bytes) -> None:
        t = self._table
        async with self._engine.begin() as conn:
            await conn.execute(update(t).where(and_(t.c.owner == owner, t.c.key == key))
                               .values(status_code=status_code, response_headers=headers, response_body=body))

    async def release(self, owner: str, key: str) -> None:
        t = self._table
        async with self._engine.begin() as conn:
            await conn.execute(delete(t).where(and_(t.c.owner == owner, t.c.key == key)))


class IdempotencyKeys:
    """ASGI middleware applying the rules above to POST requests that carry the header."""

    def __init__(self, app: ASGIApp, store: IdempotencyStore, verifier: TokenVerifier) -> None:
        self.app = app
        self.store = store
        self.verifier = verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = request_headers(scope)
        key = headers.get(HEADER)
        if key is None:
            await self.app(scope, receive, send)
            return
        if not _KEY.match(key):
            await problem(400, f"Idempotency-Key moet 1 tot {MAX_KEY_LENGTH} leesbare ASCII-tekens zijn",
                          instance=scope["path"], kind="invalid-idempotency-key")(scope, receive, send)
            return
        owner = self._owner(headers.get("authorization", ""))
        if owner is None:  # not signed in: the endpoint itself answers 401
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        fingerprint = hashlib.sha256(f"{scope['method']} {scope['path']}?{scope.get('query_string', b'').decode()}\n"
                                     .encode() + body).hexdigest()
        earlier = await self.store.claim(owner, key, fingerprint)
        if earlier is not None:
            await self._answer_repeat(earlier, fingerprint, scope, receive, send)
            return
        await self._run_and_store(owner, key, body, scope, send)

    def _owner(self, authorization: str) -> str | None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            principal = self.verifier.verify(token)
        except InvalidToken:
            return None
        return f"{principal.issuer}|{principal.subject}"

    async def _answer_repeat(self, earlier: StoredAnswer, fingerprint: str, scope: Scope, receive: Receive,
                             send: Send) -> None:
        if earlier.fingerprint != fingerprint:
            answer = problem(422, "deze Idempotency-Key is al gebruikt voor een ander verzoek",
                             instance=scope["path"], kind="idempotency-key-reused")
        elif earlier.status_code is None:
            answer = problem(409, "een verzoek met deze Idempotency-Key is nog bezig of de uitkomst is onbekend; "
                             "controleer het resultaat voordat u het opnieuw probeert",
                             instance=scope["path"], kind="idempotency-key-in-use", headers={"Retry-After": "1"})
        else:
            await _send(send, earlier.status_code, {**earlier.headers, REPLAYED: "true"}, earlier.body)
            return
        await answer(scope, receive, send)

    async def _run_and_store(self, owner: str, key: str, body: bytes, scope: Scope, send: Send) -> None:
        """The answer is stored before it goes out: a repeat sent the moment the first answer
        arrives must find it (POST answers are small JSON bodies, so buffering them is cheap)."""
        messages: list[Message] = []
        delivered = False

        async def replay_body() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def hold(message: Message) -> None:
            messages.append(message)

        try:
            await self.app(scope, replay_body, hold)
        finally:
            await self._store(owner, key, _answer_of(messages))
        for message in messages:
            await send(message)

    async def _store(self, owner: str, key: str, captured: dict[str, Any]) -> None:
        """A 5xx (or no answer at all) frees the key; anything else is kept for repeats."""
        try:
            if captured["status"] >= 500:
                await self.store.release(owner, key)
                return
            kept = {n.decode("latin-1").lower(): v.decode("latin-1") for n, v in captured["headers"]
                    if n.decode("latin-1").lower() in STORED_HEADERS}
            await self.store.complete(owner, key, captured["status"], kept, captured["body"])
        except Exception:  # a repeat will get 409 (result unknown), never a duplicate
            log.exception("idempotency: storing the answer for a key failed")


def _answer_of(messages: list[Message]) -> dict[str, Any]:
    start = next((m for m in messages if m["type"] == "http.response.start"), None)
    if start is None:
        return {"status": 500, "headers": [], "body": b""}
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return {"status": start["status"], "headers": start.get("headers", []), "body": body}


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


async def _send(send: Send, status: int, headers: dict[str, str], body: bytes) -> None:
    raw = [(n.encode("latin-1"), v.encode("latin-1")) for n, v in headers.items()]
    raw.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def declare_in_openapi(document: dict[str, Any]) -> dict[str, Any]:
    """Add the optional ``Idempotency-Key`` header to every POST operation of an OpenAPI document."""
    parameter = {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Send the same key when you retry this POST; a repeat returns the first answer.",
        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": KEY_PATTERN},
    }
    for operations in document.get("paths", {}).values():
        post = operations.get("post")
        if post is not None and not any(p.get("name") == "Idempotency-Key" for p in post.get("parameters", [])):
            post.setdefault("parameters", []).append(parameter)
    return document


def create_idempotency_table(schema: str) -> None:
    """Migration step: every service's migrations create the table the same way."""
    from alembic import op  # only migrations need alembic

    idempotency_table(MetaData(schema=schema)).create(op.get_bind())
