from pathlib import Path

from shared.cli import run
from services.funding.bootstrap import NAME, bootstrap

if __name__ == "__main__":
    raise SystemExit(run(NAME, bootstrap, Path(__file__).parent / "migrations"))
