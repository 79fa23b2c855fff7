"""Schemathesis (property-based, all checks) against the four running services, as a national
user and as a gemeente user: 0 failures of any class. Bounded and reproducible: a fixed seed
and a fixed number of examples per operation; the number of generated cases is printed."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest

from tests.api.conftest import ROLES, SERVICES

pytestmark = pytest.mark.e2e

SEED = 20251001
MAX_EXAMPLES = 8  # per operation and phase; a few hundred cases per service in all
PHASES = "examples,coverage,fuzzing"
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
TOKENS = {"national": ROLES["N"], "gemeente": ROLES["G"]}


async def run_schemathesis(base_url: str, headers: dict[str, str], report: Path) -> tuple[int, str]:
    command = [
        str(SCHEMATHESIS), "run", f"{base_url}/v1/openapi.json", "--checks", "all", "--phases", PHASES,
        "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1", "--no-color",
        "--request-timeout", "15", "--generation-database", "none", "--suppress-health-check", "all",
        "--report", "json", "--report-json-path", str(report), "--output-truncate", "true",
        *[arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")],
    ]
    # A subprocess, so the services (on this test's event loop) keep answering while it runs.
    process = await asyncio.create_subprocess_exec(
        *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"},
    )
    output, _ = await process.communicate()
    return process.returncode or 0, output.decode(errors="replace")


def generated_cases(report: Path, output: str) -> int:
    for line in output.splitlines():  # "Test cases:  612 generated, 612 passed"
        if line.strip().startswith("Test cases:"):
            return int(line.split(":", 1)[1].split()[0])
    raise AssertionError(f"no case count in Schemathesis' summary:\n{output[-3000:]}")


async def test_schemathesis_finds_nothing(platform, world, tmp_path: Path) -> None:  # noqa: ANN001
    failures, counts = [], {}
    for service in SERVICES:
        for token, headers in TOKENS.items():
            report = tmp_path / f"{service}-{token}.json"
            code, output = await run_schemathesis(platform[service].base_url, headers, report)
            counts[f"{service}/{token}"] = generated_cases(report, output)
            if code != 0:
                failures.append(f"--- {service} as {token} (exit {code})\n{output[-6000:]}")
    print(f"\nschemathesis (seed {SEED}, {MAX_EXAMPLES} examples per operation and phase, checks: all): "
          + ", ".join(f"{k} {v} cases" for k, v in counts.items()) + f"; {sum(counts.values())} in all")
    assert not failures, "\n".join(failures)
