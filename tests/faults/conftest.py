"""The fault tier: a Kafka broker and a PostgreSQL server of its own (so killing them
disturbs no other test), and inventory, campaign and notify each in a process of its
own, so each can be killed with SIGKILL and started again.

The table of results (scenario x acknowledged writes, lost, duplicated effects, order
violations, seconds to recover) is printed at the end of the run.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from shared.ops.kafka_access import grant, group_binding
from shared.runtime import free_ports, run_blocking
from shared.runtime.credentials import principal_settings
from shared.runtime.for_tests import provision_for_tests
from shared.runtime.kafka_local import LocalKafka
from shared.runtime.postgres_local import LocalPostgres
from tests.faults.checks import HEADER, FaultResult, Verifier
from tests.faults.load import Writer
from tests.faults.processes import ServiceProcess, service_env
from tests.support.api_paths import REGISTER_NOODSTEUNPUNT

SERVICES = ("inventory", "campaign", "notify")
GROUP_PREFIX = "faults"
RESULTS: list[FaultResult] = []


@dataclass
class Platform:
    kafka: LocalKafka
    postgres: LocalPostgres
    services: dict[str, ServiceProcess]
    register_path: str
    verifier: Verifier

    def writer(self, scenario: str, per_second: float = 25.0) -> Writer:
        return Writer(self.services["inventory"].base_url, self.register_path, scenario, per_second)


@pytest.fixture(scope="package")
def fault_infra():
    root = Path(tempfile.mkdtemp(prefix="weerbaar-faults-"))
    root.chmod(0o711)
    kafka_port, controller_port, postgres_port = free_ports(3)
    kafka = LocalKafka(root / "kafka", port=kafka_port, controller_port=controller_port)
    postgres = LocalPostgres(root / "postgres", port=postgres_port)  # durable: a kill -9 loses no commit
    try:
        postgres.start()
        kafka.start()
        provision_for_tests(kafka)  # topics, the services' principals and their ACLs
        run_blocking(lambda: grant(kafka.admin_settings, [group_binding(n, GROUP_PREFIX) for n in SERVICES]))
        for name in SERVICES:
            postgres.create_database(f"faults_{name}")
        yield kafka, postgres, root
    finally:
        kafka.stop()
        postgres.stop()
        if not os.environ.get("WEERBAAR_FAULTS_KEEP"):  # keep the logs to read after a failure
            shutil.rmtree(root, ignore_errors=True)


@pytest_asyncio.fixture(scope="package", loop_scope="session")
async def platform(fault_infra):
    kafka, postgres, root = fault_infra
    url = lambda name: postgres.url(f"faults_{name}")  # noqa: E731
    services = {
        name: ServiceProcess(name, service_env(name, url(name), principal_settings(kafka.admin_settings, name), GROUP_PREFIX),
                             root / f"{name}.log")
        for name in SERVICES
    }
    try:
        for service in services.values():
            service.start()
        await asyncio.gather(*(s.wait_ready(90) for s in services.values()))
        verifier = Verifier(kafka.admin_settings, url, GROUP_PREFIX)
        yield Platform(kafka, postgres, services, REGISTER_NOODSTEUNPUNT, verifier)
    finally:
        for service in services.values():
            service.stop()


@pytest.fixture(scope="package")
def fault_results() -> list[FaultResult]:
    return RESULTS


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if RESULTS:
        terminalreporter.write_sep("-", "fault tier: what each kill cost")
        terminalreporter.write_line(HEADER)
        for result in RESULTS:
            terminalreporter.write_line(result.row())
