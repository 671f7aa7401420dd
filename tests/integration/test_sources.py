"""Production sources against the built binary: KEY_FILE indirection, --secrets-dir (Docker and
Kubernetes layouts), $CREDENTIALS_DIRECTORY (systemd), --from-cmd / --from-cmd-json, and every bad
input of issue 3 (exit 125 or 78, nothing executed, no value in any output)."""
import json
import os
import pathlib
import shutil
import subprocess
import tempfile
import time

import pytest

from conftest import BIN, PYTHON, base_env

SECRET = "s3cret-value-9f8e7d"  # must never appear in the launcher's own output


def write(path, data, mode=0o600):
    if isinstance(data, str):
        data = data.encode()
    path.write_bytes(data)
    path.chmod(mode)
    return str(path)


def child_env(launch, *args, env=None):
    """Runs the launcher with a child that prints its environment; returns (Result, env dict or None)."""
    r = launch(*args, "--", PYTHON, "-c", "import json,os,sys; json.dump(dict(os.environ), sys.stdout)", env=env)
    return r, (json.loads(r.out) if r.code == 0 else None)


def explain(launch, key, *args, env=None):
    r = launch("explain", "--format", "json", *args, key, env=env)
    assert r.code == 0, r
    return r.json()[key]


def refused(r, marker, code=125):
    """The launch stopped with `code` before anything ran: the marker file was never created."""
    assert r.code == code, r
    assert not os.path.exists(marker), "the command ran although the launch was refused"
    assert r.out == ""
    assert SECRET not in r.err


def run_marker(launch, tmp_path, *args, env=None):
    marker = tmp_path / "ran"
    r = launch(*args, "--", "/bin/sh", "-c", f"touch {marker}", env=env)
    return r, str(marker)


# --- KEY_FILE indirection -------------------------------------------------------------------------

def test_key_file_from_process_env(launch, tmp_path):
    f = write(tmp_path / "db_pass", SECRET + "\r\n\n\n")
    r, child = child_env(launch, "--no-dotenv", env=base_env(DB_PASS_FILE=f))
    assert r.code == 0, r
    assert child["DB_PASS"] == SECRET  # every trailing \n and \r\n removed
    assert "DB_PASS_FILE" not in child  # consumed: never reaches the child
    info = explain(launch, "DB_PASS", "--no-dotenv", env=base_env(DB_PASS_FILE=f))
    assert (info["layer"], info["source"], info["value"]) == (3, "file " + f, "<redacted>")
    assert SECRET not in r.err


@pytest.mark.parametrize("content,expected", [
    ("a\n", "a"),
    ("a\r\n\r\n", "a"),
    ("a\r", "a\r"),  # a lone CR is not a newline
    ("  spaced  \n", "  spaced  "),
    ("line1\nline2\n", "line1\nline2"),
    ("\n\n", ""),
    ("", ""),
    ("Grüße 🎉\n", "Grüße 🎉"),
])
def test_key_file_trailing_newlines(launch, tmp_path, content, expected):
    f = write(tmp_path / "v", content)
    r, child = child_env(launch, "--no-dotenv", env=base_env(SOME_SECRET_FILE=f))
    assert r.code == 0, r
    assert child["SOME_SECRET"] == expected


def test_key_file_from_set_and_from_dotenv(launch, tmp_path):
    f = write(tmp_path / "tok", "from-file\n")
    r, child = child_env(launch, "--no-dotenv", "--set", f"API_TOKEN_FILE={f}")
    assert r.code == 0, r
    assert child["API_TOKEN"] == "from-file" and "API_TOKEN_FILE" not in child

    dotenv = write(tmp_path / "app.env", f"SECRETS={tmp_path}\nAPI_TOKEN_FILE=${{SECRETS}}/tok\n")
    r, child = child_env(launch, "--env-file", dotenv)
    assert r.code == 0, r
    assert child["API_TOKEN"] == "from-file" and "API_TOKEN_FILE" not in child
    info = explain(launch, "API_TOKEN", "--env-file", dotenv)
    assert (info["layer"], info["source"]) == (3, "file " + f)


