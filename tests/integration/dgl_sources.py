"""Every kind of source the launcher can read, as (arguments, environment) for a set of values,
shared by the safety and leak tests. A source kind added to the launcher is one entry here; the
tests probe which kinds this build reads and cover those (features land one branch at a time)."""
import json
import os
import shlex

from conftest import BIN, base_env
import subprocess

# Every kind, trusted (the caller's own) or not (.env files and commands).
SOURCE_KINDS = ["process", "set", "dotenv", "secrets-dir", "key-file", "credentials-dir", "from-cmd",
                "from-cmd-json"]
PRODUCTION_KINDS = ["process", "secrets-dir", "key-file", "credentials-dir", "from-cmd", "from-cmd-json"]


def _write(path, data, mode=0o600):
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    path.chmod(mode)
    return str(path)


def dotenv_text(values):
    """KEY='VALUE' lines (single quotes: nothing but ${...} is special there in python-dotenv)."""
    return "".join(f"{k}='{v}'\n" for k, v in values.items())


def source_args(kind, tmp_path, values, tag="s"):
    """(args, env) that make source `kind` offer `values` ({key: value}). `tag` keeps the files of
    several sources of one kind apart."""
    d = tmp_path / f"{kind}-{tag}"
    d.mkdir(exist_ok=True)
    if kind == "process":
        return [], dict(values)
    if kind == "set":
        args = []
        for k, v in values.items():
            args += ["--set", f"{k}={v}"]
        return args, {}
    if kind == "dotenv":
        return ["--env-file", _write(d / "values.env", dotenv_text(values))], {}
    if kind in ("secrets-dir", "credentials-dir"):
        for k, v in values.items():
            _write(d / k, v + "\n")
        return (["--secrets-dir", str(d)], {}) if kind == "secrets-dir" else ([], {"CREDENTIALS_DIRECTORY": str(d)})
    if kind == "key-file":
        return [], {f"{k}_FILE": _write(d / k, v) for k, v in values.items()}
    if kind == "from-cmd":
        return ["--from-cmd", "cat " + shlex.quote(_write(d / "out.env", dotenv_text(values)))], {}
    if kind == "from-cmd-json":
        return ["--from-cmd-json", "cat " + shlex.quote(_write(d / "out.json", json.dumps(values)))], {}
    raise AssertionError(kind)


_works = {}


def source_works(tmp_path, kind):
    """Whether this build reads `kind`: print (sandbox mode, --reveal) shows a probe value."""
    if kind not in _works:
        args, env = source_args(kind, tmp_path, {"PROBE_SOURCE_WORKS": "probe-value"}, tag="probe")
        r = subprocess.run([BIN, "print", "--format", "json", "--reveal", "--no-dotenv", *args],
                           env=base_env(**env), cwd=str(tmp_path), capture_output=True, text=True, timeout=60)
        try:
            _works[kind] = r.returncode == 0 and json.loads(r.stdout).get("PROBE_SOURCE_WORKS") == "probe-value"
        except ValueError:
            _works[kind] = False
    return _works[kind]
