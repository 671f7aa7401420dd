"""`init` and `gen-fernet-key` against the real readers: python-dotenv reads the file, the real
`cryptography` Fernet accepts the key, the launcher's own `check` passes it, and a user's file is
never overwritten or lost."""
import json
import os
import re
import stat
import subprocess

import pytest

from conftest import PYTHON, base_env

PROVIDERS = ["minio", "aws", "gcp", "azure"]
COMMON = ["DIFFGRAM_SYSTEM_MODE", "URL_BASE", "WALRUS_SERVICE_URL_BASE", "DIFFGRAM_INSTALL_FINGERPRINT",
          "DIFFGRAM_VERSION_TAG", "DIFFGRAM_HOST_OS", "FERNET_KEY", "SECRET_KEY", "USER_PASSWORDS_SECRET",
          "INTER_SERVICE_SECRET", "DATABASE_URL", "DATABASE_HOST", "DATABASE_NAME", "DATABASE_USER",
          "DATABASE_PASS", "RABBITMQ_HOST", "RABBITMQ_PORT", "RABBITMQ_DEFAULT_USER", "RABBITMQ_DEFAULT_PASS",
          "DIFFGRAM_STATIC_STORAGE_PROVIDER"]
BY_PROVIDER = {
    "minio": ["DIFFGRAM_MINIO_ENDPOINT_URL", "DIFFGRAM_MINIO_ACCESS_KEY_ID", "DIFFGRAM_MINIO_ACCESS_KEY_SECRET",
              "DIFFGRAM_S3_BUCKET_NAME", "ML__DIFFGRAM_S3_BUCKET_NAME", "IS_DIFFGRAM_S3_V4_SIGNATURE"],
    "aws": ["DIFFGRAM_AWS_ACCESS_KEY_ID", "DIFFGRAM_AWS_ACCESS_KEY_SECRET", "DIFFGRAM_S3_BUCKET_NAME",
            "ML__DIFFGRAM_S3_BUCKET_NAME", "DIFFGRAM_S3_BUCKET_REGION"],
    "gcp": ["CLOUD_STORAGE_BUCKET", "ML__CLOUD_STORAGE_BUCKET", "GOOGLE_APPLICATION_CREDENTIALS",
            "SERVICE_ACCOUNT_FULL_PATH"],
    "azure": ["DIFFGRAM_AZURE_CONNECTION_STRING", "DIFFGRAM_AZURE_CONTAINER_NAME",
              "ML__DIFFGRAM_AZURE_CONTAINER_NAME"],
}
SECRETS = ["FERNET_KEY", "SECRET_KEY", "USER_PASSWORDS_SECRET", "INTER_SERVICE_SECRET", "DATABASE_PASS",
           "RABBITMQ_DEFAULT_PASS"]
# Values Diffgram ships in public (settings.py defaults, Helm values, the old .env.copy).
PUBLIC_DEFAULTS = {"NeL_RED6zZ1XF3XT7Yd1hzFPYyebrg6UdkECTOLHEdI=", "secret_key", "secret_for_users",
                   "default_inter_service_secret", "postgres", "admin"}


def dotenv_values(path):
    """The file as Diffgram reads it: python-dotenv, with nothing from the environment."""
    script = "import json,sys,dotenv; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))"
    out = subprocess.run([PYTHON, "-c", script, str(path)], capture_output=True, text=True, check=True,
                         env=base_env())
    return json.loads(out.stdout)


def keys_in_order(path):
    return [m.group(1) for m in re.finditer(r"^([A-Z_][A-Z0-9_]*)=", path.read_text(), re.M)]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_init_writes_a_complete_private_env(launch, tmp_path, provider):
    r = launch("init", "--provider", provider)
    assert r.code == 0, r
    env_file = tmp_path / ".env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    values = dotenv_values(env_file)
    for key in COMMON + BY_PROVIDER[provider]:
        assert key in values, f"{key} missing for provider {provider}"
    assert values["DIFFGRAM_STATIC_STORAGE_PROVIDER"] == provider
    assert values["URL_BASE"].startswith("http") and values["URL_BASE"].endswith("/")
    keys = keys_in_order(env_file)
    assert len(keys) == len(set(keys)), "a key is written twice"
    assert "PYTHONPATH" not in values
    # The python-dotenv view equals the plain KEY=VALUE text: nothing needs quoting, so systemd's
    # EnvironmentFile= and `docker --env-file` read the same values.
    plain = dict(line.split("=", 1) for line in env_file.read_text().splitlines()
                 if line and not line.startswith("#"))
    assert plain == values
    # Nothing secret on stdout or stderr.
    for key in SECRETS:
        assert values[key] not in r.out + r.err


def test_secrets_are_strong_fresh_and_valid(launch, tmp_path):
    from cryptography.fernet import Fernet  # python3-cryptography: the library Diffgram uses

    a = tmp_path / "a.env"
    b = tmp_path / "b.env"
    assert launch("init", "--output", str(a)).code == 0
    assert launch("init", "--output", str(b)).code == 0
    va, vb = dotenv_values(a), dotenv_values(b)
    for key in SECRETS:
        assert va[key] != vb[key], f"{key} is not fresh"
        assert va[key] not in PUBLIC_DEFAULTS
        assert len(va[key]) >= 32, f"{key} is short"
    fernet = Fernet(va["FERNET_KEY"].encode())
    assert fernet.decrypt(fernet.encrypt(b"connection secret")) == b"connection secret"
    assert not va["FERNET_KEY"].startswith("b'")
    # The database is described once: the URL carries the same password as the parts.
    assert va["DATABASE_URL"] == (f"postgresql+psycopg2://{va['DATABASE_USER']}:{va['DATABASE_PASS']}"
                                  f"@{va['DATABASE_HOST']}/{va['DATABASE_NAME']}")


