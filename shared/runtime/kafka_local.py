"""Apache Kafka nodes (KRaft, broker+controller in one JVM each) without Docker.

The broker's jars come from Maven Central through ``mvn dependency:copy-dependencies``
once per version into ``~/.cache/weerbaar/kafka/<version>/libs``; after that a
start is "format the store if new, launch java, wait for a metadata answer",
which takes a few seconds.

Every broker authenticates its clients (SASL/SCRAM-SHA-512) and authorizes them with
KRaft's StandardAuthorizer; the ``admin`` super user is created when the storage is
formatted (``--add-scram``), with a password kept in the data dir (mode 0600), and
sets up everyone else (``shared.ops.kafka_access``). The controller listener uses
SASL/PLAIN with the same admin, so no port of the broker is open to anonymous clients.
One node is the default; ``shared.runtime.cluster`` runs three.

CLI (for humans and for cleaning up an orphan broker)::

    python -m shared.runtime.kafka_local fetch
    python -m shared.runtime.kafka_local start --port 19092 --data-dir .weerbaar/kafka
    python -m shared.runtime.kafka_local stop --data-dir .weerbaar/kafka
    python -m shared.runtime.kafka_local check     # java 17+ and mvn (or cached jars) present?
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from shared.runtime import (
    LOCALHOST,
    die_with_parent,
    interrupt_on_signals,
    kill_process_group,
    log_tail,
    pid_alive,
    process_cmdline,
    require_free_port,
    run_blocking,
    terminate_process_group,
)
from shared.ops.kafka_access import ADMIN
from shared.runtime.credentials import admin_settings, load_or_create_admin_password
from shared.runtime.errors import ProcessStartError, RuntimeSetupError, ToolMissingError
from shared.settings import KafkaSettings

DEFAULT_VERSION = "4.1.1"
DEFAULT_PORT = 19092
DEFAULT_HEAP = ("-Xmx512m", "-Xms256m")
# Tuned for start-up time on small machines, where the broker is restarted often
# (tests) and carries little load: C1-only JIT starts ~2 s faster per start, and
# the serial collector needs no extra GC threads on 2 cores.
DEFAULT_JVM_OPTIONS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.awt.headless=true")
# Kafka 4.1 itself logs through log4j2 2.24.3 but pulls in only slf4j-api 1.7.36,
# so without this bridge every slf4j logger (most of the broker) goes to NOP.
LOG4J_VERSION = "2.24.3"
LOG4J_CONFIG = Path(__file__).with_name("kafka-log4j2.properties")
PID_FILE = "kafka.pid"
STDOUT_LOG = "kafka-stdout.log"
BROKER_LOG = "broker.log"
JARS_READY_MARKER = ".complete"
MAIN_CLASS = "kafka.Kafka"
ADMIN_PASSWORD_FILE = "admin-password"
# Written next to meta.properties once the storage is formatted with the admin's SCRAM credentials.
SECURED_MARKER = ".weerbaar-sasl"

JAVA_MISSING = "Java 17+ not found on PATH: install a JDK (apt-get install openjdk-17-jre-headless) or set JAVA_HOME"
MVN_MISSING = "Maven (mvn) not found on PATH: it fetches the Kafka jars once; install it (apt-get install maven)"


def default_cache_dir(version: str = DEFAULT_VERSION) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "weerbaar" / "kafka" / version


def find_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise ToolMissingError(JAVA_MISSING)
    return java


def java_major_version(java: str) -> int:
    """17 for 'openjdk version "17.0.15"', 8 for the old '"1.8.0_292"' scheme; 0 if unreadable."""
    result = subprocess.run([java, "-version"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    quoted = (result.stderr + result.stdout).split('"')
    if len(quoted) < 2:
        return 0
    parts = quoted[1].split(".")
    major = parts[1] if parts[0] == "1" and len(parts) > 1 else parts[0]
    return int(major) if major.isdigit() else 0


def new_cluster_id() -> str:
    """Same format as Kafka's Uuid.randomUuid(): url-safe base64 of 16 bytes, no padding.

    Generating it here saves a JVM start. Kafka re-rolls ids starting with '-'
    because they look like command-line flags; so do we.
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).rstrip(b"=").decode()
        if not cluster_id.startswith("-"):
            return cluster_id


