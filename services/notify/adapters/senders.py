"""The channels: email over SMTP and signed webhooks over HTTP.

Each returns the receiving server's answer on success and raises ``SendFailed``
with that answer otherwise, so the delivery log shows what the other side said:
its status code and a short, sanitised excerpt, never more.
"""

from __future__ import annotations

import asyncio
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

import httpx

from shared.net import AddressGuard, UnsafeAddress, guarded_client
from services.notify.domain import signing
from services.notify.domain.delivery import Delivery, excerpt

READ_AT_MOST = 2048  # bytes of a webhook answer read at all: the excerpt needs far less
FAILURES = {
    httpx.ConnectTimeout: "no connection within the timeout",
    httpx.ConnectError: "could not connect",
    httpx.TimeoutException: "no answer within the timeout",
    httpx.RemoteProtocolError: "the answer was not valid HTTP",
}


class SendFailed(Exception):
    """The other side refused or could not be reached; the message is the answer."""


class SmtpSender:
    def __init__(self, host: str, port: int, sender: str, timeout: float) -> None:
        self._host, self._port, self._timeout = host, port, timeout
        self.address = sender

    def session(self) -> SmtpSession:
        return SmtpSession(self)

    def message(self, delivery: Delivery, now: datetime) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.address
        message["To"] = delivery.recipient
        message["Subject"] = " ".join(delivery.subject.split())  # a line break in a title would break the header
        message["Date"] = format_datetime(now)
        # Stable per delivery: a receiving system can recognise a retried message.
        message["Message-ID"] = make_msgid(idstring=str(delivery.id), domain="weerbaar.localhost")
        message["X-Weerbaar-Delivery"] = str(delivery.id)
        message.set_content(delivery.body)
        if delivery.html:
            message.add_alternative(delivery.html, subtype="html")
        if delivery.attachment and delivery.attachment_name:
            message.add_attachment(delivery.attachment, maintype="application", subtype="pdf",
                                   filename=delivery.attachment_name)
        return message

    def connect(self) -> smtplib.SMTP:
        return smtplib.SMTP(self._host, self._port, timeout=self._timeout)


class SmtpSession:
    """One SMTP connection reused for a series of messages: connecting and greeting cost
    more than a short message. A connection the server closed while idle is replaced once."""

    def __init__(self, sender: SmtpSender) -> None:
        self._sender = sender
        self._smtp: smtplib.SMTP | None = None

    async def send(self, delivery: Delivery, now: datetime) -> str:
        message = self._sender.message(delivery, now)
        # smtplib blocks: run it in a thread so the event loop keeps serving.
        return await asyncio.to_thread(self._send_blocking, message)

    async def close(self) -> None:
        await asyncio.to_thread(self._close)

    def _send_blocking(self, message: EmailMessage) -> str:
        reused = self._smtp is not None
        try:
            return self._transfer(message)
        except smtplib.SMTPServerDisconnected:
            if not reused:
                raise SendFailed("SMTP the server closed the connection") from None
            self._close()
            return self._send_blocking(message)  # on a fresh connection, once

    def _transfer(self, message: EmailMessage) -> str:
        try:
            if self._smtp is None:
                self._smtp = self._sender.connect()
            smtp = self._smtp
            smtp.ehlo_or_helo_if_needed()
            options, policy = self._options(smtp, message)
            self._expect(smtp.mail(self._sender.address, options), "MAIL")
            self._expect(smtp.rcpt(str(message["To"])), "RCPT")
            # MAIL, RCPT and DATA by hand (not send_message) to keep the server's answer to DATA for the log.
            code, answer = smtp.data(message.as_bytes(policy=policy))
        except smtplib.SMTPServerDisconnected:
            self._smtp = None
            raise
        except smtplib.SMTPResponseException as error:
            self._close()
            raise SendFailed(f"SMTP {error.smtp_code} {excerpt(_text(error.smtp_error))}") from error
        except (smtplib.SMTPException, OSError) as error:
            self._close()
            raise SendFailed(f"SMTP {type(error).__name__}: {excerpt(str(error))}") from error
        if code != 250:
            self._close()
            raise SendFailed(f"SMTP {code} {excerpt(_text(answer))}")
        return f"SMTP {code} {excerpt(_text(answer))}: accepted"

    def _options(self, smtp: smtplib.SMTP, message: EmailMessage) -> tuple[list[str], Any]:
        policy = message.policy.clone(linesep="\r\n")
        if f"{self._sender.address}{message['To']}".isascii():
            return [], policy
        if not smtp.has_extn("smtputf8"):
            raise smtplib.SMTPNotSupportedError("the server does not accept international addresses (SMTPUTF8)")
        return ["SMTPUTF8", "BODY=8BITMIME"], policy.clone(utf8=True)

    @staticmethod
    def _expect(reply: tuple[int, bytes], step: str) -> None:
        code, answer = reply
        if code not in (250, 251):
            raise smtplib.SMTPResponseException(code, f"{step} {_text(answer)}".encode())

    def _close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None


class WebhookSender:
    """Signed webhooks through one shared HTTP client (connection reuse), which connects
    only to addresses the guard accepts, at every connection, and follows no redirect."""

    def __init__(self, guard: AddressGuard, timeout: float, max_connections: int) -> None:
        self.guard = guard
        self._client = guarded_client(guard, timeout, max_connections)
        self._deadline = timeout * 2  # the whole exchange, however slowly the other side trickles

    async def send(self, delivery: Delivery, now: datetime, url: str, secrets: list[str]) -> str:
        body = delivery.body.encode()
        headers = signing.headers(secrets, delivery.webhook_id, int(now.timestamp()), body)
        try:
            self.guard.target(url)  # the form rules again: settings may have changed since registration
            async with asyncio.timeout(self._deadline):
                async with self._client.stream("POST", url, content=body, headers=headers) as response:
                    text = await _beginning(response)
        except UnsafeAddress as refusal:
            raise SendFailed(f"refused: {refusal}") from None
        except (httpx.HTTPError, TimeoutError) as error:
            raise SendFailed(f"HTTP {_failure(error)}") from None
        answer = f"HTTP {response.status_code} {excerpt(text)}".strip()
        if response.is_redirect:
            raise SendFailed(f"HTTP {response.status_code} (redirects are not followed)")
        if not response.is_success:
            raise SendFailed(answer)
        return answer

    async def aclose(self) -> None:
        await self._client.aclose()


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else answer


async def _beginning(response: httpx.Response) -> str:
    received = b""
    async for chunk in response.aiter_raw():
        received += chunk
        if len(received) >= READ_AT_MOST:
            break
    return received[:READ_AT_MOST].decode(errors="replace")


def _failure(error: Exception) -> str:
    """What went wrong in words, without the internal detail an exception text may carry."""
    if isinstance(error, TimeoutError):
        return "no answer within the timeout"
    for kind, text in FAILURES.items():
        if isinstance(error, kind):
            return text
    return type(error).__name__
