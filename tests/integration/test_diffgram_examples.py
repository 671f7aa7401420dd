"""`check` on Diffgram's real configuration files (tests/data/diffgram/): the public root .env
example, the installer's template, and the environment the Helm chart's values.yaml produces."""
import os
import re
import shutil

import pytest
import yaml

from conftest import base_env

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "diffgram")


def check(launch, *args, env=None):
    r = launch("check", "--no-dotenv", "--format", "json", *args, env=env)
    assert r.code in (0, 78), r
    return r.code, r.json()


def by_code(doc):
    out = {}
    for f in doc["findings"]:
        out.setdefault(f["code"], set()).add(f["key"])
    return out


def test_env_root_example_sandbox(launch):
    code, doc = check(launch, "--env-file", os.path.join(DATA, "env-root-example"), "--service", "walrus")
    assert code == 0, doc
    found = by_code(doc)
    # The installer's bogus PYTHONPATH, GOOGLE_APPLICATION_CREDENTIALS to a missing file under minio
    # (diffgram #122), no URL_BASE. Identity is complete, so walrus would start.
    assert found == {"DGL243": {"PYTHONPATH"}, "DGL216": {"GOOGLE_APPLICATION_CREDENTIALS"}, "DGL205": {"URL_BASE"}}


def test_env_root_example_in_production(launch, tmp_path):
    env_file = tmp_path / "env-root-example"
    shutil.copy(os.path.join(DATA, "env-root-example"), env_file)
    env_file.chmod(0o644)
    code, doc = check(launch, "--env-file", str(env_file), "--set", "DIFFGRAM_SYSTEM_MODE=production")
    assert code == 78
    found = by_code(doc)
    # Every secret of that file is public, as are the defaults it leaves in place.
    assert found["DGL230"] == {"FERNET_KEY", "SECRET_KEY", "USER_PASSWORDS_SECRET", "INTER_SERVICE_SECRET",
                               "DIFFGRAM_MINIO_ACCESS_KEY_SECRET", "RABBITMQ_DEFAULT_PASS", "DATABASE_PASS",
                               "DATABASE_URL"}
    assert found["DGL231"] == {"DIFFGRAM_ERROR_SEND_TRACES_IN_RESPONSE"}
    assert found["DGL234"] == {""}
    assert "DGL205" in found and "DGL243" in found
    errors = {f["code"] for f in doc["findings"] if f["severity"] == "error"}
    assert errors == {"DGL230", "DGL231"}


def installer_blocks():
    """The installer template's blocks: {name: text}."""
    text = open(os.path.join(DATA, "env-from-installer-template")).read()
    blocks = {}
    name = None
    for line in text.splitlines():
        m = re.match(r"# ---- (.*) ----", line)
        if m:
            name = m.group(1)
            blocks[name] = ""
        elif name:
            blocks[name] += line + "\n"
    return blocks


def test_installer_template_whole_file(launch):
    """The whole template parses as a .env: later blocks win, so azure storage and the remote DB."""
    code, doc = check(launch, "--env-file", os.path.join(DATA, "env-from-installer-template"))
    assert code == 78
    found = by_code(doc)
    assert "DIFFGRAM_STATIC_STORAGE_PROVIDER" in found["DGL105"]
    assert "DGL201" not in found  # the minio block's IS_DIFFGRAM_S3_V4_SIGNATURE=True wins over <True|False>
    assert found["DGL202"] == {"RABBITMQ_PORT"}               # <entered, default 5672> is no int
    assert found["DGL206"] == {"FERNET_KEY"}
    assert found["DGL217"] == {"DIFFGRAM_AZURE_CONNECTION_STRING"}
    assert found["DGL214"] == {"DIFFGRAM_AWS_ACCESS_KEY_SECRET", "DIFFGRAM_MINIO_ACCESS_KEY_SECRET"}
    assert found["DGL216"] == {"GOOGLE_APPLICATION_CREDENTIALS"}  # diffgram #122, exactly
    assert found["DGL243"] == {"PYTHONPATH"}
    assert found["DGL221"] == {"EMAIL_VALIDATION"}  # Mailgun configured, EMAIL_VALIDATION never written
    assert "DGL210" not in found  # DATABASE_URL and DATABASE_HOST/NAME/USER/PASS agree


