"""Fernet key pinning: the first run pins a keyed fingerprint, a changed key is refused (78)."""
import os
import stat

from test_check import BASE, write_env
from conftest import base_env

KEY_A = "Q2hhbmdlZC1rZXktZm9yLXRlc3RzLTAxMjM0NTY3ODk="
KEY_B = "U2Vjb25kLWtleS1mb3ItdGhlLXBpbi10ZXN0LTAxMjM="


def run_with(launch, tmp_path, key, *extra, env=None):
    env_file = write_env(tmp_path, dict(BASE, FERNET_KEY=key))
    return launch("--no-dotenv", "--env-file", env_file, *extra, "--", "/bin/sh", "-c", "echo started", env=env)


def codes(r):
    return {f["code"]: f for f in r.json()["findings"]}


def test_first_run_pins_then_a_changed_key_is_refused(launch, tmp_path):
    state = tmp_path / "state"
    r = run_with(launch, tmp_path, KEY_A, "--state-dir", str(state))
    assert r.code == 0 and r.out == "started\n", r
    pin = state / "fernet-key.pin"
    assert stat.S_IMODE(pin.stat().st_mode) == 0o600
    assert sorted(os.listdir(state)) == ["fernet-key.pin"]
    text = pin.read_text()
    assert all(KEY_A[i:i + 8] not in text for i in range(len(KEY_A) - 7))

    # Same key: runs. Different key: refused before the command starts, with the reason.
    assert run_with(launch, tmp_path, KEY_A, "--state-dir", str(state)).code == 0
    r = run_with(launch, tmp_path, KEY_B, "--state-dir", str(state))
    assert r.code == 78 and "started" not in r.out, r
    assert "DGL250" in r.err and "decrypt" in r.err and "#928" in r.err
    assert KEY_B not in r.err and KEY_A not in r.err
    assert pin.read_text() == text  # a refused run never rewrites the pin

    # --no-check does not bypass the pin: it guards stored data.
    assert run_with(launch, tmp_path, KEY_B, "--state-dir", str(state), "--no-check").code == 78

    # Accepting the change pins the new key; the old one is then refused.
    r = run_with(launch, tmp_path, KEY_B, "--state-dir", str(state), "--accept-fernet-key-change")
    assert r.code == 0 and r.out == "started\n", r
    assert pin.read_text() != text
    assert run_with(launch, tmp_path, KEY_B, "--state-dir", str(state)).code == 0
    assert run_with(launch, tmp_path, KEY_A, "--state-dir", str(state)).code == 78


def test_state_dir_from_environment_and_check_reports_without_writing(launch, tmp_path):
    state = tmp_path / "st"
    env_file = write_env(tmp_path, dict(BASE, FERNET_KEY=KEY_A))
    env = base_env(DIFFGRAM_LAUNCH_STATE_DIR=str(state))
    r = launch("check", "--no-dotenv", "--env-file", env_file, "--format", "json", env=env)
    assert r.code == 0 and codes(r)["DGL251"]["severity"] == "notice"
    assert not state.exists()  # check never writes
    assert run_with(launch, tmp_path, KEY_A, env=env).code == 0
    assert (state / "fernet-key.pin").exists()
    r = launch("check", "--no-dotenv", "--env-file", env_file, "--format", "json", env=env)
    assert r.code == 0 and "DGL250" not in codes(r) and "DGL251" not in codes(r)
    env_file = write_env(tmp_path, dict(BASE, FERNET_KEY=KEY_B))
    r = launch("check", "--no-dotenv", "--env-file", env_file, "--format", "json", env=env)
    assert r.code == 78
    f = codes(r)["DGL250"]
    assert f["severity"] == "error" and f["sources"] == [env_file + ":11", str(state / "fernet-key.pin")]
    r = launch("check", "--no-dotenv", "--env-file", env_file, "--format", "json", "--accept-fernet-key-change", env=env)
    assert r.code == 0 and "DGL252" in codes(r)


def test_pin_never_replaces_something_else(launch, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("keep me\n")
    os.symlink(victim, state / "fernet-key.pin")
    r = run_with(launch, tmp_path, KEY_A, "--state-dir", str(state))
    assert r.code == 125, r
    assert victim.read_text() == "keep me\n"
