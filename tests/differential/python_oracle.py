# The Python side of the python-dotenv differential test: runs the real python-dotenv on cases
# read as JSON lines on stdin and prints, per case, the same shape as dotenv_oracle_driver.
# Run it with an interpreter that has python-dotenv; the first output line names the version.
import io
import json
import logging
import os
import sys

import dotenv
from dotenv.parser import parse_stream


def version():
    try:
        from dotenv.version import __version__
        return __version__
    except ImportError:  # pragma: no cover - every release so far has dotenv/version.py
        from importlib.metadata import version as dist_version
        return dist_version("python-dotenv")


def set_environ(env):
    os.environ.clear()
    os.environ.update(env)


def answer(case):
    text, env = case["text"], case["env"]
    statements = list(parse_stream(io.StringIO(text)))
    out = {
        "id": case["id"],
        "bindings": [[s.key, s.value, s.original.line] for s in statements if s.key is not None],
        "errors": [s.original.line for s in statements if s.error],
        "fatal": False,
    }
    set_environ(env)
    out["values"] = [[k, v] for k, v in dotenv.dotenv_values(stream=io.StringIO(text)).items()]
    load = case.get("load")
    if load is not None:
        set_environ(env)
        try:
            dotenv.load_dotenv(stream=io.StringIO(text), override=load["override"])
            out["environ"] = dict(os.environ)
        except ValueError:
            # os.environ refuses a key with '=' or a NUL; python-dotenv fails half-way. The
            # runner leaves these out of the comparison (and counts them).
            out["environ"] = None
    return out


def main():
    # Unparsable statements are logged as warnings; thousands of them are expected here.
    logging.getLogger("dotenv").setLevel(logging.CRITICAL)
    saved = dict(os.environ)
    print(json.dumps({"version": version(), "path": os.path.dirname(dotenv.__file__)}), flush=True)
    try:
        for line in sys.stdin:
            if line.strip():
                print(json.dumps(answer(json.loads(line))))
    finally:
        set_environ(saved)
    return 0


if __name__ == "__main__":
    sys.exit(main())