@pytest.mark.parametrize("line", [
    "export API_TOKEN_FILE={f}",
    "API_TOKEN_FILE = {f}",
    "API_TOKEN_FILE\t=\t'{f}'",
    "'API_TOKEN_FILE'={f}",
    "'API_TOKEN_FILE' = \"{f}\"  # comment",
])
def test_key_file_in_every_form_python_dotenv_accepts(launch, tmp_path, line):
    """The launcher skips the KEY_FILE pass when no .env text can assign a *_FILE key; every
    spelling of such an assignment must still be found."""
    f = write(tmp_path / "tok", "from-file\n")
    dotenv = write(tmp_path / "app.env", "A=1\n" + line.format(f=f) + "\n")
    r, child = child_env(launch, "--env-file", dotenv)
    assert r.code == 0, r
    assert child["API_TOKEN"] == "from-file" and "API_TOKEN_FILE" not in child


def test_key_file_in_compose_colon_form(launch, tmp_path):
    f = write(tmp_path / "tok", "from-file\n")
    dotenv = write(tmp_path / "app.env", f"API_TOKEN_FILE: {f}\n")
    r, child = child_env(launch, "--dialect", "compose", "--env-file", dotenv)
    assert r.code == 0, r
    assert child["API_TOKEN"] == "from-file" and "API_TOKEN_FILE" not in child


def test_key_file_from_command_output(launch, tmp_path):
    f = write(tmp_path / "tok", "via-command\n")
    r, child = child_env(launch, "--no-dotenv", "--from-cmd", f"echo API_TOKEN_FILE={f}")
    assert r.code == 0, r
    assert child["API_TOKEN"] == "via-command" and "API_TOKEN_FILE" not in child


def test_the_winning_key_file_counts(launch, tmp_path):
    """KEY_FILE follows precedence like any variable: the process environment beats a .env file."""
    a = write(tmp_path / "a", "from-a")
    b = write(tmp_path / "b", "from-b")
    dotenv = write(tmp_path / "app.env", f"TOKEN_FILE={b}\n")
    r, child = child_env(launch, "--env-file", dotenv, env=base_env(TOKEN_FILE=a))
    assert child["TOKEN"] == "from-a"
    r, child = child_env(launch, "--override", "--env-file", dotenv, env=base_env(TOKEN_FILE=a))
    assert child["TOKEN"] == "from-b"


def test_path_variables_that_are_not_secrets_pass_through(launch, tmp_path):
    """Only secrets and catalog keys are indirected: an inherited CA bundle path or New Relic's
    config path reaches the child as the path it is (their programs read the file themselves)."""
    f = write(tmp_path / "ca.pem", "-----BEGIN CERTIFICATE-----\n")
    env = base_env(NIX_SSL_CERT_FILE=f, NEW_RELIC_CONFIG_FILE=f, MY_SETTING_FILE=f)
    r, child = child_env(launch, "--no-dotenv", env=env)
    assert r.code == 0, r
    assert child["NIX_SSL_CERT_FILE"] == f and child["NEW_RELIC_CONFIG_FILE"] == f and child["MY_SETTING_FILE"] == f
    assert "NIX_SSL_CERT" not in child and "NEW_RELIC_CONFIG" not in child and "MY_SETTING" not in child


def test_passthrough_file_variables_are_not_indirected(launch, tmp_path):
    """AWS_WEB_IDENTITY_TOKEN_FILE (EKS) and friends name files their SDK reads itself."""
    tok = write(tmp_path / "token", "jwt")
    r, child = child_env(launch, "--no-dotenv", env=base_env(AWS_WEB_IDENTITY_TOKEN_FILE=tok, SSL_CERT_FILE=tok))
    assert r.code == 0, r
    assert child["AWS_WEB_IDENTITY_TOKEN_FILE"] == tok and child["SSL_CERT_FILE"] == tok
    assert "AWS_WEB_IDENTITY_TOKEN" not in child and "SSL_CERT" not in child


