#!/usr/bin/python3
"""Executes one notebook with nbconvert twice, against the "Sluice (Java)" kernel (the embedded engine)
and against "Sluice (Java) on Spark" with SLUICE_MASTER set to a cluster, both kernelspecs installed
with --manual-clock into a prefix of its own, and compares from outside, cell by cell, what the two
executed notebooks show: streams, results, displays and every print() batch.

    .ci/spark-notebook-check.py spark://127.0.0.1:PORT OUT_DIR [NOTEBOOK]

NOTEBOOK defaults to spark/src/test/notebooks/cluster-tour.ipynb. The executed notebooks are kept as
OUT_DIR/notebook-embedded.ipynb and OUT_DIR/notebook-spark.ipynb, nbconvert's log (the kernel's
included) next to them. Differences Spark makes on purpose (README, "Running on Spark") are allowed,
and only those: the line that says a stream was attached by restarting Spark's streaming context,
which must appear on Spark, once, in the cell that attached; the caption of an RDD result (its id and
where it comes from; the partition count is compared); and the order of the lines within one print()
batch (the order of pairs within a by-key batch), compared sorted; and %maven's download progress
(on stderr: the first run downloads what the local repository lacks). nbconvert and the
kernel it starts run in a session of their own, stopped by process id on a timeout and checked gone
(and stopped) at the end. Exit status 0 when both ran every cell without error and showed the same.
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

from procs import descendants, started_with, stop

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"
NOTEBOOK = os.path.join(ROOT, "spark", "src", "test", "notebooks", "cluster-tour.ipynb")
RUN_TIMEOUT = 600        # one whole notebook, cold cluster executors included
CELL_TIMEOUT = 300
RESTARTED = "Attached by restarting Spark's streaming context"
BLOCK = re.compile(r"-{43}\nTime: \d+ ms\n-{43}\n")
# The caption of an RDD result: its id counts the RDDs of the engine that made it, and on Spark
# latest() gives an RDD over Spark's batch ("RDD[1] latest batch on Spark") where the embedded engine
# names its own last operation (README, "Running on Spark"); the partition count must be the same.
CAPTION = re.compile(r"^RDD\[\d+\] [^\n]*?\((\d+ partitions?)\)$", re.M)
ATTACHES = re.compile(r"^\s*awaitAttached\(", re.M)
# %maven's download progress, on stderr: only the first run of the two downloads what the local
# repository lacks
PROGRESS = re.compile(r"^download(ing|ed) ")


def execute(name, kernel, notebook, out, env):
    """Runs nbconvert on the notebook with the kernel; returns (executed notebook or None, errors, seconds)."""
    target = os.path.join(out, "notebook-%s.ipynb" % name)
    log = os.path.join(out, "nbconvert-%s.log" % name)
    if os.path.exists(target):
        os.remove(target)
    cmd = [PY, "-m", "nbconvert", "--to", "notebook", "--execute",
           "--ExecutePreprocessor.kernel_name=" + kernel,
           "--ExecutePreprocessor.timeout=%d" % CELL_TIMEOUT,
           "--ExecutePreprocessor.startup_timeout=300",
           "--output-dir", out, "--output", os.path.basename(target), notebook]
    began = time.time()
    errors = []
    with open(log, "w") as logf:
        proc = subprocess.Popen(cmd, cwd=os.path.dirname(notebook), env=env, stdout=logf, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            status = proc.wait(RUN_TIMEOUT)
            if status != 0:
                errors.append("nbconvert exited with status %d (log: %s)" % (status, log))
        except subprocess.TimeoutExpired:
            errors.append("nbconvert did not finish within %d s (log: %s)" % (RUN_TIMEOUT, log))
        finally:
            # nbconvert shuts its kernel down; whatever is left of either is stopped by process id
            # (a kernel runs in a session of its own: once nbconvert is gone it is found by its connection file)
            left = sorted(set(descendants(proc.pid) + started_with(env["JUPYTER_RUNTIME_DIR"] + os.sep)
                              + ([proc.pid] if proc.poll() is None else [])))
            if left:
                killed = stop(left)
                errors.append("processes left after nbconvert: %s (stopped%s)"
                              % (left, ", killed %s" % killed if killed else ""))
            proc.wait(30)
    seconds = time.time() - began
    if not os.path.exists(target):
        errors.append("no executed notebook %s" % target)
        return None, errors, seconds
    with open(target) as f:
        return json.load(f), errors, seconds


def text(value):
    return "".join(value) if isinstance(value, list) else value


def normalise_blocks(s):
    """The print() batches in s with each batch's lines sorted; other text as it is."""
    parts = BLOCK.split(s)
    heads = BLOCK.findall(s)
    out = [parts[0]]
    for head, body in zip(heads, parts[1:]):
        lines = body.split("\n")
        # a batch's lines run to the first blank line
        end = lines.index("") if "" in lines else len(lines)
        out.append(head + "\n".join(sorted(lines[:end])) + ("\n" + "\n".join(lines[end:]) if end < len(lines) else ""))
    return "".join(out)


