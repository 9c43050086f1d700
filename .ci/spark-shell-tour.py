#!/usr/bin/python3
"""Types one shell session into launcher/sluice in a real terminal (tmux), once on the embedded engine
and once with --master (a Spark master URL), both with --manual-clock, and compares what the two
printed: every batch of every print, and the results of the queries. The session has a snippet-defined
record used inside a lambda, a top-level variable read inside a lambda, a window, a state stream,
latest(), a stream attached after start, an output stopped while the others run, and a library added
with :dependency once the context runs (one not on the executors' class path, so Spark must ship it),
used at once by a query whose tasks run on the executors and then by a stream attached after it.

    .ci/spark-shell-tour.py spark://127.0.0.1:PORT OUT_DIR [--conf key=value ...]

Each run has a tmux server of its own (a socket under OUT_DIR); the shell's process and the tmux server
are stopped by process id at the end, also on failure. Every wait is bounded. Screens are kept in
OUT_DIR/tour-<engine>.txt. Exit status 0 when both runs completed and printed the same.
"""
import os
import re
import signal
import subprocess
import sys
import time

from procs import descendants, stop

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROMPT = "sluice> "
START_TIMEOUT = 300     # a cold build-free start, loaded machine
LINE_TIMEOUT = 240      # a snippet, or :step on a cold cluster (executors start with the first job)

# The session, line by line, as a user types it.
# A small library that neither Spark's jars nor Sluice's have, from Maven Central.
LIBRARY = "org.jsoup:jsoup:1.24.1"
ESCAPED = "[&lt;apple&gt;, &lt;banana&gt;, &lt;cherry&gt;]"
SESSION = [
    'record Fruit(String name, int letters) implements java.io.Serializable {}',
    'String[] fruit = {"apple", "banana", "cherry", "apple", "banana", "apple"};',
    'DStream<Long> ticks = ssc.rateStream(20).name("ticks");',
    'DStream<String> words = ticks.map(n -> fruit[(int) (n % fruit.length)]).name("words");',
    'PairDStream<String, Long> counts = words.mapToPair(w -> Pair.of(w, 1L)).reduceByKeyAndWindow('
    '(a, b) -> a + b, Duration.ofSeconds(4), Duration.ofSeconds(1)).name("counts");',
    'PairDStream<String, Long> totals = words.mapToPair(w -> Pair.of(w, 1L)).updateStateByKey('
    '(Iterable<Long> vs, Optional<Long> s) -> { long t = s.orElse(0L); for (long v : vs) t += v; return Optional.of(t); }'
    ').name("totals");',
    'DStream<Fruit> sized = words.map(w -> new Fruit(w, w.length())).name("sized");',
    'OutputHandle printed = counts.print();',
    'OutputHandle kept = totals.print();',
    'OutputHandle longOnes = sized.filter(f -> f.letters() > 5).map(f -> f.name()).countByValue().print();',
    'ssc.start();',
    ':step 3',
    'counts.latest()',
    'long cherries = totals.latest().filter(p -> p.key().equals("cherry")).first().value();',
    # the window's output stops first: on Spark, windows restart empty when a stream is attached
    'printed.stop();',
    ':step 1',
    'OutputHandle late = words.filter(w -> w.startsWith("b")).count().print();',
    ':step 2',
    # a library added to the live session (not on the executors' class path: Spark ships it), used
    # at once by a query whose tasks run on the workers, then by a stream attached after it
    ':dependency ' + LIBRARY,
    'java.util.Set<String> escaped = new java.util.TreeSet<>(words.latest().map(w -> '
    'org.jsoup.nodes.Entities.escape("<" + w + ">")).collect());',
    'OutputHandle tags = words.map(w -> org.jsoup.nodes.Entities.escape("<" + w + ">")).countByValue().print();',
    ':step 1',
]
# On Spark, attaching restarts Spark's streaming context in the background; the shell says so when
# it is done, and the next :step must come after that.
ATTACH = ('OutputHandle late', 'OutputHandle tags')
RESTARTED = "Attached by restarting Spark's streaming context"



