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

from shared.net import system_resolver
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


# What an internal server might answer: far more than a delivery log should keep, with control characters.
CHATTY = b"internal-config: " + b"password=hunter2\x1b[31m\x00 " * 50_000


@dataclass
class WebhookReceiver:
    """ASGI app: answers 204 while up, 503 while down; /always-fails answers 500, /chatty a
    500 with a large body, /redirect a 302 to /redirected; /slow waits until ``release`` is set."""

    up: bool = True
    received: list[Received] = field(default_factory=list)
    refused: int = 0
    release: asyncio.Event = field(default_factory=asyncio.Event)
    waiting: int = 0

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
        if scope["path"] == "/chatty":
            return await _answer(send, 500, CHATTY)
        if scope["path"] == "/redirect":
            return await _answer(send, 302, b"", [(b"location", b"/redirected")])
        if scope["path"] == "/slow":
            self.waiting += 1
            await self.release.wait()
        if not self.up:
            self.refused += 1
            return await _answer(send, 503, b"down for maintenance")
        self.received.append(Received(scope["path"], headers, body))
        await _answer(send, 204, b"")


async def _answer(send, status: int, body: bytes, headers=()) -> None:  # type: ignore[no-untyped-def]
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain"), *headers]})
    await send({"type": "http.response.body", "body": body})


class ReceiverServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.app = WebhookReceiver()
        self.port = free_port()
        self.url = f"http://{host}:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(self.app, host=host, port=self.port, log_level="warning",
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


class Dns:
    """The notify service's resolver in these tests: names the test maps answer what it says
    (DNS rebinding is a change of this map), every other name goes to the system resolver."""

    def __init__(self) -> None:
        self.answers: dict[str, list[str]] = {}

    async def __call__(self, host: str, port: int) -> list[str]:
        if host in self.answers:
            return self.answers[host]
        return list(await system_resolver(host, port))
