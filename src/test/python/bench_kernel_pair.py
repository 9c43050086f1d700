"""Two kernels at once, a trivial cell alternating between them: which of two builds answers faster.

Starts both kernelspecs, runs 30 unmeasured cells of `1 + 1` on each, then N measured cells on each,
taking turns cell by cell (the order swapped every other pair), so that the machine's changes of
speed fall on both alike. A cell's time is `bench_kernel_roundtrip.round_trip`'s: from sending the
execute_request to receiving both its reply and its idle status. Prints, per kernel, the median and
the medians of blocks of 150 cells, then the median of the per-cell ratios (first / second).

Usage: JUPYTER_PATH=<prefix>/share/jupyter /usr/bin/python3 src/test/python/bench_kernel_pair.py A B [cells]

A, B: kernelspec names (install each build's kernelspec under its own name in one prefix).
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_kernel_roundtrip import round_trip  # noqa: E402
from jupyter_client.manager import start_new_kernel  # noqa: E402

BLOCK = 150


def blocks(times):
    return ", ".join(f"{statistics.median(times[j:j + BLOCK]):.1f}" for j in range(0, len(times), BLOCK))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    names = sys.argv[1:3]
    cells = int(sys.argv[3]) if len(sys.argv) > 3 else 600
    kernels = []
    try:
        for name in names:
            kernels.append(start_new_kernel(kernel_name=name, startup_timeout=60))
        for _ in range(30):
            for _, kc in kernels:
                round_trip(kc, "1 + 1")
        times = ([], [])
        for i in range(cells):
            order = (0, 1) if i % 2 == 0 else (1, 0)
            for k in order:
                times[k].append(round_trip(kernels[k][1], "1 + 1"))
        for name, t in zip(names, times):
            print(f"{name}: {cells} cells, median {statistics.median(t):.1f} ms; per {BLOCK} cells: {blocks(t)}")
        ratios = [a / b for a, b in zip(*times)]
        print(f"median per-cell ratio {names[0]} / {names[1]}: {statistics.median(ratios):.3f}")
    finally:
        for km, kc in kernels:
            kc.stop_channels()
            km.shutdown_kernel(now=False)


if __name__ == "__main__":
    main()
