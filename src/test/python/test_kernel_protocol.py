"""The Jupyter protocol conformance suite (jupyter_kernel_test) plus Sluice's own protocol checks.

Run with /usr/bin/python3 and JUPYTER_PATH pointing at a prefix where the sluice kernelspec is
installed (.ci/kernel-e2e.sh does both).
"""
import unittest

import jupyter_kernel_test as jkt
from jupyter_client.utils import run_sync

TIMEOUT = 60


class SluiceKernelTests(jkt.KernelTests):
    kernel_name = "sluice"
    language_name = "java"
    file_extension = ".jsh"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("something went wrong");'
    code_generate_error = 'throw new IllegalStateException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"spark".toUpperCase()', "result": '"SPARK"'},
        {"code": "ssc.parallelize(List.of(1, 2, 3))", "mime": "text/html"},
    ]
    code_display_data = [
        {"code": "display(ssc.parallelize(List.of(\"a\", \"b\")));", "mime": "text/html"},
    ]
    code_history_pattern = "6*"
    supported_history_operations = ("tail", "range", "search")
    completion_samples = [
        {"text": "String.valueO", "matches": {"valueOf("}},
    ]
    complete_code_samples = ["1 + 1;", "int x = 1;", "System.out.println(1);", "6 * 7"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "int y = (1 +", "String s = \"a\" +"]
    invalid_code_samples = ["int x = 1; )", "}}"]
    code_inspect_sample = "Math.max"
    code_page_something = "Math.max?"
    code_clear_output = 'System.out.println("soon gone"); clearOutput(false);'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The first execution warms the JIT and JShell; do it before the timed suite.
        cls.kc.execute_interactive("1", timeout=TIMEOUT, output_hook=lambda msg: None)

    def execute(self, code, **kw):
        return self.execute_helper(code, timeout=TIMEOUT, **kw)

    def execute_helper(self, code, timeout=TIMEOUT, silent=False, store_history=True, stop_on_error=True):
        """Runs one request and returns its reply and the IOPub messages it caused, up to its idle status.

        Same checks as the suite's own helper (reply, then busy, then outputs, then idle, all with the
        request as parent), but it waits up to `timeout` for each IOPub message instead of 0.1 s, a
        wait a loaded 2-core machine can exceed between the reply and the last output or idle.
        """
        msg_id = self.kc.execute(code=code, silent=silent, store_history=store_history,
                                 stop_on_error=stop_on_error)
        reply = self.get_non_kernel_info_reply(timeout=timeout)
        jkt.validate_message(reply, "execute_reply", msg_id)
        get = run_sync(self.kc.iopub_channel.get_msg)
        busy = get(timeout=timeout)
        jkt.validate_message(busy, "status", msg_id)
        self.assertEqual(busy["content"]["execution_state"], "busy")
        outputs = []
        while True:
            msg = get(timeout=timeout)
            jkt.validate_message(msg, msg["msg_type"], msg_id)
            if msg["msg_type"] == "status":
                self.assertEqual(msg["content"]["execution_state"], "idle")
                return reply, outputs
            if msg["msg_type"] == "execute_input":
                self.assertEqual(msg["content"]["code"], code)
            else:
                outputs.append(msg)

    def test_sluice_execution_count(self):
        self.flush_channels()
        reply, _ = self.execute("int a = 1;")
        first = reply["content"]["execution_count"]
        reply, _ = self.execute("int b = 2;")
        self.assertEqual(reply["content"]["execution_count"], first + 1)
        reply, outputs = self.execute("int c = 3;", store_history=False)
        self.assertEqual(reply["content"]["execution_count"], first + 1, "store_history=False keeps the count")
        reply, outputs = self.execute("a + b + c", silent=True)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["execution_count"], first + 1, "silent keeps the count")
        self.assertEqual(outputs, [], "silent publishes no output")
        reply, outputs = self.execute("a + b + c")
        self.assertEqual(reply["content"]["execution_count"], first + 2)
        result = [m for m in outputs if m["msg_type"] == "execute_result"][0]
        self.assertEqual(result["content"]["execution_count"], first + 2)
        self.assertEqual(result["content"]["data"]["text/plain"], "6")

    def test_sluice_error_is_readable_and_kernel_survives(self):
        self.flush_channels()
        reply, outputs = self.execute('Integer.parseInt("x1");')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "NumberFormatException")
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        text = "\n".join(errors[0]["content"]["traceback"])
        self.assertIn("x1", text)
        self.assertNotIn("jdk.internal", text, "the traceback is trimmed to the user's code")
        reply, outputs = self.execute("int undefinedUse = nope + 1;")
        self.assertEqual(reply["content"]["status"], "error")
        text = "\n".join([m for m in outputs if m["msg_type"] == "error"][0]["content"]["traceback"])
        self.assertIn("nope", text)
        reply, outputs = self.execute("40 + 2")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_sluice_inspect_has_javadoc(self):
        self.flush_channels()
        msg_id = self.kc.inspect("ssc.parallelize", cursor_pos=len("ssc.paral"))
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        jkt.validate_message(reply, "inspect_reply", msg_id)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("parallelize", reply["content"]["data"]["text/plain"])

    def test_sluice_rdd_and_stream_render_html(self):
        self.flush_channels()
        reply, outputs = self.execute('ssc.parallelize(List.of("x", "y")).mapToPair(s -> Pair.of(s, 1))')
        self.assertEqual(reply["content"]["status"], "ok")
        data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIn("<table", data["text/html"])
        self.assertIn("<th", data["text/html"])
        self.assertIn("x", data["text/plain"])
        reply, outputs = self.execute("var rq = new java.util.concurrent.ConcurrentLinkedQueue<List<Integer>>(); ssc.queueStream(rq).map(i -> i * 2)")
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        data = [m for m in outputs if m["msg_type"] == "execute_result"][0]["content"]["data"]
        self.assertIn("text/html", data)

    def test_sluice_every_reply_has_status(self):
        self.flush_channels()
        for send, name in [
            (lambda: self.kc.kernel_info(), "kernel_info_reply"),
            (lambda: self.kc.comm_info(), "comm_info_reply"),
            (lambda: self.kc.is_complete("1"), "is_complete_reply"),
            (lambda: self.kc.complete("Sys"), "complete_reply"),
            (lambda: self.kc.inspect("xyzzy"), "inspect_reply"),
            (lambda: self.kc.history(hist_access_type="tail", n=2), "history_reply"),
        ]:
            msg_id = send()
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            jkt.validate_message(reply, name, msg_id)
            self.assertIn("status", reply["content"])


if __name__ == "__main__":
    unittest.main()