def test_key_and_key_file_both_set_is_an_error(launch, tmp_path):
    f = write(tmp_path / "pw", SECRET)
    env = base_env(DB_PASS="other-" + SECRET, DB_PASS_FILE=f)
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=env)
    refused(r, marker, code=78)
    assert "DGL102" in r.err and "DB_PASS_FILE" in r.err and "process environment" in r.err

    # Both places named in check --format json; never a value.
    r = launch("check", "--no-dotenv", "--format", "json", env=env)
    assert r.code == 78
    found = [f for f in r.json()["findings"] if f["code"] == "DGL102"]
    assert len(found) == 1 and found[0]["key"] == "DB_PASS" and found[0]["severity"] == "error"
    assert found[0]["sources"] == ["process environment", "process environment (DB_PASS_FILE)"]
    assert SECRET not in r.out + r.err

    # Same value does not make it fine: both set is the error (as the postgres image).
    r = launch("check", "--no-dotenv", env=base_env(DB_PASS=SECRET, DB_PASS_FILE=f))
    assert r.code == 78 and "DGL102" in r.out


def test_key_from_set_and_key_file_from_dotenv_is_an_error(launch, tmp_path):
    f = write(tmp_path / "pw", SECRET)
    dotenv = write(tmp_path / "app.env", f"# comment\nDB_PASS_FILE={f}\n")
    r = launch("check", "--env-file", dotenv, "--set", "DB_PASS=x", "--format", "json")
    assert r.code == 78, r
    found = [x for x in r.json()["findings"] if x["code"] == "DGL102"]
    assert found[0]["sources"] == ["--set", f"{dotenv}:2 (DB_PASS_FILE)"]


def test_key_in_a_secrets_dir_and_key_file_is_an_error(launch, tmp_path):
    d = tmp_path / "secrets"
    d.mkdir()
    write(d / "DB_PASS", SECRET)
    f = write(tmp_path / "pw", SECRET)
    r = launch("check", "--no-dotenv", "--secrets-dir", str(d), "--format", "json", env=base_env(DB_PASS_FILE=f))
    assert r.code == 78, r
    found = [x for x in r.json()["findings"] if x["code"] == "DGL102"]
    assert found[0]["sources"] == [f"secrets dir {d}", "process environment (DB_PASS_FILE)"]


def test_key_only_in_dotenv_does_not_count_as_both_set(launch, tmp_path):
    """Documented rule: a KEY from .env files only is shadowed by KEY_FILE (DGL103), not DGL102."""
    f = write(tmp_path / "pw", SECRET)
    dotenv = write(tmp_path / "app.env", "DB_PASS=dev-password\n")
    r, child = child_env(launch, "--env-file", dotenv, env=base_env(DB_PASS_FILE=f))
    assert r.code == 0, r
    assert child["DB_PASS"] == SECRET
    assert "DGL103" in r.err and "DGL102" not in r.err  # a secret shadowed: a warning
    # --no-check: only the source findings, not the catalog's (no storage provider here).
    r = launch("check", "--no-check", "--env-file", dotenv, "--format", "json", env=base_env(DB_PASS_FILE=f))
    assert r.code == 0
    assert [x["code"] for x in r.json()["findings"]] == ["DGL103"]


# --- bad secret files: exit 125, nothing executed --------------------------------------------------

def test_missing_secret_file(launch, tmp_path):
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE=str(tmp_path / "nope")))
    refused(r, marker)
    assert "does not exist" in r.err and "DB_PASS_FILE from process environment" in r.err


def test_secret_file_is_a_directory(launch, tmp_path):
    (tmp_path / "dir").mkdir()
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE=str(tmp_path / "dir")))
    refused(r, marker)
    assert "is a directory" in r.err


