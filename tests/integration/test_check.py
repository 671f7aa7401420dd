"""Behaviour of `check` (and `run`'s refusal) against the built binary: every catalog check with
an input that passes and one that fails, read through `check --format json`."""
import json
import os

import pytest

from conftest import base_env

GOOD_FERNET = "Q2hhbmdlZC1rZXktZm9yLXRlc3RzLTAxMjM0NTY3ODk="

BASE = {
    "DIFFGRAM_STATIC_STORAGE_PROVIDER": "minio",
    "DIFFGRAM_MINIO_ENDPOINT_URL": "http://minio:9000",
    "DIFFGRAM_MINIO_ACCESS_KEY_ID": "x7y1zz0q2f9c8b7a6d5e",
    "DIFFGRAM_MINIO_ACCESS_KEY_SECRET": "Zq7s9Xv2Lw4Np8Rt1Ym6Kb3Hc5Jd0Fg2",
    "DIFFGRAM_S3_BUCKET_NAME": "bucket",
    "ML__DIFFGRAM_S3_BUCKET_NAME": "bucket",
    "URL_BASE": "https://diffgram.example.org/",
    "DIFFGRAM_INSTALL_FINGERPRINT": "abc",
    "DIFFGRAM_VERSION_TAG": "1.0",
    "DIFFGRAM_HOST_OS": "linux",
    "FERNET_KEY": GOOD_FERNET,
}

PROD = dict(BASE, DIFFGRAM_SYSTEM_MODE="production",
            SECRET_KEY="Vx8pLq2Zr7Ns4Kw1Tm9Yb3Hd6Jf0Gc5A",
            USER_PASSWORDS_SECRET="Vx8pLq2Zr7Ns4Kw1Tm9Yb3Hd6Jf0Gc5B",
            INTER_SERVICE_SECRET="Vx8pLq2Zr7Ns4Kw1Tm9Yb3Hd6Jf0Gc5C",
            DATABASE_URL="postgresql+psycopg2://diffgram:Vx8pLq2Zr7Ns4Kw1Tm9Yb3Hd6Jf0Gc5D@db/diffgram")


def dotenv_text(kv):
    """python-dotenv reads 'v' back as v (only \\\\ and \\' are escapes)."""
    lines = []
    for k, v in kv.items():
        if v is None:
            continue
        lines.append("%s='%s'" % (k, v.replace("\\", "\\\\").replace("'", "\\'")))
    return "\n".join(lines) + "\n"


def write_env(tmp_path, kv, name="app.env", mode=0o600):
    path = tmp_path / name
    path.write_text(dotenv_text(kv))
    path.chmod(mode)
    return str(path)


def check_json(launch, tmp_path, kv, *extra, mode=0o600, env=None):
    env_file = write_env(tmp_path, kv, mode=mode)
    r = launch("check", "--no-dotenv", "--env-file", env_file, "--format", "json", *extra, env=env)
    assert r.code in (0, 78), r
    doc = r.json()
    assert doc["ok"] == (r.code == 0)
    assert doc["errors"] == sum(f["severity"] == "error" for f in doc["findings"])
    return doc


def codes(doc, key=None):
    return {f["code"] for f in doc["findings"] if key is None or f["key"] == key}


def finding(doc, code, key=None):
    found = [f for f in doc["findings"] if f["code"] == code and (key is None or f["key"] == key)]
    assert found, doc
    return found[0]


def test_base_configurations_are_clean(launch, tmp_path):
    for kv in (BASE, PROD):
        doc = check_json(launch, tmp_path, kv, "--service", "walrus")
        assert doc["ok"] and doc["errors"] == 0 and doc["warnings"] == 0, doc


def json_file(tmp_path):
    p = tmp_path / "sa.json"
    p.write_text('{"type": "service_account"}')
    p.chmod(0o600)
    return str(p)


