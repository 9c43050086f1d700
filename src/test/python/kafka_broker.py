"""A real single-node Kafka broker on 127.0.0.1 for the notebook tests.

The broker is Apache Kafka's own server (KRaft, broker and controller in one JVM), started from the
project's test class path with dev.sluice.streaming.KafkaBrokerMain, which halts as soon as its
standard input closes: the broker cannot outlive the Python process that started it. Its storage
is formatted with Kafka's storage tool; it listens on free loopback ports; its configuration is a
default single-node broker's (topics are created on first use, as with the Docker image the Kafka
notebook suggests). Every wait is bounded; stop() ends the process by its PID.
"""
import os
import socket
import struct
import subprocess
import tempfile
import time
import uuid
import shutil

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TARGET = os.path.join(ROOT, "target")
CLASSPATH_FILE = os.path.join(TARGET, "test-broker.classpath")
BROKER_MAIN = "dev.sluice.streaming.KafkaBrokerMain"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_classpath():
    """target/test-classes and the test-scope dependencies (Kafka's server among them)."""
    main_class = os.path.join(TARGET, "test-classes", *BROKER_MAIN.split(".")) + ".class"
    if not os.path.exists(main_class):
        raise RuntimeError("%s is missing: build the tests first (mvn -o -DskipTests package)" % main_class)
    pom = os.path.join(ROOT, "pom.xml")
    if not os.path.exists(CLASSPATH_FILE) or os.path.getmtime(CLASSPATH_FILE) < os.path.getmtime(pom):
        cmd = ["mvn", "-B", "-q", "-f", pom, "dependency:build-classpath", "-Dmdep.includeScope=test",
               "-Dmdep.outputFile=" + CLASSPATH_FILE]
        if subprocess.run(cmd + ["-o"], timeout=300).returncode != 0:
            subprocess.run(cmd, timeout=600, check=True)
    with open(CLASSPATH_FILE) as f:
        deps = f.read().strip()
    return os.path.join(TARGET, "test-classes") + os.pathsep + deps


def api_versions_answered(port, timeout=2.0):
    """True when the broker answers a Kafka ApiVersions request (v0) on the port: it serves requests."""
    client = b"sluice-notebook-test"
    body = struct.pack(">hhih", 18, 0, 7, len(client)) + client
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.settimeout(timeout)
            s.sendall(struct.pack(">i", len(body)) + body)
            head = b""
            while len(head) < 10:
                chunk = s.recv(10 - len(head))
                if not chunk:
                    return False
                head += chunk
            size, correlation, error = struct.unpack(">iih", head)
            return size > 6 and correlation == 7 and error == 0
    except OSError:
        return False


class KafkaBroker:
    """Starts with start(), ends with stop(); bootstrap is "127.0.0.1:<port>"."""

    def __init__(self, ready_timeout=120):
        self.ready_timeout = ready_timeout
        self.dir = tempfile.mkdtemp(prefix="sluice-notebook-kafka-")
        self.port = free_port()
        self.controller_port = free_port()
        self.bootstrap = "127.0.0.1:%d" % self.port
        self.config = os.path.join(self.dir, "server.properties")
        self.log_path = os.path.join(self.dir, "broker.log")
        self.process = None
        self.java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"

    def _write_config(self):
        props = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": "1@127.0.0.1:%d" % self.controller_port,
            "listeners": "PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d" % (self.port, self.controller_port),
            "advertised.listeners": "PLAINTEXT://127.0.0.1:%d" % self.port,
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": os.path.join(self.dir, "data"),
            "num.partitions": "1",
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "1",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
        }
        with open(self.config, "w") as f:
            for k, v in props.items():
                f.write("%s=%s\n" % (k, v))

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError as e:
            return "(no log: %s)" % e

    def start(self):
        cp = test_classpath()
        self._write_config()
        jvm = [self.java, "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
               "-Djava.awt.headless=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", cp]
        with open(self.log_path, "ab") as log:
            fmt = subprocess.run(jvm + ["kafka.tools.StorageTool", "format", "-t", str(uuid.uuid4()),
                                        "-c", self.config, "--ignore-formatted"],
                                 stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=120)
        if fmt.returncode != 0:
            raise RuntimeError("formatting the broker's storage failed (%d):\n%s" % (fmt.returncode, self.log_tail()))
        log = open(self.log_path, "ab")
        try:
            # stdin is a pipe that only this process holds: when it closes, the broker halts.
            self.process = subprocess.Popen(jvm + [BROKER_MAIN, self.config], stdin=subprocess.PIPE,
                                            stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the broker exited with %d:\n%s" % (self.process.returncode, self.log_tail()))
            if api_versions_answered(self.port):
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the broker did not answer within %d s:\n%s" % (self.ready_timeout, self.log_tail()))

    def stop(self):
        """Closes the broker's standard input (it halts), then kills it by PID if it is still there."""
        p = self.process
        if p is not None and p.poll() is None:
            try:
                p.stdin.close()
            except OSError:
                pass
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