def test_secret_file_larger_than_1_mib(launch, tmp_path):
    big = write(tmp_path / "big", "x" * (1024 * 1024 + 1))
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE=big))
    refused(r, marker)
    assert "larger than 1 MiB" in r.err
    exact = write(tmp_path / "exact", "y" * (1024 * 1024))
    r = launch("print", "--no-dotenv", "--format", "json", env=base_env(BLOB_TOKEN_FILE=exact))
    assert r.code == 0, r.err


def test_secret_file_with_nul_byte(launch, tmp_path):
    f = write(tmp_path / "nul", SECRET.encode() + b"\0tail")
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE=f))
    refused(r, marker)
    assert "NUL" in r.err


def test_secret_file_not_a_regular_file(launch, tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE=str(fifo)))
    refused(r, marker)
    assert "not a regular file" in r.err


def test_secrets_dir_skips_what_is_not_a_regular_file_or_a_plain_name(launch, tmp_path):
    """Every regular file of DIR is a variable; a FIFO (which would block the launch), a symlink to
    a device, and a name with a newline (which would forge a line in print's output) are skipped
    with a warning, and the rest is read."""
    d = tmp_path / "vol"
    d.mkdir()
    os.mkfifo(d / "FIFO_KEY")
    os.symlink("/dev/zero", d / "ZERO_KEY")
    write(d / "BAD\nFORGED", "v2")
    write(d / "GOOD_KEY", "fine\n")
    r, child = child_env(launch, "--no-dotenv", "--no-check", "--secrets-dir", str(d))
    assert r.code == 0, r
    assert child["GOOD_KEY"] == "fine"
    assert not {"FIFO_KEY", "ZERO_KEY", "FORGED"} & set(child) and not any("\n" in k for k in child)
    assert "FIFO_KEY: not a regular file" in r.err and "ZERO_KEY: not a regular file" in r.err
    assert "BAD?FORGED: a variable name cannot hold a control character" in r.err


def test_symlink_loop_and_key_file_pointing_at_itself(launch, tmp_path):
    os.symlink(tmp_path / "b", tmp_path / "a")
    os.symlink(tmp_path / "a", tmp_path / "b")
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE=str(tmp_path / "a")))
    refused(r, marker)
    assert "symlink loop" in r.err
    os.symlink("self", tmp_path / "self")
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE=str(tmp_path / "self")))
    refused(r, marker)
    assert "symlink loop" in r.err


def test_empty_key_file_and_nested_key_file(launch, tmp_path):
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE=""))
    refused(r, marker)
    assert "empty secret file path" in r.err
    f = write(tmp_path / "p", str(tmp_path / "p"))
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", env=base_env(DB_PASS_FILE_FILE=f))
    refused(r, marker)
    assert "nested _FILE" in r.err


def test_unreadable_secret_file(tmp_path):
    """Permission denied. Root reads anything, so as root the launcher runs as nobody (setpriv)."""
    d = tempfile.mkdtemp(prefix="dgl-unreadable-")
    try:
        os.chmod(d, 0o755)
        f = write(pathlib.Path(d) / "locked", SECRET, mode=0o000)
        marker = pathlib.Path(d) / "ran"
        cmd = [BIN, "--no-dotenv", "--", "/bin/sh", "-c", f"touch {marker}"]
        if os.geteuid() == 0:
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        proc = subprocess.run(cmd, env=base_env(DB_PASS_FILE=f), capture_output=True, text=True, cwd="/",
                              timeout=30)
        assert proc.returncode == 125, proc.stderr
        assert "Permission denied" in proc.stderr and "DB_PASS_FILE" in proc.stderr
        assert not marker.exists() and proc.stdout == ""
        assert SECRET not in proc.stderr
    finally:
        shutil.rmtree(d)


# --- secret directories --------------------------------------------------------------------------

