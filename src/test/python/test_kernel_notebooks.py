"""Runs every notebook in notebooks/ with nbclient against the sluice kernel and checks, from
outside, what a reader would see: every cell succeeds, the live views keep changing after the
last cell finished, captions and charts read as times of day (never epoch milliseconds), and
each notebook shows what it promises in its first sentence.

nbclient drops display updates that arrive for a cell other than the one it is executing, so a
second client on the same kernel records every IOPub message, including the updates that come
after "Run All" has finished.
"""
import glob
import json
import os
import queue
import re
import threading
import time
import unittest

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

import kafka_broker

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
EPOCH_MS = re.compile(r"(?<!\d)1\d{12}(?!\d)")
TIME_OF_DAY = re.compile(r"\b\d\d:\d\d:\d\d\b")


def visible_text(html):
    """The text of an HTML fragment as a reader sees it: no tags, attributes, styles or scripts."""
    html = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", "", html)
    return re.sub(r"<[^>]*>", " ", html)


class Recorder:
    """A second client on the kernel that keeps every IOPub message with the time it arrived."""

    def __init__(self, km):
        self.kc = km.client()
        self.kc.start_channels(shell=False, stdin=False, hb=False, control=False)
        self.messages = []
        self.changed = threading.Condition()
        self.running = True
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self):
        while self.running:
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            with self.changed:
                self.messages.append((time.monotonic(), msg))
                self.changed.notify_all()

    def snapshot(self):
        with self.changed:
            return list(self.messages)

    def wait_until(self, holds, deadline):
        """Waits until holds(messages) is true, woken by each message that arrives, at most until the
        monotonic deadline; returns whether it held."""
        with self.changed:
            while True:
                if holds(list(self.messages)):
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(left)

    def stop(self):
        self.running = False
        self.thread.join(5)
        self.kc.stop_channels()


def display_id(msg):
    return msg["content"].get("transient", {}).get("display_id")


def printed_blocks(run):
    """(arrival time, message) of every display of a print() block (Spark's text, replaced in place)."""
    return [(t, m) for t, m in run.messages if m["msg_type"] in ("display_data", "update_display_data")
            and m["content"]["data"].get("text/plain", "").startswith("-----")]


def views_with(run, caption_start):
    return [d for d in run.live_views() if run.last(d)["text/plain"].startswith(caption_start)]


def processing_ms(update):
    m = re.search(r"processing (\d+) ms", update["content"]["data"]["text/plain"])
    return int(m.group(1)) if m else -1


class NotebookRun:
    """One notebook executed top to bottom, then watched until `until(run)` holds on what was recorded
    (woken by every message), for at most `limit` seconds; `watched` says whether it came true."""

    def __init__(self, name, until, env=None, limit=90):
        self.name = name
        self.path = os.path.join(NOTEBOOKS, name)
        self.nb = nbformat.read(self.path, as_version=4)
        self.km = KernelManager(kernel_name="sluice")
        self.km.start_kernel(cwd=NOTEBOOKS, env=dict(os.environ, **(env or {})))
        self.recorder = Recorder(self.km)
        try:
            client = NotebookClient(self.nb, km=self.km, timeout=120, kernel_name="sluice",
                                    resources={"metadata": {"path": NOTEBOOKS}})
            client.execute()
            self.finished = time.monotonic()

            def holds(messages):
                self.messages = messages
                return until(self)
            self.watched = self.recorder.wait_until(holds, self.finished + limit)
            self.messages = self.recorder.snapshot()
        finally:
            self.recorder.stop()
            self.km.shutdown_kernel(now=False)

    def live_views(self):
        """Display ids of live views (their first display_data carries the live frame), in order."""
        ids = []
        for _, m in self.messages:
            if m["msg_type"] == "display_data" and "sluice-live" in m["content"]["data"].get("text/html", ""):
                ids.append(display_id(m))
        return ids

    def updates(self, did, after=None):
        return [m for t, m in self.messages if m["msg_type"] == "update_display_data" and display_id(m) == did
                and (after is None or t > after)]

    def last(self, did):
        shown = [m for _, m in self.messages if m["msg_type"] in ("display_data", "update_display_data") and display_id(m) == did]
        return shown[-1]["content"]["data"]

    def results(self):
        out = []
        for cell in self.nb.cells:
            if cell.cell_type == "code":
                for o in cell.outputs:
                    if o.output_type == "execute_result":
                        out.append(o.data.get("text/plain", ""))
        return out


