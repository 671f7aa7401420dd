"""Fixtures for the behaviour tests: they run the real built binary (DGL_BIN) as users would."""
import json
import os
import re
import subprocess
import sys

import pytest

BIN = os.path.abspath(os.environ.get("DGL_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "build", "src", "diffgram-launch")))
PYTHON = "/usr/bin/python3"  # Debian's python, which has python3-dotenv (the oracle)
HERE = os.path.dirname(os.path.abspath(__file__))
HELPERS = os.path.join(HERE, "helpers")


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


def base_env(**extra):
    """A small, known process environment: no stray variables from the test runner."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    # Under scripts/sanitize.sh: where the sanitized launcher writes its reports.
    env.update({k: v for k, v in os.environ.items() if k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")})
    env.update(extra)
    return env


OPTION_RE = r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])"


def help_text():
    r = subprocess.run([BIN, "--help"], capture_output=True, text=True, env=base_env())
    assert r.returncode == 0, r.stderr
    return r.stdout


def help_options():
    """Options of --help: Boost prints each entry at two spaces ('  --name VALUE', '  -q [ --quiet ]');
    wrapped descriptions are indented further and are not entries."""
    found = set()
    for line in help_text().splitlines():
        m = re.match(r"^  (-\S.*?)(?:\s{2,}|$)", line)
        if m:
            found |= set(re.findall(OPTION_RE, m.group(1)))
    return found


@pytest.fixture
def launch(tmp_path):
    """launch(*args, env=None, cwd=tmp_path, input=None) runs diffgram-launch and returns Result."""

    def run(*args, env=None, cwd=None, input=None, timeout=30):
        proc = subprocess.run([BIN, *args], env=base_env() if env is None else env,
                              cwd=str(cwd or tmp_path), input=input, capture_output=True, text=True,
                              timeout=timeout)
        return Result(proc)

    return run


@pytest.fixture
def printenv_json():
    """A child command that prints its whole environment as JSON."""
    return [PYTHON, "-c", "import json,os,sys; json.dump(dict(os.environ), sys.stdout)"]


# Lines a test wants shown after the run (the leak test's list of what it exercised).
SUMMARY = []


def pytest_terminal_summary(terminalreporter):
    for line in SUMMARY:
        terminalreporter.write_line(line)
