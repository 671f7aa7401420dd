"""Behaviour of `--dialect compose` against the built binary: each rule family of compose-go's
grammar and interpolation (dotenv-dialects.md §C.2), its fatal errors and its lookup order.

Where dotenv-dialects.md is unsure, the rule was looked up in compose-go's source and tests; the
finding is in the test's docstring. The values a real `docker compose` gives are pinned by the unit
tests (tests/unit/test_dotenv_compose.cpp, 179 rows of compose-go's own test data); here we check
that the launcher applies them end to end: file -> child's environment, exit codes, messages.
"""
import pytest

from conftest import base_env


def write(path, text):
    path.write_text(text)
    return str(path)


def child_env(launch, tmp_path, printenv_json, text, *extra, env=None):
    env_file = write(tmp_path / "c.env", text)
    r = launch("--dialect", "compose", *extra, "--env-file", env_file, "--", *printenv_json,
               env=base_env(**(env or {})))
    assert r.code == 0, r
    return r.json()


# --- interpolation forms (template.go) ---------------------------------------------------------

def test_unbraced_and_braced_references(launch, tmp_path, printenv_json):
    c = child_env(launch, tmp_path, printenv_json, "A=$HOME/x\nB=${HOME}/y\nC=$NOPE.z\n", env={"HOME": "/home/app"})
    assert (c["A"], c["B"], c["C"]) == ("/home/app/x", "/home/app/y", ".z")


@pytest.mark.parametrize("line,env,want", [
    ("A=${V:-d}", {}, "d"),             # unset -> default
    ("A=${V:-d}", {"V": ""}, "d"),      # `:-` also when empty (python-dotenv: only when unset)
    ("A=${V:-d}", {"V": "v"}, "v"),
    ("A=${V-d}", {}, "d"),              # `-`: only when unset
    ("A=${V-d}", {"V": ""}, ""),
    ("A=${V:+alt}", {"V": "v"}, "alt"),  # `:+`: when set and non-empty
    ("A=${V:+alt}", {"V": ""}, ""),
    ("A=${V+alt}", {"V": ""}, "alt"),   # `+`: when set, even empty
    ("A=${V+alt}", {}, ""),
    ("A=${V:?must be set}", {"V": "v"}, "v"),
    ("A=${V?must be set}", {"V": ""}, ""),  # `?` accepts an empty value, `:?` does not
    ("A=${V:-${W:-deep}}", {}, "deep"),      # nested defaults
    ("A=${V:-$W}", {"W": "w"}, "w"),         # a default may hold $VAR
])
def test_interpolation_forms(launch, tmp_path, printenv_json, line, env, want):
    assert child_env(launch, tmp_path, printenv_json, line + "\n", env=env)["A"] == want


def test_dollar_escapes(launch, tmp_path, printenv_json):
    """`$$` is one `$` anywhere but single quotes; `\\$` is a literal `$` in double quotes only
    (parser.go expandEscapes turns it into `$$` before the template runs); a lone `$` stays."""
    text = ('A=pa$$word\nB="cost \\$5 and \\$HOME"\nC=\'$HOME $$ ${HOME}\'\nD=a$\nE=$ 5\nF=\\$HOME\n')
    c = child_env(launch, tmp_path, printenv_json, text, env={"HOME": "/h"})
    assert c["A"] == "pa$word"
    assert c["B"] == "cost $5 and $HOME"
    assert c["C"] == "$HOME $$ ${HOME}"  # single quotes: no interpolation at all
    assert c["D"] == "a$" and c["E"] == "$ 5"
    assert c["F"] == "\\/h"  # unquoted: no backslash processing, then $HOME expands


@pytest.mark.parametrize("text", ["A=${V:?must be set}\nB=1\n", "B=1\nA=${V?needed}\n"])
def test_required_variable_rejects_whole_file_78(launch, tmp_path, text):
    """`${V:?msg}` on an unset V: compose fails the whole file ("required variable V is missing a
    value: msg"). The launcher says where (file:line:col) and the kind, never the message text,
    which may be built from secrets, and starts nothing."""
    env_file = write(tmp_path / "c.env", text)
    marker = tmp_path / "ran"
    r = launch("--dialect", "compose", "--env-file", env_file, "--", "/bin/touch", str(marker))
    assert r.code == 78, r
    line = 1 if text.startswith("A=") else 2
    assert f"{env_file}:{line}:" in r.err and "DGL003" in r.err
    assert "required variable" in r.err
    assert "must be set" not in r.err and "needed" not in r.err
    assert not marker.exists()


