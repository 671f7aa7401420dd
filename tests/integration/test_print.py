"""`print` against the real readers: python-dotenv reads --format dotenv back to the same values."""
import json
import subprocess

from conftest import PYTHON, base_env

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
}


def test_json_is_sorted_and_redacted(launch):
    env = base_env(ZED="1", API_TOKEN="tok-123456789", DATABASE_URL="postgresql://u:pw-987654321@db/x",
                   ALPHA="2")
    r = launch("print", "--no-dotenv", "--format", "json", env=env)
    assert r.code == 0, r
    data = json.loads(r.out)
    assert list(data) == sorted(data)
    assert data["API_TOKEN"] == "<redacted>"
    assert data["DATABASE_URL"] == "postgresql://u:<redacted>@db/x"
    assert "tok-123456789" not in r.out + r.err and "pw-987654321" not in r.out + r.err
    r = launch("print", "--no-dotenv", "--format", "json", "--reveal", env=env)
    assert json.loads(r.out)["API_TOKEN"] == "tok-123456789"


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
