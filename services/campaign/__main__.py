from pathlib import Path

from shared.cli import run
from services.campaign.bootstrap import NAME, bootstrap

if __name__ == "__main__":
    raise SystemExit(run(NAME, bootstrap, Path(__file__).parent / "migrations"))