def shown(cell, spark):
    """What a reader sees of a code cell: its outputs as (kind, text), print batches normalised; on Spark the
    restart line is taken out and counted."""
    items = []
    restarts = 0
    for o in cell.get("outputs", []):
        kind = o["output_type"]
        if kind == "stream":
            lines = text(o["text"]).split("\n")
            kept = []
            for line in lines:
                if spark and line.startswith(RESTARTED):
                    restarts += 1
                elif o["name"] == "stderr" and PROGRESS.match(line):
                    pass
                else:
                    kept.append(line)
            body = "\n".join(kept)
            if body.strip():
                items.append((o["name"], normalise_blocks(body)))
        elif kind in ("display_data", "execute_result"):
            plain = CAPTION.sub(r"RDD (\1)", text(o.get("data", {}).get("text/plain", "")))
            items.append((kind, normalise_blocks(plain)))
        elif kind == "error":
            items.append(("error", "%s: %s" % (o.get("ename"), o.get("evalue"))))
    return items, restarts


def merge_streams(items):
    """Consecutive stream outputs of one name joined: where the kernel flushes a stream is not what a reader sees."""
    merged = []
    for kind, body in items:
        if merged and kind in ("stdout", "stderr") and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1].rstrip("\n") + "\n" + body.lstrip("\n"))
        else:
            merged.append((kind, body))
    return [(k, b.strip("\n")) for k, b in merged]


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    master, out = sys.argv[1], os.path.abspath(sys.argv[2])
    notebook = os.path.abspath(sys.argv[3]) if len(sys.argv) > 3 else NOTEBOOK
    os.makedirs(out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="spark-notebook-", dir=out)
    prefix = os.path.join(work, "prefix")
    install = subprocess.run(["java", "-cp", os.path.join(ROOT, "target", "sluice.jar") + ":" + os.path.join(ROOT, "target", "lib", "*"),
                              "dev.sluice.Main", "--install-kernel", "--prefix", prefix, "--manual-clock", "--batch", "1s"],
                             capture_output=True, text=True, timeout=120)
    print(install.stdout.strip())
    if install.returncode != 0 or "on Spark kernelspec" not in install.stdout:
        print("FAIL: could not install both kernelspecs:\n" + install.stderr, file=sys.stderr)
        return 1
    env = dict(os.environ)
    env.update({
        "JUPYTER_PATH": os.path.join(prefix, "share", "jupyter"),
        "JUPYTER_RUNTIME_DIR": os.path.join(work, "runtime"),
        "JUPYTER_DATA_DIR": os.path.join(work, "data"),
        "JUPYTER_CONFIG_DIR": os.path.join(work, "config"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "SPARK_LOCAL_IP": "127.0.0.1",
        "HOME": work,
    })
    env.pop("SLUICE_MASTER", None)
    env.pop("SLUICE_CONF", None)
    failures = 0
    runs = {}
    for name, kernel, extra in (("embedded", "sluice", {}), ("spark", "sluice-spark", {"SLUICE_MASTER": master})):
        nb, errors, seconds = execute(name, kernel, notebook, out, dict(env, **extra))
        print("notebook on %s: %.1fs" % (master if name == "spark" else name, seconds))
        for e in errors:
            print("FAIL on %s: %s" % (name, e))
        failures += len(errors)
        runs[name] = nb
    if runs["embedded"] is None or runs["spark"] is None:
        return 1
    a = [c for c in runs["embedded"]["cells"] if c["cell_type"] == "code"]
    b = [c for c in runs["spark"]["cells"] if c["cell_type"] == "code"]
    batches = 0
    restarts_seen = 0
    for i, (ca, cb) in enumerate(zip(a, b)):
        sa, _ = shown(ca, False)
        sb, restarts = shown(cb, True)
        sa, sb = merge_streams(sa), merge_streams(sb)
        restarts_seen += restarts
        first = text(ca["source"]).splitlines()[0] if text(ca["source"]) else ""
        for kind, body in sa + sb:
            if kind == "error":
                failures += 1
                print("FAIL: cell %d (%s) failed: %s" % (i + 1, first, body))
        batches += sum(len(BLOCK.findall(body)) for _, body in sa)
        if sa != sb:
            failures += 1
            print("FAIL: cell %d (%s) shows different outputs:\n  embedded: %r\n  spark:    %r" % (i + 1, first, sa, sb))
        else:
            print("ok: cell %d (%s): %d outputs equal" % (i + 1, first, len(sa)))
        if ATTACHES.search(text(ca["source"])) and restarts != 1:
            failures += 1
            print("FAIL: cell %d attached a stream but showed %d restart lines on Spark (1 expected)" % (i + 1, restarts))
    if batches == 0:
        failures += 1
        print("FAIL: the embedded run showed no print() batch in any cell")
    else:
        print("ok: %d print() batches shown, the same on both" % batches)
    return 1 if failures else 0


if __name__ == "__main__":
    # a SIGTERM (the caller's time bound) unwinds like an error, so what was started is stopped by process id
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sys.exit(main())
