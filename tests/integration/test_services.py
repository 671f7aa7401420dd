"""Service profiles (--service) against the built binary: canonical commands, environment policy
(backends get DOCKER_CONTEXT=true, the frontend an allowlist and never a secret), and an
end-to-end run of real gunicorn serving a WSGI app that reads its settings like Diffgram's."""
import hashlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import BIN, HELPERS, PYTHON, base_env

BACKENDS = ["default", "walrus", "eventhandlers", "migrations"]
FRONTEND_BASE = {"PATH", "HOME", "LANG", "TZ", "NODE_ENV", "HOST", "PORT", "NODE_OPTIONS"}
SECRETS = {
    "SECRET_KEY": "backend-secret-key-value",
    "DATABASE_URL": "postgresql+psycopg2://diffgram:db-password-value@db:5432/diffgram",
    "MAILGUN_KEY": "mailgun-key-value",
    "SOME_API_TOKEN": "token-value",
}


def fake_program(bindir, name):
    """A stand-in for gunicorn/python/alembic/nginx that reports its argv, cwd and environment."""
    path = bindir / name
    path.write_text(f"#!{PYTHON}\nimport json, os, sys\n"
                    "json.dump({'argv': sys.argv[1:], 'cwd': os.getcwd(), 'env': dict(os.environ)}, sys.stdout)\n")
    path.chmod(0o755)


