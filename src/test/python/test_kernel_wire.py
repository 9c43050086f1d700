"""Raw ZeroMQ messages against the running sluice kernel: no message can confuse it.

Each case sends one bad message from client A on the shell (or control) socket, then checks that
  - A gets no reply when the message must be dropped, or an error reply when it is a signed request
    with a missing or mistyped field,
  - the next valid request, from another client B, is answered at once (a dropped message must not
    take B's frames),
  - nothing ran that should not have (every executing bad message would run `hits++`; `hits` is
    read back at the end), and the kernel is alive.

Run with /usr/bin/python3 and JUPYTER_PATH pointing at a prefix where the sluice kernelspec is
installed (.ci/kernel-e2e.sh does both).
"""
import hashlib
import hmac
import json
import os
import time
import unittest
import uuid

import zmq
from jupyter_client.manager import start_new_kernel

TIMEOUT = 60
PROMPT = 10          # seconds within which a valid request after a bad message must be answered
QUIET = 1.0          # seconds a dropped message is watched for a (wrong) reply
DELIM = b"<IDS|MSG>"


class RawClient:
    """A DEALER socket speaking the wire protocol by hand."""

    def __init__(self, ctx, url, key, session=None):
        self.sock = ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.connect(url)
        self.key = key
        self.session = session or uuid.uuid4().hex

    def sign(self, parts):
        mac = hmac.new(self.key, digestmod=hashlib.sha256)
        for p in parts:
            mac.update(p)
        return mac.hexdigest().encode()

    def parts(self, msg_type, content, header=None):
        h = header or {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": self.session,
                       "username": "wire-test", "date": "2026-01-01T00:00:00.000000Z", "version": "5.3"}
        enc = lambda o: o if isinstance(o, bytes) else json.dumps(o).encode()
        return h["msg_id"] if isinstance(h, dict) else None, [enc(h), b"{}", b"{}", enc(content)]

    def request(self, msg_type, content):
        """A correctly signed message; returns (msg_id, frames)."""
        msg_id, parts = self.parts(msg_type, content)
        return msg_id, [DELIM, self.sign(parts)] + parts

    def send(self, frames):
        self.sock.send_multipart(frames)

    def recv(self, timeout):
        if self.sock.poll(int(timeout * 1000)) == 0:
            return None
        frames = self.sock.recv_multipart()
        i = frames.index(DELIM)
        return {"header": json.loads(frames[i + 2]), "parent_header": json.loads(frames[i + 3]),
                "content": json.loads(frames[i + 5])}

    def reply_to(self, msg_id, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg = self.recv(deadline - time.monotonic())
            if msg is not None and msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None

    def close(self):
        self.sock.close()


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS for " + str(pid))


class WireProtocolTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="sluice", startup_timeout=TIMEOUT)
        info = cls.km.get_connection_info()
        cls.key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
        cls.shell_url = f"tcp://{info['ip']}:{info['shell_port']}"
        cls.control_url = f"tcp://{info['ip']}:{info['control_port']}"
        cls.ctx = zmq.Context()
        cls.expected_hits = 0
        reply = cls.kc.execute_interactive("int hits = 0;", timeout=TIMEOUT, output_hook=lambda m: None)
        assert reply["content"]["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=False)
        cls.ctx.term()

    def setUp(self):
        self.a = RawClient(self.ctx, self.shell_url, self.key)
        self.b = RawClient(self.ctx, self.shell_url, self.key)
        self.ca = RawClient(self.ctx, self.control_url, self.key)
        self.cb = RawClient(self.ctx, self.control_url, self.key)
        # Make sure both clients are connected before the case starts.
        for c in (self.a, self.b, self.ca, self.cb):
            self.assert_answered(c)

    def tearDown(self):
        for c in (self.a, self.b, self.ca, self.cb):
            c.close()

    # ------------------------------------------------------------------ helpers

    def assert_answered(self, client, within=TIMEOUT):
        msg_id, frames = client.request("kernel_info_request", {})
        client.send(frames)
        reply = client.reply_to(msg_id, within)
        self.assertIsNotNone(reply, f"no kernel_info_reply within {within} s")
        self.assertEqual(reply["content"]["status"], "ok")
        return reply

    def assert_dropped_then_next_answered(self, bad_sender, frames, good_sender, what):
        bad_sender.send(frames)
        start = time.monotonic()
        self.assert_answered(good_sender, within=PROMPT)
        took = time.monotonic() - start
        self.assertLess(took, PROMPT, f"after {what}, another client's request waited {took:.1f} s")
        self.assertIsNone(bad_sender.recv(QUIET), f"{what} got a reply; it should be dropped")

    def assert_error_reply(self, client, msg_type, content, reply_type, needle):
        msg_id, frames = client.request(msg_type, content)
        client.send(frames)
        reply = client.reply_to(msg_id, TIMEOUT)
        self.assertIsNotNone(reply, f"no reply to {msg_type} {content}")
        self.assertEqual(reply["header"]["msg_type"], reply_type)
        self.assertEqual(reply["content"]["status"], "error", reply["content"])
        self.assertEqual(reply["content"]["ename"], "BadRequest", reply["content"])
        self.assertIn(needle, reply["content"]["evalue"])
        self.assertNotIn("NullPointerException", json.dumps(reply["content"]))
        return reply

    def hits(self):
        reply = self.kc.execute_interactive("hits", timeout=TIMEOUT, output_hook=lambda m: None)
        self.assertEqual(reply["content"]["status"], "ok")
        msgs = []
        msg_id = self.kc.execute("System.out.println(\"hits=\" + hits);")
        while True:
            m = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "stream":
                msgs.append(m["content"]["text"])
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        self.kc.get_shell_msg(timeout=TIMEOUT)
        text = "".join(msgs)
        self.assertIn("hits=", text)
        return int(text.split("hits=")[1].split()[0])

    def assert_alive_and_hits(self):
        self.assertTrue(self.km.is_alive())
        self.assertEqual(self.hits(), type(self).expected_hits, "a bad message ran code")

    def run_hits(self):
        return self.a.request("execute_request", {"code": "hits++;", "silent": False, "store_history": True,
                                                  "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})

    # ------------------------------------------------------------------ dropped messages

    def test_wrong_and_empty_signatures_are_dropped_on_shell_and_control(self):
        for sender, other, where in ((self.a, self.b, "shell"), (self.ca, self.cb, "control")):
            _, frames = sender.request("execute_request", {"code": "hits++;"})
            wrong = list(frames)
            wrong[1] = b"0" * 64
            self.assert_dropped_then_next_answered(sender, wrong, other, f"a wrong signature on {where}")
            empty = list(frames)
            empty[1] = b""
            self.assert_dropped_then_next_answered(sender, empty, other, f"an empty signature on {where}")
            short = list(frames)
            short[1] = frames[1][:-1]
            self.assert_dropped_then_next_answered(sender, short, other, f"a truncated signature on {where}")
        self.assert_alive_and_hits()

    def test_a_replayed_message_runs_once(self):
        msg_id, frames = self.run_hits()
        self.a.send(frames)
        reply = self.a.reply_to(msg_id, TIMEOUT)
        self.assertIsNotNone(reply)
        self.assertEqual(reply["content"]["status"], "ok")
        type(self).expected_hits += 1
        self.assert_dropped_then_next_answered(self.a, frames, self.b, "a replayed execute_request")
        # the same signed frames from another client are refused too
        self.assert_dropped_then_next_answered(self.b, frames, self.a, "a replay from another client")
        # and a replay on the control socket
        msg_id, frames = self.ca.request("kernel_info_request", {})
        self.ca.send(frames)
        self.assertIsNotNone(self.ca.reply_to(msg_id, TIMEOUT))
        self.assert_dropped_then_next_answered(self.ca, frames, self.cb, "a replayed control request")
        self.assert_alive_and_hits()

    def test_too_few_frames_do_not_take_the_next_clients_request(self):
        for sender, other, where in ((self.a, self.b, "shell"), (self.ca, self.cb, "control")):
            _, frames = self.run_hits()
            # correctly signed over all four parts, but the content frame is missing
            self.assert_dropped_then_next_answered(sender, frames[:5], other, f"a message without content on {where}")
            self.assert_dropped_then_next_answered(sender, frames[:3], other, f"signature and header only on {where}")
            self.assert_dropped_then_next_answered(sender, [DELIM], other, f"a lone delimiter on {where}")
            self.assert_dropped_then_next_answered(sender, [b""], other, f"one empty frame on {where}")
        self.assert_alive_and_hits()

    def test_a_message_without_delimiter_is_dropped_alone(self):
        for sender, other, where in ((self.a, self.b, "shell"), (self.ca, self.cb, "control")):
            _, frames = self.run_hits()
            self.assert_dropped_then_next_answered(sender, frames[1:], other, f"a signed message without <IDS|MSG> on {where}")
            self.assert_dropped_then_next_answered(sender, [b"junk"] * 3, other, f"three junk frames on {where}")
        self.assert_alive_and_hits()

    def test_a_signed_message_with_a_broken_header_is_dropped(self):
        for header in (b"not json", b"[]", json.dumps({"msg_type": "execute_request"}).encode(),
                       json.dumps({"msg_id": "x", "msg_type": 7}).encode()):
            parts = [header, b"{}", b"{}", json.dumps({"code": "hits++;"}).encode()]
            frames = [DELIM, self.a.sign(parts)] + parts
            self.assert_dropped_then_next_answered(self.a, frames, self.b, f"header {header!r}")
        self.assert_alive_and_hits()

    def test_oversized_messages_are_refused_before_they_are_buffered(self):
        pid = self.km.provisioner.process.pid
        before = rss_mb(pid)
        payload = os.urandom(50 * 1024 * 1024)
        # ten 50 MB messages with a wrong signature, each from its own connection, flushed before measuring
        for _ in range(10):
            ctx = zmq.Context()
            s = ctx.socket(zmq.DEALER)
            s.setsockopt(zmq.LINGER, 5000)
            s.connect(self.shell_url)
            s.send_multipart([DELIM, b"0" * 64, b"{}", b"{}", b"{}", payload])
            s.close()
            ctx.term()
        # a correctly signed execute_request whose buffers add up past the cap, in frames under it
        msg_id, frames = self.run_hits()
        chunk = payload[:12 * 1024 * 1024]
        self.assert_dropped_then_next_answered(self.a, frames + [chunk, chunk, chunk], self.b,
                                               "a 36 MB signed message in 12 MB frames")
        # and one signed 50 MB frame
        msg_id, frames = self.run_hits()
        self.assert_dropped_then_next_answered(self.a, frames + [payload], self.b, "a signed 50 MB message")
        self.assert_answered(self.b, within=PROMPT)
        grown = rss_mb(pid) - before
        self.assertLess(grown, 120, f"RSS grew {grown:.0f} MB after oversized messages")
        self.assert_alive_and_hits()

    # ------------------------------------------------------------------ error replies

    def test_missing_or_mistyped_fields_get_an_error_reply(self):
        cases = [
            ("execute_request", {}, "execute_reply", "'code'"),
            ("execute_request", {"code": None}, "execute_reply", "'code'"),
            ("execute_request", {"code": 42}, "execute_reply", "'code'"),
            ("execute_request", {"code": "hits++;", "silent": "yes"}, "execute_reply", "'silent'"),
            ("execute_request", {"code": "hits++;", "user_expressions": []}, "execute_reply", "'user_expressions'"),
            ("execute_request", [], "execute_reply", "JSON object"),
            ("execute_request", "hits++;", "execute_reply", "JSON object"),
            ("complete_request", {"code": "Str"}, "complete_reply", "'cursor_pos'"),
            ("complete_request", {"code": "Str", "cursor_pos": 1.5}, "complete_reply", "'cursor_pos'"),
            ("inspect_request", {"cursor_pos": 1}, "inspect_reply", "'code'"),
            ("is_complete_request", {"code": None}, "is_complete_reply", "'code'"),
            ("history_request", {"hist_access_type": "everything"}, "history_reply", "hist_access_type"),
            ("history_request", {"hist_access_type": "tail"}, "history_reply", "'n'"),
        ]
        for msg_type, content, reply_type, needle in cases:
            reply = self.assert_error_reply(self.a, msg_type, content, reply_type, needle)
            if reply_type == "execute_reply":
                self.assertIn("execution_count", reply["content"])
            self.assert_answered(self.b, within=PROMPT)
        # on control: a shutdown_request whose restart is not a boolean does not shut down
        self.assert_error_reply(self.ca, "shutdown_request", {"restart": "yes"}, "shutdown_reply", "'restart'")
        self.assert_error_reply(self.ca, "execute_request", {"code": None}, "execute_reply", "'code'")
        self.assert_answered(self.cb, within=PROMPT)
        self.assert_alive_and_hits()

    def test_a_valid_request_still_runs(self):
        msg_id, frames = self.run_hits()
        self.a.send(frames)
        reply = self.a.reply_to(msg_id, TIMEOUT)
        self.assertIsNotNone(reply)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        type(self).expected_hits += 1
        self.assert_alive_and_hits()


if __name__ == "__main__":
    unittest.main()