def test_required_variable_check_rejects_before_nothing_else_is_read(launch, tmp_path, printenv_json):
    """Whole file means whole file: even the keys before the failing line are not loaded
    (`check` shows it without running anything)."""
    env_file = write(tmp_path / "c.env", "EARLY=1\nA=${V:?x}\n")
    r = launch("check", "--dialect", "compose", "--env-file", env_file)
    assert r.code == 78 and "DGL003" in r.out


# --- quoting and escapes (parser.go) ---------------------------------------------------------

def test_single_quotes_literal(launch, tmp_path, printenv_json):
    """Single quotes: only `\\'` is unescaped; `\\\\` stays two backslashes (python-dotenv: one)."""
    c = child_env(launch, tmp_path, printenv_json, "A='a\\\\b'\nB='it\\'s'\nC='x\\ny'\n")
    assert (c["A"], c["B"], c["C"]) == ("a\\\\b", "it's", "x\\ny")


def test_double_quote_escapes(launch, tmp_path, printenv_json):
    """Double quotes: `\\n \\t \\\\ \\"` and `\\0NNN` octal decoded; unknown escapes (`\\'`, `\\x41`) kept."""
    c = child_env(launch, tmp_path, printenv_json, 'A="l1\\nl2\\tq\\"\\\\"\nB="\\0101"\nC="it\\\'s \\x41"\n')
    assert c["A"] == 'l1\nl2\tq"\\'
    assert c["B"] == "A"
    assert c["C"] == "it\\'s \\x41"


def test_multiline_quoted_values(launch, tmp_path, printenv_json):
    c = child_env(launch, tmp_path, printenv_json, "A=\"one\ntwo\"\nB='three\nfour'\nC=after\n")
    assert (c["A"], c["B"], c["C"]) == ("one\ntwo", "three\nfour", "after")


# --- inline comments -------------------------------------------------------------------------

def test_inline_comment_rules(launch, tmp_path, printenv_json):
    """Only space + `#` starts a comment in an unquoted value; a tab before `#` does not
    (python-dotenv: any whitespace); `#` without a blank is part of the value."""
    text = "A=b #c\nB=b\t#c\nC=b#c\nD=\"q\" # after quotes\nE='q'#c\n# full line\n   # indented comment\n"
    c = child_env(launch, tmp_path, printenv_json, text)
    assert (c["A"], c["B"], c["C"], c["D"], c["E"]) == ("b", "b\t#c", "b#c", "q", "q")


# --- keys --------------------------------------------------------------------------------------

def test_yaml_style_and_export(launch, tmp_path, printenv_json):
    c = child_env(launch, tmp_path, printenv_json, "A: 1\nexport B=2\nexportC=3\nD.E-F=4\n")
    assert (c["A"], c["B"], c["exportC"], c["D.E-F"]) == ("1", "2", "3", "4")


def test_text_after_closing_quote_is_a_new_statement(launch, tmp_path, printenv_json):
    """`A="x" y`: compose reads A=x, then `y` as a bare key (parser.go: the rest of the line is a new
    statement). y is inherited when the lookup environment has it."""
    c = child_env(launch, tmp_path, printenv_json, 'A="x" y\n', env={"y": "from-env"})
    assert c["A"] == "x" and c["y"] == "from-env"


def test_bare_keys_inherit_or_vanish(launch, tmp_path, printenv_json):
    """A bare `KEY` line copies KEY from the lookup environment, and is omitted when unset: it never
    unsets an earlier line (python-dotenv's None does). godotenv_test.go TestInheritedEnvVariable*."""
    c = child_env(launch, tmp_path, printenv_json, "KEPT=a\nKEPT\nGONE\nINHERITED\n", env={"INHERITED": "env"})
    assert c["KEPT"] == "a"
    assert "GONE" not in c
    assert c["INHERITED"] == "env"
    # The same file in the python-dotenv dialect: the bare KEPT unsets the earlier line.
    env_file = str(tmp_path / "c.env")
    assert "KEPT" not in launch("--env-file", env_file, "--", *printenv_json).json()


