"""Supervise mode against the built binary and real processes and signals: forwarding, reaping,
exit codes, stop timeout, PID 1 in a new PID namespace, restart on rotation (--watch) and output
masking. The child is tests/integration/helpers/sigchild.py, which logs every signal it gets."""
import os
import platform
import pty
import shutil
import signal
import subprocess
import time

import pytest

from conftest import BIN, HELPERS, PYTHON, base_env

HELPER = os.path.join(HELPERS, "sigchild.py")
DEADLINE = 20  # seconds: a generous bound for something that must happen, never a timing check


def wait_for(predicate, what, timeout=DEADLINE):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def read_log(path):
    try:
        with open(path) as f:
            return [line.split() for line in f.read().splitlines()]
    except FileNotFoundError:
        return []


def lines(path, kind):
    return [line for line in read_log(path) if line and line[0] == kind]


def signals_seen(path):
    return [line[1] for line in lines(path, "signal")]


class Supervised:
    """The launcher running the helper, with its stdout/stderr captured to files."""

    def __init__(self, tmp_path, launcher_args, helper_args=(), env=None, name="run", command=None):
        self.log = str(tmp_path / f"{name}.log")
        self.err_path = tmp_path / f"{name}.stderr"
        self.out_path = tmp_path / f"{name}.stdout"
        cmd = command or [PYTHON, HELPER, "--log", self.log, *helper_args]
        self.proc = subprocess.Popen([BIN, *launcher_args, "--", *cmd], env=env or base_env(), cwd=str(tmp_path),
                                     stdin=subprocess.DEVNULL, stdout=open(self.out_path, "wb"),
                                     stderr=open(self.err_path, "wb"))

    def ready(self, count=1):
        got = wait_for(lambda: len(lines(self.log, "ready")) >= count and lines(self.log, "ready"),
                       f"ready line #{count}")
        return got[count - 1]

    def child_pid(self, index=1):
        return int(self.ready(index)[1])

    def wait(self, timeout=DEADLINE):
        return self.proc.wait(timeout=timeout)

    def stderr(self):
        return self.err_path.read_text(errors="replace")

    def stdout(self):
        return self.out_path.read_bytes().decode(errors="replace")

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def process_state(pid):
    """The state letter of `pid` (R, S, Z, ...), or None when it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return None


def expected_forwarded():
    """Every catchable signal but SIGCHLD; glibc keeps 32 and 33 for itself (below SIGRTMIN)."""
    out = []
    for sig in range(1, signal.SIGRTMAX + 1):
        if sig in (signal.SIGKILL, signal.SIGSTOP, signal.SIGCHLD) or 32 <= sig < signal.SIGRTMIN:
            continue
        out.append(sig)
    return out


def signal_name(sig):
    try:
        return signal.Signals(sig).name
    except ValueError:
        return f"SIGRTMIN+{sig - signal.SIGRTMIN}"


def test_every_catchable_signal_is_forwarded(tmp_path):
    s = Supervised(tmp_path, ["--no-dotenv", "--init", "--stop-timeout", "3600"])
    try:
        ready = s.ready()
        pid, ppid, pgid = int(ready[1]), int(ready[2]), int(ready[3])
        assert ppid == s.proc.pid, "supervise mode: the launcher stays the child's parent"
        assert pgid == pid, "the child leads its own process group"
        for sig in expected_forwarded():
            name = signal_name(sig)
            os.kill(s.proc.pid, sig)
            wait_for(lambda: name in signals_seen(s.log), f"{name} to reach the child")
        # SIGCHLD is not forwarded: send it, then a higher-numbered sentinel; the launcher reads
        # pending signals lowest number first, so once the sentinel arrives SIGCHLD was handled.
        before = len(signals_seen(s.log))
        os.kill(s.proc.pid, signal.SIGCHLD)
        os.kill(s.proc.pid, signal.SIGRTMIN + 5)
        wait_for(lambda: len(signals_seen(s.log)) > before, "the sentinel signal")
        assert signals_seen(s.log)[before:] == ["SIGRTMIN+5"]
        assert s.proc.poll() is None, "the launcher survives every forwarded signal"
        os.kill(pid, signal.SIGKILL)
        assert s.wait() == 128 + signal.SIGKILL
    finally:
        s.kill()


def test_signals_reach_the_childs_process_group(tmp_path):
    """Without a terminal, a forwarded signal reaches every process of the child's group."""
    log_a, log_b = str(tmp_path / "a.log"), str(tmp_path / "b.log")
    script = (f"{PYTHON} {HELPER} --log {log_a} --exit-on SIGUSR1 & "
              f"{PYTHON} {HELPER} --log {log_b} --exit-on SIGUSR1 & wait; wait")
    s = Supervised(tmp_path, ["--no-dotenv", "--init"], command=["/bin/sh", "-c", script])
    try:
        for log in (log_a, log_b):
            wait_for(lambda: lines(log, "ready"), "both helpers ready")
        os.kill(s.proc.pid, signal.SIGUSR1)
        for log in (log_a, log_b):
            wait_for(lambda: "SIGUSR1" in signals_seen(log), "SIGUSR1 in each grandchild")
        # sh itself dies of SIGUSR1 (its default action): the launcher reports 128+10.
        assert s.wait() == 128 + signal.SIGUSR1
    finally:
        s.kill()