class Tmux:
    def __init__(self, out, name):
        self.sock = os.path.join(out, "tmux-%s.sock" % name)
        self.name = name
        conf = os.path.join(out, "tmux.conf")
        with open(conf, "w") as f:
            f.write("set -g history-limit 100000\nset -g status off\n")
        self.conf = conf

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-S", self.sock, "-f", self.conf] + list(args), check=check,
                              capture_output=True, text=True, timeout=30).stdout

    def start(self, command, env):
        exports = " ".join("%s=%s" % (k, shquote(v)) for k, v in env.items())
        self.tmux("new-session", "-d", "-s", self.name, "-x", "200", "-y", "50",
                  "env %s %s; echo \"[sluice exited with status $?]\"; sleep 600" % (exports, command))
        self.pane_pid = int(self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())
        self.server_pid = int(self.tmux("display-message", "-p", "-t", self.name, "#{pid}").strip())

    def screen(self):
        return self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", self.name)

    def line(self, text):
        self.tmux("send-keys", "-t", self.name, "-l", text)
        self.tmux("send-keys", "-t", self.name, "Enter")

    def press(self, key):
        self.tmux("send-keys", "-t", self.name, key)

    def stop(self):
        """Stops the shell and the tmux server by process id: every process under the pane (the shell
        script, its JVM, which may run in a process group of its own) first with SIGTERM, then, after
        a bounded wait, with SIGKILL."""
        pane = getattr(self, "pane_pid", None)
        stop((descendants(pane) if pane else []) + [p for p in (pane, getattr(self, "server_pid", None)) if p])


def shquote(s):
    return "'" + s.replace("'", "'\\''") + "'"


def await_screen(term, what, pred, timeout):
    deadline = time.time() + timeout
    while True:
        s = term.screen()
        if pred(s):
            return s
        if "[sluice exited with status" in s:
            raise RuntimeError("the shell exited while waiting for %s\n%s" % (what, tail(s)))
        if time.time() > deadline:
            raise RuntimeError("no %s within %d s\n%s" % (what, timeout, tail(s)))
        time.sleep(0.3)


def tail(s, n=40):
    return "\n".join(s.rstrip().splitlines()[-n:])


def prompts(s):
    return s.count(PROMPT)


def run(master, out, confs):
    name = "embedded" if master is None else "spark"
    term = Tmux(out, "tour-" + name)
    home = os.path.join(out, "home-" + name)
    os.makedirs(home, exist_ok=True)
    command = "launcher/sluice --batch 1s --manual-clock"
    if master is not None:
        command += " --master " + shquote(master) + "".join(" --conf " + shquote(c) for c in confs)
    env = {"HOME": home, "SLUICE_HISTORY": os.path.join(home, "history"), "SPARK_LOCAL_IP": "127.0.0.1"}
    if os.environ.get("SLUICE_CLASSPATH"):
        env["SLUICE_CLASSPATH"] = os.environ["SLUICE_CLASSPATH"]
    if os.environ.get("SLUICE_JAVA_OPTS"):
        env["SLUICE_JAVA_OPTS"] = os.environ["SLUICE_JAVA_OPTS"]
    began = time.time()
    timings = {}
    errors = []
    screen = ""
    os.chdir(ROOT)
    try:
        term.start(command, env)
        await_screen(term, "first prompt", lambda s: PROMPT in s, START_TIMEOUT)
        timings["start"] = time.time() - began
        for text in SESSION:
            screen = term.screen()
            before, restarts = prompts(screen), screen.count(RESTARTED)
            t0 = time.time()
            term.line(text)
            s = await_screen(term, "prompt after: " + text, lambda s: prompts(s) > before, LINE_TIMEOUT)
            if master is not None and text.startswith(ATTACH):
                s = await_screen(term, "the restart's message", lambda s: s.count(RESTARTED) > restarts, LINE_TIMEOUT)
            timings[text[:40]] = time.time() - t0
            # from the line's prompt (its text may come again in a stack trace below it)
            k = s.rfind(PROMPT + text)
            after = s[k:] if k >= 0 else s[s.rfind(text):] if text in s else s
            if re.search(r"error:|Exception|\| +Error", after):
                errors.append("the line failed: %s\n%s" % (text, tail(after, 25)))
                break
        before = prompts(term.screen())
        term.press("C-d")
        await_screen(term, "a clean exit", lambda s: "[sluice exited with status" in s, LINE_TIMEOUT)
        screen = term.screen()
        m = re.search(r"\[sluice exited with status (\d+)\]", screen)
        if m and m.group(1) != "0":
            errors.append("the shell exited with status " + m.group(1))
    except Exception as e:     # a timeout or an exited shell: keep the screen for the report
        errors.append(str(e))
        try:
            screen = term.screen()
        except Exception:
            pass
    finally:
        term.stop()
    timings["total"] = time.time() - began
    with open(os.path.join(out, "tour-%s.txt" % name), "w") as f:
        f.write(screen)
    return screen, errors, timings


