"""`make up` as an operator meets it: the stack (on free ports, in a temp state dir) sends
notify's e-mail to its local SMTP sink, and when a service, PostgreSQL or Kafka is killed
with SIGKILL it restarts it, says so, and the platform serves again."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest

from shared.contract.topics import SERVICES
from shared.runtime import pid_alive
from shared.runtime.for_tests import private_temp_dir, stack_up_command
from tests.support import tokens

ROOT = Path(__file__).resolve().parents[2]
OSS = "GM0828"
pytestmark = pytest.mark.e2e


@dataclass
class Stack:
    process: subprocess.Popen[bytes]
    state: Path
    log: Path
    urls: dict[str, str]
    mail_page: str

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def pid(self, relative: str) -> int:
        return int((self.state / relative).read_text().split()[0])


def wait_until(probe: Callable[[], Any], timeout: float, what: str, stack: Stack) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert stack.process.poll() is None, f"the stack exited:\n{stack.output()[-3000:]}"
        result = probe()
        if result:
            return result
        time.sleep(0.3)
    raise TimeoutError(f"{what}\n{stack.output()[-3000:]}")


def ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def all_ready(stack: Stack) -> bool:
    return all(ready(url) for url in stack.urls.values())


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    # Not pytest's temp dir: PostgreSQL (its own user when we are root) must reach its data, and
    # another pytest session on the machine may make pytest's temp root 0700 again.
    tmp = private_temp_dir("stack")
    state, log = tmp / "state", tmp / "stack.log"
    command, ports = stack_up_command(state)
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    urls = {name: f"http://127.0.0.1:{ports.base + n}" for n, name in enumerate(SERVICES, start=1)}
    running = Stack(process, state, log, urls, f"http://127.0.0.1:{ports.mail_web}/")
    try:
        wait_until(lambda: "Weerbaar is up" in running.output(), 240, "the stack did not come up", running)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        subprocess.run([sys.executable, "-m", "shared.runtime.stack", "down", "--state-dir", str(state)], cwd=ROOT, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)


def register(stack: Stack, name: str) -> httpx.Response:
    return httpx.post(
        f"{stack.urls['inventory']}/v1/municipalities/{OSS}/noodsteunpunten",
        json={"name": name}, headers=tokens.municipality(OSS), timeout=10,
    )


def in_feed(stack: Stack, noodsteunpunt_id: str) -> bool:
    feed = httpx.get(f"{stack.urls['notify']}/v1/feed", headers=tokens.region("VR21"), timeout=5).json()["items"]
    return f"noodsteunpunt/{noodsteunpunt_id}" in [item["subject"] for item in feed]


def test_the_summary_says_where_mail_is_read_and_notifys_mail_arrives_there(stack: Stack) -> None:
    assert stack.mail_page in stack.output()
    assert str(stack.state / "mail") in stack.output()
    anna = tokens.bearer("municipality", municipality=OSS, sub="anna", email="anna@oss.nl")
    subscription = httpx.post(
        f"{stack.urls['notify']}/v1/subscriptions", headers=anna, timeout=10,
        json={"name": "Anna de Vries", "email": "anna@oss.nl", "role": "communication",
              "event_types": ["inventory.noodsteunpunt.*"], "municipality_code": OSS},
    )
    assert subscription.status_code == 201, subscription.text
    name = f"Sporthal {uuid4().hex[:6]}"

    assert register(stack, name).status_code == 201
    wait_until(lambda: name in httpx.get(stack.mail_page, timeout=5).text, 60, "the e-mail on the sink's page", stack)


@pytest.mark.parametrize(
    ("child", "pid_file"),
    [("inventory", "run/inventory.pid"), ("postgresql", "postgres/pgdata/postmaster.pid"), ("kafka", "kafka/kafka.pid")],
)
def test_a_killed_process_is_restarted_and_the_platform_serves_again(stack: Stack, child: str, pid_file: str) -> None:
    wait_until(lambda: all_ready(stack), 120, "ready before the kill", stack)
    pid = stack.pid(pid_file)
    killed_at = time.monotonic()

    os.kill(pid, signal.SIGKILL)

    wait_until(lambda: f"[supervisor] {child} restarted" in stack.output(), 90, f"{child} restarted", stack)
    wait_until(lambda: all_ready(stack), 120, "every service ready again", stack)
    recovered = time.monotonic() - killed_at
    assert stack.pid(pid_file) != pid and not pid_alive(pid)
    response = register(stack, f"Na de herstart van {child}")
    assert response.status_code == 201, response.text
    wait_until(lambda: in_feed(stack, response.json()["id"]), 60, "the write reaches notify through Kafka", stack)
    print(f"\n{child}: killed -> every service ready again in {recovered:.1f}s")


def test_ctrl_c_stops_the_supervised_stack(stack: Stack) -> None:
    stack.process.send_signal(signal.SIGINT)

    assert stack.process.wait(timeout=90) == 0, stack.output()[-3000:]
    assert "Stopped." in stack.output()
