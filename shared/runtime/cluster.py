"""Kafka as a cluster of local nodes (KRaft, each node broker and controller), from the
same jars as the single broker: ``python -m shared.runtime.stack infra --brokers 3``.

With three nodes every topic has three replicas and ``min.insync.replicas`` 2, so an
acknowledged write (acks=all) is on two nodes at least and one node may die without
losing it or stopping writes. All nodes share one cluster id and one admin password,
kept in the cluster's directory.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from shared.runtime import LOCALHOST, free_ports
from shared.runtime.credentials import admin_settings, load_or_create_admin_password
from shared.runtime.kafka_local import ADMIN_PASSWORD_FILE, DEFAULT_PORT, LocalKafka, broker_answers, new_cluster_id
from shared.settings import KafkaSettings

CLUSTER_ID_FILE = "cluster-id"


def _load_or_create_cluster_id(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    cluster_id = new_cluster_id()
    path.write_text(cluster_id + "\n")
    return cluster_id


class LocalKafkaCluster:
    """``size`` LocalKafka nodes under data_dir/node-<id>; clients on ports[i], controllers on controller_ports[i].

    Without ports given, node i listens on base_port + 2*i (client) and + 1 (controller).
    """

    restartable = True

    def __init__(
        self,
        data_dir: Path,
        size: int = 3,
        ports: list[int] | None = None,
        controller_ports: list[int] | None = None,
        base_port: int = DEFAULT_PORT,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        ports = ports or [base_port + 2 * i for i in range(size)]
        controller_ports = controller_ports or [port + 1 for port in ports]
        quorum = {node: controller_ports[node - 1] for node in range(1, size + 1)}
        self.admin_password = load_or_create_admin_password(self.data_dir / ADMIN_PASSWORD_FILE)
        cluster_id = _load_or_create_cluster_id(self.data_dir / CLUSTER_ID_FILE)
        self.nodes = [
            LocalKafka(
                self.data_dir / f"node-{node}",
                port=ports[node - 1],
                controller_port=quorum[node],
                node_id=node,
                quorum=quorum,
                cluster_id=cluster_id,
                replication=size,
                admin_password=self.admin_password,
            )
            for node in quorum
        ]

    @classmethod
    def on_free_ports(cls, data_dir: Path, size: int = 3) -> LocalKafkaCluster:
        ports = free_ports(2 * size)
        return cls(data_dir, size, ports[:size], ports[size:])

    @property
    def replication(self) -> int:
        return len(self.nodes)

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(node.bootstrap_servers for node in self.nodes)

    @property
    def admin_settings(self) -> KafkaSettings:
        return admin_settings(self.bootstrap_servers, self.admin_password)

    def node(self, node_id: int) -> LocalKafka:
        return self.nodes[node_id - 1]

    def start(self, timeout: float = 90.0) -> None:
        """Launch every node, then wait for each (a KRaft quorum needs a majority before any node answers)."""
        waiting = [node for node in self.nodes if not node.is_running()]
        for node in waiting:
            node.launch()
        for node in waiting:
            node.wait_until_ready(timeout)

    async def start_async(self, timeout: float = 90.0) -> None:
        await asyncio.to_thread(self.start, timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every node at once: stopped one by one, the last ones lose their quorum and
        their controlled shutdown waits for a controller that is gone."""
        with ThreadPoolExecutor(max_workers=len(self.nodes), thread_name_prefix="kafka-stop") as pool:
            list(pool.map(lambda node: node.stop(timeout), self.nodes))

    async def stop_async(self, timeout: float = 30.0) -> None:
        await asyncio.to_thread(self.stop, timeout)

    def stop_orphans(self) -> bool:
        return any([node.stop_orphan() for node in self.nodes])

    def is_running(self) -> bool:
        return all(node.is_running() for node in self.nodes)

    async def answers(self) -> bool:
        return await broker_answers(self.admin_settings)

    def describe(self) -> str:
        return f"{len(self.nodes)} Kafka nodes on {LOCALHOST} ({self.bootstrap_servers})"
