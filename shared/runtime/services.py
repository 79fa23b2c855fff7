"""The four services and the portal as processes of the local stack: planned on their ports,
started with their own settings (database, Kafka principal, mail), watched and stopped."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from shared.contract.topics import SERVICES
from shared.runtime import (
    LOCALHOST,
    die_with_parent,
    log_tail,
    pid_alive,
    process_cmdline,
    terminate_process_group,
)
from shared.runtime.credentials import kafka_env
from shared.runtime.errors import ProcessStartError

if TYPE_CHECKING:
    from shared.runtime.infra import Infra

PROJECT_DIR = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 90.0
SERVICE_STOP_TIMEOUT = 15.0
REPLICA_PORT_STEP = 10  # replica 2 of the service on base+1 listens on base+11
PORTAL = "portal"  # the web front end: no database, no Kafka; it calls the services' HTTP APIs
PORTAL_OFFSET = 5


@dataclass
class ServiceProcess:
    """One process of a service (``name`` is the service, or ``<service>-2`` for a second replica)."""

    name: str
    port: int
    log_file: Path
    pid_file: Path
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def service(self) -> str:
        return self.name.split("-", 1)[0]

    @property
    def base_url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}"

    def start(self, env: dict[str, str] | None = None) -> None:
        if env is not None:
            self.env = env
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        self.pid_file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            # Own session: Ctrl-C reaches only the stack, which then stops services in order.
            self.process = subprocess.Popen(
                [sys.executable, "-m", f"services.{self.service}", "serve", "--port", str(self.port)],
                cwd=PROJECT_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGTERM),
            )
        self.pid_file.write_text(f"{self.process.pid}\n")

    def stop(self) -> None:
        if self.process is not None:
            terminate_process_group(self.process.pid, SERVICE_STOP_TIMEOUT)
            self.process.wait()
            self.process = None
        self.pid_file.unlink(missing_ok=True)

    def kill(self) -> None:
        """SIGKILL, as a crash would (fault tests)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()

    def exit_code(self) -> int | None:
        """None while running (or never started); the exit status once it ended (reaped here)."""
        return None if self.process is None else self.process.poll()

    def exited(self) -> bool:
        return self.process is None or self.process.poll() is not None

    def ready(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.base_url}/health/ready", timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError, http.client.HTTPException):
            # Not answering properly yet. HTTPException too: while nothing listens on a port in
            # the ephemeral range, a connection to it can be a TCP self-connect, which reads back
            # its own request (BadStatusLine: "GET /health/ready HTTP/1.1"; seen in CI).
            return False

    def log_tail(self) -> str:
        return log_tail(self.log_file)


def service_env(service: str, infra: Infra, smtp_port: int | None = None, portal_url: str | None = None) -> dict[str, str]:
    """The process environment of one service: its database, its own Kafka principal, the mail sink,
    and for notify where the links in its e-mails point (the portal)."""
    from shared.runtime.infra import database_name

    env = {
        **os.environ,
        "WEERBAAR_DB__URL": infra.postgres.url(database_name(service)),
        **kafka_env(infra.principal(service)),
        "WEERBAAR_SERVICE_NAME": service,
        "PYTHONUNBUFFERED": "1",  # log lines appear in the log file as they happen
    }
    if smtp_port is not None and service == "notify":
        env |= {"WEERBAAR_NOTIFY_SMTP_HOST": LOCALHOST, "WEERBAAR_NOTIFY_SMTP_PORT": str(smtp_port)}
    if portal_url is not None and service == "notify":
        env["WEERBAAR_NOTIFY_LINK_BASE_URL"] = portal_url
    return env


def portal_env(backends: list[ServiceProcess]) -> dict[str, str]:
    """The portal calls each service where this stack runs it; on a developer's machine it offers
    the development sign-in and a session cookie over plain HTTP."""
    return {
        **os.environ,
        **{f"WEERBAAR_PORTAL_SERVICES__{s.service.upper()}": s.base_url for s in backends if s.name == s.service},
        "WEERBAAR_PORTAL_DEV_SIGN_IN": os.environ.get("WEERBAAR_PORTAL_DEV_SIGN_IN", "true"),
        "WEERBAAR_PORTAL_COOKIE_SECURE": os.environ.get("WEERBAAR_PORTAL_COOKIE_SECURE", "false"),
        "PYTHONUNBUFFERED": "1",
    }


def plan_services(state_dir: Path, base_port: int, replicas: int = 1, portal: bool = True) -> list[ServiceProcess]:
    """The four services (each ``replicas`` times), then the portal in front of them."""
    planned = []
    for replica in range(1, replicas + 1):
        for offset, service in enumerate(SERVICES, start=1):
            name = service if replica == 1 else f"{service}-{replica}"
            port = base_port + offset + REPLICA_PORT_STEP * (replica - 1)
            planned.append(_planned(state_dir, name, port))
    if portal:
        planned.append(_planned(state_dir, PORTAL, base_port + PORTAL_OFFSET))
    return planned


def _planned(state_dir: Path, name: str, port: int) -> ServiceProcess:
    return ServiceProcess(name, port, state_dir / "logs" / f"{name}.log", state_dir / "run" / f"{name}.pid")


def start_services(stack: ExitStack, services: list[ServiceProcess]) -> None:
    """The services first; the portal once they answer (its pages are their APIs)."""
    backends = [s for s in services if s.service != PORTAL]
    for group in (backends, [s for s in services if s.service == PORTAL]):
        for service in group:
            service.start()
            stack.callback(service.stop)
        wait_until_ready(group)


def wait_until_ready(services: list[ServiceProcess], timeout: float = READY_TIMEOUT) -> None:
    """Return once every service answers GET /health/ready; raise with the log tail of one that does not."""
    deadline = time.monotonic() + timeout
    pending = list(services)
    while pending:
        for service in list(pending):
            if service.exited():
                raise ProcessStartError(_failure_report(service, "exited during start-up"))
            if service.ready():
                print(f"  {service.name} ready on {service.base_url}", flush=True)
                pending.remove(service)
        if pending and time.monotonic() > deadline:
            raise ProcessStartError(_failure_report(pending[0], f"not ready after {timeout:.0f}s"))
        time.sleep(0.3)


def _failure_report(service: ServiceProcess, what: str) -> str:
    return f"Service {service.name} {what}. Tail of {service.log_file}:\n{service.log_tail()}"


def stop_service_leftovers(state_dir: Path) -> None:
    for pid_file in sorted((state_dir / "run").glob("*.pid")):
        pid = int(pid_file.read_text().strip() or 0)
        service = pid_file.stem.split("-", 1)[0]
        if pid and pid_alive(pid) and f"services.{service}" in process_cmdline(pid):
            terminate_process_group(pid, SERVICE_STOP_TIMEOUT)
            print(f"stopped service {pid_file.stem} (pid {pid})")
        pid_file.unlink()
