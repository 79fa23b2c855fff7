"""What every benchmark shares: its own Kafka and PostgreSQL, events to send, service
settings as deployed (not the tests' short timeouts), the garbage collector as a serving
process sets it, medians and the printed table.

Every figure is printed beside a baseline measured in the same run, against the same
broker and database: the ratio is the result, the absolute number only its context."""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from typing import Any
from uuid import uuid4

from shared.cli import collect_less_often
from shared.contract.cloudevents import KafkaRecord, to_kafka
from shared.contract.inventory import NoodsteunpuntRegistered
from shared.refdata import load_reference_data
from shared.service import Service
from shared.settings import DatabaseSettings, KafkaSettings, Settings
from tests.support import events
from tests.support.running import migrate

CONDITIONS = ("2 cores shared by broker, database, services and load generator; single-node KRaft broker and "
              "PostgreSQL 18 (fsync off, as in the test tier) on 127.0.0.1; one process per service")


def regions_and_gemeenten() -> list[tuple[str, str]]:
    """One gemeente of each of the 25 regions: writes spread over every key."""
    reference = load_reference_data()
    firsts: dict[str, str] = {}
    for code, municipality in sorted(reference.municipalities.items()):
        firsts.setdefault(municipality.region_code, code)
    return sorted(firsts.items())


def registrations(count: int) -> list[NoodsteunpuntRegistered]:
    return events.registrations(count, regions_and_gemeenten(), "Benchmark")


def records(count: int) -> list[KafkaRecord]:
    return [to_kafka(event) for event in registrations(count)]


def settings_for(name: str, database_url: str, bootstrap: KafkaSettings, group_prefix: str | None = None) -> Settings:
    return Settings(service_name=name, db=DatabaseSettings(url=database_url),
                    kafka=bootstrap.model_copy(update={"group_prefix": group_prefix or f"bench-{uuid4().hex[:8]}"}))


async def service(name: str, database_url: str, bootstrap: KafkaSettings, group_prefix: str | None = None) -> Service:
    await migrate(name, database_url)
    return import_module(f"services.{name}.bootstrap").bootstrap(settings_for(name, database_url, bootstrap, group_prefix))


@contextmanager
def collected_as_served() -> Iterator[None]:
    """The garbage collector as a serving process has it (``shared.cli``: the youngest
    generation collected less often, what lives on frozen), for a side measured in this
    process. Both sides of a benchmark run in it, so neither is collected differently: with
    CPython's defaults notify's feed spent about 40% of its CPU in collections (6 December)."""
    before = gc.get_threshold()
    freeze_what_lives_on()
    collect_less_often()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


async def as_served(side: Awaitable[float]) -> float:
    """One side of a benchmark measured under ``collected_as_served``."""
    with collected_as_served():
        return await side


def freeze_what_lives_on() -> None:
    """What exists now stays for the measurement (a service just built, its pools): out of
    the collector's walks, as ``serve`` does once its service started."""
    gc.collect()
    gc.freeze()


async def until(probe: Callable[[], Awaitable[Any]], timeout: float = 300.0, interval: float = 0.01) -> float:
    """Poll ``probe`` until truthy; returns the perf-counter time it was first seen so."""
    deadline = time.perf_counter() + timeout
    while not await probe():
        if time.perf_counter() > deadline:
            raise TimeoutError("benchmark condition not reached")
        await asyncio.sleep(interval)
    return time.perf_counter()


@dataclass
class Figure:
    name: str
    ours: float
    baseline: float
    unit: str
    target: str
    higher_is_better: bool = True
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("nan")

    def row(self) -> str:
        return (f"| {self.name} | {self.ours:,.1f} {self.unit} | {self.baseline:,.1f} {self.unit} | {self.ratio:.2f}x "
                f"| {self.target} | {self.note} |")


TABLE_HEADER = "| measure | Weerbaar | raw baseline (same run) | ratio | target | conditions |\n|---|---|---|---|---|---|"


def print_table(figures: list[Figure]) -> None:
    print(CONDITIONS)
    print(TABLE_HEADER)
    for figure in figures:
        print(figure.row())


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")
