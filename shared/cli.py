"""The command line every service shares: ``python -m services.<name> serve|migrate|asyncapi``."""

from __future__ import annotations

import argparse
import gc
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import uvicorn

from shared.db.migrations import upgrade
from shared.http.app import create_app
from shared.http.asyncapi import asyncapi_document
from shared.observability.logs import configure_logging
from shared.observability.tracing import configure_tracing
from shared.service import Service
from shared.settings import Settings

# Allocations between two collections of the youngest generation (CPython's default is 700):
# a request allocates hundreds of objects, nearly all freed by reference counting, so the
# default collects several times per request for almost nothing, and every tenth of the
# oldest generation's turns walks the whole heap. Measured on the HTTP write benchmark: about
# 11% of inventory's CPU went to collections with the defaults, about 2% with this threshold
# and the heap frozen after start-up (RSS unchanged, ~128 MB).
GC_GEN0_THRESHOLD = 10_000


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
        app.router.lifespan_context = frozen_after_start(app.router.lifespan_context)
        collect_less_often()
        skip_unlogged_record_fields()
        # log_config=None: uvicorn keeps the logging configured above instead of its own.
        uvicorn.run(app, host=args.host or settings.http.host, port=args.port or settings.http.port,
                    log_config=None, log_level=settings.telemetry.log_level.lower())
    return 0


def collect_less_often() -> None:
    """The youngest generation collected every ``GC_GEN0_THRESHOLD`` allocations (see there)."""
    gc.set_threshold(GC_GEN0_THRESHOLD, *gc.get_threshold()[1:])


def skip_unlogged_record_fields() -> None:
    """No line carries the caller's file and line, thread or process (``shared.observability.logs``):
    don't compute them for every record, uvicorn's access line per request among them (the
    logging HOWTO's "Optimization"). Only for a serving process: tests keep them for pytest's reports."""
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    logging._srcfile = None  # type: ignore[attr-defined]  # the documented switch for caller lookups


def frozen_after_start(lifespan: Callable[[Any], AbstractAsyncContextManager[Any]]) -> Callable[[Any], AbstractAsyncContextManager[Any]]:
    """Once the service started, everything it holds for its lifetime (modules, app, routes,
    reference data, pools) moves to the permanent generation: collections no longer walk it."""

    @asynccontextmanager
    async def frozen(app: Any) -> AsyncIterator[Any]:
        async with lifespan(app) as state:
            gc.collect()
            gc.freeze()
            yield state

    return frozen
