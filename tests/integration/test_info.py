"""Behaviour of `info`: the Super Admin Install Info view, secrets as set / not set."""
import os

from test_check import BASE, write_env

SECRET = "Info-Secret-q8Zr2Lw7Xv4Np1Kb6Hc9"


def test_info_json_view(launch, tmp_path):
    env_file = write_env(tmp_path, dict(BASE, MAILGUN_KEY=SECRET, EMAIL_DOMAIN_NAME="mg.example.org",
                                        EMAIL_VALIDATION="true", RABBITMQ_HOST="rabbit"))
    r = launch("info", "--no-dotenv", "--env-file", env_file, "--format", "json")
    assert r.code == 0, r
    doc = r.json()
    assert doc["mode"] == "sandbox"  # Diffgram's default
    assert doc["storage_provider"] == "minio"
    assert doc["mailer_active"] is True
    general = doc["groups"]["general"]
    assert general["URL_BASE"] == {"value": "https://diffgram.example.org/", "secret": False,
                                   "source": env_file + ":7"}
    assert general["DIFFGRAM_SYSTEM_MODE"]["source"] == "Diffgram default"
    # DATABASE_URL is unset: Diffgram's default URL applies, shown like the seed's bool(DATABASE_URL).
    assert general["DATABASE_URL"] == {"value": "set", "secret": True, "source": "Diffgram default"}
    assert doc["groups"]["email"]["MAILGUN_KEY"] == {"value": "set", "secret": True, "source": env_file + ":12"}
    assert doc["groups"]["oauth2"]["OAUTH2_PROVIDER_CLIENT_SECRET"] == {"value": "not set", "secret": True,
                                                                      "source": "not set"}
    assert doc["groups"]["rabbitmq"]["RABBITMQ_HOST"]["value"] == "rabbit"
    assert doc["groups"]["storage"]["DIFFGRAM_STATIC_STORAGE_PROVIDER"]["value"] == "minio"
    # Every setting that is set, each with its source; secrets never in clear.
    assert doc["settings"]["DIFFGRAM_MINIO_ACCESS_KEY_SECRET"]["value"] == "set"
    assert doc["settings"]["DIFFGRAM_MINIO_ACCESS_KEY_ID"]["value"] == "set"  # a credential identifier
    assert doc["settings"]["DIFFGRAM_S3_BUCKET_NAME"] == {"value": "bucket", "secret": False, "source": env_file + ":5"}
    assert "PATH" not in doc["settings"]
    assert SECRET not in r.out and BASE["DIFFGRAM_MINIO_ACCESS_KEY_SECRET"] not in r.out


def test_info_text_view(launch, tmp_path):
    env_file = write_env(tmp_path, dict(BASE, SMTP_PASSWORD=SECRET))
    r = launch("info", "--no-dotenv", "--env-file", env_file)
    assert r.code == 0, r
    assert r.out.startswith("mode: sandbox\nstorage provider: minio\nmailer active: no\n")
    assert "  URL_BASE = https://diffgram.example.org/    [%s:7]" % env_file in r.out
    assert "  MAILGUN_KEY = not set    [not set]" in r.out
    assert "  SMTP_PASSWORD = set    [%s:12]" % env_file in r.out
    for section in ("general:", "email:", "storage:", "oauth2:", "rabbitmq:", "all settings that are set:"):
        assert "\n" + section + "\n" in r.out
    assert SECRET not in r.out + r.err


def test_info_production_mode_and_bad_format(launch, tmp_path):
    env_file = write_env(tmp_path, dict(BASE, DIFFGRAM_SYSTEM_MODE="production"))
    r = launch("info", "--no-dotenv", "--env-file", env_file, "--format", "json")
    assert r.code == 0 and r.json()["mode"] == "production"
    assert launch("info", "--no-dotenv", "--format", "yaml").code == 125
