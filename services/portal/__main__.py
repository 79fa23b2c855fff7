"""``python -m services.portal serve [--host H] [--port P]``: the portal's web server."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from services.portal.bootstrap import NAME, bootstrap
from services.portal.settings import PortalSettings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m services.{NAME}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the portal's pages")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per API call is noise; the metric has them
    settings = PortalSettings()
    uvicorn.run(bootstrap(settings), host=args.host or settings.host, port=args.port or settings.port, log_level="info")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
