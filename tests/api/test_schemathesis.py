"""Schemathesis (property-based, all checks) against the four running services, as a national
user and as a gemeente user: 0 failures of any class. Bounded and reproducible: a fixed seed
and a fixed number of examples per operation; the number of generated cases is printed."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from pathlib import Path

import pytest

from tests.api.conftest import ROLES, SERVICES

pytestmark = pytest.mark.e2e

SEED = 20251001
MAX_EXAMPLES = 8  # per operation: about 250 cases per service and token, some 15 s each
# Schemathesis' coverage phase (some 2,000 deterministic boundary cases per service) is left to a
# manual run: `schemathesis --config-file tests/api/schemathesis.toml run URL --phases coverage`.
PHASES = "examples,fuzzing"
CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
TOKENS = {"national": ROLES["N"], "gemeente": ROLES["G"]}


async def run_schemathesis(base_url: str, headers: dict[str, str], report: Path) -> tuple[int, str]:
    command = [
        str(SCHEMATHESIS), "--config-file", str(CONFIG), "run", f"{base_url}/v1/openapi.json", "--checks", "all", "--phases", PHASES,
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


def generated_cases(output: str) -> int:
    """From the summary: "Test cases:" and on the next line "612 generated, 612 passed"."""
    found = re.search(r"(\d+) generated", output)
    assert found, f"no case count in Schemathesis' summary:\n{output[-3000:]}"
    return int(found.group(1))


async def test_schemathesis_finds_nothing(platform, world, tmp_path: Path) -> None:  # noqa: ANN001
    failures, counts = [], {}
    for service in SERVICES:
        for token, headers in TOKENS.items():
            report = tmp_path / f"{service}-{token}.json"
            code, output = await run_schemathesis(platform[service].base_url, headers, report)
            counts[f"{service}/{token}"] = generated_cases(output)
            if code != 0:
                failures.append(f"--- {service} as {token} (exit {code})\n{output[-6000:]}")
    print(f"\nschemathesis (seed {SEED}, {MAX_EXAMPLES} examples per operation and phase, checks: all): "
          + ", ".join(f"{k} {v} cases" for k, v in counts.items()) + f"; {sum(counts.values())} in all")
    assert not failures, "\n".join(failures)
