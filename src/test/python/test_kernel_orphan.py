"""A kernel whose Jupyter server died ends by itself.

A helper process starts the sluice kernel with jupyter_client (as a Jupyter server does), runs a
stream in it, then is killed with SIGKILL, so it cannot shut the kernel down. The kernel must
notice that the process that started it is gone and exit within a bounded time.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time
import unittest

HELPER = textwrap.dedent("""
    import sys, time
    from jupyter_client.manager import start_new_kernel
    km, kc = start_new_kernel(kernel_name="sluice", startup_timeout=60)
    kc.execute_interactive("ssc.rateStream(10).count().print(); ssc.start();", timeout=60)
    print(km.provisioner.process.pid, flush=True)
    time.sleep(600)
""")


def running(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(") ")[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class OrphanTests(unittest.TestCase):
    def test_kernel_exits_when_the_process_that_started_it_is_killed(self):
        helper = subprocess.Popen([sys.executable, "-c", HELPER], stdout=subprocess.PIPE, text=True)
        kernel_pid = None
        try:
            line = helper.stdout.readline()
            self.assertTrue(line.strip().isdigit(), "the helper started a kernel: %r" % line)
            kernel_pid = int(line)
            self.assertTrue(running(kernel_pid))
            helper.send_signal(signal.SIGKILL)
            helper.wait(timeout=10)
            deadline = time.monotonic() + 30
            while running(kernel_pid) and time.monotonic() < deadline:
                time.sleep(0.2)
            self.assertFalse(running(kernel_pid), "the orphaned kernel is still running 30 s after its server died")
        finally:
            if helper.poll() is None:
                helper.kill()
                helper.wait(timeout=10)
            if kernel_pid is not None and running(kernel_pid):
                os.kill(kernel_pid, signal.SIGKILL)


if __name__ == "__main__":
    unittest.main()
