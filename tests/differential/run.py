#!/usr/bin/env python3
# Differential test of our python-dotenv dialect against the real python-dotenv: generates random
# .env texts (fixed, printed seed), runs them through every installed python-dotenv (one process
# each, python_oracle.py) and through dotenv_oracle_driver (one process), and fails on any difference.
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SEED = 20240607
DEFAULT_COUNT = 6000
BOM = "\ufeff"

# The environments os.environ is replaced by (python-dotenv reads it while interpolating).
ENVIRONS = [
    {},
    {"HOME": "/home/app", "EMPTY": "", "X": "1", "B": "from-env"},
    {"A": "env-a", "C": "env-c", "a": "c", "k1": "v1", "export": "e", "PATH": "/usr/bin"},
]

# Hand-picked texts: the examples of design/dotenv-dialects.md section C.3 and known quirks.
FIXED_TEXTS = [
    "A=b\t#c", "A='a\\\\b'", "A='$HOME ${HOME}'", "A=$HOME/x", "A=${EMPTY:-dflt}", "A=${NOPE-dflt}",
    "A=${X:+alt}", "A=${NOPE:?must be set}", "C=c\nA=${B:-${C}}", "A=${B.C}", "A=pa$$word",
    'A="cost \\$5"', 'A="it\\\'s"', 'A="\\0101"', "B=b\nA=\\$B", "A: 1", "'A'=1", ";A=1",
    "A B=1\nB2=after", 'A="x" y', 'A="oops\nB=1\nC=2', "X", "B=from-file\nA=${B}", "A=`tick`",
    'a="x\nb=c\nd="y"\ne=f', "a: b\r\nb=1\r\nc=2\r\n", "export \r\nb=1\r\nc=1", "a=1\n\n\nb=2",
    "'a\nb'=1\nc=2", "a='x\\'  # c\nb=2", 'a="foo\\"  # c\n', "a= #x", "a=b\xa0#c", "export\u2028a=1",
    "X\nY=${X}", "a=b\na\nc=${a}", "''=1\n'x=2\ny=3", "=1\nexport =2\nexport\n", "\v\f a=1\x1c",
]


