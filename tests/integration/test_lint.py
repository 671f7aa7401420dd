"""Behaviour of `lint` and `lint --fix` against the built binary.

Line by line, the differences of dotenv-dialects.md §C.3 (rows 1-25) are reported; `--fix` output
is re-read by the REAL python-dotenv (Debian's python3-dotenv 0.21.0 under /usr/bin/python3, whose parser
and interpolation tests/differential checks against our 1.0.0 model) and must give the
original values, and re-read by our compose dialect (through the launcher) must give the same.
"""
import json
import os
import stat
import subprocess

import pytest

from conftest import BIN, PYTHON, base_env

# The environment of §C.3: "HOME=/home/app, EMPTY=, X=1, B=from-env".
TABLE_ENV = {"HOME": "/home/app", "EMPTY": "", "X": "1", "B": "from-env"}
NO_B = {k: v for k, v in TABLE_ENV.items() if k != "B"}

# (row, file text, environment, expected (code, line) of every error/warning, words in a message,
#  --fix repairs it).
ROWS = [
    (1, "A=b\t#c\n", TABLE_ENV, {("DGL503", 1)}, "compose starts a comment only at a space followed by `#`", True),
    (2, "A='a\\\\b'\n", TABLE_ENV, {("DGL503", 1)}, "python-dotenv reads `\\\\` as one backslash; compose keeps both", True),
    (3, "A='$HOME ${HOME}'\n", TABLE_ENV, {("DGL503", 1)}, "python-dotenv expands `${…}` even inside single quotes", False),
    (4, "A=$HOME/x\n", TABLE_ENV, {("DGL503", 1)}, "compose expands `$HOME`; python-dotenv keeps it literally", True),
    (5, "A=${EMPTY:-dflt}\n", TABLE_ENV, {("DGL503", 1)}, "EMPTY is set but empty: compose uses the default", False),
    (6, "A=${NOPE-dflt}\n", TABLE_ENV, {("DGL503", 1)}, "python-dotenv looks up a variable named `NOPE-dflt`", True),
    (7, "A=${X:+alt}\n", TABLE_ENV, {("DGL503", 1)}, "compose substitutes the alternative value of `${X:+…}`", True),
    (8, "A=${NOPE:?must be set}\n", TABLE_ENV, {("DGL502", 1)}, "docker compose rejects the whole file: required variable", True),
    # Row 9 as the table states it assumes B unset: with B=from-env both readers give "from-env…".
    (9, "A=${B:-${C}}\n", dict(NO_B, C="c"), {("DGL503", 1)}, "compose expands the `$` inside the default", False),
    (10, "A=${B.C}\n", TABLE_ENV, {("DGL502", 1)}, "docker compose rejects the whole file: invalid template", True),
    (11, "A=pa$$word\n", TABLE_ENV, {("DGL503", 1)}, "compose reads `$$` as one `$`; python-dotenv keeps both", True),
    (12, 'A="cost \\$5"\n', TABLE_ENV, {("DGL503", 1)}, "compose reads `\\$` as `$`; python-dotenv keeps the backslash", True),
    (13, 'A="it\\\'s"\n', TABLE_ENV, {("DGL503", 1)}, "python-dotenv reads `\\'` as `'`; compose keeps the backslash", True),
    (14, 'A="\\0101"\n', TABLE_ENV, {("DGL503", 1)}, "compose decodes the octal escape", True),
    # Row 15 as the table states it has B=b (its compose column `\b`), not B=from-env.
    (15, "A=\\$B\n", dict(NO_B, B="b"), {("DGL503", 1)}, "compose expands `$B`; python-dotenv keeps it literally", True),
    (16, "A: 1\n", TABLE_ENV, {("DGL501", 1)}, "python-dotenv skips this statement (expected '=' after key); compose reads it and sets A", False),
    (17, "'A'=1\n", TABLE_ENV, {("DGL502", 1)}, "unexpected character in variable name", True),
    (18, ";A=1\n", TABLE_ENV, {("DGL502", 1)}, "unexpected character in variable name", False),
    (19, "A B=1\nB2=after\n", TABLE_ENV, {("DGL501", 1), ("DGL502", 1)}, "key cannot contain a space", False),
    (20, 'A="x" y\n', TABLE_ENV, {("DGL501", 1)}, "unexpected text after closing quote", False),
    (21, 'A="oops\nB2=after\nB3=more\n', TABLE_ENV, {("DGL501", 1), ("DGL502", 1)}, "unterminated", False),
    (22, "X\n", TABLE_ENV, {("DGL505", 1)}, "compose copies it from the environment", False),
    (23, "B=from-file\nA=${B}\n", TABLE_ENV, {("DGL508", 2)}, "`dotenv run`, `dotenv_values` and `--override` take the file's", False),
    (24, "\ufeffA=1\n", TABLE_ENV, {("DGL504", 1)}, "byte order mark", True),
    # Row 25: both readers keep the backticks (the difference in the table is motdotla/dotenv's).
    (25, "A=`tick`\n", TABLE_ENV, set(), "", True),
]


