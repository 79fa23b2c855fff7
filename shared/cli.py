"""The command line every service shares: ``python -m services.<name> serve|migrate|asyncapi``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

import uvicorn

from shared.db.migrations import upgrade
from shared.http.app import create_app
from shared.http.asyncapi import asyncapi_document
from shared.observability.logs import configure_logging
from shared.observability.tracing import configure_tracing
from shared.service import Service
from shared.settings import Settings


def run(name: str, bootstrap: Callable[[Settings], Service], migrations_dir: Path, argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m services.{name}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate, then serve HTTP and consume/publish events")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    commands.add_parser("migrate", help="bring the database schema to the newest revision")
    commands.add_parser("asyncapi", help="print the service's AsyncAPI 3.0 document")
    args = parser.parse_args(argv)
    settings = Settings(service_name=name)
    configure_logging(name, settings.telemetry.log_level)  # JSON lines on standard error
    if args.command == "asyncapi":
        print(json.dumps(asyncapi_document(bootstrap(settings)), indent=2, sort_keys=True))
        return 0
    upgrade(migrations_dir, settings.db.url, name)
    if args.command == "serve":
        configure_tracing(settings.telemetry, name)
        app = create_app(bootstrap(settings))
        # log_config=None: uvicorn keeps the logging configured above instead of its own.
        uvicorn.run(app, host=args.host or settings.http.host, port=args.port or settings.http.port,
                    log_config=None, log_level=settings.telemetry.log_level.lower())
    return 0