GCP = {"DIFFGRAM_STATIC_STORAGE_PROVIDER": "gcp", "CLOUD_STORAGE_BUCKET": "b", "ML__CLOUD_STORAGE_BUCKET": "b"}
AZURE = {"DIFFGRAM_STATIC_STORAGE_PROVIDER": "azure", "DIFFGRAM_AZURE_CONTAINER_NAME": "c",
         "ML__DIFFGRAM_AZURE_CONTAINER_NAME": "c"}
SMTP = {"SMTP_HOST": "smtp.example.org", "SMTP_PORT": "465", "SMTP_USERNAME": "u", "SMTP_PASSWORD": "Pw-8f2kq0s9x7c6v5b"}

# (code, key, severity, failing changes, passing changes, base, extra args); a value of None
# removes the key; a callable value is called with tmp_path.
CASES = [
    ("DGL201", "RUNNING_LOCALLY", "error", {"RUNNING_LOCALLY": "on"}, {"RUNNING_LOCALLY": " FALSE "}, BASE, ()),
    ("DGL202", "RABBITMQ_PORT", "error", {"RABBITMQ_PORT": ""}, {"RABBITMQ_PORT": "5672"}, BASE, ()),
    ("DGL203", "DIFFGRAM_STATIC_STORAGE_PROVIDER", "error", {"DIFFGRAM_STATIC_STORAGE_PROVIDER": "MinIO"}, {}, BASE, ()),
    ("DGL203", "DIFFGRAM_SYSTEM_MODE", "error", {"DIFFGRAM_SYSTEM_MODE": "Production"},
     {"DIFFGRAM_SYSTEM_MODE": "staging"}, BASE, ()),
    ("DGL204", "URL_BASE", "error", {"URL_BASE": "localhost:8085"}, {"URL_BASE": "http://localhost:8085/"}, BASE, ()),
    ("DGL204", "WALRUS_SERVICE_URL_BASE", "error", {"WALRUS_SERVICE_URL_BASE": "walrus:8082/"},
     {"WALRUS_SERVICE_URL_BASE": "http://walrus:8082/"}, BASE, ()),
    ("DGL205", "URL_BASE", "notice", {"URL_BASE": None}, {}, BASE, ()),
    ("DGL206", "FERNET_KEY", "error", {"FERNET_KEY": GOOD_FERNET[:-2]}, {}, BASE, ()),
    ("DGL207", "FERNET_KEY", "error", {"FERNET_KEY": "b'%s'" % GOOD_FERNET}, {}, BASE, ()),
    ("DGL208", "FERNET_KEY", "warning", {"FERNET_KEY": "Q2hh+mdlZC1rZXktZm9yLXRlc3RzLTAxMjM0NTY3OD/="}, {}, BASE, ()),
    ("DGL209", "DATABASE_URL", "error", {"DATABASE_URL": "db:5432/diffgram"},
     {"DATABASE_URL": "postgresql+psycopg2://u:p@db:5432/diffgram"}, BASE, ()),
    ("DGL210", "DATABASE_HOST", "error",
     {"DATABASE_URL": "postgresql+psycopg2://u:p@db/diffgram", "DATABASE_HOST": "localhost"},
     {"DATABASE_URL": "postgresql+psycopg2://u:p@db/diffgram", "DATABASE_HOST": "db"}, BASE, ()),
    ("DGL211", "DATABASE_URL", "warning", {"DATABASE_URL": "mysql+pymysql://u:p@db/diffgram"},
     {"DATABASE_URL": "postgresql://u:p@db/diffgram"}, BASE, ()),
    ("DGL212", "ML__DIFFGRAM_S3_BUCKET_NAME", "error", {"ML__DIFFGRAM_S3_BUCKET_NAME": None}, {}, BASE, ()),
    ("DGL212", "DIFFGRAM_STATIC_STORAGE_PROVIDER", "error", {"DIFFGRAM_STATIC_STORAGE_PROVIDER": None}, {}, BASE,
     ("--service", "default")),
    ("DGL213", "DIFFGRAM_HOST_OS", "error", {"DIFFGRAM_HOST_OS": None}, {}, BASE, ("--service", "walrus")),
    ("DGL213", "DIFFGRAM_VERSION_TAG", "error", {"DIFFGRAM_VERSION_TAG": None}, {}, BASE, ("--service", "eventhandlers")),
    ("DGL213", "DIFFGRAM_INSTALL_FINGERPRINT", "warning", {"DIFFGRAM_INSTALL_FINGERPRINT": None}, {}, BASE,
     ("--service", "default")),
    ("DGL214", "DIFFGRAM_AWS_ACCESS_KEY_SECRET", "warning", {"DIFFGRAM_AWS_ACCESS_KEY_SECRET": "wJalrXUtnFEMIK7MDENG"},
     {"DIFFGRAM_AWS_ACCESS_KEY_SECRET": "none"}, BASE, ()),
    ("DGL215", "GOOGLE_APPLICATION_CREDENTIALS", "error",
     {"SERVICE_ACCOUNT_FULL_PATH": json_file, "GOOGLE_APPLICATION_CREDENTIALS": "/nonexistent/sa.json"},
     {"SERVICE_ACCOUNT_FULL_PATH": json_file, "GOOGLE_APPLICATION_CREDENTIALS": json_file}, dict(BASE, **GCP), ()),
    ("DGL216", "GOOGLE_APPLICATION_CREDENTIALS", "warning", {"GOOGLE_APPLICATION_CREDENTIALS": "/etc/gcp/sa.json"},
     {"GOOGLE_APPLICATION_CREDENTIALS": json_file}, BASE, ()),
    ("DGL217", "DIFFGRAM_AZURE_CONNECTION_STRING", "error", {"DIFFGRAM_AZURE_CONNECTION_STRING": "AccountName=a"},
     {"DIFFGRAM_AZURE_CONNECTION_STRING": "AccountName=a;AccountKey=a2V5"}, dict(BASE, **AZURE), ()),
    ("DGL218", "SIGNED_URL_CACHE_MINIMUM_SECONDS_VALID", "warning",
     {"SIGNED_URL_CACHE_MINIMUM_SECONDS_VALID": "20000", "SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID": "10000"},
     {"SIGNED_URL_CACHE_MINIMUM_SECONDS_VALID": "100", "SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID": "200"}, BASE, ()),
    ("DGL219", "SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID", "warning",
     {"SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID": "700000"},
     {"SIGNED_URL_CACHE_NEW_OFFSET_SECONDS_VALID": "604800"}, BASE, ()),
    ("DGL220", "EMAIL_VALIDATION", "warning", {"EMAIL_VALIDATION": "true"}, {"EMAIL_VALIDATION": "false"}, BASE, ()),
    ("DGL221", "EMAIL_VALIDATION", "notice", {"EMAIL_VALIDATION": "false"}, {"EMAIL_VALIDATION": "true"},
     dict(BASE, **SMTP), ()),
    ("DGL222", "SMTP_PORT", "warning", {"SMTP_PORT": "587"}, {"SMTP_PORT": "465"},
     dict(BASE, EMAIL_VALIDATION="true", **{k: v for k, v in SMTP.items() if k != "SMTP_PORT"}), ()),
    ("DGL230", "SECRET_KEY", "error", {"SECRET_KEY": "secret_key"}, {}, PROD, ()),
    ("DGL230", "FERNET_KEY", "error", {"FERNET_KEY": None}, {}, PROD, ()),
    ("DGL231", "SANDBOX_BYPASS_LOGIN", "error", {"SANDBOX_BYPASS_LOGIN": "True"}, {"SANDBOX_BYPASS_LOGIN": "False"},
     PROD, ()),
    ("DGL231", "DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE", "error", {"DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE": "yes"},
     {"DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE": "no"}, PROD, ()),
    ("DGL232", "SECRET_KEY", "warning", {"SECRET_KEY": "k9x2m4v7q1z8"}, {}, PROD, ()),
    ("DGL233", "DIFFGRAM_MINIO_DISABLED_SSL_VERIFY", "warning", {"DIFFGRAM_MINIO_DISABLED_SSL_VERIFY": "1"},
     {"DIFFGRAM_MINIO_DISABLED_SSL_VERIFY": "0"}, PROD, ()),
    ("DGL240", "secret_key", "warning", {"secret_key": "x"}, {}, BASE, ()),
    ("DGL241", "my_thing", "notice", {"my_thing": "x"}, {"MY_THING": "x"}, BASE, ()),
    ("DGL242", "FERNETKEY", "warning", {"FERNETKEY": "x"}, {}, BASE, ()),
    ("DGL243", "PYTHONPATH", "warning", {"PYTHONPATH": "/gcp/gcp-service-account.json"}, {"PYTHONPATH": "/app"},
     BASE, ()),
]