# Cloud credentials cannot be generated: for those providers `check` names exactly what the user
# must still fill in, and nothing else.
MISSING_CREDENTIALS = {
    "minio": set(),
    "aws": {("DGL212", "DIFFGRAM_AWS_ACCESS_KEY_ID"), ("DGL212", "DIFFGRAM_AWS_ACCESS_KEY_SECRET")},
    "gcp": {("DGL215", "SERVICE_ACCOUNT_FULL_PATH"), ("DGL215", "GOOGLE_APPLICATION_CREDENTIALS")},
    "azure": {("DGL212", "DIFFGRAM_AZURE_CONNECTION_STRING")},
}


@pytest.mark.parametrize("provider", PROVIDERS)
def test_init_output_passes_check(launch, tmp_path, provider):
    assert launch("init", "--provider", provider).code == 0
    r = launch("check", "--no-dotenv", "--env-file", ".env", "--format", "json")
    report = r.json()
    errors = {(f["code"], f["key"]) for f in report["findings"] if f["severity"] == "error"}
    assert errors == MISSING_CREDENTIALS[provider], r
    assert r.code == (0 if not errors else 78) and report["ok"] == (not errors), r
    values = dotenv_values(tmp_path / ".env")
    for key in SECRETS:
        assert values[key] not in r.out + r.err


def test_init_output_is_what_the_launcher_passes_on(launch, tmp_path, printenv_json):
    assert launch("init").code == 0
    values = dotenv_values(tmp_path / ".env")
    r = launch("--pristine", "--env-file", ".env", "--", *printenv_json)
    assert r.code == 0, r
    child = r.json()
    assert {k: child[k] for k in values} == values


def test_existing_file_is_never_overwritten_without_force(launch, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("MINE=1\n")
    r = launch("init")
    assert r.code == 125 and "--force" in r.err
    assert env_file.read_text() == "MINE=1\n"
    assert sorted(os.listdir(tmp_path)) == [".env"]


def test_force_keeps_backups_and_never_clobbers_one(launch, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("FIRST=1\n")
    (tmp_path / ".env.bak").write_text("OLDER_BACKUP=1\n")
    r = launch("init", "--force")
    assert r.code == 0, r
    assert (tmp_path / ".env.bak").read_text() == "OLDER_BACKUP=1\n"
    assert (tmp_path / ".env.bak.1").read_text() == "FIRST=1\n"
    second = env_file.read_text()
    assert "FERNET_KEY=" in second and stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert launch("init", "--force").code == 0
    assert (tmp_path / ".env.bak.2").read_text() == second
    assert env_file.read_text() != second
    # No temporary file is left behind.
    assert sorted(os.listdir(tmp_path)) == [".env", ".env.bak", ".env.bak.1", ".env.bak.2"]


def test_force_replaces_a_symlink_not_its_target(launch, tmp_path):
    target = tmp_path / "elsewhere.env"
    target.write_text("TARGET=1\n")
    (tmp_path / ".env").symlink_to(target)
    assert launch("init", "--force").code == 0
    assert target.read_text() == "TARGET=1\n"
    assert not (tmp_path / ".env").is_symlink()


def test_mode_is_0600_whatever_the_umask(launch, tmp_path):
    out = tmp_path / "u.env"
    script = f"import os,sys; os.umask(0); os.execv(sys.argv[1], sys.argv[1:])"
    from conftest import BIN
    subprocess.run([PYTHON, "-c", script, BIN, "init", "--output", str(out)], check=True, env=base_env(),
                   capture_output=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_stdout_only_when_asked(launch, tmp_path):
    r = launch("init", "--output", "-", "--provider", "gcp")
    assert r.code == 0, r
    assert "FERNET_KEY=" in r.out and "DIFFGRAM_STATIC_STORAGE_PROVIDER=gcp" in r.out
    assert os.listdir(tmp_path) == []


def test_unknown_provider_and_stray_arguments_are_usage_errors(launch, tmp_path):
    assert launch("init", "--provider", "dropbox").code == 125
    assert launch("init", "extra").code == 125
    assert os.listdir(tmp_path) == []


def test_missing_directory_is_a_launcher_error(launch, tmp_path):
    r = launch("init", "--output", str(tmp_path / "no" / "such" / ".env"))
    assert r.code == 125 and "cannot create" in r.err


def test_gen_fernet_key_prints_one_valid_key(launch):
    from cryptography.fernet import Fernet

    keys = set()
    for _ in range(3):
        r = launch("gen-fernet-key")
        assert r.code == 0 and r.err == "", r
        assert r.out.endswith("\n") and r.out.count("\n") == 1
        key = r.out.strip()
        assert len(key) == 44 and re.fullmatch(r"[A-Za-z0-9_-]{43}=", key)
        Fernet(key.encode())
        keys.add(key)
    assert len(keys) == 3
