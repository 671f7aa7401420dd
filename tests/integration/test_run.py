"""Behaviour of `run` (exec mode) against the built binary: exec, precedence, discovery, exit codes."""
import json
import os
import stat
import subprocess

from conftest import BIN, PYTHON, base_env


def write(path, text, mode=0o600):
    path.write_text(text)
    path.chmod(mode)
    return str(path)


def test_exec_keeps_pid_and_argv(launch, tmp_path):
    """The child is the launcher's process (same PID) and gets its arguments byte for byte."""
    env_file = write(tmp_path / "a.env", "A=1\n")
    script = ("import json,os,sys; print(json.dumps({'pid': os.getpid(), 'ppid': os.getppid(), "
              "'argv': sys.argv[1:]}))")
    args = ["two words", "", "-x", "--", "$HOME", "ü\tß"]
    proc = subprocess.Popen([BIN, "--env-file", env_file, "--", PYTHON, "-c", script, *args],
                            env=base_env(), stdout=subprocess.PIPE, text=True)
    out, _ = proc.communicate(timeout=30)
    got = json.loads(out)
    assert proc.returncode == 0
    assert got["pid"] == proc.pid
    assert got["argv"] == args


def test_child_exit_code_passes_through(launch):
    assert launch("--no-dotenv", "--", "/bin/sh", "-c", "exit 42").code == 42


def test_dotenv_values_reach_child(launch, tmp_path, printenv_json):
    env_file = write(tmp_path / "a.env", 'export A="x y"\nB=\'lit ${A}\'\nC=${A:-d}/z\nBARE\nEMPTY=\n')
    r = launch("--env-file", env_file, "--", *printenv_json)
    assert r.code == 0, r
    child = r.json()
    assert child["A"] == "x y"
    assert child["B"] == "lit x y"  # python-dotenv interpolates inside single quotes (#422)
    assert child["C"] == "x y/z"
    assert "BARE" not in child
    assert child["EMPTY"] == ""


def test_process_env_wins_over_dotenv(launch, tmp_path, printenv_json):
    env_file = write(tmp_path / "a.env", "A=file\nB=file\nC=${A}\n")
    r = launch("--env-file", env_file, "--", *printenv_json, env=base_env(A="process"))
    child = r.json()
    assert (child["A"], child["B"], child["C"]) == ("process", "file", "process")


def test_override_makes_dotenv_win(launch, tmp_path, printenv_json):
    env_file = write(tmp_path / "a.env", "A=file\nC=${A}\n")
    child = launch("--override", "--env-file", env_file, "--", *printenv_json, env=base_env(A="process")).json()
    assert (child["A"], child["C"]) == ("file", "file")


def test_set_wins_over_everything(launch, tmp_path, printenv_json):
    env_file = write(tmp_path / "a.env", "A=file\n")
    for extra in ([], ["--override"]):
        child = launch(*extra, "--set", "A=cli", "--env-file", env_file, "--", *printenv_json,
                       env=base_env(A="process")).json()
        assert child["A"] == "cli"


def test_later_env_file_wins(launch, tmp_path, printenv_json):
    a = write(tmp_path / "a.env", "K=a\nONLY_A=1\n")
    b = write(tmp_path / "b.env", "K=b\n")
    child = launch("--env-file", a, "--env-file", b, "--", *printenv_json).json()
    assert (child["K"], child["ONLY_A"]) == ("b", "1")
    child = launch("--env-file", b, "--env-file", a, "--", *printenv_json).json()
    assert child["K"] == "a"


def test_last_line_wins_and_bare_key_unsets(launch, tmp_path, printenv_json):
    env_file = write(tmp_path / "a.env", "A=1\nB=1\nA=2\nB\nC=${A}\n")
    r = launch("--env-file", env_file, "--", *printenv_json)
    child = r.json()
    assert child["A"] == "2" and child["C"] == "2"
    assert "B" not in child  # python-dotenv: the last B is None, so load_dotenv sets nothing
    r = launch("check", "--env-file", env_file)
    assert "DGL105" in r.out and f"{env_file}:1" in r.out and f"{env_file}:3" in r.out


def test_optional_env_file(launch, tmp_path, printenv_json):
    r = launch("--env-file", "?" + str(tmp_path / "missing.env"), "--", *printenv_json)
    assert r.code == 0, r


def test_pristine_keeps_only_named(launch, printenv_json):
    child = launch("--no-dotenv", "--pristine", "--keep", "PATH", "--", *printenv_json,
                   env=base_env(SECRETISH="x")).json()
    assert set(child) == {"PATH"} or set(child) <= {"PATH", "LC_CTYPE"}


