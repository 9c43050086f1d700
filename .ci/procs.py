"""Processes of a check, found and stopped by their ids (shared by the .ci scripts that start shells,
kernels and servers): every process under a parent, the processes whose command line names this
run's own directory, and a stop that sends SIGTERM, waits a bounded time and then sends SIGKILL."""

import os
import signal
import time


def descendants(pid):
    """The ids of every process under pid (children first found, then theirs), from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def started_with(text):
    """The ids of the processes whose command line contains text (the connection files under this run's
    own runtime directory name only the kernels this run started)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) != os.getpid():
            try:
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    if text.encode() in f.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


def alive(pid):
    """Whether pid runs (a zombie, which has ended and waits for its parent, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def stop(pids, wait_s=15):
    """SIGTERM to each process, then SIGKILL to those left after a bounded wait; returns those that had to be killed."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    deadline = time.time() + wait_s
    while any(alive(p) for p in pids) and time.time() < deadline:
        time.sleep(0.2)
    killed = [p for p in pids if alive(p)]
    for pid in killed:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return killed
