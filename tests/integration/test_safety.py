"""Safety behaviour against the built binary (issue 5): JSON logs, the trust policy for keys that
load code, the launcher's own variables, and the input limits (each a clear exit 125)."""
import json
import os
import subprocess

import pytest

from conftest import BIN, PYTHON, base_env
from dgl_sources import SOURCE_KINDS, source_args, source_works

UNSAFE_KEYS = ["LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "PYTHONSTARTUP", "PYTHONINSPECT", "BASH_ENV",
               "ENV", "GCONV_PATH"]
PRINTENV = [PYTHON, "-c", "import json,os,sys; json.dump({k: v for k, v in os.environ.items()}, sys.stdout)"]
PRINTENV_BYTES = [PYTHON, "-c", "import os,sys; sys.stdout.buffer.write(b'\\0'.join("
                  "k + b'=' + v for k, v in os.environb.items()))"]


def write(path, data):
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    path.chmod(0o600)
    return str(path)


def run_bytes(args, env=None, cwd=None):
    return subprocess.run([BIN, *args], env=base_env() if env is None else env, cwd=cwd, capture_output=True,
                          timeout=120)


# ---- --log-format json ------------------------------------------------------------------------

def json_lines(stderr):
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "expected log lines"
    return [json.loads(line) for line in lines]


def test_json_log_lines_are_objects_with_time_level_message_fields(launch, tmp_path):
    env_file = write(tmp_path / "a.env", "A=1\nA=2\nBROKEN='unterminated\n")
    r = launch("print", "--log-format", "json", "--log-level", "trace", "--no-dotenv", "--env-file", env_file)
    assert r.code == 0, r
    records = json_lines(r.err)
    for rec in records:
        assert set(rec) == {"time", "level", "message", "fields"}, rec
        assert rec["time"].endswith("Z") and "T" in rec["time"]
        assert rec["level"] in {"trace", "debug", "info", "warning", "error", "critical"}
        assert rec["fields"]["program"] == "diffgram-launch"
    codes = {rec["fields"].get("code") for rec in records}
    assert {"DGL105", "DGL001"} <= codes
    dup = next(rec for rec in records if rec["fields"].get("code") == "DGL105")
    assert dup["level"] == "warning" and dup["fields"]["key"] == "A"


def test_json_log_escapes_awkward_keys(launch, tmp_path):
    # A quoted key holding a double quote, a backslash and a tab, set twice: DGL105 names it.
    env_file = write(tmp_path / "a.env", "'K\"\\\tü'=1\n'K\"\\\tü'=2\n")
    r = launch("print", "--log-format", "json", "--no-dotenv", "--env-file", env_file)
    rec = next(rec for rec in json_lines(r.err) if rec["fields"].get("code") == "DGL105")
    assert rec["fields"]["key"] == "K\"\\\tü"


def test_json_log_covers_usage_errors(launch):
    r = launch("print", "--log-format", "json", "--no-such-option")
    assert r.code == 125
    (rec,) = json_lines(r.err)
    assert rec["level"] == "error" and "--no-such-option" in rec["message"]
    r = launch("print", "--bogus", env=base_env(DIFFGRAM_LAUNCH_LOG_FORMAT="json"))
    assert r.code == 125 and json_lines(r.err)[0]["level"] == "error"


def test_unknown_log_format_is_a_usage_error(launch):
    r = launch("print", "--log-format", "xml")
    assert r.code == 125 and "--log-format" in r.err


# ---- usage errors never echo what follows an option -------------------------------------------

@pytest.mark.parametrize("args", [
    ["print", "--sett=SECRET_KEY=hunter2hunter2"],
    ["print", "--from-cmd-timeout", "hunter2hunter2"],
    ["print", "-xhunter2hunter2"],
    ["print", "--no-dotenv=hunter2hunter2"],
    ["check", "SECRET_KEY=hunter2hunter2"],
])
def test_usage_errors_do_not_echo_values(launch, args):
    r = launch(*args)
    assert r.code == 125, r
    assert "hunter2" not in r.err and "hunter2" not in r.out, r


# ---- trust policy -----------------------------------------------------------------------------