@pytest.fixture
def fakes(tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    for name in ("gunicorn", "python", "alembic", "nginx"):
        fake_program(bindir, name)
    return f"{bindir}:/usr/bin:/bin"


def sets(values):
    out = []
    for k, v in values.items():
        out += ["--set", f"{k}={v}"]
    return out


@pytest.mark.parametrize("service,argv,subdir", [
    ("default", ["--bind", ":8080", "--timeout", "120", "--worker-class", "sync", "--workers", "5", "--no-sendfile",
                 "main:app"], ""),
    ("walrus", ["--bind", ":8080", "--timeout", "120", "--worker-class", "sync", "--workers", "3", "--no-sendfile",
                "main:app"], ""),
    ("eventhandlers", ["main.py"], ""),
    ("dispatcher", ["local_dispatch.py"], ""),
    ("migrations", ["upgrade", "head"], "shared"),
    ("frontend", ["-g", "daemon off;"], ""),
])
@pytest.mark.parametrize("mode", ["exec", "init"])
def test_canonical_commands(launch, tmp_path, fakes, service, argv, subdir, mode):
    (tmp_path / "shared").mkdir()
    extra = ["--init"] if mode == "init" else []
    r = launch("--no-dotenv", "--no-check", *extra, "--service", service, env=base_env(PATH=fakes))
    assert r.code == 0, r
    got = r.json()
    assert got["argv"] == argv
    assert got["cwd"] == str(tmp_path / subdir) if subdir else got["cwd"] == str(tmp_path)


def test_explicit_command_replaces_the_canonical_one(launch, tmp_path, fakes, printenv_json):
    r = launch("--no-dotenv", "--service", "migrations", "--", *printenv_json, env=base_env(PATH=fakes))
    assert r.code == 0, r  # no shared/ needed: the explicit command runs where the launcher runs
    assert r.json()["DOCKER_CONTEXT"] == "true"


def test_migrations_without_shared_directory(launch, fakes):
    for extra in ([], ["--init"]):
        r = launch("--no-dotenv", *extra, "--service", "migrations", env=base_env(PATH=fakes))
        assert r.code == 125, r
        assert "shared" in r.err


def test_unknown_service_is_a_usage_error(launch, printenv_json):
    for sub in (["run"], ["check"], ["print"]):
        r = launch(*sub, "--no-dotenv", "--service", "nginx", *(["--", *printenv_json] if sub == ["run"] else []))
        assert r.code == 125, r
        assert "default, walrus, eventhandlers, dispatcher, migrations, frontend" in r.err


@pytest.mark.parametrize("service", BACKENDS)
@pytest.mark.parametrize("mode", ["exec", "init"])
def test_backends_get_everything_and_docker_context(launch, printenv_json, service, mode):
    extra = ["--init"] if mode == "init" else []
    r = launch("--no-dotenv", "--no-check", *extra, "--service", service, *sets(SECRETS), "--set", "DOCKER_CONTEXT=False",
               "--", *printenv_json, env=base_env(PLAIN="x"))
    assert r.code == 0, r
    child = r.json()
    assert child["DOCKER_CONTEXT"] == "true", "a backend never reads a .env of its own"
    for k, v in SECRETS.items():
        assert child[k] == v
    assert child["PLAIN"] == "x"


def test_dispatcher_keeps_its_docker_context(launch, printenv_json):
    r = launch("--no-dotenv", "--service", "dispatcher", "--", *printenv_json)
    assert "DOCKER_CONTEXT" not in r.json(), "DOCKER_CONTEXT selects the dispatcher's ingress: not forced"
    r = launch("--no-dotenv", "--service", "dispatcher", "--set", "DOCKER_CONTEXT=False", "--", *printenv_json)
    assert r.json()["DOCKER_CONTEXT"] == "False"


@pytest.mark.parametrize("mode", ["exec", "init"])
def test_frontend_gets_the_allowlist_and_no_secret(launch, tmp_path, printenv_json, mode):
    env_file = tmp_path / "app.env"
    env_file.write_text("\n".join(f"{k}={v}" for k, v in SECRETS.items()) +
                        "\nDIFFGRAM_SYSTEM_MODE=production\nNODE_ENV=production\nPORT=8081\n"
                        "NODE_OPTIONS=--openssl-legacy-provider\nLC_ALL=C.UTF-8\nnpm_config_report=true\n"
                        "HOST=http://user:host-password@proxy\n")
    extra = ["--init"] if mode == "init" else []
    r = launch("--env-file", str(env_file), "--no-check", *extra, "--service", "frontend", "--", *printenv_json,
               env=base_env(HOME="/home/web", AWS_SECRET_ACCESS_KEY="aws-secret", OTHER="x"))
    assert r.code == 0, r
    child = r.json()
    allowed = FRONTEND_BASE | {"npm_config_report"}
    assert set(child) <= allowed | {k for k in child if k.startswith("LC_")}
    assert child["NODE_ENV"] == "production" and child["PORT"] == "8081" and child["LC_ALL"] == "C.UTF-8"
    assert child["HOME"] == "/home/web" and child["npm_config_report"] == "true"
    assert "HOST" not in child, "an allowed name with a secret value (URL password) is still refused"
    every_value = json.dumps(child)
    for secret in [*SECRETS.values(), "aws-secret", "host-password"]:
        assert secret not in every_value
    assert "DOCKER_CONTEXT" not in child


def test_print_shows_the_frontend_environment(launch):
    r = launch("print", "--no-dotenv", "--service", "frontend", "--format", "json", *sets(SECRETS),
               "--set", "NODE_ENV=production")
    assert r.code == 0, r
    assert r.json() == {"LANG": "C.UTF-8", "NODE_ENV": "production", "PATH": base_env()["PATH"]}


def test_print_shows_docker_context_for_backends(launch):
    r = launch("print", "--no-dotenv", "--no-check", "--service", "walrus", "--format", "json")
    assert r.json()["DOCKER_CONTEXT"] == "true"


# ---- end to end: real gunicorn --------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get_json(url):
    with urllib.request.urlopen(url, timeout=5) as resp:
        return json.loads(resp.read())


def test_gunicorn_end_to_end(tmp_path):
    """--service default with an explicit gunicorn command, supervised: the app sees the checked
    environment with DOCKER_CONTEXT=true (so it loads no .env itself), and SIGTERM to the launcher
    stops gunicorn gracefully with exit code 0."""
    port = free_port()
    # A complete configuration that passes every check: the bundled example, plus the test's own
    # values in a later file (later wins).
    example = os.path.join(os.path.dirname(HELPERS), "..", "..", "examples", "diffgram.env")
    env_file = tmp_path / "app.env"
    env_file.write_text("USE_RATE_LIMITS=yes\n"
                        f"SECRET_KEY={SECRETS['SECRET_KEY']}\nDATABASE_URL={SECRETS['DATABASE_URL']}\n"
                        "DATABASE_HOST=db\nDATABASE_USER=diffgram\nDATABASE_PASS=db-password-value\n")
    # A stray .env next to the app: Diffgram would load it unless DOCKER_CONTEXT is true.
    (tmp_path / ".env").write_text("DIFFGRAM_SYSTEM_MODE=production\n")
    cmd = [BIN, "--init", "--env-file", example, "--env-file", str(env_file), "--service", "default", "--",
           PYTHON, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "sync",
           "--graceful-timeout", "20", "--chdir", HELPERS, "wsgi_settings:app"]
    env = base_env(DIFFGRAM_LAUNCH_STOP_TIMEOUT="30")
    proc = subprocess.Popen(cmd, env=env, cwd=str(tmp_path), stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        seen = None
        end = time.monotonic() + 30
        while time.monotonic() < end and proc.poll() is None:
            try:
                seen = get_json(f"http://127.0.0.1:{port}/api/status")
                break
            except OSError:
                time.sleep(0.1)
        assert seen is not None, "gunicorn never became ready"
        assert seen["docker_context"] is True and seen["loaded_dotenv"] is False
        assert seen["system_mode"] == "sandbox"
        assert seen["use_rate_limits"] is True
        assert seen["storage_provider"] == "minio"
        assert seen["secret_key"] == "set"
        assert seen["secret_key_sha256"] == hashlib.sha256(SECRETS["SECRET_KEY"].encode()).hexdigest()
        assert seen["database_url_sha256"] == hashlib.sha256(SECRETS["DATABASE_URL"].encode()).hexdigest()
        assert seen["launcher_vars"] == [], "DIFFGRAM_LAUNCH_* never reaches the child"
        os.kill(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        assert "Handling signal: term" in err
        assert "Shutting down: Master" in err
        assert "sending SIGKILL" not in err
        for secret in SECRETS.values():
            assert secret not in out + err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