def test_docker_run_secrets_layout(launch, tmp_path):
    d = tmp_path / "run_secrets"
    d.mkdir()
    write(d / "POSTGRES_PASSWORD", SECRET + "\n")
    write(d / "db-password", "dashed\n")  # Docker secret names often have dashes: kept as is
    write(d / ".hidden", "skipped")
    (d / "subdir").mkdir()
    r, child = child_env(launch, "--no-dotenv", "--secrets-dir", str(d))
    assert r.code == 0, r
    assert child["POSTGRES_PASSWORD"] == SECRET and child["db-password"] == "dashed"
    assert ".hidden" not in child and "subdir" not in child
    assert "skipped" in r.err and "subdir" in r.err  # the directory is named in a warning
    info = explain(launch, "POSTGRES_PASSWORD", "--no-dotenv", "--secrets-dir", str(d))
    assert (info["layer"], info["source"]) == (3, f"secrets dir {d}")


def k8s_volume(root, data, stamp):
    """A Kubernetes Secret volume as the kubelet writes it: a timestamped directory with the files,
    `..data` -> that directory, and one `KEY -> ..data/KEY` symlink per key (swapped atomically)."""
    root.mkdir(exist_ok=True)
    ts = root / f"..{stamp}"
    ts.mkdir()
    for k, v in data.items():
        write(ts / k, v, mode=0o644)
    tmp_link = root / "..data_tmp"
    os.symlink(ts.name, tmp_link)
    os.replace(tmp_link, root / "..data")
    for k in data:
        if not (root / k).is_symlink():
            os.symlink(f"..data/{k}", root / k)


def test_kubernetes_secret_volume(launch, tmp_path):
    vol = tmp_path / "secret-volume"
    k8s_volume(vol, {"FERNET_KEY": SECRET, "DB_URL": "postgresql://u:pw@db/x"}, "2024_01_01_00_00_00.000000001")
    # --no-check: SECRET is no valid Fernet key, and the catalog checks are not what this tests.
    r, child = child_env(launch, "--no-check", "--no-dotenv", "--secrets-dir", str(vol))
    assert r.code == 0, r
    assert child["FERNET_KEY"] == SECRET and child["DB_URL"] == "postgresql://u:pw@db/x"
    assert not any(k.startswith("..") for k in child)
    info = explain(launch, "DB_URL", "--no-dotenv", "--secrets-dir", str(vol))
    assert info["value"] == "postgresql://u:<redacted>@db/x" and info["layer"] == 3

    # The kubelet rotates: a new timestamped directory, ..data swapped. The next launch sees it.
    k8s_volume(vol, {"FERNET_KEY": "rotated", "DB_URL": "postgresql://u:pw2@db/x"}, "2024_02_01_00_00_00.000000002")
    r, child = child_env(launch, "--no-check", "--no-dotenv", "--secrets-dir", str(vol))
    assert child["FERNET_KEY"] == "rotated"


def test_values_from_secret_files_are_secrets_whatever_their_names(launch, tmp_path):
    """DB_PWD or SLACK_WEBHOOK_PATH name no secret, but someone put them in a secret store: print,
    explain, --mask-output and the frontend allowlist treat them as secrets."""
    vol = tmp_path / "secret-volume"
    k8s_volume(vol, {"DB_PWD": "pwd-value-88bb", "SLACK_WEBHOOK_PATH": "/services/T0/B0/hook-4711",
                     "DB_URL": "postgresql://u:pw-33@db/x"}, "2024_01_01_00_00_00.000000001")
    args = ("--no-dotenv", "--no-check", "--secrets-dir", str(vol))
    r = launch("print", "--format", "json", *args)
    assert r.code == 0, r
    data = r.json()
    assert data["DB_PWD"] == "<redacted>" and data["SLACK_WEBHOOK_PATH"] == "<redacted>"
    assert data["DB_URL"] == "postgresql://u:<redacted>@db/x"  # a URL setting keeps its shape
    info = explain(launch, "DB_PWD", *args)
    assert info["value"] == "<redacted>" and info["secret"] is True
    r = launch("-q", "--mask-output", *args, "--", "/bin/sh", "-c", 'echo "$DB_PWD $SLACK_WEBHOOK_PATH"')
    assert r.code == 0, r
    assert r.out == "<redacted> <redacted>\n"
    # The frontend gets no secret: not even a key its allowlist names, when a secret file set it.
    (vol / "..data" / "PORT").write_text("8080")
    os.symlink("..data/PORT", vol / "PORT")
    r, child = child_env(launch, *args, "--service", "frontend")
    assert r.code == 0, r
    assert "PORT" not in child and "DB_PWD" not in child


