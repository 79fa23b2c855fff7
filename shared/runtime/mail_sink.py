"""A local SMTP sink for the development stack: notify's e-mail goes here instead of
failing and retrying, and a developer reads it.

Every accepted message is stored in a Maildir (``<state>/mail``, readable with
``mutt -f`` or any mail client) and listed on a small HTTP page (newest first; each
message as plain text). Development only: it accepts any sender and recipient.
"""

from __future__ import annotations

import html
import mailbox
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from shared.runtime import LOCALHOST


class _MaildirHandler:
    """aiosmtpd hook: keep each message in the Maildir."""

    def __init__(self, maildir: mailbox.Maildir) -> None:
        self._maildir = maildir
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            self._maildir.add(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


class MailSink:
    """SMTP on 127.0.0.1:smtp_port, a listing on http://127.0.0.1:web_port/, mail in ``directory``."""

    def __init__(self, directory: Path, smtp_port: int, web_port: int) -> None:
        self.directory = Path(directory)
        self.smtp_port = smtp_port
        self.web_port = web_port
        self._maildir = mailbox.Maildir(self.directory, create=True)
        self._smtp = Controller(_MaildirHandler(self._maildir), hostname=LOCALHOST, port=smtp_port)
        self._web: ThreadingHTTPServer | None = None

    @property
    def web_url(self) -> str:
        return f"http://{LOCALHOST}:{self.web_port}/"

    def start(self) -> None:
        self._smtp.start()
        self._web = ThreadingHTTPServer((LOCALHOST, self.web_port), _page_handler(self))
        threading.Thread(target=self._web.serve_forever, name="mail-sink-web", daemon=True).start()

    def stop(self) -> None:
        if self._web is not None:
            self._web.shutdown()
            self._web.server_close()
            self._web = None
        self._smtp.stop()

    def messages(self) -> list[tuple[str, EmailMessage]]:
        """(key, message) of every message, newest first."""
        self._maildir.clean()
        found = []
        for key in self._maildir.keys():
            with self._maildir.get_file(key) as file:
                found.append((key, message_from_bytes(file.read(), policy=policy.default)))
        return sorted(found, key=lambda item: item[1].get("Date", ""), reverse=True)

    def raw(self, key: str) -> bytes | None:
        try:
            with self._maildir.get_file(key) as file:
                return file.read()
        except KeyError:
            return None


def _page_handler(sink: MailSink) -> type[BaseHTTPRequestHandler]:
    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            key = self.path.strip("/")
            if not key:
                self._send(200, "text/html; charset=utf-8", _listing(sink).encode())
            elif (raw := sink.raw(key)) is not None:
                self._send(200, "text/plain; charset=utf-8", raw)
            else:
                self._send(404, "text/plain; charset=utf-8", b"no such message\n")

        def _send(self, status: int, content_type: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:  # quiet: the stack's output is for its own reports
            pass

    return Page


def _listing(sink: MailSink) -> str:
    rows = "".join(
        f'<tr><td>{html.escape(str(m.get("Date", "")))}</td><td>{html.escape(str(m.get("To", "")))}</td>'
        f'<td><a href="/{html.escape(key)}">{html.escape(str(m.get("Subject", "(geen onderwerp)")))}</a></td></tr>'
        for key, m in sink.messages()
    )
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Weerbaar: ontvangen e-mail</title></head>'
        f"<body><h1>Ontvangen e-mail (lokaal)</h1><p>Maildir: {html.escape(str(sink.directory))}</p>"
        f"<table><thead><tr><th>Datum</th><th>Aan</th><th>Onderwerp</th></tr></thead><tbody>{rows}</tbody></table>"
        "</body></html>"
    )
