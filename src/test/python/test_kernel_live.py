"""Live outputs, interrupts and shutdown of the sluice kernel, through a real Jupyter client.

- a display keeps updating (update_display_data on one display id) after its cell returned, and
  the updates carry the parent header of the cell that created them, not of the cell running now;
- print() of a stream started by an earlier cell goes to that cell, each batch replacing the last;
- interrupting `while (true) {}` fails only that cell; streams keep running; queued cells of a
  "run all" are aborted; the kernel stays usable;
- a receiver that cannot connect shows one warning in its cell, however often it retries;
- shutdown and restart stop the kernel process by itself (exit status 0).
"""
import queue
import socket
import time
import unittest

from jupyter_client.manager import start_new_kernel

TIMEOUT = 60


class KernelSession:
    """A started kernel plus a message log that keeps every IOPub message seen so far."""

    def __init__(self):
        self.km, self.kc = start_new_kernel(kernel_name="sluice", startup_timeout=TIMEOUT)
        self.iopub = []

    def pump(self, seconds):
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                self.iopub.append(self.kc.get_iopub_msg(timeout=min(left, 0.2)))
            except queue.Empty:
                pass

    def wait_for(self, predicate, seconds=TIMEOUT, what="condition"):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = [m for m in self.iopub if predicate(m)]
            if found:
                return found
            self.pump(0.2)
        raise AssertionError("timed out waiting for " + what)

    def execute(self, code, wait=True, **kw):
        msg_id = self.kc.execute(code, **kw)
        if not wait:
            return msg_id, None
        return msg_id, self.reply(msg_id)

    def reply(self, msg_id, seconds=TIMEOUT):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                msg = self.kc.get_shell_msg(timeout=0.2)
            except queue.Empty:
                self.pump(0)
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                self.wait_for(lambda m: parent(m) == msg_id and m["msg_type"] == "status"
                              and m["content"]["execution_state"] == "idle", what="idle after " + msg_id)
                return msg
        raise AssertionError("no reply to " + msg_id)

    def outputs(self, msg_id, msg_type=None):
        return [m for m in self.iopub if parent(m) == msg_id and (msg_type is None or m["msg_type"] == msg_type)]

    def close(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=False)


def parent(msg):
    return msg["parent_header"].get("msg_id")


def display_id(msg):
    return msg["content"].get("transient", {}).get("display_id")


class LiveOutputTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def test_1_display_keeps_updating_after_its_cell_returned(self):
        k = self.k
        a, reply = k.execute(
            "var ticks = ssc.rateStream(50).name(\"ticks\");\n"
            "var tickCounts = ticks.map(x -> x % 3).countByValue();\n"
            "display(tickCounts);\n"
            "if (ssc.state() != StreamingContextState.ACTIVE) ssc.start();")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        shown = k.outputs(a, "display_data")
        self.assertEqual(len(shown), 1, "display(stream) shows one live view")
        did = display_id(shown[0])
        self.assertTrue(did, "the live view has a display id")
        self.assertIn("text/html", shown[0]["content"]["data"])
        replied = len(k.iopub)

        updates = k.wait_for(lambda m: m["msg_type"] == "update_display_data" and display_id(m) == did
                             and k.iopub.index(m) >= replied and len([
                                 u for u in k.iopub[replied:] if u["msg_type"] == "update_display_data"
                                 and display_id(u) == did]) >= 3,
                             what="three updates of the live view after its cell returned")
        for u in updates:
            self.assertEqual(parent(u), a, "updates keep the parent header of the cell that created the view")
            self.assertIn("<table", u["content"]["data"]["text/html"])

        b, reply = k.execute("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")
        before = len([m for m in k.iopub if m["msg_type"] == "update_display_data" and display_id(m) == did])
        k.wait_for(lambda m: len([u for u in k.iopub if u["msg_type"] == "update_display_data"
                                  and display_id(u) == did]) >= before + 2, what="updates while another cell ran")
        self.assertEqual(k.outputs(b, "update_display_data"), [], "no update goes to the cell that runs now")
        self.assertEqual([m["content"]["data"]["text/plain"] for m in k.outputs(b, "execute_result")], ["2"])

    def test_2_print_of_a_stream_replaces_its_batch_in_the_cell_that_created_it(self):
        k = self.k
        c, reply = k.execute("var printed = ssc.rateStream(20).map(x -> \"tick \" + x).print(1);")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        mark = len(k.iopub)

        def printed():
            return [m for m in k.iopub[mark:] if parent(m) == c and m["msg_type"] in ("display_data", "update_display_data")
                    and "tick " in m["content"]["data"].get("text/plain", "")]

        k.wait_for(lambda m: printed(), what="print() output after its cell returned")
        d, reply = k.execute("int unrelated = 5;")
        k.pump(2.5)
        self.assertFalse([m for m in k.iopub if parent(m) == d and "tick " in str(m["content"])],
                         "batch output does not leak into the cell that runs now")
        blocks = printed()
        self.assertGreaterEqual(len(blocks), 2)
        self.assertEqual(blocks[0]["msg_type"], "display_data", "the first batch is shown")
        self.assertEqual({m["msg_type"] for m in blocks[1:]}, {"update_display_data"}, "later batches replace it")
        self.assertEqual(len({display_id(m) for m in blocks}), 1, "in one display")
        last = blocks[-1]["content"]["data"]["text/plain"]
        self.assertRegex(last, r"^-+\nTime: \d+ ms\n-+\ntick \d+\n\.\.\.$", "one batch, in Spark's format")
        self.assertFalse([m for m in k.outputs(c, "stream") if "tick " in m["content"]["text"]], "no growing text")
        e, reply = k.execute("printed.stop();")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])

    def test_3_interrupt_stops_only_the_running_cell(self):
        k = self.k
        loop, _ = k.execute("while (true) {}", wait=False)
        queued, _ = k.execute("int afterLoop = 1;", wait=False)
        k.wait_for(lambda m: parent(m) == loop and m["msg_type"] == "status"
                   and m["content"]["execution_state"] == "busy", what="the loop to start")
        k.pump(0.5)
        started = time.monotonic()
        k.km.interrupt_kernel()
        reply = k.reply(loop, seconds=10)
        self.assertLess(time.monotonic() - started, 5, "interrupt takes effect promptly")
        self.assertEqual(reply["content"]["status"], "error")
        errors = k.outputs(loop, "error")
        self.assertEqual(len(errors), 1)
        queued_reply = k.reply(queued, seconds=10)
        self.assertEqual(queued_reply["content"]["status"], "aborted", "a run-all stops at the interrupted cell")

        mark = len(k.iopub)
        k.wait_for(lambda m: k.iopub.index(m) >= mark and m["msg_type"] == "update_display_data",
                   what="streams to keep running after the interrupt")
        _, reply = k.execute("afterLoop")
        self.assertEqual(reply["content"]["status"], "error", "the queued cell did not run")
        _, reply = k.execute("ssc.state()")
        self.assertEqual(reply["content"]["status"], "ok")
        state = [m for m in k.iopub if parent(m) == reply["parent_header"]["msg_id"]
                 and m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]
        self.assertIn("ACTIVE", state)

    def test_4_a_receiver_that_cannot_connect_is_one_warning_in_the_cell(self):
        k = self.k
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        # Nothing listens on the port now: the receiver fails to connect and retries with backoff.
        c, reply = k.execute("var unreachable = ssc.socketTextStream(\"127.0.0.1\", %d).foreachRDD(r -> {});" % port)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        expected = "warning: Receiver socket 127.0.0.1:%d: cannot connect" % port

        def warnings():
            text = "".join(m["content"]["text"] for m in k.outputs(c, "stream") if m["content"]["name"] == "stderr")
            return [line for line in text.splitlines() if line.startswith(expected)]

        k.wait_for(lambda m: warnings(), what="the receiver's warning in the cell's stderr")
        k.pump(3)
        _, reply = k.execute("ssc.recentErrors().stream().filter(e -> e.contains(\"127.0.0.1:%d\")).map(e -> e.toString()).findFirst().orElse(\"\")" % port)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        kept = [m for m in k.iopub if parent(m) == reply["parent_header"]["msg_id"]
                and m["msg_type"] == "execute_result"][0]["content"]["data"]["text/plain"]
        self.assertRegex(kept, r"\(\d+ times in a row\)", "the receiver retried, and recentErrors folded the repeats")
        self.assertEqual(len(warnings()), 1, "the retries are shown once")
        _, reply = k.execute("unreachable.stop();")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])