def test_launcher_variables_never_reach_child(launch, tmp_path, printenv_json):
    env_file = write(tmp_path / "a.env", "A=1\n")
    child = launch("--", *printenv_json, env=base_env(DIFFGRAM_LAUNCH_ENV_FILE=env_file)).json()
    assert child["A"] == "1"
    assert not [k for k in child if k.startswith("DIFFGRAM_LAUNCH_")]


def test_unknown_launcher_variable_is_usage_error(launch):
    r = launch("--", "/bin/true", env=base_env(DIFFGRAM_LAUNCH_ENV_FLIE="x"))
    assert r.code == 125 and "DIFFGRAM_LAUNCH_ENV_FLIE" in r.err


def test_autodiscovery_nearest_parent(launch, tmp_path, printenv_json):
    write(tmp_path / ".env", "FOUND=root\n")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    assert launch("--", *printenv_json, cwd=sub).json()["FOUND"] == "root"
    write(tmp_path / "a" / ".env", "FOUND=nearer\n")
    assert launch("--", *printenv_json, cwd=sub).json()["FOUND"] == "nearer"


def test_autodiscovery_off(launch, tmp_path, printenv_json):
    write(tmp_path / ".env", "FOUND=root\n")
    for dc in ("true", "True", "1", " yes "):
        assert "FOUND" not in launch("--", *printenv_json, env=base_env(DOCKER_CONTEXT=dc)).json()
    assert "FOUND" not in launch("--no-dotenv", "--", *printenv_json).json()
    # DOCKER_CONTEXT false, or set only inside the .env, does not stop discovery (as settings.py).
    assert launch("--", *printenv_json, env=base_env(DOCKER_CONTEXT="false")).json()["FOUND"] == "root"
    write(tmp_path / ".env", "DOCKER_CONTEXT=true\nFOUND=root\n")
    assert launch("--", *printenv_json).json()["FOUND"] == "root"


def test_parse_error_warns_with_position_not_text(launch, tmp_path, printenv_json):
    secret = "s3cr3t-Value-Never-Printed"
    env_file = write(tmp_path / "a.env", f'OK=1\nPASSWORD="{secret}" trailing\nAFTER=2\n')
    r = launch("--env-file", env_file, "--", *printenv_json)
    assert r.code == 0, r
    assert f"{env_file}:2:" in r.err and "DGL001" in r.err
    assert secret not in r.err and secret[:8] not in r.err
    child = r.json()
    assert child["AFTER"] == "2" and "PASSWORD" not in child


def test_a_quote_left_open_is_reported_where_the_statement_starts(launch, tmp_path, printenv_json):
    """A="... left open runs on to the next quote, two lines down, where the failure is found:
    python-dotenv drops lines 1-3 and says "statement starting at line 1"; so does the finding."""
    secret = "s3cr3t-Value-Never-Printed"
    env_file = write(tmp_path / "a.env", f'A="{secret}\nB=2\nC="c"\nD=d\n')
    r = launch("--env-file", env_file, "--", *printenv_json)
    assert r.code == 0, r
    assert f"lines 1-3 as one statement and drops all of them ({env_file}:1, {env_file}:3:4) [DGL001]" in r.err
    assert secret[:8] not in r.err
    child = r.json()
    assert child["D"] == "d" and not {"A", "B", "C"} & set(child)
    r = launch("check", "--no-check", "--env-file", env_file)
    assert "look for a quote left open at line 1" in r.out + r.err and secret[:8] not in r.out + r.err


def test_strict_turns_parse_error_into_78(launch, tmp_path):
    env_file = write(tmp_path / "a.env", 'A="unterminated\n')
    r = launch("--strict", "--env-file", env_file, "--", "/bin/echo", "ran")
    assert r.code == 78, r
    assert "ran" not in r.out


def test_crlf_and_bom(launch, tmp_path, printenv_json):
    (tmp_path / "a.env").write_bytes(b"\xef\xbb\xbfA=1\r\nB=\"x\r\ny\"\r\n")
    r = launch("--env-file", str(tmp_path / "a.env"), "--", *printenv_json)
    child = r.json()
    # Diffgram opens the file in text mode: Python's universal newlines turn CRLF into LF.
    assert child["A"] == "1" and child["B"] == "x\ny"
    assert "DGL002" in r.err


def test_missing_env_file_is_125_and_nothing_runs(launch, tmp_path):
    marker = tmp_path / "ran"
    for bad in (str(tmp_path / "missing.env"), str(tmp_path)):
        r = launch("--env-file", bad, "--", "/bin/touch", str(marker))
        assert r.code == 125, r
        assert bad in r.err
        assert not marker.exists()


