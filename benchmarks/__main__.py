"""Every benchmark, each beside its raw baseline measured in the same run, printed as one
table for the README (``make bench``; not part of ``make test``).

    python -m benchmarks [--quick]
"""

from __future__ import annotations

import argparse
import asyncio

from benchmarks import consumer_catchup, e2e_latency, http_write, relay_drain
from benchmarks.common import print_table
from shared.runtime.for_tests import kafka_for_tests, postgres_for_tests


async def main_async(quick: bool) -> None:
    scale = 0.25 if quick else 1.0
    with kafka_for_tests() as broker, postgres_for_tests() as postgres:
        bootstrap = broker.admin_settings
        postgres.create_database("bench_relay")
        for name in ("bench_raw", "bench_campaign", "bench_notify"):
            postgres.create_database(name)
        figures = await relay_drain.measure(bootstrap, postgres.url("bench_relay"), int(relay_drain.BACKLOG * scale))
        figures += await consumer_catchup.measure(bootstrap, postgres.url, int(consumer_catchup.BACKLOG * scale))
        print(*(f.row() for f in figures), sep="\n", flush=True)
        http, http_rss = await http_write.measure(bootstrap, postgres, 5.0 * max(scale, 0.4))
        figures.append(http)
        print(http.row(), flush=True)
        e2e, rss = await e2e_latency.measure(bootstrap, postgres, [50.0, 100.0, 200.0], 8.0 * max(scale, 0.5))
        figures += e2e
    print()
    print_table(figures)
    print()
    print("RSS after the load (target < 150 MB per service): "
          + ", ".join(f"{name} {mb:.0f} MB" for name, mb in {"inventory (HTTP load)": http_rss, **rss}.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller counts and shorter runs")
    asyncio.run(main_async(parser.parse_args().quick))


if __name__ == "__main__":
    main()