class InputTests(unittest.TestCase):
    def test_reading_system_in_asks_the_frontend(self):
        k = KernelSession()
        try:
            msg_id = k.kc.execute('var in = new java.util.Scanner(System.in);\n'
                                  'System.out.print("name? ");\n'
                                  'String name = in.nextLine();\n'
                                  'System.out.println("hello " + name);', allow_stdin=True)
            request = k.kc.get_stdin_msg(timeout=TIMEOUT)
            self.assertEqual(request["msg_type"], "input_request")
            self.assertEqual(request["parent_header"]["msg_id"], msg_id)
            k.kc.input("world")
            reply = k.reply(msg_id)
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            text = "".join(m["content"]["text"] for m in k.outputs(msg_id, "stream"))
            self.assertEqual(text, "name? hello world\n")

            # Interrupting a cell that waits for input ends it; the kernel stays usable.
            waiting = k.kc.execute("String never = new java.util.Scanner(System.in).nextLine();", allow_stdin=True)
            k.kc.get_stdin_msg(timeout=TIMEOUT)
            k.km.interrupt_kernel()
            reply = k.reply(waiting, seconds=10)
            self.assertEqual(reply["content"]["status"], "error")
            _, reply = k.execute("1 + 1")
            self.assertEqual(reply["content"]["status"], "ok")
        finally:
            k.close()


class LifecycleTests(unittest.TestCase):
    def test_shutdown_and_restart_exit_cleanly(self):
        k = KernelSession()
        try:
            _, reply = k.execute("ssc.rateStream(10).count().print(); ssc.start();")
            self.assertEqual(reply["content"]["status"], "ok", reply["content"])
            first = k.km.provisioner.process
            k.km.restart_kernel(now=False)
            self.assertEqual(first.wait(timeout=30), 0, "the old kernel exited by itself after stopping the context")
            k.kc.wait_for_ready(timeout=TIMEOUT)
            msg_id = k.kc.execute("ssc.state()")
            reply = k.kc.get_shell_msg(timeout=TIMEOUT)
            self.assertEqual(reply["content"]["status"], "ok")
            second = k.km.provisioner.process
            k.kc.stop_channels()
            k.km.shutdown_kernel(now=False)
            self.assertEqual(second.wait(timeout=30), 0, "shutdown exits with status 0")
        finally:
            if k.km.is_alive():
                k.km.shutdown_kernel(now=True)


if __name__ == "__main__":
    unittest.main()
