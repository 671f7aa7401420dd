"""The shipped deployment files are valid for the tools that read them, and say what the README
says: the systemd unit passes `systemd-analyze verify` (with its real ExecStart binary), the
Dockerfile and the compose file pass structural checks (no Docker engine here) and
`docker-compose config`, and the Kubernetes manifests parse and wire the launcher as documented.
Every launcher invocation in these files is checked against the real binary's option table."""
import json
import os
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

from conftest import BIN, base_env, help_options

SOURCE = os.environ.get("DGL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
PKG = os.path.join(SOURCE, "packaging")
UNIT = os.path.join(PKG, "systemd", "diffgram@.service")
DOCKERFILE = os.path.join(PKG, "docker", "Dockerfile")
COMPOSE = os.path.join(PKG, "docker", "docker-compose.yml")
K8S = os.path.join(PKG, "kubernetes")
SERVICES = ["default", "walrus", "eventhandlers", "dispatcher", "migrations", "frontend"]
HELM_MAPPING = os.path.join(SOURCE, "tests", "data", "diffgram", "helm-env-mapping.tsv")


def assert_launcher_argv(argv, where):
    """argv[0] is diffgram-launch; every option before "--" is one the binary knows, and the
    binary itself accepts the option part (parsed with `check`'s table, nothing executed)."""
    assert os.path.basename(argv[0]) == "diffgram-launch", where
    known = help_options()
    opts = argv[1:argv.index("--")] if "--" in argv else argv[1:]
    for word in opts:
        if word.startswith("-"):
            assert word.split("=")[0] in known, f"{where}: option {word} is not an option of diffgram-launch"


def launch_env_vars_are_options(env, where):
    known = help_options()
    for name in env:
        if name.startswith("DIFFGRAM_LAUNCH_"):
            opt = "--" + name[len("DIFFGRAM_LAUNCH_"):].lower().replace("_", "-")
            assert opt in known, f"{where}: {name} names no option ({opt}); the launcher would exit 125"


# ---- systemd ------------------------------------------------------------------------------------

def unit_lines():
    with open(UNIT, encoding="utf-8") as f:
        return f.read().splitlines()


def unit_settings():
    settings = {}
    for line in unit_lines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def systemd_root(tmp_path, binary=BIN, unit_text=None):
    """A root for `systemd-analyze verify --root`: the host's unit directory (targets the unit
    depends on), the built binary at the unit's ExecStart path, the unit in /etc/systemd/system."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: run scripts/bootstrap.sh (Debian package systemd)")
    root = tmp_path / "root"
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    (root / "usr/bin").mkdir(parents=True)
    shutil.copy(binary, root / "usr/bin/diffgram-launch")
    (root / "etc/systemd/system").mkdir(parents=True)
    (root / "etc/systemd/system/diffgram@.service").write_text(unit_text or open(UNIT, encoding="utf-8").read())
    return analyze, root


def verify(analyze, root, *units):
    # verify exits 0 on unknown keys and unparsable values (it only logs them), so a clean
    # result is exit 0 AND nothing on stderr. --man=no: no man pages in a container.
    return subprocess.run([analyze, "verify", "--man=no", f"--root={root}", *units], capture_output=True,
                          text=True, env=base_env(SYSTEMD_LOG_LEVEL="notice"))


def test_unit_passes_systemd_analyze_verify_for_every_service(tmp_path):
    analyze, root = systemd_root(tmp_path)
    r = verify(analyze, root, *[f"diffgram@{s}.service" for s in SERVICES])
    assert r.returncode == 0 and r.stderr == "", r.stderr


@pytest.mark.parametrize("mutation,expect", [
    (("NoNewPrivileges=yes", "NoNewPrivilege=yes"), "Unknown key"),
    (("ProtectSystem=strict", "ProtectSystem=strictt"), "protect system"),
    (("ExecStart=/usr/bin/diffgram-launch", "ExecStart=/usr/bin/diffgram-lunch"), "not executable"),
])
def test_verify_would_catch_a_broken_unit(tmp_path, mutation, expect):
    """The check above can fail: a typo in the unit shows up on stderr."""
    text = open(UNIT, encoding="utf-8").read().replace(*mutation)
    analyze, root = systemd_root(tmp_path, unit_text=text)
    r = verify(analyze, root, "diffgram@default.service")
    assert r.stderr != "" and expect in r.stderr, r


def test_unit_runs_the_launcher_as_documented():
    s = unit_settings()
    assert s["ExecStart"] == ["/usr/bin/diffgram-launch --service %i"]
    assert s["Type"] == ["exec"] and s["KillMode"] == ["mixed"]
    assert s["RestartPreventExitStatus"] == ["78"] and s["Restart"] == ["on-failure"]
    env = dict(v.split("=", 1) for v in s["Environment"])
    launch_env_vars_are_options(env, UNIT)
    assert s["EnvironmentFile"] == ["-/etc/diffgram/%i.env"]
    assert "DIFFGRAM_LAUNCH_ENV_FILE" not in env, "the settings file must not be read twice"
    creds = {v.split(":")[0] for v in s["LoadCredential"]}
    assert {"FERNET_KEY", "SECRET_KEY", "USER_PASSWORDS_SECRET", "INTER_SERVICE_SECRET", "DATABASE_URL"} <= creds
    assert_launcher_argv(shlex.split(s["ExecStart"][0]), UNIT)


HARDENING = ["NoNewPrivileges", "ProtectSystem", "ProtectHome", "PrivateTmp", "PrivateDevices",
             "ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs", "ProtectControlGroups",
             "RestrictSUIDSGID", "RestrictNamespaces", "LockPersonality", "RestrictAddressFamilies",
             "SystemCallFilter", "CapabilityBoundingSet"]


def test_every_hardening_option_is_set_and_explained():
    lines = unit_lines()
    s = unit_settings()
    assert s["ProtectSystem"] == ["strict"] and s["NoNewPrivileges"] == ["yes"] and s["PrivateTmp"] == ["yes"]
    for key in HARDENING:
        assert key in s, f"{key}= missing from {UNIT}"
        i = next(n for n, line in enumerate(lines) if line.startswith(key + "="))
        # The comment above a directive may cover a group of directives: walk up to it.
        while lines[i - 1] and not lines[i - 1].startswith("#") and "=" in lines[i - 1]:
            i -= 1
        assert lines[i - 1].startswith("#"), f"{key}= in {UNIT} has no comment saying why"


def test_security_exposure_figure(tmp_path):
    """`systemd-analyze security` (offline) rates the unit; printed as a figure, and it must stay
    in systemd's "OK" band (below 4.0) so that a removed hardening line is noticed."""
    analyze, root = systemd_root(tmp_path)
    r = subprocess.run([analyze, "security", "--offline=yes", f"--root={root}", "diffgram@default.service"],
                       capture_output=True, text=True, env=base_env())
    m = re.search(r"Overall exposure level for diffgram@default.service: (\d+\.\d+)", r.stdout)
    assert m, r.stdout + r.stderr
    print(f"systemd-analyze security diffgram@default.service: exposure {m.group(1)}")
    assert float(m.group(1)) < 4.0


# ---- Dockerfile -----------------------------------------------------------------------------------

def dockerfile_instructions():
    """[(INSTRUCTION, arguments)] with line continuations joined and comments dropped."""
    out, buf = [], ""
    with open(DOCKERFILE, encoding="utf-8") as f:
        for raw in f.read().splitlines():
            line = raw.strip()
            if not buf and (not line or line.startswith("#")):
                continue
            if buf and line.startswith("#"):
                continue
            if line.endswith("\\"):
                buf += line[:-1] + " "
                continue
            buf += line
            word, _, rest = buf.partition(" ")
            out.append((word, rest.strip()))
            buf = ""
    assert buf == "", "the Dockerfile ends inside a continued line"
    return out


KNOWN = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR",
         "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}


def test_dockerfile_is_well_formed():
    ins = dockerfile_instructions()
    assert all(word in KNOWN for word, _ in ins), [w for w, _ in ins if w not in KNOWN]
    assert ins[0][0] in {"ARG", "FROM"}
    args_before_from = {rest.split("=")[0] for word, rest in ins[:[w for w, _ in ins].index("FROM")] if word == "ARG"}
    stages, current = [], None
    for word, rest in ins:
        if word == "FROM":
            m = re.fullmatch(r"(\S+)(?: AS (\S+))?", rest, re.I)
            assert m, f"FROM {rest}"
            image = m.group(1)
            for ref in re.findall(r"\$\{(\w+)\}", image):
                assert ref in args_before_from, f"FROM uses ${{{ref}}}, not declared by an ARG before the first FROM"
            assert not image.endswith(":latest"), "pin the base image (hadolint DL3007)"
            current = m.group(2)
            stages.append(current)
        elif word == "COPY" and rest.startswith("--from="):
            src = rest.split()[0][len("--from="):]
            assert src in stages[:-1], f"COPY --from={src}: no earlier stage of that name"
        elif word in {"CMD", "ENTRYPOINT", "SHELL"}:
            assert isinstance(json.loads(rest), list), f"{word} must use the exec (JSON) form"
        elif word == "RUN" and "apt-get install" in rest:
            assert "--no-install-recommends" in rest, "apt-get install without --no-install-recommends (DL3015)"
            assert "rm -rf /var/lib/apt/lists/*" in rest, "apt lists kept in the layer (DL3009)"
        elif word == "RUN" and "apt-get update" in rest:
            assert "apt-get install" in rest, "apt-get update alone in a RUN (DL3009)"
    assert len(stages) >= 2 and stages[0] == "build", "multi-stage: a build stage, then the runtime"
    assert any(w == "RUN" and "ctest" in r for w, r in ins), "the build stage runs the tests"


def test_runtime_stage_is_non_root_labelled_and_uses_the_entrypoint_pattern():
    ins = dockerfile_instructions()
    last_from = max(i for i, (w, _) in enumerate(ins) if w == "FROM")
    runtime = ins[last_from:]
    users = [r for w, r in runtime if w == "USER"]
    assert users and users[-1] not in {"root", "0", "0:0"} and not users[-1].startswith(("root", "0:")), users
    labels = " ".join(r for w, r in runtime if w == "LABEL")
    for key in ["title", "description", "version", "revision", "source"]:
        assert f"org.opencontainers.image.{key}=" in labels, f"OCI label {key} missing"
    entry = [json.loads(r) for w, r in runtime if w == "ENTRYPOINT"][-1]
    assert entry == ["diffgram-launch", "--service", "default", "--"]
    assert_launcher_argv(entry, DOCKERFILE)
    assert [json.loads(r) for w, r in runtime if w == "CMD"], "a default COMMAND (CMD) after the entrypoint"


def test_dockerignore_keeps_build_trees_out():
    with open(os.path.join(SOURCE, ".dockerignore"), encoding="utf-8") as f:
        entries = f.read().split()
    assert ".git" in entries and "build*/" in entries


# ---- docker compose --------------------------------------------------------------------------------

def compose():
    with open(COMPOSE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_compose_passes_secrets_as_files_through_secrets_dir():
    doc = compose()
    declared = doc["secrets"]
    assert all(set(v) == {"file"} for v in declared.values()), "secrets come from files"
    launched = 0
    for name, svc in doc["services"].items():
        for s in svc.get("secrets", []):
            src = s if isinstance(s, str) else s["source"]
            assert src in declared, f"service {name} uses secret {src}, not declared under secrets:"
        entry = svc.get("entrypoint")
        if entry and entry[0] == "diffgram-launch":
            launched += 1
            assert_launcher_argv(entry, f"{COMPOSE} service {name}")
            i = entry.index("--secrets-dir")
            assert entry[i + 1] == "/run/secrets" and entry[-1] == "--"
            assert entry[entry.index("--service") + 1] in SERVICES
            assert "FERNET_KEY" in svc["secrets"], f"service {name} gets no FERNET_KEY"
            assert "env_file" not in svc, f"service {name}: settings go through the launcher, not env_file"
            launch_env_vars_are_options(svc.get("environment", {}), f"{COMPOSE} service {name}")
    assert launched >= 4


def test_docker_compose_config_accepts_the_file(tmp_path):
    """docker-compose (Debian's, v1.29) validates the file against the Compose schema without an
    engine. The secret files need not exist for `config`."""
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.fail("docker-compose is missing: run scripts/bootstrap.sh")
    r = subprocess.run([exe, "-f", COMPOSE, "config", "--quiet"], capture_output=True, text=True,
                       env=base_env(HOME=str(tmp_path), DIFFGRAM_VERSION_TAG="1.17.5"))
    assert r.returncode == 0, r.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(open(COMPOSE, encoding="utf-8").read().replace("restart: on-failure", "restartt: on-failure"))
    r = subprocess.run([exe, "-f", str(bad), "config", "--quiet"], capture_output=True, text=True,
                       env=base_env(HOME=str(tmp_path)))
    assert r.returncode != 0 and "restartt" in r.stderr, "docker-compose config would not catch a typo"


# ---- Kubernetes ------------------------------------------------------------------------------------

def k8s_docs():
    docs = {}
    for name in sorted(os.listdir(K8S)):
        if name.endswith(".yaml"):
            with open(os.path.join(K8S, name), encoding="utf-8") as f:
                docs[name] = [d for d in yaml.safe_load_all(f) if d]
    return docs


def pod_specs():
    for name, docs in k8s_docs().items():
        for d in docs:
            if d["kind"] in {"Deployment", "Job"}:
                yield f"{name} {d['kind']} {d['metadata']['name']}", d["spec"]["template"]["spec"]


def test_kustomization_lists_every_manifest():
    docs = k8s_docs()
    listed = set(docs["kustomization.yaml"][0]["resources"])
    assert listed == set(docs) - {"kustomization.yaml"}


def test_pods_mount_the_secret_and_run_the_launcher_with_watch_and_a_check_first():
    seen = set()
    for where, spec in pod_specs():
        vols = {v["name"]: v for v in spec["volumes"]}
        secret_vols = [n for n, v in vols.items() if "secret" in v]
        assert secret_vols, f"{where}: no Secret volume"
        (main,) = spec["containers"]
        mounts = {m["name"]: m for m in main["volumeMounts"]}
        secret_mount = mounts[secret_vols[0]]
        assert secret_mount.get("readOnly") and "subPath" not in secret_mount, f"{where}: subPath never updates"
        cmd = main["command"]
        assert_launcher_argv(cmd, where)
        assert cmd[cmd.index("--secrets-dir") + 1] == secret_mount["mountPath"]
        service = cmd[cmd.index("--service") + 1]
        assert service in SERVICES
        seen.add(service)
        if spec.get("restartPolicy") != "Never":
            assert "--watch" in cmd and "--init" in cmd, f"{where}: a long-running service reloads on rotation"
        (check,) = spec["initContainers"]
        assert check["command"][:2] == ["diffgram-launch", "check"], f"{where}: check runs first"
        assert_launcher_argv(check["command"], where + " init container")
        assert check["command"][check["command"].index("--service") + 1] == service
        assert {m["mountPath"] for m in check["volumeMounts"]} >= {secret_mount["mountPath"]}
        assert check["image"] == main["image"]
        for c in (main, check):
            env = {e["name"]: e["value"] for e in c.get("env", [])}
            launch_env_vars_are_options(env, where)
            sc = c["securityContext"]
            assert sc["allowPrivilegeEscalation"] is False and sc["readOnlyRootFilesystem"] is True
        assert spec["securityContext"]["runAsNonRoot"] is True
    assert {"default", "walrus", "eventhandlers", "migrations"} <= seen


def configmap_env(tmp_path):
    (cm,) = k8s_docs()["configmap.yaml"]
    path = tmp_path / "diffgram.env"
    path.write_text(cm["data"]["diffgram.env"])
    return path


def test_configmap_holds_no_secret(launch, tmp_path):
    """Nothing the launcher would redact, and nothing the Helm chart keeps in its Secret, is in
    the ConfigMap (the chart itself wrongly puts DIFFGRAM_MINIO_ACCESS_KEY_SECRET there)."""
    env_file = configmap_env(tmp_path)
    # --no-check: the ConfigMap alone lacks the Secret's keys by design; only its content is tested.
    r = launch("print", "--no-check", "--pristine", "--no-dotenv", "--env-file", str(env_file), "--format", "json")
    assert r.code == 0, r
    values = r.json()
    redacted = sorted(k for k, v in values.items() if "<redacted>" in v)
    assert not redacted, f"secrets in the ConfigMap: {redacted}"
    with open(HELM_MAPPING, encoding="utf-8") as f:
        helm_secret = {row.split("\t")[0] for row in f if "\tSecret\t" in row}
    assert not (set(values) & helm_secret), sorted(set(values) & helm_secret)
    assert "DIFFGRAM_MINIO_ACCESS_KEY_SECRET" not in values


def test_configmap_plus_secret_files_pass_check(launch, tmp_path):
    """The settings file with the Secret's keys (fresh values from `init`) as a secrets dir is a
    configuration `check` accepts: the manifests' init container would let the pods start."""
    env_file = configmap_env(tmp_path)
    r = launch("init", "--provider", "aws", "--output", "-")
    generated = dict(line.split("=", 1) for line in r.out.splitlines() if line and not line.startswith("#"))
    secrets = tmp_path / "secrets"
    secrets.mkdir()
    for key in ["FERNET_KEY", "SECRET_KEY", "USER_PASSWORDS_SECRET", "INTER_SERVICE_SECRET", "DATABASE_URL",
                "RABBITMQ_DEFAULT_PASS"]:
        (secrets / key).write_text(generated[key] + "\n")
    (secrets / "RABBITMQ_DEFAULT_USER").write_text("diffgram\n")
    (secrets / "DIFFGRAM_AWS_ACCESS_KEY_ID").write_text("AKIAEXAMPLEEXAMPLE00\n")
    (secrets / "DIFFGRAM_AWS_ACCESS_KEY_SECRET").write_text(generated["SECRET_KEY"] + "\n")
    r = launch("check", "--pristine", "--no-dotenv", "--env-file", str(env_file), "--secrets-dir", str(secrets),
               "--service", "default", "--format", "json")
    errors = [f for f in r.json()["findings"] if f["severity"] == "error"]
    assert r.code == 0 and not errors, r
