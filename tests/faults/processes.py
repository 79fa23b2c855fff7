"""A service in a process of its own, so a fault test can kill it with SIGKILL:
``python -m services.<name> serve`` with ``WEERBAAR_*`` settings in its environment."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.runtime.credentials import kafka_env
from shared.settings import KafkaSettings
from tests.support.polling import eventually
from tests.support.running import ROOT, free_port


@dataclass
class ServiceProcess:
    name: str
    env: dict[str, str]
    log_file: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", f"services.{self.name}", "serve", "--port", str(self.port)],
                cwd=ROOT, env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL, as a crash would: nothing is flushed, committed or left politely."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
            self.process = None

    async def wait_ready(self, timeout: float = 60.0) -> None:
        async def ready() -> bool:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited; log: {self.log_file}\n{self.log_tail()}")
            try:
                async with httpx.AsyncClient(timeout=2) as client:
                    return (await client.get(f"{self.base_url}/health/ready")).status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(ready, timeout, what=f"{self.name} ready", interval=0.2)

    async def restart(self) -> None:
        self.start()
        await self.wait_ready()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def service_env(name: str, database_url: str, kafka: KafkaSettings, group_prefix: str) -> dict[str, str]:
    """Settings of a fault-test service: quick retries, so recovery is measured, not waited for."""
    return {
        "WEERBAAR_SERVICE_NAME": name,
        "WEERBAAR_DB__URL": database_url,
        "WEERBAAR_DB__POOL_SIZE": "5",
        "WEERBAAR_DB__CONNECT_TIMEOUT_SECONDS": "2",
        **kafka_env(kafka),  # the service's own principal
        "WEERBAAR_KAFKA__GROUP_PREFIX": group_prefix,
        "WEERBAAR_OUTBOX__POLL_INTERVAL_SECONDS": "0.2",
        "WEERBAAR_OUTBOX__MAX_BACKOFF_SECONDS": "1",
        "WEERBAAR_CONSUMER__FIRST_BACKOFF_SECONDS": "0.05",
        "WEERBAAR_CONSUMER__MAX_BACKOFF_SECONDS": "1",
        "PYTHONUNBUFFERED": "1",
    }


async def in_thread(function, *args):  # type: ignore[no-untyped-def]
    return await asyncio.to_thread(function, *args)