@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_unsafe_key_from_dotenv_is_refused(launch, tmp_path, key):
    env_file = write(tmp_path / "a.env", f"{key}=/tmp/evil\nOTHER=1\n")
    r = launch("--no-dotenv", "--env-file", env_file, "--", "/bin/true")
    assert r.code == 78, r
    assert "DGL301" in r.err and key in r.err
    r = launch("check", "--format", "json", "--no-dotenv", "--env-file", env_file)
    assert r.code == 78
    (f,) = [f for f in r.json()["findings"] if f["code"] == "DGL301"]
    assert (f["key"], f["severity"], f["sources"]) == (key, "error", [f"{env_file}:1"])
    assert "/tmp/evil" not in r.out


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_allow_unsafe_lets_the_key_through(launch, tmp_path, key):
    env_file = write(tmp_path / "a.env", f"{key}=\n")  # empty: harmless to the child
    r = launch("--no-dotenv", "--env-file", env_file, "--allow-unsafe", key, "--", *PRINTENV)
    assert r.code == 0, r
    assert r.json()[key] == ""
    # The variable form of the option works too.
    r = launch("--no-dotenv", "--env-file", env_file, "--", *PRINTENV,
               env=base_env(DIFFGRAM_LAUNCH_ALLOW_UNSAFE=f"OTHER:{key}"))
    assert r.code == 0, r


def test_allow_unsafe_is_per_key(launch, tmp_path):
    env_file = write(tmp_path / "a.env", "LD_AUDIT=\nBASH_ENV=\n")
    r = launch("check", "--format", "json", "--no-dotenv", "--env-file", env_file, "--allow-unsafe", "LD_AUDIT")
    assert r.code == 78
    assert [f["key"] for f in r.json()["findings"] if f["code"] == "DGL301"] == ["BASH_ENV"]


@pytest.mark.parametrize("key", UNSAFE_KEYS)
def test_unsafe_key_from_process_env_or_set_passes_unchanged(launch, tmp_path, key):
    r = launch("--no-dotenv", "--", *PRINTENV, env=base_env(**{key: ""}))
    assert r.code == 0, r
    assert r.json()[key] == ""
    r = launch("--no-dotenv", "--set", f"{key}=", "--", *PRINTENV)
    assert r.code == 0, r
    assert r.json()[key] == ""


def test_unsafe_key_is_refused_even_when_a_higher_layer_sets_it(launch, tmp_path):
    """The refusal is about the file, not about who wins: a .env that tries is a rejected config."""
    env_file = write(tmp_path / "a.env", "LD_PRELOAD=/tmp/evil.so\n")
    r = launch("--no-dotenv", "--env-file", env_file, "--", "/bin/true", env=base_env(LD_PRELOAD=""))
    assert r.code == 78 and "DGL301" in r.err


def test_refused_key_does_not_leak_into_interpolation(launch, tmp_path):
    """print refuses the configuration as a whole: nothing of the refused file is shown."""
    env_file = write(tmp_path / "a.env", "GCONV_PATH=/tmp/evil\n")
    r = launch("print", "--no-dotenv", "--env-file", env_file)
    assert r.code == 78 and r.out == ""


# ---- DIFFGRAM_LAUNCH_* never reach the child, from any source ------------------------------------

LAUNCHER_VAR = "DIFFGRAM_LAUNCH_SOMETHING_ELSE"


@pytest.mark.parametrize("kind", [k for k in SOURCE_KINDS if k != "key-file"])  # X_FILE names a file
def test_launcher_variables_never_reach_the_child(launch, tmp_path, kind):
    if not source_works(tmp_path, kind):
        pytest.skip(f"source {kind} not available in this build")
    args, env = source_args(kind, tmp_path, {LAUNCHER_VAR: "x"})
    if kind == "process":
        env = {"DIFFGRAM_LAUNCH_NO_DOTENV": "1"}  # a real option variable: an unknown one is refused
    r = launch("--no-dotenv", *args, "--", *PRINTENV, env=base_env(**env))
    assert r.code == 0, r
    assert not [k for k in r.json() if k.startswith("DIFFGRAM_LAUNCH_")]
    if kind != "process":
        assert "DGL302" in r.err and LAUNCHER_VAR in r.err


@pytest.mark.parametrize("kind", ["dotenv", "from-cmd", "from-cmd-json"])
def test_unsafe_keys_refused_from_every_untrusted_source(launch, tmp_path, kind):
    if not source_works(tmp_path, kind):
        pytest.skip(f"source {kind} not available in this build")
    args, env = source_args(kind, tmp_path, {"LD_PRELOAD": "/tmp/evil.so"})
    r = launch("check", "--format", "json", "--no-dotenv", *args, env=base_env(**env))
    assert r.code == 78, r
    assert [f["key"] for f in r.json()["findings"] if f["code"] == "DGL301"] == ["LD_PRELOAD"]