class Gen:
    """Random .env texts built from the constructs python-dotenv's grammar distinguishes."""

    NAMES = ["A", "B", "C", "X", "HOME", "EMPTY", "NOPE", "a", "b", "k1", "export_a", "a.b-c", "1A",
             ";A", "uglyKey[%$", "\u00e9", "\u043a\u043b\u044e\u0447", "export", "A-b", "x:y", "PATH"]
    WORDS = ["v", "val", "x y", "1", "b#c", "a=b", "\u00e9", "\u20ac", "\U0001f511", "x:y", "{", "}", "-"]
    # Keys and references mostly come from this small pool, so that references hit earlier keys
    # of the same file and names of the environment (where override decides who wins).
    COMMON = ["A", "B", "C", "X", "HOME", "EMPTY", "a", "k1"]
    HSPACE = [" ", "\t", "  ", " \t", "\v", "\f", "\xa0", "\u2028", "\u3000", "\x1c", "\x85"]

    def __init__(self, rng):
        self.r = rng

    def pick(self, xs):
        return self.r.choice(xs)

    def chance(self, p):
        return self.r.random() < p

    def newline(self, style):
        if style == "mixed":
            return self.pick(["\n", "\r\n", "\r"])
        return style

    def name(self):
        return self.pick(self.COMMON) if self.chance(0.7) else self.pick(self.NAMES)

    def reference(self):
        name = self.name()
        return self.pick([
            "${%s}" % name, "${%s:-d}" % name, "${%s:-}" % name, "${%s-d}" % name, "${%s:+alt}" % name,
            "$%s" % name, "${%s:-${C}}" % name, "${", "${}", "${:-x}", "$${%s}" % name, "${%s:-a b#c}" % name,
        ])

    def unquoted(self):
        parts = []
        for _ in range(self.r.randint(0, 5)):
            parts.append(self.pick([
                self.pick(self.WORDS), self.pick(self.WORDS), self.reference(), " ", "\t", "#", " #c",
                "\t#c", " # c", "\\", "\\n", "'", '"', "$", self.pick(self.HSPACE), "=", "\\$X", "\x00" if self.chance(0.1) else "\x01",
            ]))
        return "".join(parts)

    def quoted_body(self, quote, style):
        parts = []
        for _ in range(self.r.randint(0, 6)):
            parts.append(self.pick([
                self.pick(self.WORDS), self.reference(), " ", "#", " # c", "\\\\", "\\" + quote,
                "\\n", "\\t", "\\a\\b\\f\\r\\v", "\\$", "\\x41", "\\u00e9", "\\0", "\\" if self.chance(0.3) else "\\\\", "'" if quote == '"' else '"',
                self.newline(style), self.newline(style) + "k=v", self.pick(self.HSPACE),
            ]))
        return "".join(parts)

    def key(self):
        roll = self.r.random()
        if roll < 0.80:
            return self.name()
        if roll < 0.92:
            return "'" + self.pick([self.name(), "a b", "k=v", "#h"]) + "'"
        return self.pick(["''", "'unterminated", "'a\nb'", "", "=", "'a'b"])

    def value(self, style):
        roll = self.r.random()
        if roll < 0.35:
            return self.unquoted()
        if roll < 0.55:
            return "'" + self.quoted_body("'", style) + ("'" if self.chance(0.95) else "")
        if roll < 0.85:
            return '"' + self.quoted_body('"', style) + ('"' if self.chance(0.95) else "")
        return ""

    def trailer(self, quoted):
        if not quoted:
            return ""
        if self.chance(0.1):
            return self.pick([" junk", "\tjunk", "'", " \"x\""])
        return self.pick(["", "", "", " # comment", "#c", "\t#c", "  "])

    def statement(self, style):
        roll = self.r.random()
        if roll < 0.08:
            return self.pick(["", " ", "\t", "  \t", self.pick(self.HSPACE)])
        if roll < 0.16:
            return self.pick(["", " ", "\t"]) + "#" + self.pick(["", " comment", " a=b", "#", " 'x"])
        if roll < 0.20:  # junk
            return "".join(self.pick(["a", ":", " ", "'", '"', "=", "#", "\\", "x"]) for _ in range(self.r.randint(1, 8)))
        indent = self.pick(["", "", "", " ", "\t", "  "])
        export = self.pick(["", "", "", "export ", "export\t", "export  ", "export"])
        key = self.key()
        roll = self.r.random()
        if roll < 0.08:  # bare key, maybe with a comment
            return indent + export + key + self.pick(["", " ", " # c", "\t#c"])
        if roll < 0.12:  # no '=' but more text
            return indent + export + key + self.pick([": 1", " 1", " =1", ":=1", "\t: x"])
        sep = self.pick(["=", "=", "=", " = ", "\t=\t", "= ", "=\t", " ="])
        value = self.value(style)
        quoted = value[:1] in ("'", '"')
        return indent + export + key + sep + value + self.trailer(quoted)

    def text(self):
        style = self.pick(["\n"] * 12 + ["\r\n"] * 4 + ["\r"] + ["mixed"] * 3)
        lines = [self.statement(style) for _ in range(self.r.randint(1, 10))]
        out = ""
        for i, line in enumerate(lines):
            out += line
            if i + 1 < len(lines) or self.chance(0.6):
                out += self.newline(style)
        return out

    def case(self, case_id, text=None):
        text = self.text() if text is None else text
        bom = self.chance(0.02)
        load = {"override": self.chance(0.3)} if self.chance(0.35) else None
        return {"id": case_id, "text": (BOM + text) if bom else text, "env": self.pick(ENVIRONS), "load": load}


def python_candidates(requested):
    if requested:
        return requested
    seen, out = set(), []
    for p in ["/usr/bin/python3", sys.executable, shutil.which("python3")]:
        if p and os.path.exists(p) and os.path.realpath(p) not in seen:
            seen.add(os.path.realpath(p))
            out.append(p)
    return out


