"""CPU time a kernel spends per trivial cell, by thread, next to the cell's round trip.

Starts one kernel from its kernelspec, sends 200 cells of `1 + 1` to warm it, then `cells` more,
each after the last one's reply and idle status (as bench_kernel_roundtrip.py does). Around those
cells it reads the CPU time of the kernel process and of each of its threads from /proc (Linux),
and the client's own CPU time; it prints the round trip's median, the wall time per cell, the
process's CPU per cell, the part of it spent by threads that ended during the cells, the client's
CPU per cell, and the threads that took the most (names with their numbers folded, so that the
JIT's compiler threads or a pool's workers add up).

Usage: JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 src/test/python/bench_kernel_cpu.py [kernel] [cells]

kernel: the kernelspec's name, sluice by default; cells: 600 by default.
"""
import collections
import glob
import os
import re
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel

from bench_kernel_roundtrip import round_trip

TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    """(the process's user+system ticks, {thread id: (name, ticks)})."""
    threads = {}
    for task in glob.glob(f"/proc/{pid}/task/*"):
        try:
            with open(task + "/comm") as f:
                name = f.read().strip()
            with open(task + "/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            threads[task.rsplit("/", 1)[1]] = (name, int(fields[11]) + int(fields[12]))
        except OSError:
            pass                                   # the thread ended while being read
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12]), threads


def main():
    kernel = sys.argv[1] if len(sys.argv) > 1 else "sluice"
    cells = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=60)
    try:
        pid = km.provisioner.process.pid
        for _ in range(200):
            round_trip(kc, "1 + 1")
        total0, threads0 = cpu_ticks(pid)
        client0, wall0 = time.process_time(), time.perf_counter()
        samples = [round_trip(kc, "1 + 1") for _ in range(cells)]
        total1, threads1 = cpu_ticks(pid)
        client1, wall1 = time.process_time(), time.perf_counter()
        by_name = collections.Counter()
        for tid, (name, ticks) in threads1.items():
            by_name[re.sub(r"\d+", "N", name)] += ticks - threads0.get(tid, (name, 0))[1]
        per_cell = lambda ticks: ticks * 1000 / TICK / cells
        print(f"{kernel}: {cells} cells of `1 + 1`, median {statistics.median(samples):.2f} ms, "
              f"wall {(wall1 - wall0) * 1000 / cells:.2f} ms per cell; CPU per cell: process "
              f"{per_cell(total1 - total0):.2f} ms (threads that ended during the cells "
              f"{per_cell(total1 - total0 - sum(by_name.values())):.2f}), client {(client1 - client0) * 1000 / cells:.2f} ms")
        print("  by thread: " + ", ".join(f"{name} {per_cell(t):.2f}" for name, t in by_name.most_common(6)))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
