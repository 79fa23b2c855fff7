"""Servers of a benchmark, each in a process of its own (one uvicorn worker), as deployed."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from shared.runtime.credentials import kafka_env
from shared.settings import KafkaSettings
from tests.faults.processes import ServiceProcess
from tests.support.polling import eventually
from tests.support.running import ROOT, free_port

LOGS = Path(tempfile.gettempdir()) / "weerbaar-bench-logs"


def platform_service(name: str, database_url: str, bootstrap: KafkaSettings, group_prefix: str,
                     from_the_end: bool = False) -> ServiceProcess:
    """``from_the_end``: its consumers skip what other benchmarks left on the topics."""
    LOGS.mkdir(exist_ok=True)
    env = {"WEERBAAR_SERVICE_NAME": name, "WEERBAAR_DB__URL": database_url,
           **kafka_env(bootstrap), "WEERBAAR_KAFKA__GROUP_PREFIX": group_prefix,
           "WEERBAAR_KAFKA__AUTO_OFFSET_RESET": "latest" if from_the_end else "earliest",
           "PYTHONUNBUFFERED": "1"}
    return ServiceProcess(name, env, LOGS / f"{name}.log")


class BareApp:
    """benchmarks.bare_app under uvicorn."""

    def __init__(self, dsn: str) -> None:
        self.port = free_port()
        self.dsn = dsn
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        LOGS.mkdir(exist_ok=True)
        with open(LOGS / "bare.log", "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "benchmarks.bare_app:app", "--port", str(self.port),
                 "--log-level", "warning"],
                cwd=ROOT, env={**os.environ, "BARE_DSN": self.dsn}, stdout=log, stderr=subprocess.STDOUT)
        import httpx

        async def answers() -> bool:
            try:
                async with httpx.AsyncClient(timeout=1) as client:
                    return (await client.get(f"{self.base_url}/docs")).status_code == 200
            except httpx.HTTPError:
                return False

        await eventually(answers, 30, what="bare app answers")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None
