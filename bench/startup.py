"""Time to the first prompt, and to the answer of `1 + 1`, of interactive Java shells in a real terminal.

Each command is started in its own detached tmux session (120x40); the screen is read every 5 ms
until the prompt shows, then `1 + 1` and Enter are typed and the screen is read until the answer
(`==> 2`) shows. Both times count from just before `tmux new-session`. Each start ends with Ctrl-D,
as a user leaves, and the next begins once the command has exited. The commands take turns in
every round, their order reversed every other round, so that a busy spell of a shared machine falls
on all of them alike; the script prints, per command, the median, the range and the number of runs,
and the median of the per-round ratios to the first command.

Usage (from the repository root, after `mvn -B -DskipTests package`):

    /usr/bin/python3 bench/startup.py [--rounds 10] [NAME=COMMAND PROMPT ...]

Default: `sluice=launcher/sluice` (prompt `sluice>`) against `jshell=jshell` (prompt `jshell>`).
A command is run by tmux through the shell, with HOME set to a fresh temporary directory for each
start (no history carried over); the launcher's class data archive lives under target/, not HOME.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time


def screen(session):
    out = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True)
    return out.stdout


def wait_for(session, text, start, timeout):
    while True:
        if text in screen(session):
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{text!r} not shown within {timeout} s:\n{screen(session)}")
        time.sleep(0.005)


def one_start(name, command, prompt, timeout):
    session = f"startup-{os.getpid()}-{name}"
    home = tempfile.mkdtemp(prefix="startup-home-")
    env = dict(os.environ, HOME=home)
    try:
        start = time.perf_counter()
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                        f"{command}; sleep 600"], env=env, check=True)
        to_prompt = wait_for(session, prompt, start, timeout)
        subprocess.run(["tmux", "send-keys", "-t", session, "-l", "1 + 1"], check=True)
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        to_answer = wait_for(session, "==> 2", start, timeout)
        # leave as a user does (Ctrl-D), so that the launcher can write its class data archive
        subprocess.run(["tmux", "send-keys", "-t", session, "C-d"], check=True)
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            pane = subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_current_command}"],
                                  capture_output=True, text=True).stdout.strip()
            if pane == "sleep":
                break
            time.sleep(0.05)
        return to_prompt, to_answer
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def describe(samples):
    return (f"median {statistics.median(samples):.3f} s, range {min(samples):.3f}-{max(samples):.3f} s, "
            f"{len(samples)} runs")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first (file cache, archive)")
    parser.add_argument("commands", nargs="*", help="NAME=COMMAND PROMPT pairs")
    args = parser.parse_args()
    specs = []
    items = args.commands or ["sluice=launcher/sluice", "sluice>", "jshell=jshell", "jshell>"]
    if len(items) % 2:
        parser.error("commands come in pairs: NAME=COMMAND PROMPT")
    for i in range(0, len(items), 2):
        name, command = items[i].split("=", 1)
        specs.append((name, command, items[i + 1]))
    for _ in range(args.warmup):
        for name, command, prompt in specs:
            one_start(name, command, prompt, args.timeout)
    prompt_times = {name: [] for name, _, _ in specs}
    answer_times = {name: [] for name, _, _ in specs}
    for r in range(args.rounds):
        order = specs if r % 2 == 0 else list(reversed(specs))
        for name, command, prompt in order:
            p, a = one_start(name, command, prompt, args.timeout)
            prompt_times[name].append(p)
            answer_times[name].append(a)
            print(f"round {r + 1} {name}: prompt {p:.3f} s, `1 + 1` answered {a:.3f} s", flush=True)
    base = specs[0][0]
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    for name, _, _ in specs:
        ratios = [p / q for p, q in zip(prompt_times[name], prompt_times[base])]
        print(f"{name}: prompt {describe(prompt_times[name])}; `1 + 1` answered {describe(answer_times[name])}"
              + ("" if name == base else
                 f"; prompt time / {base}'s, per round: median {statistics.median(ratios):.2f}, "
                 f"range {min(ratios):.2f}-{max(ratios):.2f}"))


if __name__ == "__main__":
    main()
