"""Errors of the local runtime, each carrying a one-line message that says what to do.

They subclass RuntimeError so callers that only care "the infra did not come up"
can catch one type; the CLI entry points print ``str(error)`` and exit non-zero
instead of showing a traceback for problems the user has to fix on the machine.
"""

from __future__ import annotations


class RuntimeSetupError(RuntimeError):
    """Something on this machine keeps the local infrastructure from starting."""


class ToolMissingError(RuntimeSetupError):
    """A program we need (java, mvn, docker ...) is not installed or not on PATH."""


class PortInUseError(RuntimeSetupError):
    """A TCP port we want to listen on is already taken by another process."""

    def __init__(self, port: int, what: str) -> None:
        super().__init__(
            f"Port {port} for {what} on 127.0.0.1 is already in use: stop what listens there "
            f"(ss -ltnp 'sport = :{port}') or pick another port"
        )
        self.port = port


class ProcessStartError(RuntimeSetupError):
    """A server process exited or did not become ready; the message ends with its log tail."""