@pytest.mark.parametrize("provider,expected", [
    ("minio", {"DGL204": {"DIFFGRAM_MINIO_ENDPOINT_URL"}, "DGL216": {"GOOGLE_APPLICATION_CREDENTIALS"}}),
    ("aws", {"DGL201": {"IS_DIFFGRAM_S3_V4_SIGNATURE"}, "DGL216": {"GOOGLE_APPLICATION_CREDENTIALS"}}),
    ("azure", {"DGL217": {"DIFFGRAM_AZURE_CONNECTION_STRING"}, "DGL216": {"GOOGLE_APPLICATION_CREDENTIALS"}}),
    ("gcp", {"DGL215": {"SERVICE_ACCOUNT_FULL_PATH", "GOOGLE_APPLICATION_CREDENTIALS"}}),
])
def test_installer_template_per_provider(launch, tmp_path, provider, expected):
    """One installer run: one provider block, the common block, the local DB block."""
    blocks = installer_blocks()
    env_file = tmp_path / (provider + ".env")
    env_file.write_text(blocks["provider block: " + provider] + blocks["common block (always written)"] +
                        blocks["database block: local (docker) DB"])
    code, doc = check(launch, "--env-file", str(env_file), "--service", "walrus")
    assert code == 78
    found = by_code(doc)
    for c, keys in expected.items():
        assert found.get(c) == keys, (c, doc)
    # Common to every installer .env: the placeholder Fernet key, the port placeholder, PYTHONPATH.
    assert found["DGL206"] == {"FERNET_KEY"} and found["DGL202"] == {"RABBITMQ_PORT"}
    assert found["DGL243"] == {"PYTHONPATH"}
    assert "DGL105" not in found  # DATABASE_NAME is written twice, but with the same value
    assert "DGL214" not in found and "DGL213" not in found


def helm_environment():
    """What a Helm install puts into a pod's environment (templates diffgram_settings.tpl and
    diffgrams_secrets.tpl, see helm-env-mapping.tsv): the values, rendered into YAML strings."""
    values = yaml.safe_load(open(os.path.join(DATA, "helm-values.yaml")))

    def rendered(v):
        # '"False"' and "'5672'" render as YAML strings in the ConfigMap: the env value is False / 5672.
        s = str(v)
        if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
            s = s[1:-1]
        return s

    mapping = {}
    for line in open(os.path.join(DATA, "helm-env-mapping.tsv")):
        cols = line.rstrip("\n").split("\t")
        if len(cols) == 3 and not line.startswith("#") and re.fullmatch(r"[A-Z_][A-Z0-9_]*", cols[0]):
            mapping[cols[0]] = cols[2]
    env = {}
    domain = values["diffgramDomain"]
    db = values["dbSettings"]
    for key, src in mapping.items():
        m = re.match(r"\.Values\.(diffgramSettings|diffgramSecrets)\.(\w+)", src)
        if m:
            env[key] = rendered(values[m.group(1)][m.group(2)])
    env.update({
        "RABBITMQ_DEFAULT_USER": values["rabbitmq"]["auth"]["username"],
        "RABBITMQ_DEFAULT_PASS": values["rabbitmq"]["auth"]["password"],
        "DIFFGRAM_VERSION_TAG": str(values["diffgramVersion"]),
        "GOOGLE_APPLICATION_CREDENTIALS": "/etc/gcp/sa_credentials.json",
        "PYTHONPATH": "/app:/app/shared:/",
        "URL_BASE": "https://" + domain,
        "WALRUS_SERVICE_URL_BASE": "https://" + domain,
        "DATABASE_URL": "postgresql+psycopg2://%s:%s@diffgram-postgres/%s" % (db["dbUser"], db["dbPassword"], db["dbName"]),
    })
    assert len(env) > 60
    return env


def test_helm_values_in_production(launch):
    env = base_env(**helm_environment())
    code, doc = check(launch, "--service", "default", env=env)
    assert code == 78
    found = by_code(doc)
    assert found["DGL230"] == {"FERNET_KEY", "SECRET_KEY", "USER_PASSWORDS_SECRET", "INTER_SERVICE_SECRET",
                               "_ANALYTICS_WRITE_KEY", "KEY_CLOAK_MASTER_PASSWORD", "KEY_CLOAK_DIFFGRAM_PASSWORD",
                               "RABBITMQ_DEFAULT_PASS", "DATABASE_URL"}
    # Provider aws, but the chart leaves the AWS credentials at the placeholder none.
    assert found["DGL212"] == {"DIFFGRAM_AWS_ACCESS_KEY_ID", "DIFFGRAM_AWS_ACCESS_KEY_SECRET"}
    assert found["DGL216"] == {"GOOGLE_APPLICATION_CREDENTIALS"}  # diffgram #122
    # Placeholders for the unused providers are not "real-looking"; the quoted bools and ints parse.
    for absent in ("DGL214", "DGL201", "DGL202", "DGL203", "DGL204", "DGL218", "DGL243"):
        assert absent not in found, (absent, found.get(absent))
