"""Round trip of a trivial cell through the sluice kernel with a real Jupyter client.

Measures, for `1 + 1` (and, to separate the kernel's share, an empty cell and a kernel_info
request), the time from sending execute_request to receiving both the execute_reply
and the idle status of that request (what a frontend waits for). Prints median, p90 and max.

Usage: JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 src/test/python/bench_kernel_roundtrip.py [runs] [kernel] [blocks]

kernel: the kernel spec's name, sluice by default (python3 is ipykernel, for comparison).
blocks: with a number, measures only `1 + 1`, that many blocks of `runs` cells one after the other in
one kernel, and prints each block's median (how a long session's cells change).
"""
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel


def round_trip(kc, code):
    start = time.perf_counter()
    msg_id = kc.kernel_info() if code is None else kc.execute(code)
    while True:                                   # skip replies left from the client's startup
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    assert reply["content"]["status"] == "ok", reply
    while True:                                   # messages of the same request arrive in order
        msg = kc.get_iopub_msg(timeout=30)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return (time.perf_counter() - start) * 1000


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    kernel = sys.argv[2] if len(sys.argv) > 2 else "sluice"
    blocks = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=60)
    try:
        for _ in range(30):
            round_trip(kc, "1 + 1")
        if blocks:
            for b in range(blocks):
                samples = [round_trip(kc, "1 + 1") for _ in range(runs)]
                print(f"cells {30 + b * runs + 1}-{30 + (b + 1) * runs}: median {statistics.median(samples):.1f} ms")
            return
        for label, code in [("cell `1 + 1`", "1 + 1"), ("empty cell (no compilation)", ""),
                            ("kernel_info (protocol only)", None)]:
            samples = sorted(round_trip(kc, code) for _ in range(runs))
            p90 = samples[int(0.9 * (len(samples) - 1))]
            print(f"{label}: {runs} runs, median {statistics.median(samples):.1f} ms, "
                  f"p90 {p90:.1f} ms, min {samples[0]:.1f} ms, max {samples[-1]:.1f} ms")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
