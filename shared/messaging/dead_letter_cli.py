"""List and replay a service's dead letters.

    python -m shared.messaging.dead_letter_cli list --service notify
    python -m shared.messaging.dead_letter_cli replay --service notify --offset 3 [--offset 7]
    python -m shared.messaging.dead_letter_cli replay --service notify --all

Replay sends the original key, bytes and headers back to the topic they came from,
with a ``dlq_replay_for`` header naming the consumer that failed: only that consumer
applies it, every other consumer of the topic skips it. That is safe to repeat: a
consumer that already applied the event skips it by its id. A truncated dead letter
(its original was too large to keep) cannot be replayed; it is listed with its size.
"""

from __future__ import annotations

import argparse
import asyncio
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer

from shared.contract.topics import SERVICES, dead_letter_topic
from shared.messaging import dead_letters as dlq
from shared.messaging.kafka_clients import client_options, create_producer
from shared.settings import KafkaSettings, Settings


@dataclass(frozen=True)
class DeadLetter:
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]

    def header(self, name: str) -> str:
        return next((v.decode(errors="replace") for k, v in self.headers if k == name), "")

    @property
    def reason(self) -> str:
        return self.header(dlq.REASON)

    @property
    def origin_topic(self) -> str:
        return self.header(dlq.ORIGIN_TOPIC)

    @property
    def consumer(self) -> str:
        return self.header(dlq.CONSUMER)

    @property
    def truncated(self) -> bool:
        return self.header(dlq.TRUNCATED) == "true"

    def replay_headers(self) -> list[tuple[str, bytes]]:
        """The original headers, and the name of the one consumer that is to apply the replay."""
        return [(k, v) for k, v in self.headers if k not in dlq.DLQ_HEADERS] + [(dlq.REPLAY_FOR, self.consumer.encode())]


async def list_dead_letters(kafka: KafkaSettings, service: str) -> list[DeadLetter]:
    topic = dead_letter_topic(service)
    # No group: reading never moves anyone's offsets; without one it starts at the beginning.
    consumer = AIOKafkaConsumer(
        topic, **client_options(kafka), enable_auto_commit=False, group_id=None,
        auto_offset_reset="earliest",
    )
    await consumer.start()
    try:
        partitions = sorted(consumer.assignment())
        end = await consumer.end_offsets(partitions)
        found: list[DeadLetter] = []
        while [tp for tp in partitions if await consumer.position(tp) < end[tp]]:
            for records in (await consumer.getmany(timeout_ms=500)).values():
                found += [DeadLetter(r.offset, r.key, r.value, tuple(r.headers or ())) for r in records]
        return found
    finally:
        await consumer.stop()


async def replay(kafka: KafkaSettings, service: str, offsets: set[int] | None) -> list[DeadLetter]:
    """Republish the chosen dead letters (all when ``offsets`` is None); returns them."""
    chosen = [d for d in await list_dead_letters(kafka, service)
              if (offsets is None or d.offset in offsets) and not d.truncated]
    producer = create_producer(kafka, f"weerbaar-{service}-dlq-replay")
    await producer.start()
    try:
        for letter in chosen:
            await producer.send_and_wait(letter.origin_topic, value=letter.value, key=letter.key, headers=letter.replay_headers())
    finally:
        await producer.stop()
    return chosen


def _print(letters: list[DeadLetter]) -> None:
    for letter in letters:
        kind = letter.header("ce_type") or "?"
        print(f"offset={letter.offset} type={kind} id={letter.header('ce_id') or '?'} from={letter.origin_topic} "
              f"consumer={letter.consumer} at={letter.header(dlq.FAILED_AT)} class={letter.header(dlq.REASON_CLASS)}"
              + (f" TRUNCATED (original {letter.header(dlq.ORIGINAL_BYTES)} bytes; not replayable)" if letter.truncated else "")
              + f"\n    reason: {letter.reason}")
    print(f"{len(letters)} dead letter(s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["list", "replay"])
    parser.add_argument("--service", required=True, choices=SERVICES)
    parser.add_argument("--bootstrap", default=None, help="default: WEERBAAR_KAFKA__BOOTSTRAP_SERVERS or 127.0.0.1:19092")
    parser.add_argument("--offset", type=int, action="append", help="dead letter offset to replay (repeatable)")
    parser.add_argument("--all", action="store_true", help="replay every dead letter")
    args = parser.parse_args(argv)
    # Address and credentials (an operator's, e.g. the admin's) from WEERBAAR_KAFKA__*.
    kafka = Settings().kafka
    if args.bootstrap:
        kafka = kafka.model_copy(update={"bootstrap_servers": args.bootstrap})
    if args.command == "list":
        _print(asyncio.run(list_dead_letters(kafka, args.service)))
        return 0
    if not args.all and not args.offset:
        parser.error("replay needs --offset N (repeatable) or --all")
    replayed = asyncio.run(replay(kafka, args.service, None if args.all else set(args.offset)))
    print(f"replayed {len(replayed)} dead letter(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