# --- fatal errors: whole file, file:line, never text -----------------------------------------

@pytest.mark.parametrize("text,line,kind", [
    ("OK=1\nSECRET_KEY=hunter2-top secret\nBAD KEY=hunter2\n", 3, "key cannot contain a space"),
    ("OK=1\n'QUOTED'=hunter2\n", 2, "unexpected character in variable name"),
    ("OK=1\n;A=hunter2\n", 2, "unexpected character in variable name"),
    ("OK=1\nPASSWORD=\"hunter2\nMORE=1\n", 2, "unterminated quoted value"),
    ("OK=1\nA=${B.C}hunter2\n", 2, "invalid template"),
])
def test_fatal_errors_name_place_and_kind_only(launch, tmp_path, text, line, kind):
    env_file = write(tmp_path / "c.env", text)
    r = launch("--dialect", "compose", "--env-file", env_file, "--", "/bin/echo", "ran")
    assert r.code == 78, r
    assert "ran" not in r.out
    assert f"{env_file}:{line}:" in r.err and kind in r.err and "DGL003" in r.err
    assert "hunter2" not in r.err and "hunter2" not in r.out


def test_same_lines_only_skipped_by_python_dotenv(launch, tmp_path, printenv_json):
    """The contrast: python-dotenv skips such a line with a warning and loads the rest."""
    env_file = write(tmp_path / "c.env", "OK=1\nBAD KEY=hunter2\n")
    r = launch("--env-file", env_file, "--", *printenv_json)
    assert r.code == 0 and r.json()["OK"] == "1" and "DGL001" in r.err


# --- lookup order ------------------------------------------------------------------------------

def test_lookup_process_environment_first(launch, tmp_path, printenv_json):
    """compose looks `${A}` up in the environment first, then in earlier keys of the file, and the
    environment does not replace the file's own assignment in the file (TestSubstitutionsWithEnvFilePrecedence).
    The launcher's layers still decide who wins in the child: without --override the process env."""
    text = "A=file\nB=${A}\nC=$A\n"
    c = child_env(launch, tmp_path, printenv_json, text, env={"A": "env"})
    assert (c["A"], c["B"], c["C"]) == ("env", "env", "env")
    # With --override the file layer wins for A itself, but compose still resolved ${A} from the
    # environment first: this is compose's order, unlike python-dotenv's override=True.
    c = child_env(launch, tmp_path, printenv_json, text, "--override", env={"A": "env"})
    assert (c["A"], c["B"], c["C"]) == ("file", "env", "env")
    env_file = str(tmp_path / "c.env")
    py = launch("--override", "--env-file", env_file, "--", *printenv_json, env=base_env(A="env")).json()
    assert (py["A"], py["B"], py["C"]) == ("file", "file", "$A")


def test_lookup_earlier_keys_when_environment_lacks_them(launch, tmp_path, printenv_json):
    c = child_env(launch, tmp_path, printenv_json, "A=file\nB=${A}\nC=${LATER}\nLATER=x\n")
    assert (c["B"], c["C"]) == ("file", "")  # no forward references


def test_several_files_resolve_from_layers_above(launch, tmp_path, printenv_json):
    """Several env files: compose resolves `${X}` from the current environment, then EARLIER files.
    The launcher keeps contract §3's order for every dialect: a file's `${X}` sees the layers
    above it, i.e. the process environment and LATER files (README: "Two readers")."""
    first = write(tmp_path / "1.env", "X=first\nFROM_FIRST=${Y}\n")
    second = write(tmp_path / "2.env", "Y=second\nFROM_SECOND=${X}\n")
    r = launch("--dialect", "compose", "--env-file", first, "--env-file", second, "--", *printenv_json)
    c = r.json()
    assert c["FROM_FIRST"] == "second"  # docker compose would give "" here
    assert c["FROM_SECOND"] == ""       # docker compose would give "first" here


def test_crlf(launch, tmp_path, printenv_json):
    (tmp_path / "c.env").write_bytes(b"A=1\r\nB=two words\r\n")
    r = launch("--dialect", "compose", "--env-file", str(tmp_path / "c.env"), "--", *printenv_json)
    c = r.json()
    assert (c["A"], c["B"]) == ("1", "two words")
