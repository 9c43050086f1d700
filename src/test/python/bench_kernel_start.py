"""Start of a kernel and its first cells, with a real Jupyter client, kernelspecs in turn.

For each round and each kernelspec (the order reversed every other round), measures: the start,
from launching the kernel to the reply to its first kernel_info request (what a frontend waits
for before it runs a cell); then each of the first cells of a small notebook, from execute_request
to the reply and the idle status; then the median of 100 cells of `1 + 1` after them. Prints each
round, then per kernelspec the median and range of the start and of the first cells' total.

Usage: JUPYTER_PATH=<dir>[:<dir>] /usr/bin/python3 src/test/python/bench_kernel_start.py ROUNDS KERNEL [KERNEL ...]
"""
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel

CELLS = [
    "1 + 1",
    "int x = 3;",
    "x * 2",
    "var words = List.of(\"a\", \"bb\", \"a\");",
    "words.stream().collect(Collectors.groupingBy(w -> w, Collectors.counting()))",
    "String twice(String s) { return s + s; }",
    "twice(\"ab\")",
    "System.out.println(x);",
]


def round_trip(kc, code):
    start = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    assert reply["content"]["status"] == "ok", reply
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return (time.perf_counter() - start) * 1000


def one(kernel):
    t0 = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=kernel, startup_timeout=120)
    start = (time.perf_counter() - t0) * 1000
    try:
        first = [round_trip(kc, c) for c in CELLS]
        later = statistics.median(round_trip(kc, "1 + 1") for _ in range(100))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        del kc, km          # the client's finalizer runs now, not at exit, when logging is torn down
    return start, first, later


def main():
    rounds = int(sys.argv[1])
    kernels = sys.argv[2:]
    results = {k: [] for k in kernels}
    for r in range(rounds):
        for k in (kernels if r % 2 == 0 else list(reversed(kernels))):
            start, first, later = one(k)
            results[k].append((start, sum(first), later))
            print(f"round {r + 1} {k}: start {start:.0f} ms, first {len(CELLS)} cells "
                  + " ".join(f"{v:.0f}" for v in first) + f" (total {sum(first):.0f} ms),"
                  + f" then 1 + 1 median {later:.1f} ms", flush=True)
    for k in kernels:
        s = [x[0] for x in results[k]]
        f = [x[1] for x in results[k]]
        l = [x[2] for x in results[k]]
        print(f"{k}: start median {statistics.median(s):.0f} ms ({min(s):.0f}-{max(s):.0f}); first {len(CELLS)} cells"
              f" median {statistics.median(f):.0f} ms ({min(f):.0f}-{max(f):.0f}); later 1 + 1 median"
              f" {statistics.median(l):.1f} ms ({min(l):.1f}-{max(l):.1f})")


if __name__ == "__main__":
    main()
