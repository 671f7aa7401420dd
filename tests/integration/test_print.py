"""`print` against the real readers: python-dotenv reads --format dotenv back to the same values."""
import glob
import json
import os
import shutil
import subprocess

import pytest

from conftest import BIN, PYTHON, base_env

TRICKY = {
    "QUOTES": "it's \"quoted\"",
    "BACKSLASH": "a\\b\\\\c\\n",
    "DOLLAR": "$HOME ${HOME} ${X:-d} $",
    "HASH": "a #b#c",
    "SPACES": "  lead and trail  ",
    "TABS": "a\tb",
    "NEWLINES": "line1\nline2\r\nline3",
    "UNICODE": "Grüße 日本 🎉",
    "EMPTY": "",
    # A last backslash ran the quoted value on into the next line (python-dotenv's regex).
    "A_WIN_DIR": "C:\\data\\",
    "A_ONE_BACKSLASH": "\\",
}


def test_json_is_sorted_and_redacted(launch):
    # MIRROR lacks its scheme: the userinfo is still a password (an operator's forgotten https://).
    env = base_env(ZED="1", API_TOKEN="tok-123456789", DATABASE_URL="postgresql://u:pw-987654321@db/x",
                   ALPHA="2", MIRROR="admin:pw-13579@diffgram.example.com/", NOTE="me@example.com")
    r = launch("print", "--no-dotenv", "--format", "json", env=env)
    assert r.code == 0, r
    data = json.loads(r.out)
    assert list(data) == sorted(data)
    assert data["API_TOKEN"] == "<redacted>"
    assert data["DATABASE_URL"] == "postgresql://u:<redacted>@db/x"
    assert data["MIRROR"] == "admin:<redacted>@diffgram.example.com/"
    assert data["NOTE"] == "me@example.com"
    for secret in ("tok-123456789", "pw-987654321", "pw-13579"):
        assert secret not in r.out + r.err
    r = launch("print", "--no-dotenv", "--format", "json", "--reveal", env=env)
    assert json.loads(r.out)["API_TOKEN"] == "tok-123456789"


def test_values_shaped_like_urls_with_passwords_are_hidden_however_spelled(launch):
    """A secret key's value that parses as a URL is hidden whole; a URL password is found behind
    leading blanks, and a value holding one that the URL grammar does not isolate (a '/' or '#'
    in it, two URLs, a URL inside text) is hidden whole."""
    values = {
        "SECRET_KEY": ("Tq7x://Hn4w:Zp-41@Kd9sLm2Vb", "<redacted>"),
        "X1": (" http://u:LEAK-c1@h", " http://u:<redacted>@h"),
        "OTHER_URL": ("postgresql+psycopg2://postgres:pw/LEAK-3@db/diffgram", "<redacted>"),
        "U4": ("http://u:pw#LEAK-4@host/", "<redacted>"),
        "U17": ("ftp://u:a@h;ftp://v:LEAK-8@h2", "<redacted>"),
        "U7": ("see http://u:LEAK-6@host/ ok", "<redacted>"),
        "U8": ("http:/u:LEAK-b2@h", "<redacted>"),
        "DATABASE_URL": ("postgresql://u:LEAK-9@db/x", "postgresql://u:<redacted>@db/x"),
        "PLAIN": ("http://host:8080/x", "http://host:8080/x"),
        # A ':' that starts a path, or blanks before the '@': no userinfo, shown as they are.
        "TOOLS_PATH": ("/usr/bin:/opt/node@18/bin", "/usr/bin:/opt/node@18/bin"),
        "OPTS": ("--inspect=0.0.0.0:9229 --require @babel/register", "--inspect=0.0.0.0:9229 --require @babel/register"),
    }
    r = launch("print", "--no-dotenv", "--format", "json", env=base_env(**{k: v for k, (v, _) in values.items()}))
    assert r.code == 0, r
    data = json.loads(r.out)
    for key, (_, shown) in values.items():
        assert data[key] == shown, key
    assert "LEAK" not in r.out + r.err and "Hn4w" not in r.out


