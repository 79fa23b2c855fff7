"""The channels: email over SMTP and signed webhooks over HTTP.

Each returns the receiving server's answer on success and raises ``SendFailed``
with that answer otherwise, so the delivery log shows what the other side said.
"""

from __future__ import annotations

import asyncio
import smtplib
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import httpx

from services.notify.domain import signing
from services.notify.domain.delivery import Delivery


class SendFailed(Exception):
    """The other side refused or could not be reached; the message is the answer."""


class SmtpSender:
    def __init__(self, host: str, port: int, sender: str, timeout: float) -> None:
        self._host, self._port, self._sender, self._timeout = host, port, sender, timeout

    async def send(self, delivery: Delivery, now: datetime) -> str:
        message = self._message(delivery, now)
        # smtplib blocks: run it in a thread so the event loop keeps serving.
        return await asyncio.to_thread(self._send_blocking, message)

    def _message(self, delivery: Delivery, now: datetime) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = delivery.recipient
        message["Subject"] = delivery.subject
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

    def _send_blocking(self, message: EmailMessage) -> str:
        try:
            with smtplib.SMTP(self._host, self._port, timeout=self._timeout) as smtp:
                refused = smtp.send_message(message)
                code, answer = smtp.noop()
        except (smtplib.SMTPException, OSError) as error:
            raise SendFailed(f"SMTP {type(error).__name__}: {error}") from error
        if refused:
            raise SendFailed(f"SMTP refused recipients: {refused}")
        return f"SMTP {code} {answer.decode(errors='replace')}: accepted"


class WebhookSender:
    def __init__(self, timeout: float) -> None:
        self._timeout = timeout

    async def send(self, delivery: Delivery, now: datetime, secrets: list[str]) -> str:
        body = delivery.body.encode()
        # webhook-id is the delivery id: the same on every retry, so the receiver can deduplicate.
        headers = signing.headers(secrets, f"msg_{delivery.id.hex}", int(now.timestamp()), body)
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.post(delivery.recipient, content=body, headers=headers)
        except httpx.HTTPError as error:
            raise SendFailed(f"HTTP {type(error).__name__}: {error}") from error
        answer = f"HTTP {response.status_code} {response.text[:300]}".strip()
        if not response.is_success:
            raise SendFailed(answer)
        return answer
