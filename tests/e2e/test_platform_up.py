"""The README's first command, as a user runs it: the whole platform comes up as separate
processes, a write in one service reaches another through Kafka, and Ctrl-C (SIGINT)
stops everything, leaving no process behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from shared.runtime.for_tests import private_temp_dir, stack_up_command
from tests.support import tokens

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("inventory", "funding", "campaign", "notify")


def wait_until(probe, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = probe()
        if result:
            return result
        time.sleep(0.3)
    raise TimeoutError(what)


def ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/health/ready", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def processes_mentioning(marker: str) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        try:
            if marker in " ".join(process.info["cmdline"] or []):
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


@pytest.fixture
def platform(tmp_path):
    # Not under tmp_path: PostgreSQL (its own user when we are root) must reach its data, and any
    # other pytest session on the machine may make pytest's temp root 0700 again.
    state = private_temp_dir("stack") / "state"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command, ports = stack_up_command(state)
    log = (tmp_path / "stack.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    urls = {name: f"http://127.0.0.1:{ports.base + n}" for n, name in enumerate(SERVICES, start=1)}
    try:
        yield process, urls, state, tmp_path / "stack.log"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            # The stack's children die with it; `down` also stops anything its pid files name.
            subprocess.run([sys.executable, "-m", "shared.runtime.stack", "down", "--state-dir", str(state)], cwd=ROOT, timeout=60)
        log.close()
        shutil.rmtree(state.parent, ignore_errors=True)


def test_make_up_runs_the_platform_and_ctrl_c_leaves_nothing_behind(platform):
    process, urls, state, log = platform
    for name, url in urls.items():
        wait_until(lambda: ready(url) or process.poll() is not None, 240, f"{name} not ready: {log.read_text()[-3000:]}")
        assert process.poll() is None, log.read_text()[-3000:]
    wait_until(lambda: all(url in log.read_text() for url in urls.values()), 30, "the URLs are printed for the user")

    response = httpx.post(
        f"{urls['inventory']}/v1/municipalities/GM0828/noodsteunpunten",
        json={"name": "Sporthal Oss"}, headers=tokens.municipality("GM0828"), timeout=10,
    )
    assert response.status_code == 201, response.text
    subject = f"noodsteunpunt/{response.json()['id']}"
    wait_until(
        lambda: subject in [i["subject"] for i in httpx.get(f"{urls['notify']}/v1/feed", headers=tokens.region("VR21")).json()["items"]],
        60, "the notify service did not hear of the new noodsteunpunt",
    )

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=90) == 0, log.read_text()[-3000:]
    leftovers = processes_mentioning(str(state)) + [
        p for url in urls.values() for p in processes_mentioning(f"--port {url.rsplit(':', 1)[1]}")
    ]
    assert not leftovers, [" ".join(p.cmdline()) for p in leftovers]