def test_reveal_refused_in_production(launch):
    r = launch("print", "--no-dotenv", "--reveal", env=base_env(DIFFGRAM_SYSTEM_MODE="production", A_SECRET="x"))
    assert r.code == 125 and r.out == ""


def test_dotenv_round_trip_through_python_dotenv(launch, tmp_path):
    r = launch("print", "--no-dotenv", "--format", "dotenv", "--reveal", env=base_env(**TRICKY))
    assert r.code == 0, r
    out_file = tmp_path / "out.env"
    out_file.write_text(r.out)
    script = ("import json,sys,dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))")
    back = json.loads(subprocess.run([PYTHON, "-c", script, str(out_file)], capture_output=True, text=True,
                                     env=base_env(HOME="/elsewhere", X="x"), check=True).stdout)
    assert {k: back[k] for k in TRICKY} == TRICKY


def test_dotenv_round_trip_through_launcher(launch, tmp_path, printenv_json):
    r = launch("print", "--no-dotenv", "--format", "dotenv", "--reveal", env=base_env(**TRICKY))
    out_file = tmp_path / "out.env"
    out_file.write_text(r.out)
    child = launch("--pristine", "--env-file", str(out_file), "--", *printenv_json,
                   env=base_env(HOME="/elsewhere", X="x")).json()
    assert {k: child[k] for k in TRICKY} == TRICKY


# --- shell, systemd and docker formats (issue 3) --------------------------------------------------

PRINTENV = [PYTHON, "-c", "import json,os,sys; json.dump(dict(os.environ), sys.stdout)"]

# The real systemd parser: libsystemd-shared's load_env_file() followed by
# strv_env_clean_with_callback(), which is what the service manager does for EnvironmentFile=
# (systemd-run needs a running manager, which a test machine or a container may not have).
SYSTEMD_READER = r"""
import ctypes, glob, json, sys
libs = sorted(glob.glob("/usr/lib/*/systemd/libsystemd-shared-*.so"))
lib = ctypes.CDLL(libs[-1])
strv_t = ctypes.POINTER(ctypes.c_char_p)
lib.load_env_file.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(strv_t)]
lib.strv_env_clean_with_callback.restype = strv_t
lib.strv_env_clean_with_callback.argtypes = [strv_t, ctypes.c_void_p, ctypes.c_void_p]
strv = strv_t()
if lib.load_env_file(None, sys.argv[1].encode(), ctypes.byref(strv)) != 0:
    sys.exit("load_env_file failed")
strv = lib.strv_env_clean_with_callback(strv, None, None)
out, i = {}, 0
while strv and strv[i] is not None:
    k, _, v = strv[i].partition(b"=")
    out[k.decode()] = v.decode()
    i += 1
json.dump(out, sys.stdout)
"""


def docker_kvfile(text):
    """docker/cli pkg/kvfile parseKeyValueFile, line by line: bufio.ScanLines (drops a trailing \\r),
    leading whitespace trimmed, empty and '#' lines skipped, split at the first '=', value raw."""
    out = {}
    for line in text.split("\n"):
        line = line[:-1] if line.endswith("\r") else line
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep and key and not any(c in key for c in " \t"), line
        out[key] = value
    return out


def raw_print(fmt, env):
    """print's stdout as bytes: text mode would turn a \r\n inside a value into \n."""
    proc = subprocess.run([BIN, "print", "--no-dotenv", "--reveal", "--format", fmt], env=env,
                          capture_output=True, timeout=30)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_shell_round_trip_through_bash(launch, tmp_path):
    out = raw_print("shell", base_env(**TRICKY))
    assert out.startswith(b"export ")
    f = tmp_path / "out.sh"
    f.write_bytes(out)
    script = f'set -eu; eval "$(cat {f})"; exec "$@"'
    back = json.loads(subprocess.run(["/bin/bash", "-c", script, "bash", *PRINTENV], capture_output=True,
                                     env={"PATH": "/usr/bin:/bin"}, check=True).stdout)
    assert {k: back[k] for k in TRICKY} == TRICKY
    # sourcing the file gives the same
    script = f'set -eu; . {f}; exec "$@"'
    back = json.loads(subprocess.run(["/bin/bash", "-c", script, "bash", *PRINTENV], capture_output=True,
                                     env={"PATH": "/usr/bin:/bin"}, check=True).stdout)
    assert {k: back[k] for k in TRICKY} == TRICKY


