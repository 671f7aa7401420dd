"""The man page agrees with the binary: every option and subcommand of `--help` has an entry in
diffgram-launch(1) and the other way round, the exit codes of src/dgl/exit_codes.hpp and the
precedence layers of the README are documented, and the page renders without a warning.

A failure names the option and the place it is missing from, so whoever adds an option knows
exactly which entry to write."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import BIN, OPTION_RE, base_env, help_options, help_text

SOURCE = os.environ.get("DGL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
MAN = os.path.join(SOURCE, "packaging", "man", "diffgram-launch.1")
MAN_REL = "packaging/man/diffgram-launch.1"


def roff_text(s):
    """Roff source line -> plain text: font escapes dropped, \\- as -, quotes removed."""
    s = re.sub(r"\\f(\[[A-Z]*\]|[BIRP])", "", s)
    s = s.replace("\\-", "-").replace("\\&", "").replace('"', "")
    return s


def man_sections():
    """{section name: [source lines]}."""
    sections, name = {}, None
    with open(MAN, encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.startswith(".SH "):
                name = roff_text(line[4:]).strip()
                sections[name] = []
            elif name:
                sections[name].append(line)
    return sections


def macro_text(line):
    """A text or font-macro line as plain text; alternating macros (.BI, .BR, ...) join their
    arguments without spaces, as troff prints them."""
    m = re.match(r"^\.([A-Z]+)\s*(.*)$", line)
    if not m:
        return roff_text(line).strip()
    macro, rest = m.groups()
    args = [a[1:-1] if a.startswith('"') else a for a in re.findall(r'"[^"]*"|\S+', rest)]
    joiner = "" if macro in {"BI", "BR", "IB", "IR", "RB", "RI"} else " "
    return roff_text(joiner.join(args)).strip()


def tags(lines):
    """The tag line (the line after each .TP) of a section, as plain text."""
    return [macro_text(lines[i + 1]) for i, line in enumerate(lines[:-1]) if line.strip() == ".TP"]


def options_in(text):
    return set(re.findall(OPTION_RE, text))


def help_subcommands():
    subs = set()
    for line in help_text().splitlines():
        m = re.match(r"^\s+diffgram-launch\s+([a-z][a-z-]*)\b", line)
        if m:
            subs.add(m.group(1))
    return subs


def test_every_help_option_is_in_the_man_page_and_back():
    in_help = help_options()
    in_man = set()
    for tag in tags(man_sections()["OPTIONS"]):
        in_man |= options_in(tag)
    assert len(in_help) > 20, f"could not parse the options of --help: {in_help}"
    problems = [f"option {o} is listed by `diffgram-launch --help` but has no entry in the OPTIONS section "
                f"of {MAN_REL} (add '.TP' then '.B {o.replace('-', chr(92) + '-')}' or '.BI ... \" VALUE\"')"
                for o in sorted(in_help - in_man)]
    problems += [f"option {o} has an entry in the OPTIONS section of {MAN_REL} but `diffgram-launch --help` "
                 f"does not list it (removed or renamed in src/dgl/cli/options.cpp?)"
                 for o in sorted(in_man - in_help)]
    assert not problems, "\n".join(problems)


def test_every_subcommand_is_in_the_man_page_and_back():
    in_help = help_subcommands()
    sections = man_sections()
    in_man = {t.split()[0] for t in tags(sections["SUBCOMMANDS"])}
    synopsis = roff_text("\n".join(sections["SYNOPSIS"]))
    problems = [f"subcommand {s} is in the usage of `diffgram-launch --help` but has no entry in the "
                f"SUBCOMMANDS section of {MAN_REL}" for s in sorted(in_help - in_man)]
    problems += [f"subcommand {s} has an entry in the SUBCOMMANDS section of {MAN_REL} but is not in the "
                 f"usage of `diffgram-launch --help`" for s in sorted(in_man - in_help)]
    problems += [f"subcommand {s} is missing from the SYNOPSIS of {MAN_REL}"
                 for s in sorted(in_help) if not re.search(rf"^\.?B {re.escape(s)}$", synopsis, re.M)]
    assert len(in_help) >= 8
    assert not problems, "\n".join(problems)


def test_every_exit_code_is_documented():
    with open(os.path.join(SOURCE, "src", "dgl", "exit_codes.hpp"), encoding="utf-8") as f:
        codes = {int(n) for n in re.findall(r"^\s*\w+\s*=\s*(\d+),", f.read(), re.M)}
    documented = set(tags(man_sections()["EXIT STATUS"]))
    assert {0, 1, 78, 125, 126, 127} <= codes
    missing = [f"exit code {c} (src/dgl/exit_codes.hpp) has no entry in the EXIT STATUS section of {MAN_REL}"
               for c in sorted(codes) if str(c) not in documented]
    assert not missing, "\n".join(missing)
    assert "128+N" in documented and "the child's" in documented


def test_precedence_table_matches_the_readme():
    """Layer N names the same options in the README's table and the man page's."""
    with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    readme_rows = {int(n): options_in(rest) for n, rest in re.findall(r"^\| (\d) \| (.*)\|$", readme, re.M)}
    lines = man_sections()["PRECEDENCE"]
    table = "\n".join(lines[lines.index(".TS"):lines.index(".TE")])
    man_rows = {int(n): options_in(roff_text(rest))
                for n, rest in re.findall(r"^(\d)@(?:T\{\n)?(.*)$", table, re.M)}
    assert sorted(readme_rows) == [1, 2, 3, 4, 5]
    problems = [f"precedence layer {n}: README names {sorted(readme_rows[n])}, {MAN_REL} names "
                f"{sorted(man_rows.get(n, set()))}" for n in readme_rows if readme_rows[n] != man_rows.get(n)]
    assert not problems, "\n".join(problems)


def test_environment_variables_are_documented():
    documented = " ".join(tags(man_sections()["ENVIRONMENT"]))
    for var in ["DIFFGRAM_LAUNCH_OPTION", "DOCKER_CONTEXT", "CREDENTIALS_DIRECTORY", "DIFFGRAM_SYSTEM_MODE"]:
        assert var in documented, f"{var} has no entry in the ENVIRONMENT section of {MAN_REL}"


def test_the_page_is_clean_for_mandoc_and_groff():
    mandoc = shutil.which("mandoc")
    if mandoc is None:
        pytest.fail("mandoc is missing: run scripts/bootstrap.sh")
    r = subprocess.run([mandoc, "-T", "lint", "-W", "warning", MAN], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout + r.stderr == "", r.stdout + r.stderr
    r = subprocess.run(["groff", "-t", "-man", "-ww", "-z", MAN], capture_output=True, text=True)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    r = subprocess.run(["man", "-l", MAN], capture_output=True, text=True,
                       env=base_env(MANWIDTH="80", MAN_KEEP_FORMATTING="0"))
    assert r.returncode == 0 and "diffgram-launch" in r.stdout and r.stderr == "", r.stderr
