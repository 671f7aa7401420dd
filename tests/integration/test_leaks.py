"""The leak test (contract §6, issue 5): random high-entropy values for every secret-class key of
the catalog and for unknown secret-named keys, fed through every source this build reads, then
every subcommand, output format, log level and log format, and every error path we can trigger,
in production mode. No secret may appear in stdout or stderr, whole or as any 8-byte substring.

Written to cover later features without edits where possible: subcommands come from --help
(those the binary reports as unavailable are skipped), formats and sources are probed, and the
summary printed at the end says what was exercised."""
import base64
import csv
import json
import os
import random
import shlex
import subprocess
import sys
import time

import pytest

from conftest import BIN, HERE, SUMMARY, base_env
from dgl_sources import PRODUCTION_KINDS, dotenv_text, source_args, source_works

CATALOG = os.path.join(HERE, "..", "data", "diffgram", "settings-env-catalog.tsv")
UNKNOWN_SECRET_KEYS = ["MY_SERVICE_PASSWORD", "PAYMENT_SECRET", "GITHUB_TOKEN", "SIGNING_KEY",
                       "VENDOR_CREDENTIALS", "SSH_PRIVATE_PEM", "BASIC_AUTH_HEADER", "SENTRY_DSN",
                       "lower_case_api_key"]
URL_KEYS = {"DATABASE_URL", "UNIT_TESTING_DATABASE_URL"}
LEVELS = ["trace", "debug", "info", "warning", "error", "off"]
LOG_FORMATS = ["text", "json"]
FORMATS = ["text", "json", "dotenv", "shell", "systemd", "docker"]
WINDOW = 8