def test_shell_redacts_and_skips_names_bash_cannot_export(launch):
    env = base_env(API_TOKEN="tok-123456789", **{"db-password": "x", "BASH_FUNC_f%%": "() { :; }"})
    r = launch("print", "--no-dotenv", "--format", "shell", env=env)
    assert r.code == 0, r
    assert "export API_TOKEN='<redacted>'" in r.out and "tok-123456789" not in r.out + r.err
    assert "db-password" not in r.out and "BASH_FUNC" not in r.out
    assert '"db-password"' in r.err and "skipped" in r.err


def test_systemd_round_trip_through_libsystemd(launch, tmp_path):
    if not glob.glob("/usr/lib/*/systemd/libsystemd-shared-*.so"):
        pytest.skip("libsystemd-shared (package systemd, installed by scripts/bootstrap.sh) is missing")
    f = tmp_path / "out.env"
    f.write_bytes(raw_print("systemd", base_env(**TRICKY)))
    back = json.loads(subprocess.run([PYTHON, "-c", SYSTEMD_READER, str(f)], capture_output=True,
                                     check=True).stdout)
    assert {k: back[k] for k in TRICKY} == TRICKY
    assert set(back) == set(json.loads(launch("print", "--no-dotenv", "--format", "json",
                                              env=base_env(**TRICKY)).out))


# Present only under scripts/sanitize.sh (conftest.base_env passes them through).
SANITIZER_VARS = {"ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"}


def test_systemd_skips_invalid_names_and_refuses_non_utf8(launch, tmp_path):
    r = launch("print", "--no-dotenv", "--format", "systemd", env=base_env(**{"a.b": "1", "OK": "2"}))
    names = {line.split("=", 1)[0] for line in r.out.splitlines()} - SANITIZER_VARS
    assert r.code == 0 and names == {"PATH", "LANG", "OK"} and "a.b" not in r.out and '"a.b"' in r.err
    proc = subprocess.run([BIN, "print", "--no-dotenv", "--format", "systemd"], capture_output=True,
                          env={b"PATH": b"/usr/bin:/bin", b"LATIN1": b"caf\xe9"})
    assert proc.returncode == 125 and proc.stdout == b"" and b"LATIN1" in proc.stderr


def test_docker_env_file(launch, tmp_path):
    one_line = {k: v for k, v in TRICKY.items() if "\n" not in v and "\r" not in v}
    r = launch("print", "--no-dotenv", "--format", "docker", "--reveal", env=base_env(**one_line))
    assert r.code == 0, r
    back = docker_kvfile(r.out)
    assert {k: back[k] for k in one_line} == one_line
    if shutil.which("docker"):
        # The docker CLI parses --env-file before it contacts the daemon: a bad file is reported
        # as "invalid env file", a good one gets as far as the (absent) daemon.
        f = tmp_path / "docker.env"
        f.write_text(r.out)
        proc = subprocess.run(["docker", "run", "--rm", "--env-file", str(f), "alpine", "true"],
                              capture_output=True, text=True, timeout=60,
                              env={"PATH": os.environ["PATH"], "DOCKER_HOST": "unix:///nonexistent.sock"})
        assert "invalid env file" not in proc.stderr, proc.stderr


def test_docker_refuses_what_it_cannot_hold(launch):
    for value in ("two\nlines", "cr\rinside", "'quoted'", '"quoted"'):
        r = launch("print", "--no-dotenv", "--format", "docker", env=base_env(BAD=value))
        assert r.code == 125 and r.out == "", r
        assert "BAD" in r.err and value not in r.err
    r = launch("print", "--no-dotenv", "--format", "docker", env=base_env(**{"#X": "1", "OK": "'"}))
    assert r.code == 0 and "OK='\n" in r.out and "#X" not in r.out


def test_unknown_print_format(launch):
    r = launch("print", "--no-dotenv", "--format", "yaml")
    assert r.code == 125 and r.out == ""
