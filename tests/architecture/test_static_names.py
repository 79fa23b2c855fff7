"""No undefined, unused or redefined name anywhere in the code (pyflakes' rules, by ruff;
pyproject.toml [tool.ruff]): a name misspelt in a fixture fails here in seconds, not in the
test that needs a whole stack minutes later."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ("shared", "services", "tests", "benchmarks")


def test_every_name_is_defined_and_used():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", *CHECKED],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed" in result.stdout, result.stdout