def write(path, text, mode=0o644):
    path.write_bytes(text.encode())
    path.chmod(mode)
    return str(path)


def lint(*args, env=None, cwd=None):
    proc = subprocess.run([BIN, "lint", *args], env=base_env(**(env or {})), capture_output=True, text=True,
                          cwd=cwd)
    return proc


def real_python_dotenv(path, env):
    """The real python-dotenv's readings: dotenv_values() and what load_dotenv() (Diffgram) sets."""
    code = ("import dotenv, json, os, sys\n"
            "v = dotenv.dotenv_values(sys.argv[1])\n"
            "dotenv.load_dotenv(sys.argv[1])\n"
            "print(json.dumps({'values': v, 'loaded': {k: os.environ.get(k) for k in v}}))\n")
    out = subprocess.run([PYTHON, "-c", code, path], env=base_env(**env), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def compose_reading(path, env, keys):
    """Our compose dialect, end to end: the child's environment with the file layer on top."""
    r = subprocess.run([BIN, "--dialect", "compose", "--override", "--env-file", path, "--", PYTHON, "-c",
                        "import json,os; print(json.dumps(dict(os.environ)))"],
                       env=base_env(**env), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    child = json.loads(r.stdout)
    return {k: child.get(k) for k in keys}


@pytest.mark.parametrize("row,text,env,expected,words,fixable", ROWS, ids=[f"row{r[0]}" for r in ROWS])
def test_lint_reports_each_table_row(tmp_path, row, text, env, expected, words, fixable):
    path = write(tmp_path / "row.env", text)
    r = lint("--format", "json", path, env=env)
    report = json.loads(r.stdout)
    findings = report["files"][0]["findings"]
    got = {(f["code"], f["line"]) for f in findings if f["severity"] != "notice"}
    assert got == expected, findings
    assert r.returncode == (1 if expected else 0)
    assert report["ok"] is (not expected)
    for f in findings:
        assert f["sources"][0].startswith(f"{path}:{f['line']}")
        assert f["hint"], f
    if words:
        assert any(words in f["message"] for f in findings), findings
    # The text form says the same, with file:line first.
    t = lint(path, env=env)
    assert t.returncode == r.returncode
    for code, line in expected:
        assert any(l.startswith(f"{path}:{line}") and f"[{code}]" in l for l in t.stdout.splitlines()), t.stdout


def test_readings_are_shown_for_plain_keys(tmp_path):
    path = write(tmp_path / "a.env", "A=$HOME/x\n")
    f = json.loads(lint("--format", "json", path, env=TABLE_ENV).stdout)["files"][0]["findings"][0]
    assert (f["python_dotenv"], f["compose"]) == ("$HOME/x", "/home/app/x")
    assert "python-dotenv reads \"$HOME/x\", compose reads \"/home/app/x\"" in f["message"]
    assert "write it as `A='$HOME/x'`" in f["hint"]


def test_bare_key_at_end_of_file_without_line_break(tmp_path):
    """Row 22's code quirk: compose reads a bare key on the last line, with no line break, as the
    value of an empty key ({"": "X"}). --fix adds the line break."""
    path = write(tmp_path / "a.env", "A=1\nX")
    r = lint("--format", "json", path, env=TABLE_ENV)
    codes = {(f["code"], f["line"]) for f in json.loads(r.stdout)["files"][0]["findings"]}
    assert ("DGL506", 2) in codes and r.returncode == 1
    out = str(tmp_path / "fixed.env")
    subprocess.run([BIN, "lint", "--fix", "--output", out, path], env=base_env(**TABLE_ENV), check=False)
    assert open(out).read() == "A=1\nX\n"


def test_digit_leading_key_is_a_notice(tmp_path):
    path = write(tmp_path / "a.env", "1A=x\n")
    r = lint("--format", "json", path)
    f = json.loads(r.stdout)["files"][0]["findings"]
    assert [x["code"] for x in f] == ["DGL507"] and f[0]["severity"] == "notice"
    assert r.returncode == 0


@pytest.mark.parametrize("row,text,env,expected,words,fixable", ROWS, ids=[f"row{r[0]}" for r in ROWS])
def test_fix_keeps_python_dotenv_values_and_compose_agrees(tmp_path, row, text, env, expected, words, fixable):
    path = write(tmp_path / "row.env", text)
    out = str(tmp_path / "fixed.env")
    r = subprocess.run([BIN, "lint", "--fix", "--format", "json", "--output", out, path], env=base_env(**env),
                       capture_output=True, text=True)
    report = json.loads(r.stdout)
    before = real_python_dotenv(path, env)
    after = real_python_dotenv(out, env)
    if row == 24:
        # The fix removes the BOM on purpose: python-dotenv <= 1.2.2 reads the first key as "\ufeffA".
        assert list(before["values"]) == ["\ufeffA"] and after["values"] == {"A": "1"}
    else:
        assert after == before
    if fixable:
        assert r.returncode == 0, r.stdout
        assert report["ok"] is True and report["files"][0]["findings"] == []
        plain = {k: v for k, v in after["values"].items() if v is not None}
        assert compose_reading(out, env, plain) == plain
    else:
        assert r.returncode == 1
        # Nothing that cannot be fixed is touched: the statement stays byte for byte.
        assert open(out, "rb").read() == open(path, "rb").read()
        left = {(f["code"], f["line"]) for f in report["files"][0]["findings"] if f["severity"] != "notice"}
        assert left == expected


def test_fix_many_lines_keeps_comments_and_untouched_lines(tmp_path):
    text = ("# Diffgram dev settings\n"
            "\n"
            "export DIFFGRAM_SYSTEM_MODE=sandbox   # stays as it is\n"
            "A=$HOME/x # where\n"
            "B=b\t#tab comment\n"
            "  # indented comment\n"
            "C=\"cost \\$5\"\n"
            "D='$HOME ${HOME}'\n"
            "E=${A}/y\n"
            "MULTI=\"l1\nl2\"\n")
    path = write(tmp_path / "a.env", text)
    out = str(tmp_path / "fixed.env")
    r = subprocess.run([BIN, "lint", "--fix", "--output", out, path], env=base_env(**TABLE_ENV),
                       capture_output=True, text=True)
    assert r.returncode == 1  # D cannot be fixed
    fixed = open(out).read().split("\n")
    for line in text.split("\n"):
        if line == "" or line.startswith(("#", "  #", "export", "D=", "E=", "MULTI", "l2")):
            assert line in fixed, line
    assert len(fixed) == len(text.split("\n"))
    assert "A='$HOME/x' # where" in fixed
    assert "B=b #tab comment" in fixed
    assert "C=cost \\$5" in fixed
    assert f"{path}:8: error: D:" in r.stdout.replace(out, path)
    assert real_python_dotenv(out, TABLE_ENV) == real_python_dotenv(path, TABLE_ENV)


def test_fix_in_place_keeps_backup_and_mode(tmp_path):
    text = "# comment\nA=$HOME/x\nB=pa$$word\n"
    path = write(tmp_path / "a.env", text, mode=0o600)
    before = real_python_dotenv(path, TABLE_ENV)
    r = subprocess.run([BIN, "lint", "--fix", "--in-place", path], env=base_env(**TABLE_ENV),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert open(path + ".bak").read() == text
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert open(path).read() == "# comment\nA='$HOME/x'\nB='pa$$word'\n"
    assert real_python_dotenv(path, TABLE_ENV) == before
    assert f"original kept as {path}.bak" in r.stdout
    assert not [p for p in os.listdir(tmp_path) if ".dgl-" in p]  # no temp file left behind


def test_fix_in_place_never_clobbers_a_backup(tmp_path):
    path = write(tmp_path / "a.env", "A=$HOME/x\n")
    write(tmp_path / "a.env.bak", "OLD BACKUP\n")
    r = subprocess.run([BIN, "lint", "--fix", "--in-place", path], env=base_env(**TABLE_ENV),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout
    assert open(path + ".bak").read() == "OLD BACKUP\n"
    assert open(path + ".bak.1").read() == "A=$HOME/x\n"


def test_fix_in_place_follows_symlink(tmp_path):
    real = write(tmp_path / "real.env", "A=$HOME/x\n")
    link = tmp_path / "link.env"
    link.symlink_to(real)
    r = subprocess.run([BIN, "lint", "--fix", "--in-place", str(link)], env=base_env(**TABLE_ENV),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert link.is_symlink() and open(real).read() == "A='$HOME/x'\n"
    assert open(real + ".bak").read() == "A=$HOME/x\n"


def test_fix_in_place_with_nothing_to_fix_writes_nothing(tmp_path):
    path = write(tmp_path / "a.env", "A=1\n")
    r = subprocess.run([BIN, "lint", "--fix", "--in-place", path], capture_output=True, text=True, env=base_env())
    assert r.returncode == 0 and "nothing to fix" in r.stdout
    assert sorted(os.listdir(tmp_path)) == ["a.env"]


def test_fix_output_refuses_existing_file(tmp_path):
    path = write(tmp_path / "a.env", "A=$HOME/x\n")
    existing = write(tmp_path / "out.env", "KEEP ME\n")
    r = subprocess.run([BIN, "lint", "--fix", "--output", existing, path], capture_output=True, text=True,
                       env=base_env())
    assert r.returncode == 125 and "refusing to overwrite" in r.stderr
    assert open(existing).read() == "KEEP ME\n"


def test_fix_output_gets_the_original_mode(tmp_path):
    path = write(tmp_path / "a.env", "A=$HOME/x\n", mode=0o640)
    out = tmp_path / "out.env"
    r = subprocess.run([BIN, "lint", "--fix", "--output", str(out), path], capture_output=True, text=True,
                       env=base_env(**TABLE_ENV))
    assert r.returncode == 0, r.stdout + r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


def test_secrets_never_printed(tmp_path):
    """Secret keys: no value and no fragment of one in any output, also not in the words that
    describe the difference (constructs are described, not quoted)."""
    text = ("DB_PASSWORD=Zq8Kx9$Wm3Lp\t#Rt7Yh\n"
            "API_TOKEN='Zq8Kx9\\\\Wm3Lp ${HOME}'\n"
            "SECRET_KEY=\"Zq8Kx9\\$Wm3Lp\"\n"
            "AUTH_CODE=${Zq8Kx9:+Wm3Lp}\n"
            "PRIVATE_THING=${Zq8Kx9-Wm3Lp}\n"
            "MY_PASS=${HOME:-${Zq8Kx9}}\n"
            "DSN_X=pa$$Zq8Kx9\n"
            "TOKEN2=\"Zq8Kx9\\'Wm3Lp\"\n"
            "DATABASE_URL=postgres://user:Zq8Kx9$Wm3Lp@db/x\n"
            "FERNET_KEY=${Zq8Kx9:?Wm3Lp}\n")
    path = write(tmp_path / "s.env", text)
    out = str(tmp_path / "fixed.env")
    runs = [lint(path, env=TABLE_ENV), lint("--format", "json", path, env=TABLE_ENV),
            subprocess.run([BIN, "lint", "--fix", "--format", "json", "--output", out, path],
                           env=base_env(**TABLE_ENV), capture_output=True, text=True)]
    for r in runs:
        assert r.returncode == 1
        for fragment in ("Zq8", "Kx9", "Wm3", "Lp", "Rt7", "Yh"):
            assert fragment not in r.stdout and fragment not in r.stderr, (fragment, r.stdout)
    report = json.loads(runs[1].stdout)
    keys = {f["key"] for f in report["files"][0]["findings"]}
    assert {"DB_PASSWORD", "API_TOKEN", "SECRET_KEY", "DSN_X", "TOKEN2"} <= keys
    assert "DATABASE_URL" in keys
    for f in report["files"][0]["findings"]:
        if f.get("python_dotenv") is not None and f["key"] != "DATABASE_URL":
            assert f["python_dotenv"] == "<redacted>"
    # The fix still rewrites what it can, in the file only.
    assert real_python_dotenv(out, TABLE_ENV) == real_python_dotenv(path, TABLE_ENV)


def test_json_shape(tmp_path):
    a = write(tmp_path / "a.env", "A=$HOME/x\nB: 1\n")
    b = write(tmp_path / "b.env", "C=1\n")
    r = lint("--format", "json", a, b, env=TABLE_ENV)
    report = json.loads(r.stdout)
    assert r.returncode == 1
    assert set(report) == {"ok", "errors", "warnings", "notices", "files"}
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 2, 0)
    fa, fb = report["files"]
    assert set(fa) == {"file", "ok", "errors", "warnings", "notices", "statements", "python_dotenv_skipped",
                       "compose_rejects_file", "findings"}
    assert (fa["file"], fa["ok"], fa["statements"], fa["python_dotenv_skipped"], fa["compose_rejects_file"]) == \
        (a, False, 1, 1, False)
    assert (fb["file"], fb["ok"], fb["findings"]) == (b, True, [])
    diff = fa["findings"][0]
    assert set(diff) == {"code", "severity", "key", "line", "sources", "message", "hint", "python_dotenv", "compose"}
    assert (diff["code"], diff["severity"], diff["key"], diff["line"], diff["sources"]) == \
        ("DGL503", "error", "A", 1, [f"{a}:1"])
    skipped = fa["findings"][1]
    assert (skipped["code"], skipped["line"], skipped["sources"]) == ("DGL501", 2, [f"{a}:2:4"])  # python-dotenv's key is `B:`
    assert "python_dotenv" not in skipped


def test_fix_json_shape(tmp_path):
    a = write(tmp_path / "a.env", "A=$HOME/x\nD='${HOME} $HOME'\n")
    out = str(tmp_path / "o.env")
    r = subprocess.run([BIN, "lint", "--fix", "--format", "json", "--output", out, a], env=base_env(**TABLE_ENV),
                       capture_output=True, text=True)
    report = json.loads(r.stdout)
    f = report["files"][0]
    assert (f["source"], f["file"], f["written"], f["backup"]) == (a, out, out, None)
    assert f["rewritten"] == [{"line": 1, "key": "A", "how": "single quotes", "resolved": False}]
    assert [x["code"] for x in f["findings"]] == ["DGL503"] and f["findings"][0]["key"] == "D"
    assert r.returncode == 1


def test_exit_codes(tmp_path):
    clean = write(tmp_path / "clean.env", "# fine\nA=1\nB='two words'\nC=\"x\\ny\"\nexport D=${A}\n")
    assert lint(clean).returncode == 0
    assert lint(clean, str(tmp_path / "missing.env")).returncode == 125
    assert lint(str(tmp_path)).returncode == 125
    assert lint().returncode == 125
    assert lint("--fix", clean).returncode == 125             # --fix needs --in-place or --output
    assert lint("--in-place", clean).returncode == 125        # --in-place needs --fix
    assert lint("--fix", "--output", "-", clean).returncode == 125  # never prints a file (secrets)
    assert not os.path.exists("-")
    assert lint("--format", "yaml", clean).returncode == 125


def test_same_lookup_environment_for_both(tmp_path):
    """Both readers look variables up in the process environment: a `${X}` that python-dotenv and
    compose resolve alike is not a difference, whatever X is."""
    path = write(tmp_path / "a.env", "A=${X}/y\nB=\"${X:-d}\"\n")
    assert lint(path, env={"X": "1"}).returncode == 0
    assert lint(path).returncode == 0
    # ...but an empty X makes `${X:-d}` differ (compose: default when empty).
    r = lint(path, env={"X": ""})
    assert r.returncode == 1 and f"{path}:2:" in r.stdout


def test_lone_cr_line_endings(tmp_path):
    """Old Mac line endings: python-dotenv (universal newlines) sees three lines, compose one."""
    path = tmp_path / "cr.env"
    path.write_bytes(b"SERVER=localhost\rDB=tests\r")
    r = lint("--format", "json", str(path))
    codes = [f["code"] for f in json.loads(r.stdout)["files"][0]["findings"]]
    assert "DGL509" in codes and r.returncode == 1
    out = str(tmp_path / "fixed.env")
    r = subprocess.run([BIN, "lint", "--fix", "--output", out, str(path)], env=base_env(), capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout
    assert open(out, "rb").read() == b"SERVER=localhost\nDB=tests\n"


def test_rewrites_that_interact_are_dropped(tmp_path):
    """Each rewrite is checked on its own line, then the whole file again: adding a quote on line 3
    would close the unterminated quote of line 1 for python-dotenv, so that rewrite is not made."""
    text = "'K0'='# c\n#\t#c\nK1 =${X:+y}=$$$\nK2=$HOME\n"
    path = write(tmp_path / "a.env", text)
    out = str(tmp_path / "fixed.env")
    r = subprocess.run([BIN, "lint", "--fix", "--output", out, path], env=base_env(**TABLE_ENV),
                       capture_output=True, text=True)
    assert r.returncode == 1, r.stdout + r.stderr
    assert real_python_dotenv(out, TABLE_ENV) == real_python_dotenv(path, TABLE_ENV)


def corpus_inputs():
    """Every .env input of the upstream corpora (tests/data/corpus), as text."""
    root = os.path.join(os.path.dirname(__file__), "..", "data", "corpus")
    texts = []
    for name in sorted(os.listdir(root)):
        if not name.endswith(".tsv"):
            continue
        header = None
        for line in open(os.path.join(root, name), encoding="utf-8"):
            if line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if header is None:
                header = cols
                continue
            for col, value in zip(header, cols):
                if col.startswith("input"):
                    try:
                        text = json.loads(value)
                    except ValueError:
                        continue
                    if isinstance(text, str) and not text.startswith("\ufeff"):
                        texts.append(text)
    return texts


def test_fix_keeps_python_dotenv_values_on_every_corpus_input(tmp_path):
    """Property over ~180 upstream test inputs: --fix never fails, the real python-dotenv reads the
    output as it reads the input, and when --fix reports success, lint finds nothing left."""
    texts = corpus_inputs()
    assert len(texts) > 150
    pairs, clean = [], []
    for i, text in enumerate(texts):
        src = tmp_path / f"in{i}.env"
        src.write_text(text, newline="")
        out = str(tmp_path / f"out{i}.env")
        r = subprocess.run([BIN, "lint", "--fix", "--output", out, str(src)], env=base_env(**TABLE_ENV),
                           capture_output=True, text=True)
        assert r.returncode in (0, 1), (text, r.stderr)
        pairs.append((str(src), out))
        if r.returncode == 0:
            clean.append(out)
    # One python-dotenv process reads them all (same environment for every file).
    code = ("import dotenv, json, sys\n"
            "print(json.dumps([[dotenv.dotenv_values(a), dotenv.dotenv_values(b)] for a, b in json.load(sys.stdin)]))\n")
    got = subprocess.run([PYTHON, "-c", code], input=json.dumps(pairs), env=base_env(**TABLE_ENV),
                         capture_output=True, text=True, check=True)
    for (src, _), (before, after) in zip(pairs, json.loads(got.stdout)):
        assert after == before, open(src).read()
    r = lint(*clean, env=TABLE_ENV)
    assert r.returncode == 0, r.stdout


def test_many_compose_rejections_are_capped_without_false_differences(tmp_path):
    """Each compose rejection costs one more reading of the file: after 50, lint stops comparing
    with compose (and says so) instead of reporting the keys after it as differences."""
    lines = [f"BAD KEY{i}=1" if i % 2 else f"K{i}=1" for i in range(240)]
    path = write(tmp_path / "a.env", "\n".join(lines) + "\n")
    r = lint("--format", "json", path)
    findings = json.loads(r.stdout)["files"][0]["findings"]
    codes = [f["code"] for f in findings]
    assert set(codes) == {"DGL501", "DGL502"} and codes.count("DGL502") == 50 and codes.count("DGL501") == 120
    assert "compares no further lines" in [f for f in findings if f["code"] == "DGL502"][-1]["message"]