def apply(base, changes, tmp_path):
    kv = dict(base)
    for k, v in changes.items():
        kv[k] = v(tmp_path) if callable(v) else v
    return kv


@pytest.mark.parametrize("code,key,severity,failing,passing,base,extra", CASES,
                         ids=["%s-%s" % (c[0], c[1]) for c in CASES])
def test_each_check_fails_and_passes(launch, tmp_path, code, key, severity, failing, passing, base, extra):
    bad = check_json(launch, tmp_path, apply(base, failing, tmp_path), *extra)
    f = finding(bad, code, key)
    assert f["severity"] == severity
    assert f["message"] and f["hint"]
    assert bad["ok"] == (bad["errors"] == 0)
    good = check_json(launch, tmp_path, apply(base, passing, tmp_path), *extra)
    assert code not in codes(good, key), good


def test_sources_are_file_line(launch, tmp_path):
    doc = check_json(launch, tmp_path, dict(BASE, RUNNING_LOCALLY="on",
                                            DIFFGRAM_AWS_ACCESS_KEY_SECRET="wJalrXUtnFEMIK7MDENG"))
    env_file = str(tmp_path / "app.env")
    assert finding(doc, "DGL201")["sources"] == [env_file + ":12"]
    # Another provider's secret names both places: the secret and the provider selection.
    assert finding(doc, "DGL214")["sources"] == [env_file + ":13", env_file + ":1"]