def test_unreadable_env_file_is_125(launch, tmp_path):
    env_file = write(tmp_path / "a.env", "A=1\n", mode=0o600)
    os.chmod(tmp_path, 0o755)
    r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", BIN, "--env-file", env_file,
                        "--", "/bin/true"], env=base_env(), capture_output=True, text=True)
    assert r.returncode == 125, r.stderr
    assert "Permission denied" in r.stderr


def test_command_not_found_127_not_executable_126(launch, tmp_path):
    assert launch("--no-dotenv", "--", "no-such-command-dgl").code == 127
    assert launch("--no-dotenv", "--", str(tmp_path / "nope")).code == 127
    plain = write(tmp_path / "plain", "echo hi\n", mode=0o644)
    assert launch("--no-dotenv", "--", plain).code == 126
    assert launch("--no-dotenv", "--", str(tmp_path)).code == 126
    # An empty command name is not found, as env(1) says (127), in exec and supervise mode.
    for mode in ("--no-init", "--init"):
        r = launch("--no-dotenv", mode, "--", "")
        assert r.code == 127 and "an empty command name" in r.err, r
    # A subcommand after an option is taken for COMMAND: not found, with a hint.
    r = launch("--no-dotenv", "-q", "check")
    assert r.code == 127 and "a subcommand must be the first word: diffgram-launch check" in r.err, r


def test_path_lookup_uses_child_path(launch, tmp_path):
    bindir = tmp_path / "bin"
    bindir.mkdir()
    write(bindir / "hello-dgl", "#!/bin/sh\necho from-child-path\n", mode=0o755)
    r = launch("--no-dotenv", "--set", f"PATH={bindir}:/usr/bin:/bin", "--", "hello-dgl")
    assert r.code == 0 and r.out == "from-child-path\n", r


def test_usage_errors_are_125(launch):
    assert launch("--no-such-option").code == 125
    assert launch("--no-dotenv").code == 125  # no command
    assert launch("--dialect", "yaml", "--", "/bin/true").code == 125
    assert launch("--set", "NOEQUALS", "--", "/bin/true").code == 125


def test_options_are_read_as_boost_reads_them(launch, tmp_path, printenv_json):
    # A launch builds only the options its words can name (cli/options.cpp): Boost's guessing
    # of a unique prefix, its ambiguity error, sticky short options and the variables still hold.
    write(tmp_path / "a.env", "FROM_A=1\n")
    r = launch("--no-d", "--env=a.env", "--set", "X=2", "-q", "--", *printenv_json)
    assert r.code == 0, r
    assert r.json()["FROM_A"] == "1" and r.json()["X"] == "2"
    r = launch("--no", "--", "/bin/true")
    assert r.code == 125
    assert "'--no' is ambiguous and matches '--no-check', '--no-dotenv', and '--no-init'" in r.err
    r = launch("--from-cmd", "echo Y=3", "--no-dotenv", "--", *printenv_json)  # exact name beats longer ones
    assert r.code == 0 and r.json()["Y"] == "3", r
    assert launch("-qh").code == 0 and "Usage:" in launch("-hq").out
    r = launch("--env-file", "--strict", "--", "/bin/true")
    assert r.code == 125 and "cannot read .env file --strict" in r.err, r  # a value, as Boost reads it
    env = base_env(DIFFGRAM_LAUNCH_ENV_FILE=str(tmp_path / "a.env"), DIFFGRAM_LAUNCH_QUIET="yes")
    r = launch("--", *printenv_json, env=env)
    assert r.code == 0 and r.json()["FROM_A"] == "1" and r.err == "", r
    r = launch("--no-dotenv", "--", "/bin/true", env=base_env(DIFFGRAM_LAUNCH_ENV="x"))
    assert r.code == 125 and "unknown variable DIFFGRAM_LAUNCH_ENV" in r.err, r  # variables name options in full


def test_usage_error_shows_the_typed_option_as_typed(launch):
    # Boost substitutes "%name%" placeholders in its messages until none is left: an option
    # holding one looped forever (found by fuzz/fuzz_cli.cpp) or was shown mangled.
    for token in ("--%canonical_option%x", "--%value%", "--a%option%b", "-%"):
        r = launch("print", token, timeout=10)
        assert r.code == 125 and f"unrecognised option '{token}'" in r.err, r
    r = launch("print", "--a\x1b[31mb", timeout=10)
    assert r.code == 125 and "'--a?[31mb'" in r.err and "\x1b" not in r.err, r  # no terminal control


def test_options_after_command_belong_to_command(launch):
    r = launch("--no-dotenv", "/bin/echo", "--strict", "--set")
    assert r.code == 0 and r.out == "--strict --set\n"


def test_help_and_version(launch):
    assert launch("--help").code == 0
    r = launch("--version")
    assert r.code == 0 and r.out.startswith("diffgram-launch ")
