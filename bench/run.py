#!/usr/bin/python3
# `make bench`: installs the peers, builds diffgram-launch Release, generates the inputs, runs every
# case of issue 9 with hyperfine (each peer in the same hyperfine run as diffgram-launch), and prints
# medians and ratios, also written to bench/results.md. Figures only: nothing here asserts a timing.
import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_env  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / "work"
BUILD = REPO / "build-bench"
BIN = BUILD / "src" / "diffgram-launch"
NODE_BIN = BENCH / "node_modules" / ".bin"
PY_DOTENV = "/usr/bin/python-dotenv"  # Debian's python3-dotenv CLI (`dotenv` upstream)

# Every measured command runs in this small, fixed environment, so the launcher's inherited layer
# is the same on every machine and no DIFFGRAM_LAUNCH_* variable or .env of the caller leaks in.
BENCH_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}

SIZES = (1000, 10000, 100000)


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def out(cmd, **kw):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, **kw).stdout.strip()
    except OSError:
        return "not installed"


# ---- setup -------------------------------------------------------------------------------------

def install_peers():
    sh(["bash", str(REPO / "scripts/bootstrap.sh"), "--bench"])
    lock = BENCH / "package-lock.json"
    stamp = BENCH / "node_modules" / ".package-lock.json"
    if not stamp.exists() or stamp.stat().st_mtime < lock.stat().st_mtime:
        log("installing the npm peers (bench/package.json, pinned) into bench/node_modules")
        sh(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH)


def build():
    sh(["cmake", "-S", str(REPO), "-B", str(BUILD), "-DCMAKE_BUILD_TYPE=Release", "-DDGL_BUILD_TESTS=OFF"],
       stdout=subprocess.DEVNULL)
    sh(["cmake", "--build", str(BUILD), "-j", str(os.cpu_count() or 2), "--target", "diffgram-launch"])
    WORK.mkdir(parents=True, exist_ok=True)
    sh(["cc", "-O2", "-o", str(WORK / "execenv"), str(BENCH / "execenv.c")])


def child_environment(env_file):
    """The launcher's child environment for env_file in BENCH_ENV, as KEY=VALUE strings."""
    res = subprocess.run([str(BIN), "print", "--format", "json", "--reveal", "--env-file", str(env_file)],
                         capture_output=True, text=True, env=BENCH_ENV, check=True)
    return json.loads(res.stdout)


def same_as_python_dotenv(env_file, child):
    """Guard: the launcher must read the input as python-dotenv does, or the figures mean nothing."""
    code = ("import json,sys; from dotenv import dotenv_values;"
            "print(json.dumps(dotenv_values(sys.argv[1])))")
    ref = json.loads(out(["/usr/bin/python3", "-c", code, str(env_file)], env=BENCH_ENV))
    mine = {k: v for k, v in child.items() if k not in BENCH_ENV}
    if ref != mine:
        diff = sorted(k for k in set(ref) | set(mine) if ref.get(k) != mine.get(k))
        raise SystemExit(f"bench: {env_file}: launcher and python-dotenv disagree on {diff[:10]}")


def generate():
    paths = gen_env.write_inputs(WORK, SIZES)
    floors = {}
    for n in (60, 1000, 10000):
        child = child_environment(paths[n])
        if n <= 1000:
            same_as_python_dotenv(paths[n], child)
        floors[n] = WORK / f"env-{n}.nul"
        floors[n].write_bytes(b"".join(f"{k}={v}".encode() + b"\0" for k, v in child.items()))
    return paths, floors


# ---- measuring -----------------------------------------------------------------------------------

