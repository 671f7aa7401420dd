"""`explain [KEY...]` (contract §7) against the built binary: the JSON shape, the text form, redaction,
shadowed sources with same_value, and "without KEY: every variable the child gets"."""
import json

from conftest import PYTHON, base_env

SECRET = "tok-5b2c9d1e0f"
PRINTENV = [PYTHON, "-c", "import json,os,sys; json.dump(dict(os.environ), sys.stdout)"]


def sources(tmp_path):
    a = tmp_path / "a.env"
    a.write_text(f"PLAIN=from-a\nAPI_TOKEN=dev-{SECRET}\nDATABASE_URL=postgresql://u:pw-{SECRET}@db/x\n")
    b = tmp_path / "b.env"
    b.write_text("PLAIN=from-b\n")
    d = tmp_path / "secrets"
    d.mkdir()
    (d / "API_TOKEN").write_text(SECRET + "\n")
    args = ["--env-file", str(a), "--env-file", str(b), "--secrets-dir", str(d)]
    return args, a, b, d


def test_json_shape_exactly_as_contract(launch, tmp_path):
    args, a, b, d = sources(tmp_path)
    r = launch("explain", "--format", "json", *args, "API_TOKEN", "PLAIN", "DATABASE_URL",
               env=base_env(PLAIN="from-env"))
    assert r.code == 0, r
    data = r.json()
    assert list(data) == ["API_TOKEN", "PLAIN", "DATABASE_URL"]  # the order asked for
    assert data["API_TOKEN"] == {
        "value": "<redacted>", "secret": True, "layer": 3, "source": f"secrets dir {d}",
        "shadowed": [{"source": f"{a}:2", "layer": 5, "same_value": False}],
    }
    assert data["PLAIN"] == {
        "value": "from-env", "secret": False, "layer": 2, "source": "process environment",
        "shadowed": [{"source": f"{b}:1", "layer": 5, "same_value": False},
                     {"source": f"{a}:1", "layer": 5, "same_value": False}],
    }
    assert data["DATABASE_URL"]["value"] == "postgresql://u:<redacted>@db/x"
    assert data["DATABASE_URL"]["secret"] is True
    assert SECRET not in r.out + r.err


def test_same_value_is_reported(launch, tmp_path):
    f = tmp_path / "a.env"
    f.write_text("K=v\n")
    data = launch("explain", "--format", "json", "--env-file", str(f), "K", env=base_env(K="v")).json()
    assert data["K"]["shadowed"] == [{"source": f"{f}:1", "layer": 5, "same_value": True}]


def test_reveal_and_production_refusal(launch, tmp_path):
    args, *_ = sources(tmp_path)
    data = launch("explain", "--format", "json", "--reveal", *args, "API_TOKEN").json()
    assert data["API_TOKEN"]["value"] == SECRET and data["API_TOKEN"]["secret"] is True
    r = launch("explain", "--reveal", *args, "API_TOKEN", env=base_env(DIFFGRAM_SYSTEM_MODE="production"))
    assert r.code == 125 and r.out == "" and SECRET not in r.err


def test_without_key_explains_exactly_what_the_child_gets(launch, tmp_path):
    args, *_ = sources(tmp_path)
    f = tmp_path / "ind"
    f.write_text("indirected\n")
    env = base_env(PLAIN="from-env", SESSION_SECRET_FILE=str(f))
    child = launch(*args, "--", *PRINTENV, env=env).json()
    data = launch("explain", "--format", "json", *args, env=env).json()
    assert sorted(data) == sorted(child)  # KEY_FILE consumed in both, nothing extra
    assert "SESSION_SECRET_FILE" not in data and data["SESSION_SECRET"]["source"] == f"file {f}"
    for key, info in data.items():
        if not info["secret"]:
            assert info["value"] == child[key]


def test_unknown_key_is_null(launch, tmp_path):
    r = launch("explain", "--no-dotenv", "--format", "json", "NOT_SET_ANYWHERE", "PATH")
    assert r.code == 0, r
    data = r.json()
    assert data["NOT_SET_ANYWHERE"] is None and data["PATH"]["layer"] == 2
    r = launch("explain", "--no-dotenv", "NOT_SET_ANYWHERE")
    assert r.code == 0 and "not set" in r.out


def test_text_form(launch, tmp_path):
    args, a, b, d = sources(tmp_path)
    r = launch("explain", *args, "API_TOKEN", "PLAIN", env=base_env(PLAIN="two\nlines"))
    assert r.code == 0, r
    assert SECRET not in r.out + r.err
    blocks = r.out.split("\n\n")
    assert blocks[0].splitlines() == [
        "API_TOKEN",
        '  value     "<redacted>"',
        "  secret    yes",
        f"  source    secrets dir {d} (layer 3)",
        f"  shadowed  {a}:2 (layer 5, different value)",
        f"  finding   warning: API_TOKEN: a different value from a .env file is shadowed by secrets dir {d} "
        f"(secrets dir {d}, {a}:2) [DGL103]",
    ]
    assert blocks[1].splitlines()[:4] == [
        "PLAIN",
        '  value     "two\\nlines"',  # JSON-quoted: one line per field
        "  secret    no",
        "  source    process environment (layer 2)",
    ]


def test_explain_still_answers_when_the_configuration_has_errors(launch, tmp_path):
    """A conflict stops `run` and `check` (78); explain is how one finds out why, so it answers."""
    d = tmp_path / "secrets"
    d.mkdir()
    (d / "K").write_text("dir")
    r = launch("explain", "--no-dotenv", "--secrets-dir", str(d), "--format", "json", "K", env=base_env(K="env"))
    assert r.code == 0, r
    assert r.json()["K"]["shadowed"] == [{"source": f"secrets dir {d}", "layer": 3, "same_value": False}]
    assert "DGL101" in r.err
    r = launch("explain", "--no-dotenv", "--secrets-dir", str(d), "K", env=base_env(K="env"))
    assert "DGL101" in r.out  # the text form names the finding under the key


def test_bad_format(launch):
    r = launch("explain", "--no-dotenv", "--format", "yaml")
    assert r.code == 125 and r.out == ""
