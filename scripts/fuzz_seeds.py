#!/usr/bin/env python3
"""Seed corpora for the libFuzzer targets, from the project's test data (tests/data/corpus and the
Diffgram example files): every JSON-encoded .env input of the corpus TSVs becomes one file.
Usage: fuzz_seeds.py OUT_DIR   (writes OUT_DIR/<target>/<case>)."""
import csv
import glob
import hashlib
import json
import os
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CORPUS = os.path.join(ROOT, "tests", "data", "corpus")
DIFFGRAM = os.path.join(ROOT, "tests", "data", "diffgram")
INPUT_COLUMNS = ("input_json", "template_json", "value_json")


def tsv_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def dotenv_texts():
    for path in sorted(glob.glob(os.path.join(CORPUS, "*.tsv"))):
        for row in tsv_rows(path):
            for col in INPUT_COLUMNS:
                if row.get(col) and row[col] != "null":
                    yield json.loads(row[col]).encode("utf-8", "surrogateescape")
    for path in sorted(glob.glob(os.path.join(CORPUS, "*fixtures", "*")) + [
            os.path.join(DIFFGRAM, "env-root-example"), os.path.join(DIFFGRAM, "env-from-installer-template")]):
        if os.path.isfile(path):
            with open(path, "rb") as f:
                yield f.read()


def json_objects():
    """Flat objects of strings (what --from-cmd-json reads), from the corpus' expected values."""
    for path in sorted(glob.glob(os.path.join(CORPUS, "*.tsv"))):
        for row in tsv_rows(path):
            for col in ("expected_json", "env_json", "mapping_json", "os_env_json", "caller_env_json"):
                try:
                    value = json.loads(row.get(col) or "null")
                except ValueError:
                    continue
                if isinstance(value, dict):
                    for inner in [value, *[v for v in value.values() if isinstance(v, dict)]]:
                        yield json.dumps(inner).encode()
    yield b'{"A": "1", "B": "two words", "C": "line\\nbreak", "D": "\\u00fc"}'


def catalog_files():
    """The embedded catalog (the --schema format), whole and line by line, and the raw data."""
    with open(os.path.join(ROOT, "data", "catalog.tsv"), "rb") as f:
        text = f.read()
    yield text
    header = b"".join(line for line in text.splitlines(keepends=True) if line.startswith(b"#"))
    for line in text.splitlines(keepends=True):
        if not line.startswith(b"#"):
            yield header + line
    for name in ("settings-env-catalog.tsv", "helm-env-mapping.tsv"):
        with open(os.path.join(DIFFGRAM, name), "rb") as f:
            yield f.read()


def redact_values():
    # FuzzedDataProvider reads the key first (up to 64 bytes, '\\' escapes its end), then the value.
    for key in (b"DATABASE_URL", b"FERNET_KEY", b"MY_TOKEN", b"PLAIN"):
        for value in (b"postgresql+psycopg2://postgres:pw@db:5432/diffgram", b"plain value",
                      b"${X} $Y \"q\" 'q' \\ \n", b"https://u:p@h/x?y#z"):
            yield key + b"\\" + value
    yield from dotenv_texts()


def command_lines():
    # fuzz_cli: argv words NUL-separated, then 0x01 and DIFFGRAM_LAUNCH_* variables without the prefix.
    lines = [
        ["--env-file", "a.env", "--", "/bin/true"], ["--no", "--", "x"], ["--env=a.env", "--se", "K=V"],
        ["-qh"], ["-hq", "--version"], ["check", "--format", "json", "--st"], ["print", "--form=json", "--rev"],
        ["run", "--from-cmd", "echo A=1", "--from-cmd-json", "{}", "cmd", "--help"], ["--init", "--no-init"],
        ["explain", "KEY", "--set=K=V"], ["lint", "--fix", "--in-place", "f.env"], ["init", "--provider", "aws"],
        ["--env-file", "--strict", "--", "x"], ["--from-cmd-timeout=abc"], ["-xSECRET"], ["--sett=PASSWORD=x"],
        ["--service", "frontend", "--pristine", "--keep", "HOME", "--keep=PATH", "cmd"], ["--", "check"],
    ]
    for words in lines:
        yield b"\0".join(w.encode() for w in words)
    for var in (b"ENV_FILE=a.env:b.env", b"STRICT=yes", b"STR=1", b"FROM_CMD=echo A=1", b"HELP=1", b"QUIET=maybe"):
        yield b"check\0--env-file\0c.env\x01" + var + b"\0LOG_LEVEL=debug"


TARGETS = {
    "dotenv_python": dotenv_texts,
    "dotenv_compose": dotenv_texts,
    "redact_print": redact_values,
    "from_cmd_json": json_objects,
    "from_cmd_dotenv": dotenv_texts,
    "catalog": catalog_files,
    "cli": command_lines,
}


def main():
    out = sys.argv[1]
    for target, make in TARGETS.items():
        d = os.path.join(out, target)
        os.makedirs(d, exist_ok=True)
        n = 0
        for data in make():
            name = hashlib.sha1(data).hexdigest()
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
            n += 1
        print(f"fuzz seeds: {target}: {n} inputs", file=sys.stderr)


if __name__ == "__main__":
    main()