def hyperfine(name, cmds, runs=None, min_runs=None, max_runs=None, warmup=3, ignore_failure=False):
    """One hyperfine invocation over cmds [(label, argv)]; returns {label: stats} in seconds."""
    js = WORK / f"hf-{name}.json"
    args = ["hyperfine", "-N", "--style", "basic", "--warmup", str(warmup), "--export-json", str(js)]
    if runs:
        args += ["--runs", str(runs)]
    if min_runs:
        args += ["--min-runs", str(min_runs)]
    if max_runs:
        args += ["--max-runs", str(max_runs)]
    if ignore_failure:
        args.append("-i")
    for label, argv in cmds:
        args += ["-n", label, shlex.join(argv)]
    log(f"hyperfine [{name}]: {', '.join(label for label, _ in cmds)}")
    sh(args, cwd=REPO, env=BENCH_ENV, stdout=sys.stderr)
    results = {}
    for r, (label, argv) in zip(json.load(js.open())["results"], cmds):
        results[label] = {"median": r["median"], "mean": r["mean"], "stddev": r["stddev"] or 0.0,
                          "cpu": r["user"] + r["system"], "runs": len(r["times"]), "argv": argv,
                          "failed": any(c != 0 for c in r.get("exit_codes", []) if c is not None)}
    return results


def rounds(name, me, floor, n=7, runs=30):
    """The ratio me/floor (each a (label, argv)) measured in n short hyperfine runs whose command
    order alternates, one ratio of medians per run. A single long run measures every run of one
    command, then the next: the neighbours' load drifting in between moves the ratio, and the
    medians of alternating short runs cancel that drift. Returns the sorted ratios."""
    out = []
    for r in range(n):
        cmds = [floor, me] if r % 2 == 0 else [me, floor]
        # At least `runs` runs and hyperfine's 3 s per command: a fast command's median is then
        # of thousands of runs, not of the few a slow partner needs.
        res = hyperfine(f"{name}-round{r}", cmds, min_runs=runs, warmup=3)
        out.append(res[me[0]]["median"] / res[floor[0]]["median"])
    return sorted(out)


def rounds_line(ratios):
    return (f"{statistics.median(ratios):.2f}× (median of {len(ratios)} alternating runs; "
            f"{ratios[0]:.2f}× to {ratios[-1]:.2f}×)")


