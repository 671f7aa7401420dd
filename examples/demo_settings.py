#!/usr/bin/env python3
"""Demo target: reads its environment the way Diffgram's shared/settings/settings.py does and
prints what each setting would be. It stands in for a Diffgram service in `make run`.

The parsing mirrors Diffgram's EnvAdapter: bool = strip+lower then yes/y/true/1 or
no/n/false/0/"" (anything else raises ValueError at import, crashing the service); int = int();
str = os.getenv(NAME, default), where a set-but-empty variable is NOT replaced by the default.
Secrets are shown as set/not set, as Diffgram's Super Admin "Install Info" does.
"""
import csv
import os
import sys

CATALOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "diffgram",
                       "settings-env-catalog.tsv")


def env_bool(name, default):
    raw = os.getenv(name, default)
    if isinstance(raw, bool):
        return raw
    value = raw.strip().lower()
    if value in ("yes", "y", "true", "1"):
        return True
    if value in ("no", "n", "false", "0", ""):
        return False
    raise ValueError(f"Cannot interpret boolean value for {name}")


def python_default(text, parse):
    if text in ("(unset)",):
        return None
    if text == "(empty string)":
        return ""
    if parse == "bool":
        return text == "True"
    return text


def main():
    with open(CATALOG, newline="") as f:
        rows = [r for r in csv.reader((line for line in f if not line.startswith("#")), delimiter="\t")]
    header, rows = rows[0], rows[1:]
    idx = {name: i for i, name in enumerate(header)}
    docker_context = env_bool("DOCKER_CONTEXT", False)
    print(f"DOCKER_CONTEXT={docker_context} ({'settings.py skips .env' if docker_context else 'settings.py would load .env itself'})")
    for row in rows:
        name, parse, secret = row[idx["name"]], row[idx["parse"]], row[idx["secret"]]
        default = python_default(row[idx["default_in_code"]], parse)
        if parse == "bool":
            value = env_bool(name, default if default is not None else False)
        elif parse == "int":
            raw = os.getenv(name, default)
            value = int(raw) if raw is not None else None
        else:
            value = os.getenv(name, default)
        if secret in ("Y", "ID"):
            shown = "set" if value else "not set"
        else:
            shown = repr(value)
        source = "environment" if name in os.environ else "default in code"
        print(f"{name:45} {shown:40} ({source})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