def run_lines(argv, lines):
    proc = subprocess.run(argv, input="".join(json.dumps(c) + "\n" for c in lines),
                          capture_output=True, text=True, encoding="utf-8")
    if proc.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (argv, proc.returncode, proc.stderr[-2000:]))
    return [json.loads(line) for line in proc.stdout.split("\n") if line.strip()]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--driver", required=True, help="path of dotenv_oracle_driver")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT, help="random texts (plus the fixed ones)")
    ap.add_argument("--python", action="append", help="interpreter with python-dotenv (repeatable)")
    ap.add_argument("--show", type=int, default=10, help="differences to print in full")
    args = ap.parse_args()
    started = time.monotonic()

    print("seed %d, %d random texts + %d fixed" % (args.seed, args.count, len(FIXED_TEXTS)))
    gen = Gen(random.Random(args.seed))
    cases = [gen.case(i, t) for i, t in enumerate(FIXED_TEXTS)]
    cases += [gen.case(len(FIXED_TEXTS) + i) for i in range(args.count)]
    # A leading BOM is stripped on purpose (python-dotenv <= 1.2.2 keeps it in the first key):
    # the reference for a BOM text is python-dotenv on the same text without the BOM.
    python_cases = [dict(c, text=c["text"][len(BOM):]) if c["text"].startswith(BOM) else c for c in cases]

    ours = {r["id"]: r for r in run_lines([args.driver], cases)}

    oracles = 0
    failures = 0
    for python in python_candidates(args.python):
        try:
            answers = run_lines([python, os.path.join(HERE, "python_oracle.py")], python_cases)
        except RuntimeError as e:
            if args.python:
                raise
            print("skip %s: no usable python-dotenv (%s)" % (python, str(e).splitlines()[-1][:200]))
            continue
        header, answers = answers[0], answers[1:]
        oracles += 1
        print("oracle: python-dotenv %s (%s) via %s" % (header["version"], header["path"], python))
        skipped_load = 0
        differ = 0
        for case, theirs in zip(cases, answers):
            mine = dict(ours[case["id"]])
            theirs = dict(theirs)
            assert theirs["id"] == case["id"]
            if case["load"] is not None and theirs.get("environ", 0) is None:
                skipped_load += 1
                mine.pop("environ", None)
                theirs.pop("environ", None)
            if mine != theirs:
                differ += 1
                if differ <= args.show:
                    print("DIFFERENCE in case %d (python-dotenv %s)" % (case["id"], header["version"]))
                    print("  input:  " + json.dumps(case["text"]))
                    print("  env:    " + json.dumps(case["env"]) + "  load: " + json.dumps(case["load"]))
                    for field in ("bindings", "errors", "values", "environ", "fatal"):
                        if mine.get(field) != theirs.get(field):
                            print("  %-8s python: %s" % (field, json.dumps(theirs.get(field))))
                            print("  %-8s ours:   %s" % ("", json.dumps(mine.get(field))))
        loads = sum(1 for c in cases if c["load"] is not None)
        raw = {a["id"]: {b[0]: b[1] for b in a["bindings"]} for a in answers}
        print("  python-dotenv saw: %d cases with unparsable statements (%d statements), %d bindings, "
              "%d multi-line values, %d values changed by interpolation, %d bare keys" % (
                  sum(1 for a in answers if a["errors"]), sum(len(a["errors"]) for a in answers),
                  sum(len(a["bindings"]) for a in answers),
                  sum(1 for a in answers for b in a["bindings"] if b[1] and ("\n" in b[1] or "\r" in b[1])),
                  sum(1 for a in answers for k, v in a["values"] if v != raw[a["id"]].get(k)),
                  sum(1 for a in answers for b in a["bindings"] if b[1] is None)))
        print("  %d cases (%d with load_dotenv, %d of those left out: os.environ refused a key/value), "
              "%d with BOM, %d differences" % (len(cases), loads, skipped_load,
                                               sum(1 for c in cases if c["text"].startswith(BOM)), differ))
        failures += differ

    elapsed = time.monotonic() - started
    if oracles == 0:
        print("FAIL: no python-dotenv found (tried %s)" % python_candidates(args.python))
        return 2
    print("%s in %.1f s" % ("FAIL" if failures else "OK", elapsed))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