def test_with_a_terminal_the_child_is_the_foreground_job(tmp_path):
    """stdin is a terminal: the child's group takes the terminal, so Ctrl-C reaches it once, from
    the terminal; a signal sent to the launcher goes to the child alone."""
    log = str(tmp_path / "tty.log")
    pid, master = pty.fork()
    if pid == 0:  # the launcher, in a new session with the pty as its controlling terminal
        os.execve(BIN, [BIN, "--no-dotenv", "--init", "--", PYTHON, HELPER, "--log", log, "--exit-on", "SIGTERM"],
                  base_env())
    try:
        ready = wait_for(lambda: lines(log, "ready"), "the helper")[0]
        child, pgid, foreground = int(ready[1]), int(ready[3]), int(ready[5])
        assert pgid == child and foreground == pgid
        os.write(master, b"\x03")  # Ctrl-C at the terminal
        wait_for(lambda: "SIGINT" in signals_seen(log), "SIGINT from the terminal")
        os.kill(pid, signal.SIGTERM)
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
        # The launcher never saw the Ctrl-C (not in the foreground group): no second SIGINT.
        assert signals_seen(log) == ["SIGINT", "SIGTERM"]
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(master)


def test_orphans_are_adopted_and_reaped(tmp_path):
    s = Supervised(tmp_path, ["--no-dotenv", "--init"], ["--orphans", "3", "--exit-on", "SIGTERM"])
    try:
        s.ready()
        orphans = wait_for(lambda: len(lines(s.log, "orphan")) == 3 and lines(s.log, "orphan"), "3 orphans")
        for _, pid, adopter in orphans:
            assert int(adopter) == s.proc.pid, "the launcher is a child subreaper"
        for _, pid, _ in orphans:
            wait_for(lambda: process_state(pid) is None, f"orphan {pid} reaped (not left <defunct>)")
        ps = subprocess.run(["ps", "--ppid", str(s.proc.pid), "-o", "stat=,pid=,args="],
                            capture_output=True, text=True).stdout
        assert not [line for line in ps.splitlines() if line.strip().startswith("Z")], ps
        assert "<defunct>" not in ps
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 0
    finally:
        s.kill()


def test_exit_codes_pass_through(launch):
    for code in range(256):
        r = launch("--no-dotenv", "--init", "--", "/bin/sh", "-c", f"exit {code}")
        assert r.code == code, r


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGABRT, signal.SIGKILL,
                                 signal.SIGUSR1, signal.SIGSEGV, signal.SIGUSR2, signal.SIGPIPE, signal.SIGALRM,
                                 signal.SIGTERM, signal.SIGRTMIN + 2])
