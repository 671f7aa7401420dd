"""Bash completion, run by real bash: the script registers itself for diffgram-launch, offers the
subcommands, the options of --help (no more, no fewer), the values of --service, --format,
--provider, --dialect and --log-level, files for --env-file and directories for --secrets-dir,
and treats everything after COMMAND as COMMAND's."""
import os
import re
import subprocess

import pytest

from conftest import BIN, base_env, help_options

SOURCE = os.environ.get("DGL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SCRIPT = os.path.join(SOURCE, "packaging", "completion", "diffgram-launch.bash")
SCRIPT_REL = "packaging/completion/diffgram-launch.bash"

DRIVER = r"""
source "$SCRIPT" || exit 90
COMP_WORDS=("$@")
COMP_CWORD=$(( $# - 1 ))
COMP_LINE="$*"
COMP_POINT=${#COMP_LINE}
_diffgram_launch diffgram-launch "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" || exit 91
printf '%s\n' "${COMPREPLY[@]}"
"""


def complete(*words, cwd=None):
    """COMPREPLY for the command line `words` (the last word is the one being completed)."""
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", DRIVER, "bash", "diffgram-launch", *words],
                       capture_output=True, text=True, cwd=cwd,
                       env=base_env(SCRIPT=SCRIPT, DIFFGRAM_TEST_VAR="1"))
    assert r.returncode == 0, r.stderr
    return [line for line in r.stdout.splitlines() if line]


def test_the_script_registers_the_function_in_bash():
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", 'source "$SCRIPT" && complete -p diffgram-launch'],
                       capture_output=True, text=True, env=base_env(SCRIPT=SCRIPT))
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert r.stdout.strip() == "complete -F _diffgram_launch diffgram-launch"


def test_subcommands():
    assert complete("") == ["run", "check", "explain", "print", "info", "lint", "init", "gen-fernet-key"]
    assert complete("ch")[0] == "check"
    assert complete("--no-dotenv", "pri")[0] == "print"


def test_options_are_those_of_help():
    offered = set(complete("-"))
    expected = help_options()
    problems = [f"option {o} is listed by `diffgram-launch --help` but {SCRIPT_REL} does not complete it "
                f"(add it to _diffgram_launch_options, and to _diffgram_launch_with_value if it takes a value)"
                for o in sorted(expected - offered)]
    problems += [f"{SCRIPT_REL} completes option {o}, which `diffgram-launch --help` does not list"
                 for o in sorted(offered - expected)]
    assert not problems, "\n".join(problems)


def test_options_with_values_are_known():
    """Every option --help shows with a VALUE is skipped with its value when looking for COMMAND."""
    out = subprocess.run([BIN, "--help"], capture_output=True, text=True, env=base_env(), check=True).stdout
    with_value = set(re.findall(r"^  (--[a-z][a-z0-9-]*) [A-Za-z|=]+", out, re.M))
    script = open(SCRIPT, encoding="utf-8").read()
    declared = set(re.search(r'_diffgram_launch_with_value="([^"]*)"', script).group(1).split())
    missing = sorted(with_value - declared)
    assert not missing, f"options taking a value missing from _diffgram_launch_with_value in {SCRIPT_REL}: {missing}"


def test_subcommand_specific_options():
    assert set(complete("init", "--")) == {"--provider", "--output", "--force", "--log-format", "--log-level",
                                           "--quiet", "--help"}
    assert complete("gen-fernet-key", "--") == ["--help"]
    assert "--fix" in complete("lint", "--f") and "--env-file" not in complete("lint", "--")


@pytest.mark.parametrize("words,expected", [
    (["--service", ""], ["default", "walrus", "eventhandlers", "dispatcher", "migrations", "frontend"]),
    (["--service", "w"], ["walrus"]),
    (["run", "--service", "e"], ["eventhandlers"]),
    (["print", "--format", ""], ["dotenv", "json", "shell", "systemd", "docker"]),
    (["check", "--format", ""], ["text", "json"]),
    (["info", "--format", "j"], ["json"]),
    (["init", "--provider", ""], ["minio", "aws", "gcp", "azure"]),
    (["init", "--provider", "a"], ["aws", "azure"]),
    (["--dialect", ""], ["python-dotenv", "compose"]),
    (["--log-level", "w"], ["warning"]),
    (["--log-format", ""], ["text", "json"]),
    (["--format", "=", "sh"], ["shell"]),
    (["print", "--format", "="], ["dotenv", "json", "shell", "systemd", "docker"]),
])
def test_option_values(words, expected):
    assert complete(*words) == expected


def test_files_and_directories(tmp_path):
    (tmp_path / "app.env").write_text("A=1\n")
    (tmp_path / "apple.txt").write_text("")
    (tmp_path / "appdir").mkdir()
    assert sorted(complete("--env-file", "app", cwd=tmp_path)) == ["app.env", "appdir", "apple.txt"]
    assert sorted(complete("check", "--env-file", "app.", cwd=tmp_path)) == ["app.env"]
    assert complete("--secrets-dir", "app", cwd=tmp_path) == ["appdir"]
    assert sorted(complete("lint", "app", cwd=tmp_path)) == ["app.env", "appdir", "apple.txt"]
    assert complete("init", "--output", "apple", cwd=tmp_path) == ["apple.txt"]


def test_environment_names_for_keep_and_set():
    assert complete("--pristine", "--keep", "DIFFGRAM_TEST_") == ["DIFFGRAM_TEST_VAR"]
    assert complete("--set", "DIFFGRAM_TEST_") == ["DIFFGRAM_TEST_VAR="]


def test_after_command_the_words_are_the_commands():
    # A command in COMMAND position, never our options after it.
    assert "bash" in complete("--no-dotenv", "--", "bas")
    assert "bash" in complete("--env-file", "x.env", "bas")
    assert "bash" in complete("run", "--service", "default", "bas")
    # The command's own options are not ours: nothing of diffgram-launch is offered.
    assert "--env-file" not in complete("--", "python3", "--")
    assert "--env-file" not in complete("python3", "-")
