"""A long notebook session through the sluice kernel with a real Jupyter client.

Runs N mixed cells on one kernel: expressions, a record declared again and used, streams created,
printed and stopped with OutputHandle.stop(), latest() queries, and every 50 cells a compile error
and an exception. Measures, per 100 cells, the median round trip (execute_request sent to
execute_reply and idle status received, what a frontend waits for) and the heap in use after a
full GC (`jcmd <pid> GC.run`, then `GC.heap_info`).

Usage: JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 src/test/python/kernel_session_load.py [cells] [--histogram]
(.ci/kernel-e2e.sh installs such a prefix; test_kernel_flat.py runs this with assertions.)
"""
import queue
import re
import statistics
import subprocess
import sys
import time

from jupyter_client.manager import start_new_kernel

TIMEOUT = 120


EXPRESSIONS_ONLY = False


def cell(i):
    """The code of cell i (0-based) and whether it is meant to fail."""
    if EXPRESSIONS_ONLY:
        return f"{i} * 2 + 1", False
    if i % 50 == 48:
        return 'int broken = "not a number";', True               # compile error
    if i % 50 == 49:
        return 'throw new IllegalStateException("boom " + ' + str(i) + ');', True
    k = i % 10
    if k == 0:
        return f"{i} * 2 + 1", False
    if k == 1:
        return "record Reading(String sensor, double value) {}", False
    if k == 2:
        return f'var r = new Reading("s{i}", {i}.5); r', False
    if k == 3:
        return ("var s = ssc.rateStream(200).map(x -> x % 7).countByValue();\n"
                "var h = s.print(3);"), False
    if k == 4:
        return "s.latest().take(3)", False
    if k == 5:
        return "var w = s.map(p -> p.key()).filter(x -> x > 2); var hw = w.foreachRDD(rdd -> rdd.count()); hw.status()", False
    if k == 6:
        return "h.stop(); hw.stop(); h.status()", False
    if k == 7:
        return 'String.join(",", java.util.List.of("a", "b", "c" + ' + str(i) + '))', False
    if k == 8:
        return "ssc.outputs().stream().filter(o -> o.isActive()).count()", False
    return "java.util.stream.IntStream.range(0, 100).sum()", False


class Load:
    def __init__(self):
        self.km, self.kc = start_new_kernel(kernel_name="sluice", startup_timeout=TIMEOUT)
        self.pid = self.km.provisioner.process.pid

    def run(self, code):
        """Runs one cell; returns (round trip in ms, reply content)."""
        start = time.perf_counter()
        msg_id = self.kc.execute(code)
        reply = None
        idle = False
        deadline = time.monotonic() + TIMEOUT
        while reply is None or not idle:
            if time.monotonic() > deadline:
                raise AssertionError(f"no reply and idle within {TIMEOUT} s for {code!r}")
            if reply is None:
                try:
                    msg = self.kc.get_shell_msg(timeout=0.05)
                    if msg["parent_header"].get("msg_id") == msg_id:
                        reply = msg
                except queue.Empty:
                    pass
            while True:
                try:
                    msg = self.kc.get_iopub_msg(timeout=0 if reply is None else 0.05)
                except queue.Empty:
                    break
                if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                        and msg["content"]["execution_state"] == "idle"):
                    idle = True
                    break
        return (time.perf_counter() - start) * 1000, reply["content"]

    def drain_iopub(self):
        while True:
            try:
                self.kc.get_iopub_msg(timeout=0)
            except queue.Empty:
                return

    def heap_after_gc_mb(self):
        """Heap in use after a full GC, in MB (young + old generation, from jcmd GC.heap_info)."""
        subprocess.run(["jcmd", str(self.pid), "GC.run"], check=True, capture_output=True, timeout=60)
        out = subprocess.run(["jcmd", str(self.pid), "GC.heap_info"], check=True, capture_output=True,
                             text=True, timeout=60).stdout
        used = 0
        for line in out.splitlines():
            m = re.search(r"(generation|garbage-first heap)\s+total\s+\d+K,\s+used\s+(\d+)K", line)
            if m:
                used += int(m.group(2))
        if used == 0:
            raise AssertionError("could not read the heap from jcmd GC.heap_info:\n" + out)
        return used / 1024

    def histogram(self, top=25):
        out = subprocess.run(["jcmd", str(self.pid), "GC.class_histogram"], check=True, capture_output=True,
                             text=True, timeout=120).stdout
        return "\n".join(out.splitlines()[:top + 3])

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=False)


def session(cells=1000, per=100, show_histogram=False, log=print):
    """Runs `cells` cells; returns a list of (cells done, heap after GC MB, median ms, p99 ms) per `per` cells,
    with a first row for the heap before the first measured cell."""
    load = Load()
    try:
        # warm up: JShell, the JIT and the context
        for code in ("ssc.start();", "1 + 1", "record Reading(String sensor, double value) {}"):
            ms, content = load.run(code)
            assert content["status"] == "ok", content
        for i in range(20):
            load.run(cell(i % 10)[0])
        load.drain_iopub()
        rows = [(0, load.heap_after_gc_mb(), None, None)]
        log(f"cells    0: heap after GC {rows[0][1]:6.1f} MB")
        times = []
        for i in range(cells):
            code, fails = cell(i)
            ms, content = load.run(code)
            if fails != (content["status"] == "error"):
                raise AssertionError(f"cell {i} {code!r}: status {content['status']}: {content}")
            times.append(ms)
            if (i + 1) % per == 0:
                load.drain_iopub()
                window = sorted(times[-per:])
                row = (i + 1, load.heap_after_gc_mb(), statistics.median(window), window[int(0.99 * (len(window) - 1))])
                rows.append(row)
                log(f"cells {row[0]:4d}: heap after GC {row[1]:6.1f} MB (+{row[1] - rows[-2][1]:5.1f}), "
                    f"round trip median {row[2]:5.1f} ms, p99 {row[3]:6.1f} ms")
                if show_histogram and (i + 1) % (5 * per) == 0:
                    log(load.histogram())
        return rows
    finally:
        load.close()


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 1000
    EXPRESSIONS_ONLY = "--expressions" in sys.argv
    session(n, show_histogram="--histogram" in sys.argv)
