"""An all-day session stays flat: 1,000 mixed cells through the sluice kernel with a real Jupyter client.

The cells (kernel_session_load.py): expressions, a record declared again and used, streams created,
printed and stopped with OutputHandle.stop(), latest() queries, and every 50 cells a compile error
and an exception. Asserts that
  - the heap in use after a full GC grows by at most 30 MB from before the first measured cell to
    after the last (jcmd GC.run, then GC.heap_info), and
  - the median round trip of the last 100 cells is within 1.3x of the first 100's.
The first window starts after 23 warm-up cells (JShell, the JIT and the running context), and every
window holds the same cycle of cell kinds, so the two medians compare like with like.

Run with /usr/bin/python3 and JUPYTER_PATH pointing at a prefix where the sluice kernelspec is
installed (.ci/kernel-e2e.sh does both). SLUICE_FLAT_CELLS overrides the number of cells.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_session_load as load  # noqa: E402  (found next to this file)

CELLS = int(os.environ.get("SLUICE_FLAT_CELLS", "1000"))
MAX_GROWTH_MB = 30
MAX_RATIO = 1.3


class FlatSessionTest(unittest.TestCase):
    def test_a_thousand_mixed_cells_keep_heap_and_round_trip_flat(self):
        self.assertGreaterEqual(CELLS, 200, "two windows of 100 cells at the least")
        rows = load.session(CELLS, per=100, log=lambda line: print(line, flush=True))
        growth = rows[-1][1] - rows[0][1]
        first, last = rows[1][2], rows[-1][2]
        print(f"heap after GC {rows[0][1]:.1f} -> {rows[-1][1]:.1f} MB (+{growth:.1f}); "
              f"median round trip first 100 {first:.1f} ms, last 100 {last:.1f} ms ({last / first:.2f}x)", flush=True)
        self.assertLessEqual(growth, MAX_GROWTH_MB, f"heap after GC grew {growth:.1f} MB over {CELLS} cells")
        self.assertLessEqual(last / first, MAX_RATIO,
                             f"median round trip of the last 100 cells {last:.1f} ms vs {first:.1f} ms for the first 100")


if __name__ == "__main__":
    unittest.main()