def _pom(version: str) -> str:
    dependencies = [
        ("org.apache.kafka", "kafka_2.13", version),
        ("org.apache.logging.log4j", "log4j-slf4j-impl", LOG4J_VERSION),
        ("org.apache.logging.log4j", "log4j-core", LOG4J_VERSION),
    ]
    rendered = "\n".join(
        f"    <dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
        for g, a, v in dependencies
    )
    return f"""<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>weerbaar.local</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>{version}</version>
  <packaging>pom</packaging>
  <dependencies>
{rendered}
  </dependencies>
</project>
"""


class LocalKafka:
    """One Kafka process listening on 127.0.0.1:port, its data under data_dir.

    Usable as a context manager. Stopping and starting again keeps topics, offsets
    and credentials: that is how tests take "Kafka down" and bring it back.

    Alone it is a single-node cluster. As a member of a cluster (``shared.runtime.cluster``)
    it gets its node id, the controller quorum (node id -> controller port), the cluster
    id, the replication its internal topics need, and the admin password all nodes share.
    """

    restartable = True  # see stack.ExternalKafka, the one broker kind that is not

    def __init__(
        self,
        data_dir: Path,
        port: int = DEFAULT_PORT,
        controller_port: int | None = None,
        version: str = DEFAULT_VERSION,
        cache_dir: Path | None = None,
        heap: tuple[str, ...] = DEFAULT_HEAP,
        jvm_options: tuple[str, ...] = DEFAULT_JVM_OPTIONS,
        node_id: int = 1,
        quorum: dict[int, int] | None = None,
        cluster_id: str | None = None,
        replication: int = 1,
        admin_password: str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.controller_port = controller_port if controller_port is not None else port + 1
        self.version = version
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir(version)
        self.heap = heap
        self.jvm_options = jvm_options
        self.node_id = node_id
        self.quorum = quorum or {node_id: self.controller_port}
        self.cluster_id = cluster_id
        self.replication = replication
        self._admin_password = admin_password
        self._process: subprocess.Popen[bytes] | None = None

    # -- paths and credentials -------------------------------------------------

    @property
    def bootstrap_servers(self) -> str:
        return f"{LOCALHOST}:{self.port}"

    @property
    def admin_password(self) -> str:
        if self._admin_password is None:
            self._admin_password = load_or_create_admin_password(self.data_dir / ADMIN_PASSWORD_FILE)
        return self._admin_password

    @property
    def admin_settings(self) -> KafkaSettings:
        """How the admin (super user) reaches this broker."""
        return admin_settings(self.bootstrap_servers, self.admin_password)

    @property
    def libs_dir(self) -> Path:
        return self.cache_dir / "libs"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "kraft-combined-logs"

    @property
    def config_file(self) -> Path:
        return self.data_dir / "server.properties"

    @property
    def pid_file(self) -> Path:
        return self.data_dir / PID_FILE

    @property
    def stdout_log(self) -> Path:
        return self.data_dir / STDOUT_LOG

    @property
    def broker_log(self) -> Path:
        return self.data_dir / BROKER_LOG

    # -- jars ------------------------------------------------------------------

    def ensure_jars(self) -> Path:
        """Resolve Kafka's jars with Maven once; later calls return at once."""
        marker = self.libs_dir / JARS_READY_MARKER
        if marker.exists():
            return self.libs_dir
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ToolMissingError(MVN_MISSING)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        # Two first-time starts at once (a test run beside `make up`) must not fill one libs dir together.
        with open(self.cache_dir / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not marker.exists():
                self._fetch_jars(mvn, marker)
        return self.libs_dir

    def _fetch_jars(self, mvn: str, marker: Path) -> None:
        (self.cache_dir / "pom.xml").write_text(_pom(self.version))
        # A half-filled libs dir from an interrupted run could mix versions: start clean.
        shutil.rmtree(self.libs_dir, ignore_errors=True)
        print(f"Fetching Kafka {self.version} jars with Maven (once, ~1 min) ...", file=sys.stderr)
        result = subprocess.run(
            [
                mvn,
                "-q",
                "-B",
                "dependency:copy-dependencies",
                f"-DoutputDirectory={self.libs_dir}",
                "-DincludeScope=runtime",
            ],
            cwd=self.cache_dir,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            tail = "\n".join((result.stdout + result.stderr).splitlines()[-30:])
            raise RuntimeSetupError(f"mvn could not fetch the Kafka jars (is Maven Central reachable?):\n{tail}")
        marker.write_text(self.version + "\n")

    def check_tools(self) -> None:
        """Raise ToolMissingError (one line: what to install) unless start() could work."""
        java = find_java()
        if java_major_version(java) < 17:
            raise ToolMissingError(JAVA_MISSING.replace("not found on PATH", f"needed, {java} is older"))
        if not (self.libs_dir / JARS_READY_MARKER).exists() and shutil.which("mvn") is None:
            raise ToolMissingError(MVN_MISSING)

    # -- lifecycle ---------------------------------------------------------------

    def start(self, timeout: float = 60.0) -> None:
        """Start the broker and return once it answers a metadata request."""
        if self.is_running():
            return
        self.launch()
        self.wait_until_ready(timeout)

    def launch(self) -> None:
        """Format the storage if new and start the process, without waiting for it to serve.

        A cluster launches all its nodes first (from one long-lived thread: the process
        dies with the thread that started it) and then waits: no node answers before
        a majority of the controllers runs.
        """
        java = find_java()
        self.ensure_jars()
        self.stop_orphan()
        require_free_port(self.port, "the Kafka broker")
        require_free_port(self.controller_port, "the Kafka controller")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._refuse_unsecured_storage()
        self._write_config()
        self._format_storage_once(java)
        self._launch(java)

    async def start_async(self, timeout: float = 60.0) -> None:
        await asyncio.to_thread(self.start, timeout)

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM (Kafka shuts down cleanly in seconds), SIGKILL after timeout."""
        if self._process is not None:
            terminate_process_group(self._process.pid, timeout)
            self._process.wait()
            self._process = None
        self.stop_orphan(timeout)

    async def stop_async(self, timeout: float = 30.0) -> None:
        await asyncio.to_thread(self.stop, timeout)

    def kill(self) -> None:
        """SIGKILL, as a crash would: no clean shutdown; start() brings it back on the same data."""
        if self._process is not None:
            kill_process_group(self._process.pid)
            self._process.wait()
            self._process = None
        self.pid_file.unlink(missing_ok=True)

    def restart(self, timeout: float = 60.0) -> None:
        self.stop()
        self.start(timeout)

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    # -- as a supervised child (shared.runtime.supervisor) ----------------------------

    @property
    def name(self) -> str:
        return "kafka" if len(self.quorum) == 1 else f"kafka-{self.node_id}"

    def exit_code(self) -> int | None:
        """None while running (or never started); the exit status once the process ended (reaped here)."""
        return None if self._process is None else self._process.poll()

    def log_tail(self) -> str:
        return self._startup_log_tail()

    def stop_orphan(self, timeout: float = 30.0) -> bool:
        """Stop a broker left running on this data dir by an earlier process (pid file)."""
        pid = self._recorded_pid()
        if pid is None:
            return False
        stopped = pid_alive(pid) and self._is_our_broker(pid)
        if stopped:
            terminate_process_group(pid, timeout)
        self.pid_file.unlink(missing_ok=True)
        return stopped

    def __enter__(self) -> LocalKafka:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- internals ---------------------------------------------------------------

    def _recorded_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None

    def _is_our_broker(self, pid: int) -> bool:
        # Guards against the pid having been reused by an unrelated process.
        cmdline = process_cmdline(pid)
        return MAIN_CLASS in cmdline and str(self.config_file) in cmdline

    def _refuse_unsecured_storage(self) -> None:
        if (self.log_dir / "meta.properties").exists() and not (self.log_dir / SECURED_MARKER).exists():
            raise RuntimeSetupError(
                f"The Kafka data in {self.data_dir} was made before brokers required authentication "
                f"and has no admin credentials: remove it (rm -rf {self.data_dir}) and start again"
            )

    def _write_config(self) -> None:
        # Holds the admin password (JAAS): readable by us only.
        descriptor = os.open(self.config_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(_server_properties(self))

    def _format_storage_once(self, java: str) -> None:
        if (self.log_dir / "meta.properties").exists():
            return
        result = subprocess.run(
            [
                java,
                *self.heap,
                *self.jvm_options,
                *self._log4j_flags(),
                "-cp",
                self._classpath(),
                "kafka.tools.StorageTool",
                "format",
                "-t",
                self.cluster_id or new_cluster_id(),
                "-c",
                str(self.config_file),
                "--ignore-formatted",
                "--add-scram",
                f"SCRAM-SHA-512=[name={ADMIN},password={self.admin_password}]",
            ],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
        )
        if result.returncode != 0:
            raise ProcessStartError(f"Formatting the Kafka storage failed:\n{result.stdout}{result.stderr}")
        (self.log_dir / SECURED_MARKER).write_text("SCRAM-SHA-512 admin\n")

    def _launch(self, java: str) -> None:
        command = [
            java,
            *self.heap,
            *self.jvm_options,
            *self._log4j_flags(),
            "-cp",
            self._classpath(),
            MAIN_CLASS,
            str(self.config_file),
        ]
        with open(self.stdout_log, "ab") as out:
            # Own session: Ctrl-C in the terminal must not reach the broker before
            # the services that use it have stopped.
            self._process = subprocess.Popen(
                command,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.data_dir,
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGTERM),
            )
        self.pid_file.write_text(f"{self._process.pid}\n")

    def _classpath(self) -> str:
        return str(self.libs_dir / "*")

    def _log4j_flags(self) -> list[str]:
        return [
            f"-Dlog4j2.configurationFile={LOG4J_CONFIG}",
            f"-Dkafka.logs.dir={self.data_dir}",
        ]

    def wait_until_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.is_running():
                self._process = None
                raise ProcessStartError(f"Kafka exited during start-up. Log tail:\n{self._startup_log_tail()}")
            if run_blocking(lambda: broker_answers(self.admin_settings)):
                return
            time.sleep(0.2)
        tail = self._startup_log_tail()  # before stopping: the shutdown's lines would hide why it did not answer
        self.stop()
        raise ProcessStartError(f"Kafka did not answer on {self.bootstrap_servers} within {timeout:.0f}s. Log tail:\n{tail}")

    def _startup_log_tail(self) -> str:
        return f"{log_tail(self.stdout_log, 20)}\n--- {self.broker_log} ---\n{log_tail(self.broker_log, 30)}"


def _server_properties(kafka: LocalKafka) -> str:
    return "".join(f"{key}={value}\n" for key, value in server_settings(kafka).items())


def server_settings(kafka: LocalKafka) -> dict[str, str]:
    voters = ",".join(f"{node}@{LOCALHOST}:{port}" for node, port in sorted(kafka.quorum.items()))
    replicas = str(kafka.replication)
    min_isr = str(min(2, kafka.replication))  # with 3 replicas an acknowledged write is on 2 at least
    return {
        "process.roles": "broker,controller",
        "node.id": str(kafka.node_id),
        "controller.quorum.voters": voters,
        "listeners": f"CLIENT://{LOCALHOST}:{kafka.port},CONTROLLER://{LOCALHOST}:{kafka.controller_port}",
        "advertised.listeners": f"CLIENT://{LOCALHOST}:{kafka.port}",
        "controller.listener.names": "CONTROLLER",
        "inter.broker.listener.name": "CLIENT",
        "listener.security.protocol.map": "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
        **security_settings(kafka.admin_password),
        "log.dirs": str(kafka.log_dir),
        "offsets.topic.replication.factor": replicas,
        "offsets.topic.num.partitions": "10",
        "transaction.state.log.replication.factor": replicas,
        "transaction.state.log.min.isr": min_isr,
        "transaction.state.log.num.partitions": "4",
        "share.coordinator.state.topic.replication.factor": replicas,
        "share.coordinator.state.topic.min.isr": min_isr,
        "default.replication.factor": replicas,
        "min.insync.replicas": min_isr,
        # Consumers join at once instead of after the default 3 s grace period.
        "group.initial.rebalance.delay.ms": "0",
        # Topics are declared in shared.contract.topics; a typo must fail, not create a topic.
        "auto.create.topics.enable": "false",
        "num.partitions": "1",
        "log.retention.hours": "168",
    }


def security_settings(admin_password: str) -> dict[str, str]:
    """Authentication and authorization: SCRAM for clients and between brokers, PLAIN (a
    static admin) towards the controllers, whose SCRAM store is what they serve; ACLs decide
    the rest, and what no ACL allows is refused."""
    scram_login = (
        f"org.apache.kafka.common.security.scram.ScramLoginModule required "
        f'username="{ADMIN}" password="{admin_password}";'
    )
    plain_login = (
        f"org.apache.kafka.common.security.plain.PlainLoginModule required "
        f'username="{ADMIN}" password="{admin_password}" user_{ADMIN}="{admin_password}";'
    )
    return {
        "sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "sasl.mechanism.inter.broker.protocol": "SCRAM-SHA-512",
        "sasl.mechanism.controller.protocol": "PLAIN",
        "listener.name.client.sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "listener.name.client.scram-sha-512.sasl.jaas.config": scram_login,
        "listener.name.controller.sasl.enabled.mechanisms": "PLAIN",
        "listener.name.controller.plain.sasl.jaas.config": plain_login,
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users": f"User:{ADMIN}",
        "allow.everyone.if.no.acl.found": "false",
    }


async def broker_answers(settings: KafkaSettings, timeout: float = 2.0) -> bool:
    """True when a broker there authenticates us and answers a metadata request listing itself.

    A TCP connect is not enough: the port opens before the broker has joined the
    KRaft quorum and can serve clients.
    """
    from aiokafka import AIOKafkaClient  # local import: the module must load without aiokafka

    from shared.messaging.kafka_clients import client_options

    if not await _accepts_connections(settings.bootstrap_servers, timeout):
        return False  # checked first so aiokafka does not log a connect error per try
    client = AIOKafkaClient(
        **client_options(settings),
        request_timeout_ms=int(timeout * 1000),
        client_id="weerbaar-runtime-probe",
    )
    try:
        await asyncio.wait_for(client.bootstrap(), timeout)
        return len(client.cluster.brokers()) > 0
    except Exception:
        return False
    finally:
        await client.close()


async def _accepts_connections(bootstrap_servers: str, timeout: float) -> bool:
    host, _, port = bootstrap_servers.split(",")[0].rpartition(":")
    try:
        _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), timeout)
    except (TimeoutError, OSError):
        return False
    writer.close()
    return True


# -- CLI -------------------------------------------------------------------------


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m shared.runtime.kafka_local",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=["start", "stop", "fetch", "check"])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--data-dir", type=Path, default=Path(".weerbaar/kafka"))
    parser.add_argument("--version", default=DEFAULT_VERSION)
    return parser.parse_args(argv)


def _serve_until_interrupted(kafka: LocalKafka) -> None:
    interrupt_on_signals()
    kafka.start()
    print(
        f"Kafka {kafka.version} ready on {kafka.bootstrap_servers} (logs: {kafka.broker_log}); "
        f"admin password in {kafka.data_dir / ADMIN_PASSWORD_FILE}; Ctrl-C stops it"
    )
    try:
        while kafka.is_running():
            time.sleep(0.5)
        print(f"Kafka exited. Log tail:\n{log_tail(kafka.broker_log)}", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        kafka.stop()


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    kafka = LocalKafka(data_dir=args.data_dir, port=args.port, version=args.version)
    try:
        if args.command == "check":
            kafka.check_tools()
        elif args.command == "fetch":
            print(kafka.ensure_jars())
        elif args.command == "stop":
            stopped = kafka.stop_orphan()
            print("Kafka stopped" if stopped else f"No running Kafka recorded in {kafka.data_dir}")
        else:
            _serve_until_interrupted(kafka)
    except RuntimeSetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