def printed(screen):
    """Every print's batches as (time, sorted lines), in the order printed."""
    blocks = []
    lines = screen.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^Time: (\d+) ms$", lines[i].strip())
        if m and i + 1 < len(lines) and lines[i + 1].startswith("-----"):
            body = []
            j = i + 2
            while j < len(lines) and lines[j].strip() and not lines[j].startswith("-----") \
                    and not lines[j].startswith(PROMPT):
                body.append(lines[j].strip())
                j += 1
            blocks.append((int(m.group(1)), tuple(sorted(body))))
            i = j
        else:
            i += 1
    return blocks


QUERIES = ("counts.latest()", "long cherries", "java.util.Set<String> escaped")


def answers(screen):
    """What each query line showed: the text between it and the next prompt, minus printed batches."""
    found = {}
    for text in QUERIES:
        k = screen.find(PROMPT + text)
        if k < 0:
            continue
        rest = screen[k + len(PROMPT + text):]
        end = rest.find(PROMPT)
        shown = [l for l in rest[:end].splitlines()[1:]
                 if l.strip() and not l.startswith("-----") and not l.startswith("Time:")
                 and not re.match(r"^\(\w+,\d+\)$|^\d+$", l.strip())]
        found[text] = shown
    return found


def cut(found, n=8):
    """The answers with each cut to its first n lines (a stack trace is on the screens)."""
    return {k: v[:n] + (["..."] if len(v) > n else []) for k, v in found.items()}


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    master, out = sys.argv[1], os.path.abspath(sys.argv[2])
    confs = []
    args = sys.argv[3:]
    while args:
        if args[0] == "--conf" and len(args) > 1:
            confs.append(args[1])
            args = args[2:]
        else:
            print("unknown argument " + args[0], file=sys.stderr)
            return 2
    os.makedirs(out, exist_ok=True)
    results = {}
    for engine, m in (("embedded", None), (master, master)):
        screen, errors, timings = run(m, out, confs)
        results[engine] = (screen, errors)
        print("tour on %s: %s" % (engine, ", ".join("%s %.1fs" % (k, v) for k, v in timings.items()
                                                  if k in ("start", "total", ":step 3", "ssc.start();"))))
        for e in errors:
            print("FAIL on %s: %s" % (engine, e))
    failures = sum(len(e) for _, e in results.values())
    embedded, spark = printed(results["embedded"][0]), printed(results[master][0])
    if not embedded:
        print("FAIL: the embedded run printed no batch")
        failures += 1
    if embedded != spark:
        failures += 1
        print("FAIL: the printed batches differ (embedded | %s):" % master)
        for k in range(max(len(embedded), len(spark))):
            a = embedded[k] if k < len(embedded) else None
            b = spark[k] if k < len(spark) else None
            print(("   " if a == b else "!! ") + "%s | %s" % (a, b))
    else:
        print("ok: %d printed batches equal" % len(embedded))
    qa, qb = answers(results["embedded"][0]), answers(results[master][0])
    if qa != qb or len(qa) != len(QUERIES):
        failures += 1
        print("FAIL: the queries showed different results:\n embedded: %s\n %s: %s" % (cut(qa), master, cut(qb)))
    else:
        print("ok: the queries showed the same results: %s" % qa)
    # the library's classes ran: in the query (on the workers' executors on Spark) and in the stream
    for engine in ("embedded", master):
        shown = answers(results[engine][0]).get(QUERIES[-1], [])
        tags = [b for b in printed(results[engine][0]) if any(l.startswith("(&lt;") for l in b[1])]
        if not any(ESCAPED in l for l in shown) or not tags:
            failures += 1
            print("FAIL on %s: %s was not used as expected: the query showed %s; the stream printed %d batches"
                  % (engine, LIBRARY, shown[:8], len(tags)))
        else:
            print("ok on %s: %s added to the live session: the query showed %s; the stream printed %s"
                  % (engine, LIBRARY, " ".join(shown), " ".join(tags[-1][1])))
    return 1 if failures else 0


if __name__ == "__main__":
    # a SIGTERM (the caller's time bound) unwinds like an error, so what was started is stopped by process id
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sys.exit(main())
