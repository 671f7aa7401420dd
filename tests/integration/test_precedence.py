"""Precedence (contract §3), one test per layer and per pair of neighbouring layers, without and with
--override, asserted on the child's real environment and on `explain --format json` (layer, source).

    1 --set   2 process environment   3 secret files   4 commands   5 .env files
    --override: 1, 3, 4, 5, 2 (layers 3-5 above the process environment)

Layers 2-4 giving one key different values is a conflict (DGL101), so pairs inside 2-4 are
checked with equal values (the winner is then visible only as explain's source) and, separately,
with different values (exit 78)."""
import json
import subprocess

import pytest

from conftest import PYTHON, base_env

PRINTENV = [PYTHON, "-c", "import json,os,sys; json.dump(dict(os.environ), sys.stdout)"]


class Sources:
    """Builds command-line arguments and process environment for key K in any layer."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.args = []
        self.env = base_env()
        self.where = {}

    def add(self, layer, value):
        if layer == 1:
            self.args += ["--set", f"K={value}"]
            self.where[1] = "--set"
        elif layer == 2:
            self.env["K"] = value
            self.where[2] = "process environment"
        elif layer == 3:
            d = self.tmp / "secrets"
            d.mkdir()
            (d / "K").write_text(value + "\n")
            self.args += ["--secrets-dir", str(d)]
            self.where[3] = f"secrets dir {d}"
        elif layer == 4:
            self.args += ["--from-cmd", f"echo K={value}"]
            self.where[4] = "command #1"
        elif layer == 5:
            f = self.tmp / "app.env"
            f.write_text(f"K={value}\n")
            self.args += ["--env-file", str(f)]
            self.where[5] = f"{f}:1"
        return self

    def all_args(self, override):
        extra = ["--override"] if override else []
        if not any(a == "--env-file" for a in self.args):
            extra.append("--no-dotenv")
        return extra + self.args


def resolve(launch, sources, override):
    """(child's K, explain's K entry, Result of run) for these sources."""
    args = sources.all_args(override)
    run = launch(*args, "--", *PRINTENV, env=sources.env)
    assert run.code == 0, run
    ex = launch("explain", "--format", "json", *args, "K", env=sources.env)
    assert ex.code == 0, ex
    return json.loads(run.out)["K"], ex.json()["K"]


@pytest.mark.parametrize("override", [False, True], ids=["plain", "override"])
@pytest.mark.parametrize("layer", [1, 2, 3, 4, 5])
def test_each_layer_alone(launch, tmp_path, layer, override):
    s = Sources(tmp_path).add(layer, f"v{layer}")
    value, info = resolve(launch, s, override)
    assert value == f"v{layer}"
    assert (info["layer"], info["source"], info["shadowed"]) == (layer, s.where[layer], [])


# (higher, lower, winner without --override, winner with --override); written out, not computed.
DIFFERENT_VALUE_PAIRS = [
    (1, 2, 1, 1),
    (4, 5, 4, 4),
    (1, 3, 1, 1),  # neighbours under --override
    (2, 5, 2, 5),  # neighbours under --override: python-dotenv's override=True
]
SAME_VALUE_PAIRS = [
    (2, 3, 2, 3),
    (3, 4, 3, 3),
]


@pytest.mark.parametrize("override", [False, True], ids=["plain", "override"])
@pytest.mark.parametrize("a,b,plain,with_override", DIFFERENT_VALUE_PAIRS)
def test_neighbouring_layers(launch, tmp_path, a, b, plain, with_override, override):
    s = Sources(tmp_path).add(a, f"v{a}").add(b, f"v{b}")
    winner = with_override if override else plain
    loser = b if winner == a else a
    value, info = resolve(launch, s, override)
    assert value == f"v{winner}"
    assert (info["layer"], info["source"]) == (winner, s.where[winner])
    assert info["shadowed"] == [{"source": s.where[loser], "layer": loser, "same_value": False}]


@pytest.mark.parametrize("override", [False, True], ids=["plain", "override"])
@pytest.mark.parametrize("a,b,plain,with_override", SAME_VALUE_PAIRS)
def test_neighbouring_production_layers_agreeing(launch, tmp_path, a, b, plain, with_override, override):
    s = Sources(tmp_path).add(a, "same").add(b, "same")
    winner = with_override if override else plain
    loser = b if winner == a else a
    value, info = resolve(launch, s, override)
    assert value == "same"
    assert (info["layer"], info["source"]) == (winner, s.where[winner])
    assert info["shadowed"] == [{"source": s.where[loser], "layer": loser, "same_value": True}]


@pytest.mark.parametrize("override", [False, True], ids=["plain", "override"])
@pytest.mark.parametrize("a,b", [(2, 3), (3, 4), (2, 4)])
def test_production_layers_disagreeing_is_a_conflict(launch, tmp_path, a, b, override):
    s = Sources(tmp_path).add(a, f"v{a}").add(b, f"v{b}")
    args = s.all_args(override)
    r = launch(*args, "--", "/bin/sh", "-c", "echo ran", env=s.env)
    assert r.code == 78 and "ran" not in r.out, r
    r = launch("check", "--format", "json", *args, env=s.env)
    assert r.code == 78
    (finding,) = [f for f in r.json()["findings"] if f["code"] == "DGL101"]
    assert finding["severity"] == "error" and finding["key"] == "K"
    assert sorted(finding["sources"]) == sorted([s.where[a], s.where[b]])
    assert "v2" not in r.out and "v3" not in r.out and "v4" not in r.out


def test_set_wins_over_every_layer(launch, tmp_path):
    s = Sources(tmp_path).add(1, "cli")
    for layer in (2, 3, 4, 5):
        s.add(layer, "same")  # layers 2-4 agree, so nothing conflicts
    for override in (False, True):
        value, info = resolve(launch, s, override)
        assert value == "cli" and info["layer"] == 1
        assert [x["layer"] for x in info["shadowed"]] == ([2, 3, 4, 5] if not override else [3, 4, 5, 2])


def test_dotenv_interpolation_sees_secret_files_and_commands(launch, tmp_path):
    d = tmp_path / "secrets"
    d.mkdir()
    (d / "DB_PASS").write_text("from-dir\n")
    f = tmp_path / "app.env"
    f.write_text("URL=postgresql://u:${DB_PASS}@db/${DB_NAME}\n")
    r = launch("--env-file", str(f), "--secrets-dir", str(d), "--from-cmd", "echo DB_NAME=fromcmd",
               "--", *PRINTENV)
    assert r.code == 0, r
    assert r.json()["URL"] == "postgresql://u:from-dir@db/fromcmd"


def test_within_one_dotenv_file_the_last_line_wins(launch, tmp_path):
    f = tmp_path / "app.env"
    f.write_text("K=first\nOTHER=x\nK=last\n")
    r = launch("--env-file", str(f), "--", *PRINTENV)
    assert r.json()["K"] == "last"
    info = launch("explain", "--format", "json", "--env-file", str(f), "K").json()["K"]
    assert info["source"] == f"{f}:3"
    assert info["shadowed"] == [{"source": f"{f}:1", "layer": 5, "same_value": False}]


def test_within_one_command_the_last_line_wins(launch, tmp_path):
    r = launch("--no-dotenv", "--from-cmd", "printf 'K=first\\nK=last\\n'", "--", *PRINTENV)
    assert r.code == 0, r
    assert r.json()["K"] == "last"


def test_later_set_wins(launch, tmp_path):
    r = launch("--no-dotenv", "--set", "K=a", "--set", "K=b", "--", *PRINTENV)
    assert r.json()["K"] == "b"


def test_key_file_and_secrets_dir_share_layer_3(launch, tmp_path):
    """A KEY_FILE and a secrets dir are both layer 3: equal values are fine, the KEY_FILE is
    reported as DGL102 when KEY also comes from a directory (KEY and KEY_FILE both set)."""
    d = tmp_path / "secrets"
    d.mkdir()
    (d / "A").write_text("dir")
    f = tmp_path / "b"
    f.write_text("file")
    r = launch("--no-dotenv", "--secrets-dir", str(d), "--", *PRINTENV, env=base_env(B_TOKEN_FILE=str(f)))
    child = r.json()
    assert (child["A"], child["B_TOKEN"]) == ("dir", "file")


def test_a_file_too_large_for_the_cache_resolves_as_python_dotenv_reads_it(launch, tmp_path):
    """Past 1.25 MiB of keys and values the resolved variables are copied into key order instead
    of moved (precedence.cpp), and a file of 1 MiB or more is read into a heap of huge pages
    (util/heap.cpp): the same values, checked against python-dotenv's load_dotenv
    (override=False) on 40,000 keys with repeats, interpolation, bare keys, quoting, export, and
    keys the process environment also sets."""
    lines = []
    pad = "p" * 24
    for i in range(40000):
        key = f"BIG_{['A', 'Q', 'M'][i % 3]}_{i:06d}_{'X' * (i % 7)}"
        style = i % 6
        if style == 0:
            lines.append(f"{key}=plain-{i}-{'v' * (i % 50)}")
        elif style == 1:
            lines.append(f"export {key}='single {i} {pad}'")
        elif style == 2:
            lines.append(f'{key}="double \\"{i}\\" ${{BIG_A_000000_}}-${{UNSET_{i}:-d}}"')
        elif style == 3:
            lines.append(f"{key}=first-{i}\n{key}=second-{i}-{pad}  # repeated: the last wins")
        elif style == 4:
            lines.append(f"{key}")  # bare: python-dotenv sets nothing
        else:
            lines.append(f"{key}=${{BIG_Q_{i - 4:06d}_{'X' * ((i - 4) % 7)}}}/tail")
    env_file = tmp_path / "big.env"
    env_file.write_text("\n".join(lines) + "\n")
    assert env_file.stat().st_size >= 1024 * 1024  # the huge-page heap path
    from_process = {f"BIG_A_{i:06d}_{'X' * (i % 7)}": f"process-{i}" for i in range(0, 40000, 999)}
    env = base_env(**from_process)

    r = launch("print", "--format", "json", "--reveal", "--env-file", str(env_file), env=env, timeout=120)
    assert r.code == 0, r.err[-2000:]
    got = json.loads(r.out)
    script = ("import json,os,sys,dotenv; dotenv.load_dotenv(sys.argv[1]); "
              "print(json.dumps({k: v for k, v in os.environ.items() if k.startswith('BIG_')}))")
    expected = json.loads(subprocess.run([PYTHON, "-c", script, str(env_file)], capture_output=True, text=True,
                                         env=env, check=True).stdout)
    assert len(expected) > 30000
    assert sum(len(k) + len(v) for k, v in expected.items()) > 1280 * 1024  # the copying path
    assert {k: v for k, v in got.items() if k.startswith("BIG_")} == expected
