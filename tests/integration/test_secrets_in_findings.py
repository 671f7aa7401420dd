"""No finding, log line or view ever contains a secret value: high-entropy secrets are fed into
every secret key and into inputs that trigger as many findings as possible; then every output
(check text and JSON, info text and JSON, run's log) is scanned for any 8-character piece of them."""
import os
import secrets

import pytest

from conftest import base_env

CATALOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "catalog.tsv")


def catalog_secret_keys():
    keys = []
    for line in open(CATALOG):
        cols = line.rstrip("\n").split("\t")
        if line.startswith("#") or len(cols) < 6:
            continue
        if cols[3] in ("secret", "credential_id"):
            keys.append(cols[0])
    return keys


class Secrets:
    """Hands out high-entropy values and remembers them all."""

    def __init__(self):
        self.values = []

    def new(self, n=24):
        v = secrets.token_urlsafe(n)
        self.values.append(v)
        return v

    def track(self, v):
        self.values.append(v)
        return v

    def assert_absent(self, text):
        for v in self.values:
            for i in range(len(v) - 7):
                piece = v[i:i + 8]
                assert piece not in text, "a piece of a secret leaked: %r" % piece


def dotenv(kv_lines):
    """KEY='value' lines python-dotenv reads back (\\ and \' escaped); a line without key is raw."""
    def quoted(v):
        return "'%s'" % v.replace("\\", "\\\\").replace("'", "\\'")
    return "".join("%s=%s\n" % (k, quoted(v)) if k else v + "\n" for k, v in kv_lines)


def outputs(launch, args, env):
    out = ""
    for sub, fmt in (("check", "text"), ("check", "json"), ("info", "text"), ("info", "json")):
        r = launch(sub, "--log-level", "debug", *args, "--format", fmt, env=env)
        assert r.code in (0, 78), r
        out += r.out + r.err
    r = launch("--log-level", "debug", *args, "--", "/bin/true", env=env)
    assert r.code in (0, 78), r
    return out + r.out + r.err


def test_sandbox_findings_never_show_secrets(launch, tmp_path):
    s = Secrets()
    lines = [(k, s.new()) for k in catalog_secret_keys()]
    fernet = s.track(secrets.token_urlsafe(32))  # 43 chars: a valid key body
    lines += [
        ("DIFFGRAM_STATIC_STORAGE_PROVIDER", "minio"),
        ("FERNET_KEY", "b'%s='" % fernet),                                    # DGL207
        ("DATABASE_URL", "postgresql+psycopg2://%s:%s@db/diffgram" % (s.new(), s.new())),  # DGL210
        ("DATABASE_HOST", "elsewhere"),
        ("SECRET_KEY", s.new()),                                               # DGL105: twice, different
        ("secret_key", s.new()), ("Fernet_Key", s.new()),                      # DGL240
        ("FERNETKEY", s.new()), ("INTER_SERVICE_SECRETS", s.new()),            # DGL242
        ("MY_API_TOKEN", s.new()), ("my_private_thing", s.new()),              # heuristically secret, DGL241
        ("URL_BASE", "ftp://user:%s@host/" % s.new()),                         # DGL204 on a URL with a password
        ("WALRUS_SERVICE_URL_BASE", "https://user:%s@walrus/" % s.new()),
        ("OAUTH2_PROVIDER_HOST", "admin:%s@auth.example.com" % s.new()),       # DGL204 without the scheme
        ("EVENTHUB_URL", " http://u:%s@h" % s.new()),                           # a leading blank
        ("WEBHOOKS_URL_BASE", "http:/u:%s@h" % s.new()),                         # a typo in the scheme
        ("", "BROKEN=\"%s" % s.new()),                                         # DGL001: an unterminated quote
    ]
    env_file = tmp_path / "app.env"
    env_file.write_text(dotenv(lines))
    env = base_env(RABBITMQ_DEFAULT_PASS=s.new(), SMTP_PASSWORD=s.new())    # DGL103: shadowing .env secrets
    text = outputs(launch, ["--no-dotenv", "--env-file", str(env_file), "--service", "walrus"], env)
    for code in ("DGL207", "DGL210", "DGL214", "DGL240", "DGL242", "DGL204", "DGL103", "DGL105"):
        assert code in text, code
    s.assert_absent(text)


def test_production_findings_never_show_secrets(launch, tmp_path):
    s = Secrets()
    schema = tmp_path / "site.tsv"
    schema.write_text("SITE_SECRET_FLAG\tbool\t-\tsecret\tdefault\t-\nSITE_SECRET_COUNT\tint\t-\tsecret\tdefault\t-\n")
    lines = [(k, s.new(6)) for k in catalog_secret_keys()]                    # 8 chars: DGL232
    lines += [
        ("DIFFGRAM_SYSTEM_MODE", "production"),
        ("DIFFGRAM_STATIC_STORAGE_PROVIDER", "aws"),
        ("FERNET_KEY", s.new(30) + "!"),                                       # DGL206
        ("DATABASE_URL", "postgresql://u:%s@h:notaport/db" % s.new()),         # DGL209
        ("DATABASE_PASS", s.new()),
        ("SITE_SECRET_FLAG", s.new()),                                         # DGL201 on a secret
        ("SITE_SECRET_COUNT", s.new()),                                        # DGL202 on a secret
        ("SANDBOX_BYPASS_LOGIN", "true"),
    ]
    env_file = tmp_path / "app.env"
    env_file.write_text(dotenv(lines))
    env_file.chmod(0o644)                                                      # DGL234
    text = outputs(launch, ["--no-dotenv", "--env-file", str(env_file), "--schema", str(schema)], base_env())
    for code in ("DGL206", "DGL209", "DGL201", "DGL202", "DGL231", "DGL232", "DGL234"):
        assert code in text, code
    s.assert_absent(text)


def test_gcp_files_pin_and_schema_errors_never_show_secrets(launch, tmp_path):
    s = Secrets()
    cred = tmp_path / "sa.json"
    cred.write_text("-----BEGIN PRIVATE KEY-----\n%s\n" % s.new(48))              # not JSON: DGL215
    key_a = s.track(secrets.token_urlsafe(32) + "=")
    key_b = s.track(secrets.token_urlsafe(32) + "=")
    base = [("DIFFGRAM_STATIC_STORAGE_PROVIDER", "gcp"), ("CLOUD_STORAGE_BUCKET", "b"), ("ML__CLOUD_STORAGE_BUCKET", "b"),
            ("SERVICE_ACCOUNT_FULL_PATH", str(cred)), ("GOOGLE_APPLICATION_CREDENTIALS", str(cred))]
    state = tmp_path / "state"
    first = tmp_path / "a.env"
    first.write_text(dotenv(base + [("FERNET_KEY", key_a)]))
    r = launch("--no-dotenv", "--env-file", str(first), "--no-check", "--state-dir", str(state), "--", "/bin/true")
    assert r.code == 0, r
    second = tmp_path / "b.env"
    second.write_text(dotenv(base + [("FERNET_KEY", key_b)]))
    text = outputs(launch, ["--no-dotenv", "--env-file", str(second), "--state-dir", str(state)], base_env())
    assert "DGL215" in text and "DGL250" in text
    text += (state / "fernet-key.pin").read_text()
    # A .env given to --schema by mistake: a usage error that names the place, not the line.
    r = launch("check", "--no-dotenv", "--schema", str(second))
    assert r.code == 125
    s.assert_absent(text + r.out + r.err)
