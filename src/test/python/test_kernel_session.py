"""Libraries, errors and help at the cursor in the sluice kernel, through a real Jupyter client.

- %maven resolves a library (and what it depends on) from a Maven repository in a folder that the
  test lays out with javac and jar, %jars adds a local jar, and later cells use their classes;
- a coordinate that does not exist is an error in its cell that says so, and nothing else;
- a lambda that throws inside a running stream shows, in the cell that owns the output, the frame
  of the user's code with its cell snippet and line, the engine's frames folded, once;
- ssc.recentErrors() renders as a table (text and HTML);
- inspect (Shift-Tab) on a Sluice API method shows its signature and its javadoc;
- a receiver written in a cell that throws in onStart reports in that cell, with its snippet and
  line, not in the cell running when it failed;
- Tab (complete_request) right after `reduceByKeyAndWindow(` or a comma lists the signatures that
  fit, as the parameters left to write, described in _jupyter_types_experimental; Shift-Tab there
  shows them with their javadoc.
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from test_kernel_live import KernelSession, parent

TIMEOUT = 60


def publish(repo, group, artifact, version, sources, classpath=(), deps=()):
    """Compiles sources (class name -> text) into repo as group:artifact:version; returns the jar."""
    work = tempfile.mkdtemp()
    files = []
    for name, text in sources.items():
        path = os.path.join(work, "src", *name.split(".")) + ".java"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        files.append(path)
    classes = os.path.join(work, "classes")
    cmd = ["javac", "--release", "17", "-d", classes]
    if classpath:
        cmd += ["-cp", os.pathsep.join(classpath)]
    subprocess.run(cmd + files, check=True)
    target = os.path.join(repo, *group.split("."), artifact, version)
    os.makedirs(target, exist_ok=True)
    jar = os.path.join(target, "%s-%s.jar" % (artifact, version))
    subprocess.run(["jar", "cf", jar, "-C", classes, "."], check=True)
    dep_xml = "".join("<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>"
                      % tuple(d.split(":")) for d in deps)
    with open(os.path.join(target, "%s-%s.pom" % (artifact, version)), "w") as f:
        f.write('<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
                "<groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version>"
                "<dependencies>%s</dependencies></project>" % (group, artifact, version, dep_xml))
    shutil.rmtree(work)
    return jar


class SessionFeatureTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        cls.repo = os.path.join(cls.dir, "repo")
        words = publish(cls.repo, "demo", "words", "1.0", {"demo.words.Words":
            "package demo.words; public final class Words {"
            " public static String shout(String w) { return w.toUpperCase(); } }"})
        publish(cls.repo, "demo", "greeter", "1.0", {"demo.greeter.Greeter":
            "package demo.greeter; public final class Greeter {"
            " public static String hello(String n) { return \"hello, \" + demo.words.Words.shout(n) + \"!\"; } }"},
            classpath=[words], deps=["demo:words:1.0"])
        cls.words_jar = words
        # a local repository of the test's own, so nothing lands in ~/.m2
        os.environ["SLUICE_LOCAL_REPOSITORY"] = os.path.join(cls.dir, "m2")
        cls.k = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def run_cell(self, code):
        msg_id, reply = self.k.execute(code)
        return msg_id, reply["content"]

    def text(self, msg_id, name):
        return "".join(m["content"]["text"] for m in self.k.outputs(msg_id, "stream") if m["content"]["name"] == name)

    def result(self, msg_id):
        found = self.k.outputs(msg_id, "execute_result")
        return found[0]["content"]["data"] if found else {}

    def test_1_maven_and_jars_add_libraries_for_later_cells(self):
        uri = "file://" + self.repo + "/"
        msg_id, content = self.run_cell("%mavenRepo local " + uri + "\n%maven demo:greeter:1.0")
        self.assertEqual(content["status"], "ok", content)
        self.assertIn("added demo:greeter:1.0: 2 entries (greeter-1.0.jar, words-1.0.jar)", self.text(msg_id, "stdout"))
        self.assertIn("downloaded", self.text(msg_id, "stderr"), "downloads are shown as they go")
        msg_id, content = self.run_cell("demo.greeter.Greeter.hello(\"ann\")")
        self.assertEqual(content["status"], "ok", content)
        self.assertEqual(self.result(msg_id)["text/plain"], "\"hello, ANN!\"")

        msg_id, content = self.run_cell("%maven demo:nothing:1.0")
        self.assertEqual(content["status"], "error")
        self.assertIn("demo:nothing:jar:1.0 does not exist in", content["evalue"])
        # the one clear message: no stack trace of the resolver's, nothing logged into the cell
        self.assertEqual(len(content["traceback"]), 1, content["traceback"])
        self.assertEqual(self.text(msg_id, "stderr") + self.text(msg_id, "stdout"), "")

        msg_id, content = self.run_cell("%jars " + self.words_jar + "\ndemo.words.Words.shout(\"x\")")
        self.assertEqual(content["status"], "ok", content)
        self.assertIn("added 1 entry (words-1.0.jar)", self.text(msg_id, "stdout"))
        self.assertEqual(self.result(msg_id)["text/plain"], "\"X\"")

    def test_2_a_lambda_that_throws_in_a_running_stream_shows_its_line_in_the_owning_cell(self):
        msg_id, content = self.run_cell("Queue<List<Integer>> q = new java.util.concurrent.ConcurrentLinkedQueue<>();\n"
                                        "var out = ssc.queueStream(q)\n"
                                        "    .map(x -> 10 / x)\n"
                                        "    .print();\n"
                                        "ssc.start();")
        self.assertEqual(content["status"], "ok", content)
        _, other = self.run_cell("for (int i = 0; i < 4; i++) q.add(List.of(0));")
        self.assertEqual(other["status"], "ok")

        def report():
            text = self.text(msg_id, "stderr")
            return "frames in the engine" in text and "(the same failure" in text
        deadline = time.monotonic() + TIMEOUT
        while not report() and time.monotonic() < deadline:
            self.k.pump(0.5)
        text = self.text(msg_id, "stderr")
        self.assertIn("java.lang.ArithmeticException: / by zero", text)
        self.assertRegex(text, r"\tat lambda \(snippet #\d+, line 3\): \.map\(x -> 10 / x\)")
        self.assertNotIn("dev.sluice.engine", text)
        self.k.pump(3)
        self.assertEqual(self.text(msg_id, "stderr").count("failed at batch"), 1, "repeats are counted, not shown")

        err_id, content = self.run_cell("ssc.recentErrors()")
        self.assertEqual(content["status"], "ok", content)
        data = self.result(err_id)
        self.assertRegex(data["text/plain"].splitlines()[0], r"^time +\| output +\| stream +\| error +\| times")
        self.assertIn("<table", data["text/html"])
        self.assertIn("java.lang.ArithmeticException: / by zero", data["text/html"])
        _, content = self.run_cell("out.stop();")
        self.assertEqual(content["status"], "ok")

    def test_3_inspect_shows_the_javadoc_of_sluices_api(self):
        code = "ssc.socketTextStream"
        content = self.shell_reply(self.k.kc.inspect(code, len(code)))
        self.assertTrue(content["found"], content)
        doc = content["data"]["text/plain"]
        self.assertIn("StreamingContext.socketTextStream(String host, int port)", doc)
        self.assertGreater(len(doc.splitlines()), 2, "a signature and its javadoc: " + doc)

    def shell_reply(self, msg_id):
        reply = self.k.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.k.kc.get_shell_msg(timeout=TIMEOUT)
        return reply["content"]

    def test_4_tab_in_a_calls_arguments_lists_its_signatures_and_shift_tab_their_javadoc(self):
        _, content = self.run_cell("var pairs = ssc.queueStream(new LinkedList<List<String>>()).mapToPair(w -> Pair.of(w, 1));")
        self.assertEqual(content["status"], "ok", content)
        code = "pairs.reduceByKeyAndWindow("
        reply = self.shell_reply(self.k.kc.complete(code, len(code)))
        self.assertEqual(reply["status"], "ok")
        self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (len(code), len(code)))
        self.assertIn("ReduceFunction<V> f, Duration length, Duration slide", reply["matches"])
        self.assertLess(len(reply["matches"]), 20, "the signatures, not every name: %s" % reply["matches"])
        types = reply["metadata"]["_jupyter_types_experimental"]
        self.assertEqual([t["text"] for t in types], reply["matches"])
        described = {t["text"]: t for t in types}["ReduceFunction<V> f, Duration length, Duration slide"]
        self.assertEqual(described["type"], "signature")
        self.assertEqual(described["signature"],
                         "PairDStream<K,V> PairDStream<K, V>.reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide)")

        after = "pairs.reduceByKeyAndWindow((a, b) -> a + b, "
        reply = self.shell_reply(self.k.kc.complete(after, len(after)))
        self.assertEqual(reply["matches"][:2], ["Duration length", "Duration length, Duration slide"], reply["matches"])

        for at in (code, after):
            inspected = self.shell_reply(self.k.kc.inspect(at, len(at)))
            self.assertTrue(inspected["found"], inspected)
            doc = inspected["data"]["text/plain"]
            self.assertIn("reduceByKeyAndWindow(ReduceFunction<V> f, Duration length, Duration slide)\n"
                          "Returns a stream merging the values of each key over each window with f.", doc)

    def test_5_a_receiver_that_throws_reports_in_the_cell_that_created_it(self):
        made, content = self.run_cell("class Broken extends Receiver<String> {\n"
                                      "    public void onStart() {\n"
                                      "        throw new IllegalStateException(\"no source here\");\n"
                                      "    }\n"
                                      "    public void onStop() { }\n"
                                      "}\n"
                                      "var broken = ssc.receiverStream(new Broken());\n"
                                      "var brokenOut = broken.foreachRDD(r -> { });")
        self.assertEqual(content["status"], "ok", content)
        if "ACTIVE" not in str(self.result(self.run_cell("ssc.state()")[0]).get("text/plain")):
            self.assertEqual(self.run_cell("ssc.start();")[1]["status"], "ok")
        later, content = self.run_cell("int unrelated = 1;")
        self.assertEqual(content["status"], "ok", content)
        deadline = time.monotonic() + TIMEOUT
        while "the same failure of this receiver" not in self.text(made, "stderr") and time.monotonic() < deadline:
            self.k.pump(0.5)
        text = self.text(made, "stderr")
        self.assertIn("warning: Receiver Broken failed to start: java.lang.IllegalStateException: no source here", text)
        self.assertRegex(text, r"\tat onStart \(snippet #\d+, line 3\): throw new IllegalStateException")
        self.assertNotIn("Receiver Broken", self.text(later, "stderr"))
        self.assertEqual(self.run_cell("brokenOut.stop();")[1]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