def test_dangling_symlink_in_secrets_dir(launch, tmp_path):
    d = tmp_path / "vol"
    d.mkdir()
    os.symlink("..data/GONE", d / "GONE")
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--secrets-dir", str(d))
    refused(r, marker)
    assert "does not exist" in r.err and "GONE" in r.err


def test_symlink_loop_in_secrets_dir(launch, tmp_path):
    d = tmp_path / "vol"
    d.mkdir()
    os.symlink("LOOP", d / "LOOP")
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--secrets-dir", str(d))
    refused(r, marker)
    assert "symlink loop" in r.err


def test_missing_secrets_dir_is_an_error_empty_is_fine(launch, tmp_path):
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--secrets-dir", str(tmp_path / "nope"))
    refused(r, marker)
    assert "secrets directory" in r.err and "does not exist" in r.err
    f = write(tmp_path / "file", "x")
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--secrets-dir", f)
    refused(r, marker)
    assert "not a directory" in r.err
    (tmp_path / "empty").mkdir()
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--secrets-dir", str(tmp_path / "empty"))
    assert r.code == 0 and os.path.exists(marker), r


def test_bad_file_inside_secrets_dir(launch, tmp_path):
    d = tmp_path / "vol"
    d.mkdir()
    write(d / "BIG", "x" * (1024 * 1024 + 10))
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--secrets-dir", str(d))
    refused(r, marker)
    assert "larger than 1 MiB" in r.err and f"secrets dir {d}" in r.err


def test_secrets_dir_from_launcher_variable(launch, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    write(a / "A", "1")
    write(b / "B", "2")
    r, child = child_env(launch, "--no-dotenv", env=base_env(DIFFGRAM_LAUNCH_SECRETS_DIR=f"{a}:{b}"))
    assert r.code == 0, r
    assert (child["A"], child["B"]) == ("1", "2")


def test_systemd_credentials_directory(launch, tmp_path):
    """systemd LoadCredential=ID:PATH puts the file at $CREDENTIALS_DIRECTORY/ID (read-only)."""
    creds = tmp_path / "credentials" / "diffgram.service"
    creds.mkdir(parents=True)
    write(creds / "DATABASE_URL", "postgresql://postgres:pw@db/diffgram\n", mode=0o400)
    write(creds / "FERNET_KEY", SECRET, mode=0o400)
    creds.chmod(0o500)
    env = base_env(CREDENTIALS_DIRECTORY=str(creds))
    # --no-check: SECRET is no valid Fernet key, and the catalog checks are not what this tests.
    r, child = child_env(launch, "--no-check", "--no-dotenv", env=env)
    assert r.code == 0, r
    assert child["FERNET_KEY"] == SECRET
    assert child["DATABASE_URL"] == "postgresql://postgres:pw@db/diffgram"
    info = explain(launch, "FERNET_KEY", "--no-dotenv", env=env)
    assert (info["layer"], info["source"], info["value"]) == (3, "$CREDENTIALS_DIRECTORY", "<redacted>")
    # Read even with --pristine: it is the unit's configuration, not an inherited value.
    r, child = child_env(launch, "--no-check", "--no-dotenv", "--pristine", "--keep", "PATH", env=env)
    assert child["FERNET_KEY"] == SECRET and "CREDENTIALS_DIRECTORY" not in child
    creds.chmod(0o700)


def test_missing_credentials_directory(launch, tmp_path):
    r, marker = run_marker(launch, tmp_path, "--no-dotenv",
                           env=base_env(CREDENTIALS_DIRECTORY=str(tmp_path / "gone")))
    refused(r, marker)
    assert "$CREDENTIALS_DIRECTORY" in r.err


def test_two_secret_sources_disagreeing_is_a_conflict(launch, tmp_path):
    d = tmp_path / "vol"
    d.mkdir()
    write(d / "FERNET_KEY", SECRET)
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--secrets-dir", str(d),
                           env=base_env(FERNET_KEY="old-" + SECRET))
    refused(r, marker, code=78)
    assert "DGL101" in r.err and f"secrets dir {d}" in r.err and "process environment" in r.err
    r, child = child_env(launch, "--no-check", "--no-dotenv", "--secrets-dir", str(d), env=base_env(FERNET_KEY=SECRET))
    assert r.code == 0 and child["FERNET_KEY"] == SECRET  # agreeing sources are fine