def test_child_killed_by_signal_gives_128_plus_n(launch, sig):
    r = launch("--no-dotenv", "--init", "--", "/bin/sh", "-c", f"ulimit -c 0; kill -{int(sig)} $$")
    assert r.code == 128 + int(sig), r


def test_exec_mode_is_unchanged_by_default(tmp_path):
    """Not PID 1 and no --init: the launcher execs (the child has the launcher's PID)."""
    s = Supervised(tmp_path, ["--no-dotenv"], ["--exit", "9"])
    try:
        assert s.wait() == 9
    finally:
        s.kill()
    s = Supervised(tmp_path, ["--no-dotenv"], name="exec")
    try:
        assert s.child_pid() == s.proc.pid
        os.kill(s.proc.pid, signal.SIGKILL)
    finally:
        s.kill()


def test_stop_timeout_escalates_to_sigkill(tmp_path):
    s = Supervised(tmp_path, ["--no-dotenv", "--init", "--stop-timeout", "1"], ["--orphans", "1",
                                                                                 "--orphan-sleep", "3600"])
    try:
        s.ready()
        orphan = int(wait_for(lambda: lines(s.log, "orphan"), "the orphan")[0][1])
        os.kill(s.proc.pid, signal.SIGTERM)  # the helper logs SIGTERM and keeps running
        assert s.wait() == 128 + signal.SIGKILL
        assert "SIGTERM" in signals_seen(s.log)
        assert "sending SIGKILL" in s.stderr()
        # The orphan is still in the child's process group, so the SIGKILL reached it as well.
        wait_for(lambda: process_state(orphan) in (None, "Z"), "the grandchild killed with the group")
    finally:
        s.kill()


# A child whose worker, in its process group, ignores SIGTERM and outlives it: `sh` dies of the
# forwarded SIGTERM, the worker writes its pid and the value it was started with, then sleeps.
STUBBORN_WORKER = """
sh -c 'trap "" TERM; echo "$$ $GREETING" >> workers; exec sleep 3600' &
wait
"""


def worker_lines(tmp_path, count):
    path = tmp_path / "workers"
    return wait_for(lambda: path.exists() and len(path.read_text().split("\n")) > count and
                    [line.split() for line in path.read_text().splitlines()], f"worker #{count}")