def single(label, argv, timeout):
    """One timed run for a peer too slow for repeated runs: seconds, or None past the timeout."""
    log(f"single run (timeout {timeout} s): {label}")
    t = time.perf_counter()
    try:
        subprocess.run(argv, cwd=REPO, env=BENCH_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return time.perf_counter() - t


def peak_rss_kib(argv, repeat=5):
    """Median of /usr/bin/time's "Maximum resident set size" (KiB). In exec mode it is the larger of
    the launcher's and the command's peak: the kernel keeps the high-water mark across execve."""
    values = []
    for _ in range(repeat):
        res = subprocess.run(["/usr/bin/time", "-v", *argv], cwd=REPO, env=BENCH_ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for line in res.stderr.splitlines():
            if "Maximum resident set size" in line:
                values.append(int(line.rsplit(":", 1)[1]))
    return statistics.median(values) if values else None


def callgrind_ir(argv, before_exec=False):
    """Instructions executed (callgrind's Ir), the figure that is stable on a noisy machine."""
    outfile = WORK / "callgrind.out"
    for f in WORK.glob("callgrind.out*"):
        f.unlink()
    args = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={outfile}"]
    if before_exec:
        args.append("--dump-before=execve")  # exec mode: count the launcher, not the command
    subprocess.run(args + argv, cwd=REPO, env=BENCH_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total = 0
    for f in WORK.glob("callgrind.out*"):
        for line in f.read_text(errors="replace").splitlines():
            if line.startswith("totals:") or line.startswith("summary:"):
                total = max(total, int(line.split()[1]))
    return total


# ---- reporting -----------------------------------------------------------------------------------

class Report:
    def __init__(self):
        self.lines = []
        self.goals = []

    def add(self, text=""):
        self.lines.append(text)
        print(text, flush=True)

    def table(self, results, base, ref=None):
        """Medians with ratios against `base` (the floor) and `ref` (diffgram-launch)."""
        head = f"| command | runs | median | mean ± σ | CPU user+sys | × {base} |"
        if ref:
            head += f" × {ref} |"
        self.add(head)
        self.add("|" + "---|" * (head.count("|") - 1))
        for label, r in results.items():
            row = (f"| `{label}` | {r['runs']} | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'])} "
                   f"| {ms(r['cpu'])} | {ratio(r['median'], results[base]['median'])} |")
            if ref:
                row += f" {ratio(r['median'], results[ref]['median'])} |"
            self.add(row + (" (non-zero exit)" if r["failed"] else ""))
        self.add()

    def goal(self, text, value, met):
        self.goals.append((text, value, met))


def ms(seconds):
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}×" if a / b < 100 else f"{a / b:.0f}×"


def cache_option(name):
    cache = BUILD / "CMakeCache.txt"
    for line in cache.read_text().splitlines() if cache.exists() else []:
        if line.startswith(name + ":"):
            return f"{name}={line.split('=', 1)[1]}"
    return f"{name} unset"


def machine_info():
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break

    def deb(pkg):
        return out(["dpkg-query", "-W", "-f=${Version}", pkg]) or "not installed"

    def npm_version(pkg):
        p = BENCH / "node_modules" / pkg / "package.json"
        return json.loads(p.read_text())["version"] if p.exists() else "not installed"

    commit = out(["git", "rev-parse", "--short", "HEAD"], cwd=REPO)
    dirty = " (with uncommitted changes)" if out(["git", "status", "--porcelain", "--untracked-files=no"],
                                                 cwd=REPO) else ""
    return [
        f"- machine: {os.cpu_count()} CPUs (nproc {out(['nproc'])}), {cpu}, kernel {platform.release()}",
        f"- load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(a shared machine: wall times move with it; same-run ratios and CPU times less so)",
        f"- diffgram-launch: {out([str(BIN), '--version'], env=BENCH_ENV)}, commit {commit}{dirty}, "
        f"Release build in build-bench/ ({cache_option('DGL_STATIC_DEPS')})",
        f"- hyperfine {deb('hyperfine')}, coreutils env {deb('coreutils')}, tini {deb('tini')}, "
        f"python-dotenv {deb('python3-dotenv')} (Debian, CLI {PY_DOTENV}), python3 {deb('python3')}, "
        f"node {out(['node', '--version'])}, @dotenvx/dotenvx {npm_version('@dotenvx/dotenvx')}, "
        f"dotenv-cli {npm_version('dotenv-cli')}, valgrind {deb('valgrind')}, g++ {deb('g++')}",
        f"- date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
    ]


# ---- the cases -----------------------------------------------------------------------------------

def launcher(*args):
    return [str(BIN.relative_to(REPO)), *args]


def rel(p):
    return str(Path(p).relative_to(REPO))


def case_a(rep, paths, args):
    e = rel(paths[60])
    cmds = [
        ("env -i /bin/true", ["env", "-i", "/bin/true"]),
        ("diffgram-launch --env-file E -- /bin/true", launcher("--env-file", e, "--", "/bin/true")),
        ("tini -s -- /bin/true", ["tini", "-s", "--", "/bin/true"]),
        ("dotenv -f E run -- /bin/true", [PY_DOTENV, "-f", e, "run", "--", "/bin/true"]),
        ("dotenvx run -f E -- /bin/true", [rel(NODE_BIN / "dotenvx"), "run", "-f", e, "--", "/bin/true"]),
        ("dotenv -e E -- /bin/true", [rel(NODE_BIN / "dotenv"), "-e", e, "--", "/bin/true"]),
    ]
    # At least runs_a runs, and hyperfine's 3 s per command: the fast commands get thousands of runs
    # (a burst of load in a 0.1 s window no longer moves their medians), the slow peers runs_a.
    res = hyperfine("a-60", cmds, min_runs=args.runs_a, warmup=5)
    rep.add(f"## (a) start-up: a 60-key Diffgram .env, exec /bin/true (E = {e})")
    rep.add()
    rep.table(res, "env -i /bin/true", "diffgram-launch --env-file E -- /bin/true")
    me = res["diffgram-launch --env-file E -- /bin/true"]["median"]
    floor = res["env -i /bin/true"]["median"]
    py = res["dotenv -f E run -- /bin/true"]["median"]
    rep.goal("(a) diffgram-launch ≤ 1.3× `env -i /bin/true`", ratio(me, floor), me <= 1.3 * floor)
    alt = rounds("a-60", cmds[1], cmds[0])
    rep.add(f"The same pair in alternating runs: diffgram-launch {rounds_line(alt)} `env -i /bin/true`.")
    rep.goal("(a) the same, alternating runs", rounds_line(alt), statistics.median(alt) <= 1.3)
    alt_py = rounds("a-60-dotenv", cmds[3], cmds[1], runs=10)  # dotenv run / launcher
    rep.add(f"`dotenv run` against diffgram-launch in alternating runs: {rounds_line(alt_py)}.")
    rep.add()
    rep.goal("(a) diffgram-launch ≥ 50× faster than `dotenv run`", f"{py / me:.0f}× faster", py >= 50 * me)
    rep.goal("(a) the same, alternating runs", rounds_line(alt_py), statistics.median(alt_py) >= 50)
    rep.goal("(foundation) diffgram-launch ≤ 1.5× `env -i /bin/true`", ratio(me, floor), me <= 1.5 * floor)
    return res


def case_b(rep, paths, floors, args):
    rep.add("## (b) start-up with 1,000 and 10,000 keys, exec /bin/true")
    rep.add()
    rep.add("The floor `execenv F /bin/true` (bench/execenv.c) execs /bin/true with exactly the launcher's "
            "child environment, read as NUL-separated entries from a pre-built file: `env -i` given the same "
            "variables, without parsing or checks. `env -i K=V… /bin/true` itself, the issue's baseline, is "
            "measured too: coreutils env calls putenv() once per variable, which is quadratic, so it is not the "
            "floor at these sizes. At 10,000 keys its command line exceeds one hyperfine argument (128 KiB, the "
            "kernel's MAX_ARG_STRLEN), so `execenv --env-i` execs that same command line (one exec more).")
    rep.add()
    out_res = {}
    for n in (1000, 10000):
        e = rel(paths[n])
        me_label = f"diffgram-launch --env-file E{n} -- /bin/true"
        cmds = [
            (f"execenv F{n} /bin/true", [rel(WORK / "execenv"), rel(floors[n]), "/bin/true"]),
            (me_label, launcher("--env-file", e, "--", "/bin/true")),
        ]
        env_i = ["env", "-i", *(l.decode() for l in floors[n].read_bytes().split(b"\0") if l), "/bin/true"]
        env_i_label = f"env -i K=V…({n}) /bin/true"
        if len(shlex.join(env_i)) < 128 * 1024:
            cmds.append((env_i_label, env_i))
        else:  # too long for hyperfine's one command string: execenv builds the same command line
            env_i_label = f"execenv --env-i F{n} /bin/true (env -i K=V…({n}) /bin/true, one exec more)"
            cmds.append((env_i_label, [rel(WORK / "execenv"), "--env-i", rel(floors[n]), "/bin/true"]))
        res = hyperfine(f"b-{n}", cmds, min_runs=10, max_runs=args.runs_a, warmup=3)
        rep.add(f"### {n} keys (E{n} = {e})")
        rep.add()
        rep.table(res, f"execenv F{n} /bin/true", me_label)
        if n == 10000:
            me = res[me_label]["median"]
            floor = res[f"execenv F{n} /bin/true"]["median"]
            env_i_time = res[env_i_label]["median"]
            rep.goal("(b) 10,000 keys: diffgram-launch ≤ 2× `env -i` with the same variables (the issue's baseline)",
                     ratio(me, env_i_time), me <= 2 * env_i_time)
            rep.goal("(b, stricter) 10,000 keys: diffgram-launch ≤ 2× the floor execenv with the same variables",
                     ratio(me, floor), me <= 2 * floor)
            alt = rounds("b-10000", cmds[1], cmds[0])
            rep.add(f"The launcher against the floor in alternating runs: {rounds_line(alt)}.")
            rep.add()
            rep.goal("(b, stricter) the same, alternating runs", rounds_line(alt), statistics.median(alt) <= 2)
        out_res[n] = res
        # The peers: far slower, so fewer runs, each still against diffgram-launch in the same run.
        peers = [
            (me_label, launcher("--env-file", e, "--", "/bin/true")),
            (f"dotenv -f E{n} run -- /bin/true", [PY_DOTENV, "-f", e, "run", "--", "/bin/true"]),
            (f"dotenvx run -f E{n} -- /bin/true", [rel(NODE_BIN / "dotenvx"), "run", "-f", e, "--", "/bin/true"]),
            (f"dotenv -e E{n} -- /bin/true", [rel(NODE_BIN / "dotenv"), "-e", e, "--", "/bin/true"]),
        ]
        timeout = args.peer_timeout
        fast, slow = [peers[0]], []
        for label, argv in peers[1:]:
            t = single(label, argv, timeout)
            (fast if t is not None and t * args.peer_runs < timeout else slow).append((label, argv, t))
        fast = [(p[0], p[1]) for p in fast]
        if len(fast) > 1:
            res = hyperfine(f"b-{n}-peers", fast, runs=args.peer_runs, warmup=0)
            rep.add(f"Peers, {args.peer_runs} runs each, same hyperfine run:")
            rep.add()
            rep.table(res, me_label)
        for label, argv, t in slow:
            rep.add(f"- `{label}`: one run, " + (f"{ms(t)} (too slow to repeat within {timeout} s)"
                                                 if t is not None else f"did not finish within {timeout} s"))
        if slow:
            rep.add()
    return out_res


def case_c(rep, paths, args):
    rep.add("## (c) scaling: `check` and `print --format json` on 1k, 10k and 100k keys")
    rep.add()
    res_all = {}
    for sub, extra in (("check", []), ("print --format json", ["--format", "json"])):
        cmds = [(f"{sub} E{n}", launcher(sub.split()[0], *extra, "--env-file", rel(paths[n]))) for n in SIZES]
        res = hyperfine(f"c-{sub.split()[0]}", cmds, min_runs=5, max_runs=30, warmup=1, ignore_failure=True)
        rep.add(f"### `diffgram-launch {sub} --env-file E<n>`")
        rep.add()
        rep.table(res, f"{sub} E1000")
        for a, b in ((1000, 10000), (10000, 100000)):
            ta, tb = res[f"{sub} E{a}"]["median"], res[f"{sub} E{b}"]["median"]
            rep.goal(f"(c) `{sub}`: {b:,} keys ≤ 12× the time of {a:,}", ratio(tb, ta), tb <= 12 * ta)
        res_all[sub] = res
    return res_all


def case_d(rep, res_a, res_c):
    rep.add("## (d) peak resident memory (`/usr/bin/time -v`, median of 5)")
    rep.add()
    rep.add("| command | peak RSS |")
    rep.add("|---|---|")
    launcher_kib = None
    for res in [res_a, *res_c.values()]:
        for label, r in res.items():
            kib = peak_rss_kib(r["argv"])
            rep.add(f"| `{label}` | {kib / 1024:.1f} MiB ({kib:.0f} KiB) |" if kib else f"| `{label}` | — |")
            if label == "diffgram-launch --env-file E -- /bin/true":
                launcher_kib = kib
    rep.add()
    if launcher_kib:
        rep.goal("(d) peak RSS ≤ 6 MiB for (a)", f"{launcher_kib / 1024:.1f} MiB", launcher_kib <= 6 * 1024)


def supervises():
    """True when `--init` really supervises: the command then runs in a child with another PID."""
    p = subprocess.Popen([str(BIN), "--init", "--no-dotenv", "--", "/bin/sh", "-c", "echo $$"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=BENCH_ENV)
    stdout, _ = p.communicate(timeout=30)
    return p.returncode == 0 and stdout.strip().isdigit() and int(stdout.strip()) != p.pid


def case_e(rep, paths, args):
    rep.add("## (e) supervise mode (`--init`) against exec mode")
    rep.add()
    if not supervises():
        note = ("skipped: this build's `--init` does not supervise yet (the command keeps the launcher's PID); "
                "re-run `make bench` once the supervise branch has landed.")
        log(note)
        rep.add(note)
        rep.add()
        return
    e = rel(paths[60])
    cmds = [
        ("env -i /bin/true", ["env", "-i", "/bin/true"]),
        ("diffgram-launch --env-file E -- /bin/true", launcher("--env-file", e, "--", "/bin/true")),
        ("diffgram-launch --init --env-file E -- /bin/true", launcher("--init", "--env-file", e, "--", "/bin/true")),
        ("tini -s -- /bin/true", ["tini", "-s", "--", "/bin/true"]),
    ]
    res = hyperfine("e-init", cmds, min_runs=args.runs_a, warmup=5)  # as in case (a)
    rep.table(res, "env -i /bin/true", "diffgram-launch --env-file E -- /bin/true")
    kib = peak_rss_kib(cmds[2][1])
    rep.add(f"Peak RSS of `--init`: {kib / 1024:.1f} MiB." if kib else "")
    rep.add()


def case_instructions(rep, paths):
    rep.add("## Instructions executed (callgrind Ir; stable where wall time is not)")
    rep.add()
    rep.add("| command | instructions |")
    rep.add("|---|---|")
    e = rel(paths[60])
    rows = [("env -i /bin/true (env only, before exec)", ["env", "-i", "/bin/true"], True),
            ("diffgram-launch --env-file E -- /bin/true (launcher only, before exec)",
             launcher("--env-file", e, "--", "/bin/true"), True)]
    for n in (1000, 10000):
        rows.append((f"check E{n}", launcher("check", "--env-file", rel(paths[n])), False))
        rows.append((f"print --format json E{n}", launcher("print", "--format", "json", "--env-file", rel(paths[n])),
                     False))
    for label, argv, before_exec in rows:
        rep.add(f"| `{label}` | {callgrind_ir(argv, before_exec):,} |")
    rep.add()


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", default="a,b,c,d,e,ir", help="comma-separated subset of a,b,c,d,e,ir")
    ap.add_argument("--runs-a", type=int, default=60,
                    help="hyperfine runs for the start-up cases (at least; (a) and (e) also run each command 3 s)")
    ap.add_argument("--peer-runs", type=int, default=3, help="runs for the peers at 1k/10k keys")
    ap.add_argument("--peer-timeout", type=int, default=60, help="seconds a slow peer may take at 1k/10k keys")
    ap.add_argument("--no-setup", action="store_true", help="skip installing peers and building")
    args = ap.parse_args()
    cases = set(args.cases.split(","))

    if not args.no_setup:
        install_peers()
        build()
    paths, floors = generate()
    rep = Report()
    rep.add("# diffgram-launch benchmarks (`make bench`)")
    rep.add()
    for line in machine_info():
        rep.add(line)
    rep.add()
    rep.add("Medians from hyperfine (`-N`, no shell), each table one hyperfine run; ratios are of medians. "
            f"Every command runs in the environment {sorted(BENCH_ENV)} only.")
    rep.add()
    res_a = case_a(rep, paths, args) if "a" in cases or "d" in cases else {}
    if "b" in cases:
        case_b(rep, paths, floors, args)
    res_c = case_c(rep, paths, args) if "c" in cases or "d" in cases else {}
    if "d" in cases:
        case_d(rep, res_a, res_c)
    if "e" in cases:
        case_e(rep, paths, args)
    if "ir" in cases:
        case_instructions(rep, paths)
    rep.add("## Goals (issue 9)")
    rep.add()
    rep.add("| goal | measured | |")
    rep.add("|---|---|---|")
    for text, value, met in rep.goals:
        rep.add(f"| {text} | {value} | {'met' if met else 'MISSED'} |")
    rep.add()
    rep.add(f"- load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    (BENCH / "results.md").write_text("\n".join(rep.lines) + "\n")
    log(f"written {BENCH / 'results.md'}")


if __name__ == "__main__":
    main()