# --- secrets commands ------------------------------------------------------------------------------

def test_from_cmd_dotenv(launch, tmp_path):
    cmd = "printf 'export A=1\\nB=\"two words\"\\nC=${A}-x\\nD=${HOME}\\n'; echo 'diagnostic on stderr' >&2"
    r, child = child_env(launch, "--no-dotenv", "--from-cmd", cmd)
    assert r.code == 0, r
    assert (child["A"], child["B"], child["C"]) == ("1", "two words", "1-x")
    assert child["D"] == ""  # ${VAR} sees earlier keys of the same output only
    assert "diagnostic on stderr" in r.err  # stderr passes through
    info = explain(launch, "B", "--no-dotenv", "--from-cmd", cmd)
    assert (info["layer"], info["source"]) == (4, "command #1")


def test_from_cmd_stdout_is_never_echoed(launch, tmp_path):
    r = launch("check", "--no-dotenv", "--from-cmd", f"echo API_TOKEN={SECRET}")
    assert r.code == 0, r
    assert SECRET not in r.out + r.err


def test_from_cmd_compose_dialect(launch, tmp_path):
    cmd = "printf 'A=$$literal\\nB=\"x\\\\ty\"\\n'"
    r, child = child_env(launch, "--no-dotenv", "--dialect", "compose", "--from-cmd", cmd)
    assert r.code == 0, r
    assert child["A"] == "$literal" and child["B"] == "x\ty"


def test_from_cmd_json(launch, tmp_path):
    doc = {"API_TOKEN": SECRET, "MULTI": "line1\nline2", "UNICODE": "Grüße", "EMPTY": ""}
    f = write(tmp_path / "doc.json", json.dumps(doc))
    r, child = child_env(launch, "--no-dotenv", "--from-cmd-json", f"cat {f}")
    assert r.code == 0, r
    assert {k: child[k] for k in doc} == doc
    assert SECRET not in r.err


def test_commands_share_one_order_later_wins(launch, tmp_path):
    args = ["--no-dotenv", "--from-cmd", "echo K=same", "--from-cmd-json", "echo '{\"K\": \"same\"}'"]
    info = explain(launch, "K", *args)
    assert (info["layer"], info["source"]) == (4, "command #2")
    assert info["shadowed"] == [{"source": "command #1", "layer": 4, "same_value": True}]
    r = launch("check", "--no-dotenv", "--from-cmd", "echo K=a", "--from-cmd", "echo K=b")
    assert r.code == 78 and "DGL101" in r.out and "command #1" in r.out and "command #2" in r.out


def test_from_cmd_failing(launch, tmp_path):
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--from-cmd", "true",
                           "--from-cmd", f"echo A={SECRET}; exit 3")
    refused(r, marker)
    assert "command #2" in r.err and "exit status 3" in r.err


