#!/usr/bin/python3
"""Helper child for the supervision tests: reports every signal it receives, can leave orphaned
grandchildren behind, and exits with a chosen code or signal.

Every line it reports goes to --log (appended, flushed, one line per event):
  ready <pid> <ppid> <pgid> <monotonic_ns> <fg>  handlers installed; <fg>: the terminal's
                                             foreground group, -1 without a terminal
  signal <NAME> <number> <monotonic_ns>      a signal arrived
  orphan <pid> <ppid>                        a grandchild, once its parent exited: <ppid> adopted it
  env <KEY>=<value>                          --env-key: what the child saw (non-secret keys only)
  zombies <pid,...>                          --report-zombies: zombie children of our parent
"""
import argparse
import os
import signal
import sys
import time

p = argparse.ArgumentParser()
p.add_argument("--log", required=True)
p.add_argument("--exit-on", action="append", default=[], help="exit after this signal (name)")
p.add_argument("--exit-code", type=int, default=0)
p.add_argument("--exit", type=int, help="exit at once with this code (after --orphans)")
p.add_argument("--raise-signal", help="kill itself with this signal (name) at once")
p.add_argument("--orphans", type=int, default=0, help="leave this many orphaned grandchildren")
p.add_argument("--orphan-sleep", type=float, default=0.0, help="seconds each orphan lives")
p.add_argument("--report-zombies", action="store_true",
               help="after the orphans are gone, report zombie children of our parent (PID namespace test)")
p.add_argument("--env-key", action="append", default=[], help="report this variable after ready")
p.add_argument("--print", help="write this text to stdout in two writes split at --split, then exit 0")
p.add_argument("--split", type=int, default=0)
args = p.parse_args()


def log(line):
    fd = os.open(args.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    os.write(fd, (line + "\n").encode())
    os.close(fd)


def name_of(sig):
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"SIGRTMIN+{sig - signal.SIGRTMIN}"


def on_signal(sig, _frame):
    log(f"signal {name_of(sig)} {sig} {time.monotonic_ns()}")
    if name_of(sig) in args.exit_on:
        sys.exit(args.exit_code)


def leave_orphan():
    """Returns the pid of a grandchild whose parent exited (so someone else adopts it)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        middle = os.getpid()
        grandchild = os.fork()
        if grandchild == 0:  # its parent exits first, so it is reparented
            while os.getppid() == middle:
                time.sleep(0.01)
            log(f"orphan {os.getpid()} {os.getppid()}")
            time.sleep(args.orphan_sleep)
            os._exit(0)
        os.write(w, str(grandchild).encode())
        os._exit(0)
    os.close(w)
    grandchild = int(os.read(r, 32))
    os.close(r)
    os.waitpid(pid, 0)  # reap the middle process ourselves: only the grandchild is orphaned
    return grandchild


def zombies_of(ppid):
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z" and int(fields[1]) == ppid:
            found.append(entry)
    return found


if args.print is not None:
    data = args.print.encode()
    os.write(1, data[:args.split])
    time.sleep(0.3)  # the launcher reads the first part before the second is written
    os.write(1, data[args.split:])
    sys.exit(0)

for sig in signal.valid_signals():
    if sig in (signal.SIGKILL, signal.SIGSTOP):
        continue
    signal.signal(sig, on_signal)

orphans = [leave_orphan() for _ in range(args.orphans)]

if args.report_zombies:
    # Wait (bounded) until every orphan exited and was reaped by whoever adopted it; an orphan
    # left <defunct> stays in /proc and is reported with any other zombie child of our parent.
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{pid}") for pid in orphans):
        time.sleep(0.05)
    log("zombies " + ",".join(zombies_of(os.getppid())))

if args.raise_signal:
    sig = getattr(signal, args.raise_signal)
    signal.signal(sig, signal.SIG_DFL)
    os.kill(os.getpid(), sig)
    time.sleep(5)
if args.exit is not None:
    sys.exit(args.exit)

for key in args.env_key:
    log(f"env {key}={os.environ.get(key, '<unset>')}")
foreground = os.tcgetpgrp(0) if os.isatty(0) else -1
log(f"ready {os.getpid()} {os.getppid()} {os.getpgid(0)} {time.monotonic_ns()} {foreground}")
while True:
    signal.pause()
