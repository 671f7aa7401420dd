#!/usr/bin/python3
"""Figures for supervise mode (printed, never asserted):

1. Signal forwarding latency: SIGTERM sent to the launcher until the supervised child's handler
   runs, against the same child signalled directly (the Python handler's own delay).
2. Restart time after a secret change (--watch): the rename of the new env file until the new
   child is ready, split into change-to-SIGTERM (inotify + debounce + resolve + check) and
   SIGTERM-to-ready (old child exits, new one starts).

Both sides read CLOCK_MONOTONIC (time.monotonic_ns), which is system-wide.
Usage: bench/supervise_latency.py [--bin build/src/diffgram-launch] [--runs 30]
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
HELPER = os.path.join(HERE, "..", "tests", "integration", "helpers", "sigchild.py")
PYTHON = "/usr/bin/python3"
ENV = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def read(path, kind):
    try:
        with open(path) as f:
            return [line.split() for line in f.read().splitlines() if line.startswith(kind + " ")]
    except FileNotFoundError:
        return []


def wait_lines(path, kind, count, timeout=30):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got = read(path, kind)
        if len(got) >= count:
            return got
        time.sleep(0.001)
    raise SystemExit(f"timed out waiting for {count} '{kind}' lines in {path}")


def forwarding(binary, runs, direct):
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            log = os.path.join(tmp, f"{i}.log")
            child = [PYTHON, HELPER, "--log", log, "--exit-on", "SIGTERM"]
            cmd = child if direct else [binary, "--no-dotenv", "--init", "-q", "--", *child]
            proc = subprocess.Popen(cmd, env=ENV, stdin=subprocess.DEVNULL)
            wait_lines(log, "ready", 1)
            t0 = time.monotonic_ns()
            os.kill(proc.pid, signal.SIGTERM)
            t1 = int(wait_lines(log, "signal", 1)[0][3])
            proc.wait(timeout=30)
            out.append((t1 - t0) / 1e3)
    return out


def restart(binary, runs):
    totals, detect, handover = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        env_file = os.path.join(tmp, "app.env")
        with open(env_file, "w") as f:
            f.write("API_TOKEN=value-0\n")
        log = os.path.join(tmp, "watch.log")
        proc = subprocess.Popen([binary, "--no-dotenv", "--env-file", env_file, "--watch", "-q", "--",
                                 PYTHON, HELPER, "--log", log, "--exit-on", "SIGTERM"],
                                env=ENV, stdin=subprocess.DEVNULL)
        wait_lines(log, "ready", 1)
        for i in range(1, runs + 1):
            with open(env_file + ".tmp", "w") as f:
                f.write(f"API_TOKEN=value-{i}\n")
            t0 = time.monotonic_ns()
            os.rename(env_file + ".tmp", env_file)
            ready = wait_lines(log, "ready", i + 1)[i]
            term = read(log, "signal")[i - 1]
            t_term, t_ready = int(term[3]), int(ready[4])
            totals.append((t_ready - t0) / 1e6)
            detect.append((t_term - t0) / 1e6)
            handover.append((t_ready - t_term) / 1e6)
            time.sleep(0.3)  # let the launcher settle before the next change
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    return totals, detect, handover


def summary(name, values, unit):
    print(f"{name}: median {statistics.median(values):.1f} {unit}, min {min(values):.1f}, "
          f"max {max(values):.1f} (n={len(values)})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "build", "src", "diffgram-launch"))
    ap.add_argument("--runs", type=int, default=30)
    a = ap.parse_args()
    binary = os.path.abspath(a.bin)
    print(f"# {binary}, {a.runs} runs each, {os.cpu_count()} CPUs")
    via = forwarding(binary, a.runs, direct=False)
    direct = forwarding(binary, a.runs, direct=True)
    summary("SIGTERM -> child handler, through the launcher", via, "us")
    summary("SIGTERM -> child handler, sent directly (baseline)", direct, "us")
    print(f"forwarding overhead (median difference): {statistics.median(via) - statistics.median(direct):.1f} us")
    totals, detect, handover = restart(binary, a.runs)
    summary("restart after a secret change: rename -> new child ready", totals, "ms")
    summary("  rename -> old child gets SIGTERM (inotify, 250 ms debounce, resolve, check)", detect, "ms")
    summary("  SIGTERM -> new child ready (old exits, new Python child starts)", handover, "ms")


if __name__ == "__main__":
    sys.exit(main())
