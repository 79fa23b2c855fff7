"""Real servers on the other side of notify's channels, started by the tests:
an SMTP server (aiosmtpd) and an HTTP webhook receiver that can be taken down."""

from __future__ import annotations

import asyncio
import email
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default

import uvicorn
from aiosmtpd.controller import Controller

from tests.support.running import free_port


class Mailbox:
    """aiosmtpd handler keeping every accepted message."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    def with_subject(self, text: str) -> list[EmailMessage]:
        return [m for m in self.messages if text in subject(m)]


def subject(message: EmailMessage) -> str:
    """The subject as one line (a long one arrives folded)."""
    return " ".join(str(message["Subject"]).split())


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class WebhookReceiver:
    """ASGI app: answers 204 while up, 503 while down; /always-fails answers 500."""

    up: bool = True
    received: list[Received] = field(default_factory=list)
    refused: int = 0

    async def __call__(self, scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = {k.decode(): v.decode() for k, v in scope["headers"]}
        if scope["path"] == "/always-fails":
            return await _answer(send, 500, b"internal error at the integrator")
        if not self.up:
            self.refused += 1
            return await _answer(send, 503, b"down for maintenance")
        self.received.append(Received(scope["path"], headers, body))
        await _answer(send, 204, b"")


async def _answer(send, status: int, body: bytes) -> None:  # type: ignore[no-untyped-def]
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": body})


class ReceiverServer:
    def __init__(self) -> None:
        self.app = WebhookReceiver()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning",
                                                     lifespan="off"))
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            await asyncio.sleep(0.02)

    async def stop(self) -> None:
        self._server.should_exit = True
        if self._task:
            await self._task


async def eventually(probe, timeout: float = 30.0, what: str = "condition"):  # type: ignore[no-untyped-def]
    """Polls ``probe`` (sync or async) until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = probe()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout}s")
        await asyncio.sleep(0.1)