class NotebookTests(unittest.TestCase):
    runs = {}

    @classmethod
    def run_notebook(cls, name, until, key=None, **kw):
        key = key or name
        if key not in cls.runs:
            cls.runs[key] = NotebookRun(name, until, **kw)
        return cls.runs[key]

    @staticmethod
    def views_moved(run, n=3):
        """Every live view was updated at least n times after the last cell finished."""
        views = run.live_views()
        return bool(views) and all(len(run.updates(d, after=run.finished)) >= n for d in views)

    def check_common(self, run):
        first = run.nb.cells[0]
        self.assertEqual(first.cell_type, "markdown")
        lines = [l for l in first.source.splitlines() if l.strip()]
        self.assertTrue(lines[0].startswith("# "), "a title")
        self.assertRegex(lines[1], r"^This notebook shows [^.]+[.;]", "one sentence of what it shows")
        for cell in run.nb.cells:
            self.assertNotIn("AssertionError", cell.source, "no assertion guards in a demo")
            self.assertNotIn("ManualClock", cell.source, "demos run on the system clock")
            if cell.cell_type == "code":
                self.assertFalse([o for o in cell.outputs if o.output_type == "error"],
                                 "cell failed: " + cell.source[:80])
        views = run.live_views()
        for did in views:
            later = run.updates(did, after=run.finished)
            data = run.last(did)
            html = data["text/html"]
            self.assertGreaterEqual(len(later), 3, "%s: a live view keeps changing after Run All (%s)" % (run.name, data["text/plain"][:60]))
            self.assertIn('data-sluice-state="live"', html)
            text = visible_text(html) + "\n" + data["text/plain"]
            self.assertRegex(text, TIME_OF_DAY, "a time of day in %s" % data["text/plain"][:60])
            self.assertIsNone(EPOCH_MS.search(text), "epoch milliseconds shown: " + text[:300])
        return views

    def caption_of(self, run, did):
        return run.last(did)["text/plain"].splitlines()[0]

    def test_tour(self):
        def shown_all(run):
            # Five views moving, and the counts table redrawn three times since the stopped print's last block.
            printed = printed_blocks(run)
            table = views_with(run, "counts · ")
            return len(run.live_views()) == 5 and self.views_moved(run) and bool(printed) and bool(table) \
                and len(run.updates(table[0], after=max(run.finished, printed[-1][0]))) >= 3
        run = self.run_notebook("01-tour.ipynb", shown_all)
        self.assertTrue(run.watched, "the tour's views moved and its print stopped within the time allowed")
        views = self.check_common(run)
        self.assertEqual(len(views), 5, "counts table, counts bars, coloured, last ten seconds, chart")
        captions = {did: self.caption_of(run, did) for did in views}
        counts_table = [d for d, c in captions.items() if c.startswith("counts · ") and "<table" in run.last(d)["text/html"]]
        counts_bars = [d for d, c in captions.items() if c.startswith("counts · ") and 'class="bar"' in run.last(d)["text/html"]]
        self.assertEqual(len(counts_table), 1, captions)
        self.assertEqual(len(counts_bars), 1, captions)
        self.assertRegex(captions[counts_table[0]], r"^counts · \d\d:\d\d:\d\d · \d+ records$")
        table = run.last(counts_table[0])["text/html"]
        self.assertRegex(table, r'text-align:right;padding:2px 12px">\d+</td>', "counts right-aligned")
        shown = visible_text(table[table.index('<tbody data-sluice-order="value"'):])
        order = [shown.find(w) for w in ("banana", "apple", "cherry")]
        self.assertEqual(order, sorted(order), "largest count first (banana, apple, cherry)")
        self.assertRegex(table, r'<tbody data-sluice-order="key" hidden>', "the key order is there for a click, hidden")
        self.assertRegex(table, r'<th [^>]*data-sluice-sort="key"', "the key header sorts on a click")
        coloured = [d for d, c in captions.items() if c.startswith("coloured · ")][0]
        self.assertIn("red", run.last(coloured)["text/plain"])
        self.assertNotIn("cherry", run.last(coloured)["text/plain"], "the inner join drops cherry")
        chart = [d for d in views if "<svg" in run.last(d)["text/html"] and "Input rate" in run.last(d)["text/html"]]
        self.assertEqual(len(chart), 1)
        svg = run.last(chart[0])["text/html"]
        for part in ('class="x-tick"', "Time per batch (ms)", "processing time", "batch interval (1 s)", ">ticks</text>"):
            self.assertIn(part, svg)
        self.assertTrue([r for r in run.results() if re.search(r"apple\s+\|\s+\d+", r)], "latest() shows the window as a table")
        self.assertTrue([r for r in run.results() if re.search(r"print of 'counts' \((stopping|stopped)\)", r)],
                        "the last cell stops the print (at the next batch boundary)")
        # print(): one display replaced per batch, stopped by the last cell; never a growing text.
        printed = [m for _, m in printed_blocks(run)]
        self.assertGreaterEqual(len(printed), 2)
        self.assertEqual(len({display_id(m) for m in printed}), 1, "print() replaces its previous batch in place")
        self.assertRegex(printed[-1]["content"]["data"]["text/plain"], r"^-+\nTime: \d+ ms\n-+\n\(apple,\d+\)")
        self.assertFalse([m for _, m in run.messages if m["msg_type"] == "stream" and "Time: " in m["content"]["text"]])
        last_print = printed_blocks(run)[-1][0]
        self.assertLessEqual(last_print, run.finished + 2, "the print stopped at the next batch boundary")
        self.assertGreaterEqual(len(run.updates(counts_table[0], after=last_print)), 3,
                                "the stopped print stays as it was while the table goes on")

    def test_socket_source(self):
        def info_came_back(run):
            levels = views_with(run, "lines per level")
            return self.views_moved(run) and bool(levels) and ">INFO<" in run.last(levels[0])["text/html"]
        run = self.run_notebook("02-socket-source.ipynb", info_came_back)
        self.assertTrue(run.watched, "the lines written to the socket came back within the time allowed")
        views = self.check_common(run)
        self.assertEqual(len(views), 4)
        levels = [d for d in views if self.caption_of(run, d).startswith("lines per level")][0]
        bars = run.last(levels)["text/html"]
        self.assertIn('class="bar"', bars)
        self.assertIn(">INFO<", bars, "the lines the notebook wrote came back through the socket")

    def test_sessions(self):
        def visits_ended(run):
            ended, open_bars = views_with(run, "visits ended"), views_with(run, "open visits")
            return self.views_moved(run) and bool(ended) and bool(open_bars) \
                and re.search(r"true", run.last(ended[0])["text/plain"]) is not None
        run = self.run_notebook("03-sessions.ipynb", visits_ended)
        self.assertTrue(run.watched, "idle visits timed out within the time allowed")
        views = self.check_common(run)
        self.assertEqual(len(views), 3)
        ended = [d for d in views if self.caption_of(run, d).startswith("visits ended")][0]
        self.assertRegex(run.last(ended)["text/plain"], r"true", "idle users timed out and their visits ended")
        open_bars = [d for d in views if self.caption_of(run, d).startswith("open visits")][0]
        self.assertIn('class="bar"', run.last(open_bars)["text/html"])

    def test_kafka_without_a_broker_says_so(self):
        # A loopback port nobody listens on stands for "no broker on 127.0.0.1:9092".
        nobody = "127.0.0.1:%d" % kafka_broker.free_port()
        # Nothing to watch after the last cell: without a broker no view is started.
        run = self.run_notebook("04-kafka.ipynb", lambda run: True, key="kafka-no-broker",
                                env={"KAFKA_BOOTSTRAP_SERVERS": nobody})
        self.check_common(run)
        results = run.results()
        self.assertIn("**No Kafka broker is reachable on %s**: start one as described above" % nobody, results[0])
        first = [o for o in run.nb.cells[1].outputs if o.output_type == "execute_result"]
        self.assertEqual(first[0].data.get("text/markdown"), results[0], "the message is Markdown text, not a quoted string")
        self.assertEqual(run.live_views(), [], "no views without a broker")
        self.assertIn("docker run", run.nb.cells[0].source, "it says how to start a broker")
        self.assertIn("bin/kafka-server-start.sh", run.nb.cells[0].source, "or from Kafka's download")

    def test_kafka_against_a_broker(self):
        """The notebook against a real broker on 127.0.0.1 (Kafka's own server, started from the test class path)."""
        def bars_filled(run):
            views = run.live_views()
            return len(views) == 2 and self.views_moved(run) \
                and re.search(r"/home", run.last(views[0]).get("text/plain", "")) is not None
        with kafka_broker.KafkaBroker() as broker:
            run = self.run_notebook("04-kafka.ipynb", bars_filled, key="kafka-broker",
                                    env={"KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap})
        self.assertTrue(run.watched, "clicks came back from the topic within the time allowed")
        views = self.check_common(run)
        results = run.results()
        self.assertEqual(results[0], "A Kafka broker is listening on %s." % broker.bootstrap)
        self.assertEqual(len(views), 2, "the clicks per page and the batch chart")
        bars, chart = views
        caption = self.caption_of(run, bars)
        self.assertRegex(caption, r"^clicks per page, last 5 s · \d\d:\d\d:\d\d · \d+ records$")
        shown = run.last(bars)
        self.assertIn('class="bar"', shown["text/html"], "the counts are drawn as bars")
        pages = dict((m.group(1), int(m.group(2))) for m in re.finditer(r"(/[\w/]+)\s+\|?\s*(\d+)", shown["text/plain"]))
        self.assertEqual(set(pages) - {"/home", "/search", "/cart", "/product/42", "/checkout"}, set(), shown["text/plain"])
        self.assertIn("/home", pages, shown["text/plain"])
        self.assertGreater(pages["/home"], 0)
        svg = run.last(chart)["text/html"]
        self.assertIn(">clicks</text>", svg, "the chart's input rate is the Kafka source's")
        rates = [float(m.group(1)) for m in (re.search(r"last at \d\d:\d\d:\d\d: ([\d.]+) records/s", u["content"]["data"]["text/plain"])
                                             for u in run.updates(chart, after=run.finished)) if m]
        self.assertTrue(rates and max(rates) > 0, "records arrive from the topic: " + str(rates))
        self.assertFalse([m for _, m in run.messages if m["msg_type"] == "error"], "no errors")

    def test_monitoring(self):
        def slow_stage_seen(run):
            charts = [d for d in run.live_views() if "Input rate" in run.last(d)["text/html"]]
            return self.views_moved(run) and bool(charts) \
                and any(processing_ms(u) >= 150 for u in run.updates(charts[0]))
        run = self.run_notebook("05-monitoring.ipynb", slow_stage_seen)
        self.assertTrue(run.watched, "the slower stage showed in the chart within the time allowed")
        views = self.check_common(run)
        chart = [d for d in views if "Input rate" in run.last(d)["text/html"]][0]
        svg = run.last(chart)["text/html"]
        self.assertIn(">orders</text>", svg)
        self.assertIn(">payments</text>", svg, "an input-rate line per source")
        slow = [m for m in run.updates(chart) if processing_ms(m) >= 150]
        self.assertTrue(slow, "the slower stage shows in the processing time")

    def test_every_notebook_is_covered(self):
        names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
        self.assertEqual(names, ["01-tour.ipynb", "02-socket-source.ipynb", "03-sessions.ipynb", "04-kafka.ipynb",
                                 "05-monitoring.ipynb"])


if __name__ == "__main__":
    unittest.main()