SEED = int(os.environ.get("DGL_LEAK_SEED", str(int(time.time()))))
RNG = random.Random(SEED)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def catalog_secret_keys():
    with open(CATALOG, encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return [r["name"] for r in rows if r["secret"] in ("Y", "ID")]


SECRET_KEYS = catalog_secret_keys() + UNKNOWN_SECRET_KEYS


class Secrets:
    """Every secret value handed to the launcher, and the 8-byte windows no output may hold."""

    def __init__(self):
        self.values = []
        self.windows = set()

    def track(self, secret):
        self.values.append(secret)
        data = secret.encode()
        for i in range(len(data) - WINDOW + 1):
            self.windows.add(data[i:i + WINDOW])
        return secret

    def token(self, n=32):
        return self.track("".join(RNG.choice(ALNUM) for _ in range(n)))

    def value_for(self, key, dollars=False):
        """A plausible value: a URL keeps its shape (only the password is secret), FERNET_KEY is a
        real Fernet key; `dollars` adds `$NAME` and `${NAME}` parts whose names are secret too
        (compose echoes such fragments in warnings)."""
        if key in URL_KEYS:
            return f"postgresql+psycopg2://diffgram:{self.token()}@db:5432/diffgram"
        if key == "FERNET_KEY":
            return self.track(base64.urlsafe_b64encode(RNG.randbytes(32)).decode())
        if dollars:
            return self.track(self.token(12) + "$" + self.token(10) + "${" + self.token(10) + "}" + self.token(8))
        return self.token()

    def values_for(self, keys, dollars=False):
        return {k: self.value_for(k, dollars) for k in keys}

    def leaks(self, data):
        found = set()
        for i in range(len(data) - WINDOW + 1):
            if data[i:i + WINDOW] in self.windows:
                found.add(data[i:i + WINDOW])
        return found


class Harness:
    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.secrets = Secrets()
        self.runs = 0
        self.exercised = {}  # label -> set of exit codes

    def run(self, label, args, env=None, cwd=None):
        proc = subprocess.run([BIN, *args], env=base_env(DIFFGRAM_SYSTEM_MODE="production", **(env or {})),
                              cwd=str(cwd or self.tmp), capture_output=True, timeout=120)
        self.runs += 1
        self.exercised.setdefault(label, set()).add(proc.returncode)
        for stream, data in (("stdout", proc.stdout), ("stderr", proc.stderr)):
            leaked = self.secrets.leaks(data)
            assert not leaked, (f"secret leaked on {stream} ({label}, seed {SEED}): {sorted(leaked)[:3]}\n"
                                f"args: {args}\n{stream}:\n{data.decode(errors='replace')[:3000]}")
        return proc


def discover_subcommands():
    out = subprocess.run([BIN, "--help"], capture_output=True, text=True, env=base_env()).stdout
    subs = []
    for line in out.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == "diffgram-launch" and words[1][0].isalpha() and words[1] not in subs:
            subs.append(words[1])
    assert {"run", "check", "print"} <= set(subs), out
    return subs


def unavailable(proc):
    return proc.returncode == 125 and b"not available in this build" in proc.stderr


def format_refused(proc):
    return proc.returncode == 125 and b"format" in proc.stderr


def subcommand_args(sub, h, files):
    """The words after the options for `sub`, or None when it takes no pipeline options."""
    if sub == "run":
        return ["--", "/bin/true"]
    if sub == "explain":
        return SECRET_KEYS[:5]
    if sub == "lint":
        return files
    if sub == "init":
        return ["--output", str(h.tmp / f"init-{h.runs}.env")]
    return []


PIPELINE = {"run", "check", "explain", "print", "info"}


@pytest.fixture
def h(tmp_path):
    return Harness(tmp_path)


def production_setup(h):
    """All keys in a .env file (shadowed ones warn: they are secrets), a second .env changing some,
    and the production sources this build reads, each with a disjoint share of the keys."""
    args, env, used = ["--no-dotenv"], {}, ["dotenv"]
    first = h.secrets.values_for(SECRET_KEYS)
    first_path = h.tmp / "first.env"
    # A malformed line holding a secret, then a secret key set twice with different values.
    first_path.write_text(dotenv_text(first) + f"SECRET_KEY='{h.secrets.token()}'\n"
                          f"MALFORMED_SECRET {h.secrets.token()} 'x\n")
    second = h.secrets.values_for(SECRET_KEYS[::3])
    second_path = h.tmp / "second.env"
    second_path.write_text(dotenv_text(second))
    args += ["--env-file", str(first_path), "--env-file", str(second_path)]
    kinds = [k for k in PRODUCTION_KINDS if source_works(h.tmp, k)]
    for i, kind in enumerate(kinds):
        share = SECRET_KEYS[i::len(kinds)]
        a, e = source_args(kind, h.tmp, h.secrets.values_for(share), tag="prod")
        args += a
        env.update(e)
        used.append(kind)
    a, e = source_args("set", h.tmp, h.secrets.values_for(["CLI_GIVEN_TOKEN"]))
    args += a
    used.append("set")
    return args, env, [str(first_path), str(second_path)], used


def test_no_secret_leaks_anywhere(h):
    subs = discover_subcommands()
    base_args, env, files, used = production_setup(h)
    exercised, skipped = [], []
    for sub in subs:
        extra = subcommand_args(sub, h, files)
        opts = base_args if sub in PIPELINE else []
        probe = h.run(f"{sub}", [sub, *opts, *extra], env=env)
        if unavailable(probe):
            skipped.append(sub)
            continue
        formats = [None]
        for fmt in FORMATS if sub in PIPELINE - {"run"} else []:  # the others have no --format
            p = h.run(f"{sub} --format {fmt}", [sub, *opts, "--format", fmt, *extra], env=env)
            if not format_refused(p):
                formats.append(fmt)
        for fmt in formats:
            fmt_args = [] if fmt is None else ["--format", fmt]
            for level in LEVELS:
                for log_format in LOG_FORMATS:
                    h.run(f"{sub}", [sub, *opts, *fmt_args, "--log-level", level, "--log-format", log_format,
                                     *extra], env=env)
            h.run(f"{sub} -q", [sub, *opts, *fmt_args, "-q", *extra], env=env)
            if sub in PIPELINE:  # past the catalog checks too, so that every value gets printed
                for log_format in LOG_FORMATS:
                    h.run(f"{sub} --no-check", [sub, *opts, *fmt_args, "--no-check", "--log-level", "trace",
                                                "--log-format", log_format, *extra], env=env)
        exercised.append(f"{sub} (formats: {', '.join(f or 'default' for f in formats)})")
    # The bare form and the compose dialect on the same sources.
    h.run("bare run", [*base_args, "--log-level", "trace", "--", "/bin/true"], env=env)
    for sub in ("check", "print"):
        h.run(f"{sub} --dialect compose", [sub, *base_args, "--dialect", "compose", "--log-level", "trace"], env=env)
    SUMMARY.append(f"leak test (seed {SEED}): {h.runs} runs, {len(h.secrets.values)} secret values, "
                   f"sources: {', '.join(used)}")
    SUMMARY.append("  subcommands exercised: " + "; ".join(exercised))
    SUMMARY.append("  subcommands unavailable in this build: " + (", ".join(skipped) or "none"))
    SUMMARY.append(f"  log levels: {', '.join(LEVELS)}, -q; log formats: {', '.join(LOG_FORMATS)}")


def test_dollar_secrets_do_not_leak_through_interpolation_warnings(h):
    """Secrets holding `$NAME` / `${NAME}`: neither dialect may name NAME in a warning."""
    values = h.secrets.values_for(SECRET_KEYS, dollars=True)
    path = h.tmp / "dollars.env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    for dialect in ("python-dotenv", "compose"):
        for sub in ("check", "print"):
            for log_format in LOG_FORMATS:
                h.run(f"{sub} --dialect {dialect} ($ in secrets)",
                      [sub, "--no-dotenv", "--env-file", str(path), "--dialect", dialect, "--log-level", "trace",
                       "--log-format", log_format], env={})
        h.run(f"lint ($ in secrets)", ["lint", str(path)])


def error_paths(h):
    """(label, args, env, expected exit codes): every error path we can trigger, each with secrets
    in play. Paths that need a source this build lacks are left out (and listed as skipped)."""
    s = h.secrets
    tmp = h.tmp
    paths, skipped = [], []

    def env_file(name, text, mode="w"):
        p = tmp / name
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text)
        return str(p)

    good = env_file("good.env", dotenv_text(s.values_for(SECRET_KEYS)))
    paths.append(("malformed line holding a secret (warning)",
                  ["check", "--no-dotenv", "--env-file",
                   env_file("malformed.env", f"A=1\nSECRET_KEY=\"{s.token()}\nB=2\n'{s.token()}\n")], {}, {0, 78}))
    paths.append(("malformed line holding a secret, --strict",
                  ["--strict", "--no-dotenv", "--env-file", str(tmp / "malformed.env"), "--", "/bin/true"], {}, {78}))
    paths.append(("secret set twice in one file, --strict",
                  ["print", "--strict", "--no-dotenv", "--env-file",
                   env_file("dup.env", f"SECRET_KEY={s.token()}\nSECRET_KEY={s.token()}\n")], {}, {78}))
    paths.append((".env secret shadowed by the process environment",
                  ["check", "--no-dotenv", "--env-file", good], s.values_for(SECRET_KEYS[:4]), {0, 78}))
    paths.append(("failed check: code-loading key from a .env file",
                  ["check", "--no-dotenv", "--env-file", env_file("unsafe.env", f"LD_PRELOAD=/tmp/{s.token()}.so\n"
                                                                                  f"BASH_ENV=/tmp/{s.token()}\n")],
                  {}, {78}))
    paths.append(("failed check: production policy (wrapped Fernet key, bypass login)",
                  ["check", "--no-dotenv", "--env-file",
                   env_file("policy.env", f"FERNET_KEY=b'{s.token(43)}='\nSANDBOX_BYPASS_LOGIN=true\n"
                                          f"SECRET_KEY=short\nDATABASE_URL=notaurl{s.token()}\n")], {}, {0, 78}))
    paths.append(("rejected configuration on run",
                  ["--strict", "--no-dotenv", "--env-file", str(tmp / "unsafe.env"), "--", "/bin/true"], {}, {78}))
    paths.append(("--reveal in production (print)",
                  ["print", "--reveal", "--no-dotenv", "--env-file", good], {}, {125}))
    paths.append(("--reveal in production (explain)",
                  ["explain", "--reveal", "--no-dotenv", "--env-file", good, "SECRET_KEY"], {}, {125}))
    paths.append(("exec failure: not found (127)",
                  ["--no-check", "--no-dotenv", "--env-file", good, "--", str(tmp / "no-such-program")], {}, {127}))
    noexec = tmp / "not-executable"
    noexec.write_text("#!/bin/sh\n")
    noexec.chmod(0o644)
    paths.append(("exec failure: not executable (126)", ["--no-check", "--no-dotenv", "--env-file", good, "--", str(noexec)],
                  {}, {126}))
    paths.append(("child fails", ["--no-check", "--no-dotenv", "--env-file", good, "--", "/bin/sh", "-c", "exit 3"], {}, {3}))
    paths.append(("NUL byte next to a secret in a .env file",
                  ["print", "--no-dotenv", "--env-file",
                   env_file("nul.env", f"SECRET_KEY={s.token()}\0{s.token()}\n".encode())], {}, {125}))
    paths.append(("line over the length limit holding a secret",
                  ["print", "--no-dotenv", "--env-file",
                   env_file("long.env", "SECRET_KEY=" + s.token(64) * (1024 * 1024 // 64 + 1) + "\n")], {}, {125}))
    paths.append(("secret over MAX_ARG_STRLEN at exec",
                  ["--no-check", "--no-dotenv", "--env-file",
                   env_file("huge.env", "BIG_SECRET=" + s.token(64) * 2100 + "\n"),
                   "--", "/bin/true"], {}, {125}))
    paths.append(("invalid UTF-8 secret (process environment)", ["check", "--no-dotenv"],
                  {"LATIN1_SECRET": s.token() + "\udce9" + s.token()}, {0, 78}))
    paths.append(("missing --env-file", ["print", "--env-file", str(tmp / "missing.env")],
                  s.values_for(SECRET_KEYS[:3]), {125}))
    paths.append(("usage error: typo'd option carrying a secret",
                  ["print", f"--sett=SECRET_KEY={s.token()}"], {}, {125}))
    paths.append(("usage error: invalid option value that is a secret",
                  ["print", "--from-cmd-timeout", s.token()], {}, {125}))
    paths.append(("usage error: stray KEY=secret argument", ["check", f"SECRET_KEY={s.token()}"], {}, {125}))
    paths.append(("usage error: DIFFGRAM_LAUNCH_* boolean holding a secret", ["print"],
                  {"DIFFGRAM_LAUNCH_NO_DOTENV": s.token()}, {125}))
    paths.append(("usage error: DIFFGRAM_LAUNCH_* number holding a secret", ["print"],
                  {"DIFFGRAM_LAUNCH_FROM_CMD_TIMEOUT": s.token()}, {125}))
    # Supervise mode: its own log lines (start, forwarding, exit by signal) and --mask-output,
    # which must scrub every secret even from a child that prints its whole environment.
    paths.append(("supervised child killed by a signal", ["--init", "--no-check", "--no-dotenv", "--env-file", good,
                                                          "--", "/bin/sh", "-c", "kill -TERM $$"], {}, {143}))
    paths.append(("--mask-output: child prints its environment", ["--mask-output", "--no-check", "--no-dotenv",
                                                                  "--env-file", good, "--", "/usr/bin/env"], {}, {0}))
    paths.append(("lint on files holding secrets", ["lint", good, str(tmp / "malformed.env")], {}, {0, 1, 125}))

    # Conflicts between two production sources, and failures of the production sources.
    prod = [k for k in PRODUCTION_KINDS if k != "process" and source_works(tmp, k)]
    for kind in prod:
        a, e = source_args(kind, tmp, s.values_for(["SECRET_KEY", "SMTP_PASSWORD"]), tag="conflict")
        paths.append((f"conflict: process environment vs {kind}", ["check", "--no-dotenv", *a],
                      {**e, **s.values_for(["SECRET_KEY", "SMTP_PASSWORD"])}, {78}))
    if len(prod) >= 2:
        a1, e1 = source_args(prod[0], tmp, s.values_for(["INTER_SERVICE_SECRET"]), tag="c1")
        a2, e2 = source_args(prod[1], tmp, s.values_for(["INTER_SERVICE_SECRET"]), tag="c2")
        paths.append((f"conflict: {prod[0]} vs {prod[1]}", ["--no-dotenv", *a1, *a2, "--", "/bin/true"],
                      {**e1, **e2}, {78}))
    if source_works(tmp, "key-file"):
        a, e = source_args("key-file", tmp, s.values_for(["SECRET_KEY"]), tag="both")
        paths.append(("KEY and KEY_FILE both set", ["check", "--no-dotenv"],
                      {**e, "SECRET_KEY": s.token()}, {78}))
    if source_works(tmp, "secrets-dir"):
        d = tmp / "bad-secrets"
        d.mkdir()
        (d / "NUL_SECRET").write_bytes(f"{s.token()}\0{s.token()}".encode())
        paths.append(("secret file holding a NUL byte", ["print", "--no-dotenv", "--secrets-dir", str(d)], {}, {125}))
        d = tmp / "big-secrets"
        d.mkdir()
        (d / "BIG_SECRET").write_text(s.token(64) * (1024 * 1024 // 64 + 1))
        paths.append(("secret file over 1 MiB", ["print", "--no-dotenv", "--secrets-dir", str(d)], {}, {125}))
    else:
        skipped.append("secret files (--secrets-dir)")
    if source_works(tmp, "from-cmd"):
        out = env_file("cmd-out.env", dotenv_text(s.values_for(["SECRET_KEY", "GITHUB_TOKEN"])))
        paths.append(("failing --from-cmd (stdout holds secrets, exit 3)",
                      ["print", "--no-dotenv", "--from-cmd", f"cat {shlex.quote(out)}; exit 3"], {}, {125}))
        paths.append(("--from-cmd printing unparsable text holding secrets",
                      ["print", "--no-dotenv", "--from-cmd",
                       f"printf '%s\\n' 'SECRET_KEY=\"{s.token()}' '{s.token()} {s.token()}'"], {}, {0, 78, 125}))
        paths.append(("--from-cmd timing out after printing secrets",
                      ["print", "--no-dotenv", "--from-cmd-timeout", "1", "--from-cmd",
                       f"cat {shlex.quote(out)}; sleep 30"], {}, {125}))
        paths.append(("--from-cmd giving LD_PRELOAD",
                      ["check", "--no-dotenv", "--from-cmd", f"echo LD_PRELOAD=/tmp/{s.token()}.so"], {}, {78}))
    else:
        skipped.append("--from-cmd")
    if source_works(tmp, "from-cmd-json"):
        for label, text in (("truncated JSON", '{"SECRET_KEY": "%s"' % s.token()),
                            ("JSON that is not flat", '{"SECRET_KEY": ["%s"]}' % s.token()),
                            ("JSON with a non-string value", '{"SECRET_KEY": %d}' % RNG.randrange(10**15, 10**16)),
                            ("JSON array", '["%s"]' % s.token())):
            if "non-string" in label:
                s.track(text.split(": ")[1].rstrip("}"))
            path = env_file(f"bad-{len(paths)}.json", text)
            paths.append((f"--from-cmd-json: {label}", ["print", "--no-dotenv", "--from-cmd-json",
                                                        f"cat {shlex.quote(path)}"], {}, {125}))
    else:
        skipped.append("--from-cmd-json")
    return paths, skipped


def test_no_secret_leaks_on_error_paths(h):
    paths, skipped = error_paths(h)
    lines = []
    for label, args, env, expected in paths:
        codes = set()
        for level in ("trace", "info"):
            for log_format in LOG_FORMATS:
                p = h.run(label, [*args[:1], "--log-level", level, "--log-format", log_format, *args[1:]]
                          if args[0] in PIPELINE | {"lint"} else
                          ["--log-level", level, "--log-format", log_format, *args], env=env)
                if unavailable(p):
                    break
                codes.add(p.returncode)
        if not codes:
            lines.append(f"  - {label}: subcommand unavailable in this build")
            continue
        assert codes <= expected, f"{label}: exit {codes}, expected one of {expected}"
        lines.append(f"  - {label}: exit {', '.join(map(str, sorted(codes)))}")
    SUMMARY.append(f"leak test error paths (seed {SEED}), {h.runs} runs, no secret in any output:")
    SUMMARY.extend(lines)
    SUMMARY.append("  error paths skipped (source not in this build): " + (", ".join(skipped) or "none"))


def test_the_detector_catches_a_leak_and_an_8_byte_fragment(h):
    """The assertion above can fail: a child printing part of a secret (its right) trips it."""
    env = h.secrets.values_for(["GITHUB_TOKEN"])
    for cut in ("1-32", "3-10"):
        with pytest.raises(AssertionError, match="secret leaked on stdout"):
            h.run("detector", ["--no-check", "--no-dotenv", "--", "/bin/sh", "-c", f'printf %s "$GITHUB_TOKEN" | cut -c{cut}'],
                  env=env)
    h.run("detector", ["--no-check", "--no-dotenv", "--", "/bin/sh", "-c", 'printf %s "$GITHUB_TOKEN" | cut -c3-9'], env=env)