def test_from_cmd_not_found_and_killed_by_signal(launch, tmp_path):
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--from-cmd", "no-such-secrets-tool-xyz")
    refused(r, marker)
    assert "command #1" in r.err and "exit status 127" in r.err
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--from-cmd", "kill -TERM $$")
    refused(r, marker)
    assert "command #1" in r.err and "signal 15" in r.err


def pid_gone(pid):
    """True when `pid` no longer runs (gone, or a zombie waiting for a reaper that is not ours)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def wait_gone(pid, limit=10.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if pid_gone(pid):
            return True
        time.sleep(0.05)
    return False


def test_from_cmd_timeout_kills_the_whole_group(launch, tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    # The shell starts a grandchild (its own sleep) and then hangs itself.
    cmd = f"sleep 300 & echo $! > {pidfile}; sleep 300"
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--from-cmd-timeout", "1", "--from-cmd", cmd)
    refused(r, marker)
    assert "command #1" in r.err and "timed out after 1 s" in r.err
    grandchild = int(pidfile.read_text())
    assert wait_gone(grandchild), f"grandchild {grandchild} survived the timeout"


def test_from_cmd_background_process_holding_stdout(launch, tmp_path):
    """The shell exits at once, but a process it left behind keeps stdout open: killed at the timeout."""
    pidfile = tmp_path / "bg.pid"
    cmd = f"echo A=1; sleep 300 & echo $! > {pidfile}; exit 0"
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--from-cmd-timeout", "1", "--from-cmd", cmd)
    refused(r, marker)
    assert "kept its stdout open" in r.err
    assert wait_gone(int(pidfile.read_text()))


def test_from_cmd_printing_10_mb(launch, tmp_path):
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--from-cmd",
                           "head -c 10000000 /dev/zero | tr '\\0' x")
    refused(r, marker)
    assert "command #1 printed more than 1 MiB" in r.err
    assert "xxxx" not in r.err


@pytest.mark.parametrize("output,phrase", [
    ("A=\"unterminated", "line 2, column 3: unterminated double-quoted value"),
    ("A=ok\nB='open", "line 3, column 3: unterminated single-quoted value"),
    ("A=x\0y", "NUL"),
])
def test_from_cmd_output_that_does_not_parse(launch, tmp_path, output, phrase):
    f = write(tmp_path / "out", SECRET + "_KEY=1\n" + output)
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--from-cmd", f"cat {f}")
    refused(r, marker)
    assert "command #1" in r.err and phrase in r.err


@pytest.mark.parametrize("doc,phrase", [
    ('{"A": "x", "B": 1}', "the value of B is a number"),
    ('{"A": {"nested": "x"}}', "the value of A is an object"),
    ('{"A": ["x"]}', "the value of A is an array"),
    ('{"A": null}', "the value of A is null"),
    ('{"A": true}', "the value of A is a boolean"),
    ('["A", "x"]', "not an object"),
    ('"just a string"', "not an object"),
    ('{"A": "x"', "not valid JSON"),
    ('', "not valid JSON"),
    ('{"A=B": "x"}', "cannot exist"),
    ('{"": "x"}', "cannot exist"),
    ('{"A": "x\\u0000y"}', "NUL"),
])
def test_from_cmd_json_that_is_not_a_flat_object_of_strings(launch, tmp_path, doc, phrase):
    f = write(tmp_path / "doc.json", doc)
    r, marker = run_marker(launch, tmp_path, "--no-dotenv", "--from-cmd-json", f"cat {f}")
    refused(r, marker)
    assert "command #1" in r.err and phrase in r.err


def test_from_cmd_gets_no_stdin(launch, tmp_path):
    """The command's stdin is /dev/null: it cannot eat input meant for the target."""
    r, child = child_env(launch, "--no-dotenv", "--from-cmd", "read line || echo GOT_EOF=1")
    assert r.code == 0, r
    assert child["GOT_EOF"] == "1"