def kill_workers(tmp_path):
    """A failed test must not leave its hour-long workers behind."""
    path = tmp_path / "workers"
    for line in path.read_text().splitlines() if path.exists() else []:
        try:
            os.kill(int(line.split()[0]), signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_stop_kills_the_group_members_left_after_the_child(tmp_path):
    """The child exits on SIGTERM but a worker of its group ignores it: after --stop-timeout the
    group gets SIGKILL (before, the timer ended with the child and the worker lived on)."""
    s = Supervised(tmp_path, ["--no-dotenv", "--init", "--stop-timeout", "1", "--set", "GREETING=one"],
                   command=["/bin/sh", "-c", STUBBORN_WORKER])
    try:
        worker = int(worker_lines(tmp_path, 1)[0][0])
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 128 + signal.SIGTERM
        assert "processes of its group" in s.stderr() and "sending SIGKILL" in s.stderr()
        wait_for(lambda: process_state(worker) in (None, "Z"), "the worker killed with the group")
    finally:
        s.kill()
        kill_workers(tmp_path)


def test_watch_restart_leaves_no_worker_of_the_old_generation(tmp_path):
    """A restart waits for the old child's whole group (SIGKILL after --stop-timeout) before the
    new child starts: no process keeps running with the old environment."""
    env_file = tmp_path / "app.env"
    env_file.write_text("GREETING=one\n")
    s = Supervised(tmp_path, ["--no-dotenv", "--env-file", str(env_file), "--watch", "--stop-timeout", "1"],
                   command=["/bin/sh", "-c", STUBBORN_WORKER])
    try:
        old = worker_lines(tmp_path, 1)[0]
        assert old[1] == "one"
        env_file.write_text("GREETING=two\n")
        new = worker_lines(tmp_path, 2)[1]
        assert new[1] == "two"
        assert process_state(int(old[0])) in (None, "Z"), "the old worker was still running when the new child started"
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 128 + signal.SIGTERM
        wait_for(lambda: process_state(int(new[0])) in (None, "Z"), "the new worker killed at shutdown")
    finally:
        s.kill()
        kill_workers(tmp_path)


def test_graceful_stop_keeps_the_childs_code(tmp_path):
    s = Supervised(tmp_path, ["--no-dotenv", "--init"], ["--exit-on", "SIGTERM", "--exit-code", "3"])
    try:
        s.ready()
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 3
        assert "sending SIGKILL" not in s.stderr()
    finally:
        s.kill()


def test_command_errors_in_supervise_mode(launch, tmp_path):
    assert launch("--no-dotenv", "--init", "--", "no-such-command-xyz").code == 127
    script = tmp_path / "noexec.sh"
    script.write_text("#!/bin/sh\nexit 0\n")
    script.chmod(0o644)
    assert launch("--no-dotenv", "--init", "--", str(script)).code == 126
    no_shebang = tmp_path / "plain"
    no_shebang.write_text("exit 4\n")
    no_shebang.chmod(0o755)
    assert launch("--no-dotenv", "--init", "--", str(no_shebang)).code == 4  # /bin/sh, as execvp
    assert launch("--no-dotenv", "--no-init", "--watch", "--", "true").code == 125
    assert launch("--no-dotenv", "--no-init", "--mask-output", "--", "true").code == 125


def test_clean_signal_state_in_the_child(launch):
    """A blocked or ignored signal in the launcher's own parent does not reach the child."""
    show = "grep -E '^(SigBlk|SigIgn)' /proc/self/status"
    # Start the launcher with SIGTERM ignored and SIGUSR1 blocked, as a careless parent might.
    # Also glibc's reserved signals 32 and 33 ignored, through the kernel (glibc refuses them):
    # rt_sigaction(sig, {SIG_IGN, 0, NULL, 0}, NULL, 8), syscall 13 on x86_64, 134 on aarch64.
    nr = {"x86_64": 13, "aarch64": 134}.get(platform.machine())
    ignore_reserved = ("import ctypes; libc = ctypes.CDLL(None, use_errno=True); "
                       "act = (ctypes.c_ulong * 4)(1, 0, 0, 0); "
                       f"assert all(libc.syscall({nr}, s, act, None, 8) == 0 for s in (32, 33)); ") if nr else ""
    wrapper = ("import signal,os,sys; signal.signal(signal.SIGTERM, signal.SIG_IGN); " + ignore_reserved +
               "signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1}); os.execv(sys.argv[1], sys.argv[1:])")
    proc = subprocess.run([PYTHON, "-c", wrapper, BIN, "--no-dotenv", "--init", "--", "/bin/sh", "-c", show],
                          env=base_env(), capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    status = dict(line.split(":\t") for line in proc.stdout.splitlines())
    assert int(status["SigBlk"], 16) == 0
    assert int(status["SigIgn"], 16) == 0


# ---- PID 1 -----------------------------------------------------------------------------------

def unshare_or_skip():
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare(1) (available in CI)")


def host_child_of(pid):
    """The launcher's PID as seen from here: the only child of `unshare --fork`."""
    def find():
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                kids = f.read().split()
        except FileNotFoundError:
            return None
        return int(kids[0]) if kids else None
    return wait_for(find, "the launcher inside the namespace")


def test_pid1_in_a_new_pid_namespace(tmp_path):
    unshare_or_skip()
    log = str(tmp_path / "pid1.log")
    proc = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", BIN, "--no-dotenv", "--",
                             PYTHON, HELPER, "--log", log, "--orphans", "3", "--report-zombies",
                             "--exit-on", "SIGTERM", "--exit-code", "5"],
                            env=base_env(), cwd=str(tmp_path), stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        ready = wait_for(lambda: lines(log, "ready"), "the helper")[0]
        # Supervise mode switched on by itself: the launcher is PID 1 and the helper's parent.
        assert (int(ready[1]), int(ready[2])) != (1, 0)
        assert int(ready[2]) == 1
        assert [o[2] for o in lines(log, "orphan")] == ["1", "1", "1"]
        assert lines(log, "zombies") == [["zombies"]], "PID 1 reaped every orphan"
        launcher = host_child_of(proc.pid)
        os.kill(launcher, signal.SIGTERM)  # a PID 1 without handlers would drop it
        proc.wait(timeout=DEADLINE)
        assert proc.returncode == 5, proc.stderr.read()
        assert "SIGTERM" in signals_seen(log)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_no_init_execs_even_as_pid1(tmp_path):
    unshare_or_skip()
    r = subprocess.run(["unshare", "--pid", "--fork", "--mount-proc", BIN, "--no-dotenv", "--no-init", "--",
                        "/bin/sh", "-c", "echo $$"], env=base_env(), capture_output=True, text=True, timeout=DEADLINE)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "1", "with --no-init the command itself is PID 1"


# ---- --watch -----------------------------------------------------------------------------------

def replace_file(path, text):
    """Write as editors and secret managers do: a new file renamed over the old one."""
    tmp = str(path) + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def test_watch_restarts_once_on_a_valid_change(tmp_path):
    env_file = tmp_path / "app.env"
    env_file.write_text("GREETING=one\nAPI_TOKEN=first-secret-value\n")
    s = Supervised(tmp_path, ["--no-dotenv", "--env-file", str(env_file), "--watch", "--log-level", "debug"],
                   ["--env-key", "GREETING", "--exit-on", "SIGTERM"])
    try:
        first = s.child_pid(1)
        assert lines(s.log, "env") == [["env", "GREETING=one"]]
        replace_file(env_file, "GREETING=two\nAPI_TOKEN=second-secret-value\n")
        second = s.child_pid(2)
        assert second != first
        assert lines(s.log, "env")[-1] == ["env", "GREETING=two"]
        assert signals_seen(s.log).count("SIGTERM") == 1, "the old child was stopped gracefully"
        err = s.stderr()
        assert "changed keys: API_TOKEN, GREETING" in err
        assert "first-secret-value" not in err and "second-secret-value" not in err
        # The same content again: resolved, nothing the child sees changed, no restart.
        replace_file(env_file, "GREETING=two\nAPI_TOKEN=second-secret-value\n")
        wait_for(lambda: "the child's environment did not" in s.stderr(), "the no-op change to be resolved")
        assert len(lines(s.log, "ready")) == 2
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 0
    finally:
        s.kill()


def test_watch_keeps_the_child_when_the_change_fails_its_checks(tmp_path):
    env_file = tmp_path / "app.env"
    env_file.write_text("GREETING=one\nDB_PASSWORD=hunter2-secret\n")
    # --no-check: only the parse error below should reject (catalog warnings would, with --strict).
    s = Supervised(tmp_path, ["--no-dotenv", "--no-check", "--env-file", str(env_file), "--watch", "--strict"],
                   ["--env-key", "GREETING", "--exit-on", "SIGTERM"])
    try:
        first = s.child_pid(1)
        # A line that does not parse is an error with --strict: the configuration is rejected.
        replace_file(env_file, "GREETING=two\nDB_PASSWORD='new-secret-unterminated\n")
        wait_for(lambda: "keeping the running child" in s.stderr(), "the rejection to be logged")
        assert len(lines(s.log, "ready")) == 1 and signals_seen(s.log) == []
        assert "new-secret" not in s.stderr() and "hunter2" not in s.stderr()
        # Still watching: a fixed file restarts the child with it.
        replace_file(env_file, "GREETING=three\nDB_PASSWORD=new-secret\n")
        assert s.child_pid(2) != first
        assert lines(s.log, "env")[-1] == ["env", "GREETING=three"]
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 0
    finally:
        s.kill()


def make_kubernetes_volume(root, files, generation):
    """A volume laid out as the kubelet's atomic writer does: <name> -> ..data/<name>,
    ..data -> ..<timestamp> (a directory holding the files). Rotation swaps ..data by rename."""
    gen_dir = root / f"..2024_01_01_00_00_0{generation}.000000001"
    gen_dir.mkdir()
    for name, text in files.items():
        (gen_dir / name).write_text(text)
    tmp_link = root / "..data_tmp"
    os.symlink(gen_dir.name, tmp_link)
    os.rename(tmp_link, root / "..data")
    for name in files:
        link = root / name
        if not link.is_symlink():
            os.symlink(os.path.join("..data", name), link)
    return gen_dir


def test_watch_follows_a_kubernetes_volume_swap(tmp_path):
    vol = tmp_path / "config"
    vol.mkdir()
    old = make_kubernetes_volume(vol, {"app.env": "GREETING=one\n"}, 1)
    s = Supervised(tmp_path, ["--no-dotenv", "--env-file", str(vol / "app.env"), "--watch"],
                   ["--env-key", "GREETING", "--exit-on", "SIGTERM"])
    try:
        s.child_pid(1)
        make_kubernetes_volume(vol, {"app.env": "GREETING=two\n"}, 2)
        shutil.rmtree(old)
        s.child_pid(2)
        assert lines(s.log, "env")[-1] == ["env", "GREETING=two"]
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 0
    finally:
        s.kill()


def test_stop_signal_during_watch_exits(tmp_path):
    env_file = tmp_path / "app.env"
    env_file.write_text("GREETING=one\n")
    s = Supervised(tmp_path, ["--no-dotenv", "--env-file", str(env_file), "--watch"],
                   ["--exit-on", "SIGINT", "--exit-code", "7"])
    try:
        s.ready()
        os.kill(s.proc.pid, signal.SIGINT)
        assert s.wait() == 7
    finally:
        s.kill()


# ---- --mask-output ------------------------------------------------------------------------------

SECRET = "s3cr3t-Value-0123456789"


@pytest.mark.parametrize("split", [1, 7, len("before ") + 5, len("before ") + len(SECRET) - 1])
def test_mask_output_across_read_boundaries(tmp_path, split):
    text = f"before {SECRET} after\n"
    s = Supervised(tmp_path, ["--no-dotenv", "--mask-output", "--set", f"API_TOKEN={SECRET}"],
                   command=[PYTHON, HELPER, "--log", str(tmp_path / "m.log"), "--print", text, "--split", str(split)])
    try:
        assert s.wait() == 0
        assert s.stdout() == "before <redacted> after\n"
    finally:
        s.kill()


def test_mask_output_covers_stderr_and_url_passwords(launch):
    url = "postgresql+psycopg2://diffgram:pa%40ss-w0rd-long@db:5432/diffgram"
    r = launch("--no-dotenv", "--mask-output", "--set", f"DATABASE_URL={url}", "--set", "PLAIN=visible-value",
               "--", "/bin/sh", "-c", 'echo "url=$DATABASE_URL" >&2; echo "raw=pa%40ss-w0rd-long dec=pa@ss-w0rd-long '
               'plain=$PLAIN"')
    assert r.code == 0, r
    assert "pa%40ss" not in r.out + r.err and "pa@ss" not in r.out + r.err
    assert "url=<redacted>" in r.err
    assert r.out == "raw=<redacted> dec=<redacted> plain=visible-value\n"


def test_mask_output_copies_what_descendants_write_after_the_child_exits(launch):
    r = launch("--no-dotenv", "--mask-output", "--set", "API_TOKEN=tok-0123456789", "--", "/bin/sh", "-c",
               '(sleep 0.3; echo "late $API_TOKEN") & echo early; exit 4')
    assert r.code == 4, r
    assert r.out == "early\nlate <redacted>\n"


def test_mask_output_to_a_closed_pipe_does_not_signal_the_child(tmp_path):
    """The reader of the launcher's stdout goes away (a `| head -1`): the launcher's own SIGPIPE
    is not forwarded, so the child, which writes into the launcher's pipe, runs to its end."""
    script = 'i=0; while [ $i -lt 20000 ]; do echo "line $i"; i=$((i+1)); done; echo finished >&2; exit 3'
    proc = subprocess.Popen([BIN, "--no-dotenv", "--mask-output", "--", "/bin/sh", "-c", script], env=base_env(),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout.readline() == b"line 0\n"
        proc.stdout.close()
        assert proc.wait(timeout=DEADLINE) == 3
        assert b"finished" in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# ---- --watch with production sources (secret directories, KEY_FILE) ------------------------------

def supports_secrets_dir(launch, tmp_path):
    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "PROBE_VALUE").write_text("1\n")
    r = launch("print", "--no-dotenv", "--secrets-dir", str(probe), "--format", "json")
    return r.code == 0 and r.json().get("PROBE_VALUE") == "1"


def test_watch_rotates_a_kubernetes_secret_volume(launch, tmp_path):
    """A Secret volume mounted as --secrets-dir: the kubelet swaps `..data`; a valid new value
    restarts the child once, with the new value."""
    if not supports_secrets_dir(launch, tmp_path):
        pytest.skip("--secrets-dir is not in this build yet")
    vol = tmp_path / "secrets"
    vol.mkdir()
    old = make_kubernetes_volume(vol, {"GREETING": "one\n", "API_TOKEN": "first-token\n"}, 1)
    s = Supervised(tmp_path, ["--no-dotenv", "--secrets-dir", str(vol), "--watch"],
                   ["--env-key", "GREETING", "--exit-on", "SIGTERM"])
    try:
        s.child_pid(1)
        make_kubernetes_volume(vol, {"GREETING": "two\n", "API_TOKEN": "second-token\n"}, 2)
        shutil.rmtree(old)
        s.child_pid(2)
        assert lines(s.log, "env")[-1] == ["env", "GREETING=two"]
        assert "changed keys: API_TOKEN, GREETING" in s.stderr()
        assert "first-token" not in s.stderr() and "second-token" not in s.stderr()
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 0
        assert len(lines(s.log, "ready")) == 2
    finally:
        s.kill()


def test_watch_follows_a_key_file_target(launch, tmp_path):
    """KEY_FILE pointing into a Kubernetes-style volume: the swap of `..data` is a change."""
    if not supports_secrets_dir(launch, tmp_path):
        pytest.skip("secret files are not in this build yet")
    vol = tmp_path / "secrets"
    vol.mkdir()
    make_kubernetes_volume(vol, {"greeting": "one\n"}, 1)
    # KEY_FILE indirection applies to secret (or catalog) keys: GREETING_TOKEN is one by name.
    s = Supervised(tmp_path, ["--no-dotenv", "--watch"], ["--env-key", "GREETING_TOKEN", "--exit-on", "SIGTERM"],
                   env=base_env(GREETING_TOKEN_FILE=str(vol / "greeting")))
    try:
        s.child_pid(1)
        assert lines(s.log, "env") == [["env", "GREETING_TOKEN=one"]]
        make_kubernetes_volume(vol, {"greeting": "two\n"}, 2)
        s.child_pid(2)
        assert lines(s.log, "env")[-1] == ["env", "GREETING_TOKEN=two"]
        os.kill(s.proc.pid, signal.SIGTERM)
        assert s.wait() == 0
    finally:
        s.kill()