def test_dgl234_env_file_readable_by_others_in_production(launch, tmp_path):
    doc = check_json(launch, tmp_path, PROD, mode=0o644)
    f = finding(doc, "DGL234")
    assert f["severity"] == "warning" and f["sources"] == [str(tmp_path / "app.env")]
    assert "DGL234" not in codes(check_json(launch, tmp_path, PROD, mode=0o600))
    assert "DGL234" not in codes(check_json(launch, tmp_path, dict(PROD, DIFFGRAM_SYSTEM_MODE="sandbox"), mode=0o644))


def test_check_text_groups_by_severity_and_exit_codes(launch, tmp_path):
    env_file = write_env(tmp_path, dict(BASE, RUNNING_LOCALLY="on", PYTHONPATH="/x.json", URL_BASE=None))
    r = launch("check", "--no-dotenv", "--env-file", env_file)
    assert r.code == 78, r
    lines = [l for l in r.out.splitlines() if not l.startswith("    ")]
    order = [l.split(":")[0] for l in lines[:-1]]
    assert order == sorted(order, key=["error", "warning", "notice"].index), r.out
    assert "[DGL201]" in r.out and "hint:" in r.out
    assert lines[-1].startswith("rejected: 1 error(s), 1 warning(s), 1 notice(s)")
    # Warnings only: exit 0; --strict: exit 78.
    env_file = write_env(tmp_path, dict(BASE, PYTHONPATH="/x.json"))
    assert launch("check", "--no-dotenv", "--env-file", env_file).code == 0
    assert launch("check", "--no-dotenv", "--env-file", env_file, "--strict").code == 78