# ---- limits: each a clear exit 125, never a crash or a silent truncation ------------------------

def test_dotenv_larger_than_16_mib_is_refused(tmp_path):
    env_file = write(tmp_path / "big.env", b"# " + b"x" * 1000 + b"\n" * 1)
    with open(env_file, "ab") as f:
        f.write((b"#" + b"y" * 1022 + b"\n") * (16 * 1024 + 1))
    r = run_bytes(["print", "--no-dotenv", "--env-file", env_file])
    assert r.returncode == 125
    assert b"larger than the limit of 16777216 bytes" in r.stderr


def test_line_longer_than_1_mib_is_refused(tmp_path):
    secret = b"s3cr3tv4lu3" * 100_000  # 1.1 MB on one line
    env_file = write(tmp_path / "long.env", b"A=1\nSECRET_KEY=" + secret + b"\n")
    r = run_bytes(["print", "--no-dotenv", "--env-file", env_file])
    assert r.returncode == 125
    assert b"line 2 of .env file" in r.stderr and b"longer than the limit of 1048576 bytes" in r.stderr
    assert b"s3cr3t" not in r.stderr + r.stdout


def test_value_doubled_by_interpolation_is_refused_before_memory_runs_out(tmp_path):
    # Each `B=${B}${B}` doubles B: 40 lines would need a terabyte (found by fuzz_dotenv_compose).
    env_file = write(tmp_path / "grow.env", b"B=s3cr3t\n" + b"B=${B}${B}\n" * 40)
    for dialect, code, place in (("python-dotenv", 125, b":19:1: the value of B grows past 1 MiB"),
                                 ("compose", 78, b"value grows past 1 MiB through interpolation")):
        r = subprocess.run([BIN, "check", "--no-dotenv", "--dialect", dialect, "--env-file", env_file],
                           capture_output=True, env=base_env(), timeout=30)
        assert r.returncode == code, r
        assert place in r.stdout + r.stderr
        assert b"s3cr3t" not in r.stdout + r.stderr
    # Values that each stay under 1 MiB but add up: 2,000 of them took 2 GB and 7 s before the
    # file-wide limit of 64 MiB; 200,000 (2.5 MB of file) would need 100 GB.
    lines = b"A=s3cr3t" + b"x" * 58 + b"\n" + b"A=${A}${A}\n" * 13  # A: 512 KiB
    wide = write(tmp_path / "wide.env", lines + b"".join(b"K%d=${A}\n" % i for i in range(200_000)))
    for dialect, code, place in (("python-dotenv", 125, b":141:1: at K126, ${...} interpolation has built more "
                                                       b"than 64 MiB of values for this file"),
                                 ("compose", 78, b"interpolation has built more than 64 MiB of values for this "
                                                 b"file (" + str(wide).encode() + b":141:")):
        r = subprocess.run([BIN, "check", "--no-dotenv", "--dialect", dialect, "--env-file", wide],
                           capture_output=True, env=base_env(), timeout=30)
        assert r.returncode == code, r
        assert place in r.stdout + r.stderr
        assert b"s3cr3t" not in r.stdout + r.stderr
    # Below the limit the same lines are read as python-dotenv reads them.
    small = write(tmp_path / "small.env", b"B=ab\n" + b"B=${B}${B}\n" * 3)
    r = run_bytes(["print", "--no-dotenv", "--format", "json", "--env-file", small])
    assert r.returncode == 0 and json.loads(r.stdout)["B"] == "ab" * 8


def test_nul_byte_in_dotenv_is_refused(tmp_path):
    env_file = write(tmp_path / "nul.env", b"A=1\nSECRET_KEY=abc\0defsecret\n")
    r = run_bytes(["--no-dotenv", "--env-file", env_file, "--", "/bin/true"])
    assert r.returncode == 125
    assert b"NUL byte at line 2, byte 15" in r.stderr
    assert b"defsecret" not in r.stderr + r.stdout