def test_run_refuses_on_check_errors_unless_no_check(launch, tmp_path):
    env_file = write_env(tmp_path, dict(BASE, RUNNING_LOCALLY="on"))
    r = launch("--no-dotenv", "--env-file", env_file, "--", "/bin/sh", "-c", "echo started")
    assert r.code == 78 and "started" not in r.out
    assert "DGL201" in r.err
    r = launch("--no-check", "--no-dotenv", "--env-file", env_file, "--", "/bin/sh", "-c", "echo started")
    assert r.code == 0 and r.out == "started\n"


def test_bundled_example_passes(launch):
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    example = os.path.join(root, "examples", "diffgram.env")
    r = launch("check", "--no-dotenv", "--env-file", example, "--format", "json", "--service", "walrus")
    assert r.code == 0, r
    assert r.json()["errors"] == 0 and r.json()["warnings"] == 0
    r = launch("--no-dotenv", "--env-file", example, "--", "/bin/true")
    assert r.code == 0, r


def test_schema_adds_and_overrides_entries(launch, tmp_path):
    schema = tmp_path / "site.tsv"
    schema.write_text("SITE_WORKERS\tint\t4\tpublic\tdefault\t-\n"
                      "SITE_API_PASSPHRASE_VALUE\tstring\t-\tsecret\tdefault\t-\n"
                      "RUNNING_LOCALLY\tstring\t-\tpublic\t-\t-\n")
    kv = dict(BASE, SITE_WORKERS="many", RUNNING_LOCALLY="on")
    plain = check_json(launch, tmp_path, kv)
    assert "DGL201" in codes(plain, "RUNNING_LOCALLY") and "DGL202" not in codes(plain)
    doc = check_json(launch, tmp_path, kv, "--schema", str(schema))
    assert "DGL202" in codes(doc, "SITE_WORKERS")
    assert "DGL201" not in codes(doc)  # overridden: now a plain string
    # A site secret declared in the schema is redacted by print.
    env_file = write_env(tmp_path, dict(BASE, SITE_API_PASSPHRASE_VALUE="visible-unless-schema"))
    out = launch("print", "--no-dotenv", "--env-file", env_file, "--format", "json", "--schema", str(schema))
    assert out.code == 0, out
    assert out.json()["SITE_API_PASSPHRASE_VALUE"] == "<redacted>"


def test_malformed_schema_is_125_with_file_line(launch, tmp_path):
    schema = tmp_path / "bad.tsv"
    schema.write_text("# ok\nGOOD\tint\t1\tpublic\t-\t-\nBAD\tfloat\t1\tpublic\t-\t-\n")
    r = launch("check", "--no-dotenv", "--schema", str(schema))
    assert r.code == 125, r
    assert "%s:3" % schema in r.err
    r = launch("check", "--no-dotenv", "--schema", str(tmp_path / "missing.tsv"))
    assert r.code == 125, r


def test_dgl234_secret_file_readable_by_others_in_production(launch, tmp_path):
    secrets_dir = tmp_path / "secrets"
    secrets_dir.mkdir()
    kv = dict(PROD)
    secret = secrets_dir / "SECRET_KEY"
    secret.write_text(kv.pop("SECRET_KEY") + "\n")
    secret.chmod(0o644)
    doc = check_json(launch, tmp_path, kv, "--secrets-dir", str(secrets_dir))
    f = finding(doc, "DGL234", "SECRET_KEY")
    assert f["sources"] == [str(secret)]
    secret.chmod(0o400)
    assert "DGL234" not in codes(check_json(launch, tmp_path, kv, "--secrets-dir", str(secrets_dir)))