def test_100k_keys_work_and_too_many_are_refused(tmp_path):
    env_file = write(tmp_path / "many.env", "".join(f"K{i}=v{i}\n" for i in range(100_000)))
    r = run_bytes(["print", "--format", "json", "--pristine", "--no-dotenv", "--env-file", env_file])
    assert r.returncode == 0, r.stderr
    assert len(json.loads(r.stdout)) == 100_000
    r = run_bytes(["check", "--pristine", "--no-dotenv", "--env-file", env_file])
    assert r.returncode == 0, r.stderr
    env_file = write(tmp_path / "toomany.env", "".join(f"K{i}=\n" for i in range(250_001)))
    r = run_bytes(["check", "--no-dotenv", "--env-file", env_file])
    assert r.returncode == 125
    assert b"more than 250000" in r.stderr


def test_variable_over_max_arg_strlen_is_refused_before_exec(tmp_path):
    secret = "q" * (128 * 1024)  # KEY=VALUE is then longer than MAX_ARG_STRLEN (131072 with its NUL)
    env_file = write(tmp_path / "big.env", f"SMALL=1\nBIG_SECRET={secret}\n")
    r = run_bytes(["--no-dotenv", "--env-file", env_file, "--", "/bin/true"])
    assert r.returncode == 125, r.stderr
    assert b"BIG_SECRET" in r.stderr and b"MAX_ARG_STRLEN" in r.stderr
    assert b"qqqqqqqq" not in r.stderr + r.stdout
    # print has no kernel limit to respect: the value is fine there.
    assert run_bytes(["print", "--no-dotenv", "--env-file", env_file]).returncode == 0


def test_just_under_max_arg_strlen_passes_intact(tmp_path):
    value = "v" * (128 * 1024 - len("BIG=") - 1)  # exactly MAX_ARG_STRLEN with its NUL
    env_file = write(tmp_path / "big.env", f"BIG={value}\n")
    r = run_bytes(["--no-dotenv", "--pristine", "--env-file", env_file, "--", PYTHON, "-c",
                   "import os,sys; sys.stdout.write(str(len(os.environ['BIG'])))"])
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) == len(value)


def test_total_environment_over_arg_max_is_refused_before_exec(tmp_path):
    limit = os.sysconf("SC_ARG_MAX")
    per = 100 * 1024
    count = min(limit, 6 * 1024 * 1024) // per + 2
    env_file = write(tmp_path / "huge.env", "".join(f"BIG_{i}={'w' * per}\n" for i in range(count)))
    r = run_bytes(["--no-dotenv", "--env-file", env_file, "--", "/bin/true"])
    assert r.returncode == 125, r.stderr
    assert b"ARG_MAX" in r.stderr and b"BIG_" in r.stderr
    assert b"wwwwwwww" not in r.stderr


def test_invalid_utf8_passes_as_bytes_and_is_reported_by_key(tmp_path):
    """From the process environment or --set (python-dotenv itself refuses such a .env file)."""
    env = {b"PATH": b"/usr/bin:/bin", b"NAME": b"caf\xe9"}
    for args, env in ((["--set", b"OTHER=\xff\xfe"], env), ([], env)):
        r = run_bytes(["--no-dotenv", "--pristine", "--keep", "NAME", *args, "--", *PRINTENV_BYTES], env=env)
        assert r.returncode == 0, r.stderr
        got = r.stdout.split(b"\0")
        assert b"NAME=caf\xe9" in got
        assert not args or b"OTHER=\xff\xfe" in got
        r = run_bytes(["check", "--format", "json", "--no-dotenv", *args], env=env)
        assert r.returncode == 0
        findings = [f for f in json.loads(r.stdout)["findings"] if f["code"] == "DGL303"]
        assert {f["key"] for f in findings} == ({"NAME", "OTHER"} if args else {"NAME"})
        assert all(f["severity"] == "warning" and "caf" not in f["message"] for f in findings)
        assert run_bytes(["check", "--strict", "--no-dotenv", *args], env=env).returncode == 78


def test_secret_file_larger_than_1_mib_is_refused(launch, tmp_path):
    if not source_works(tmp_path, "secrets-dir"):
        pytest.skip("--secrets-dir not available in this build")
    d = tmp_path / "big-secrets"
    d.mkdir()
    write(d / "BIG_TOKEN", b"t0k3n" * (1024 * 1024 // 5 + 1))
    r = run_bytes(["print", "--no-dotenv", "--secrets-dir", str(d)])
    assert r.returncode == 125
    assert b"t0k3nt0k3n" not in r.stderr + r.stdout
