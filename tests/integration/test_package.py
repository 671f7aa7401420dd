"""The Debian package, end to end: CPack builds it from this build tree, dpkg-deb shows the right
files and dependencies, `dpkg -i` installs it, the installed /usr/bin/diffgram-launch runs
(`--version`, `check` on the shipped example), man finds the page, bash finds the completion,
systemd-analyze verifies the shipped unit against the installed binary, and `dpkg --purge`
removes every file again.

Installing needs root: CI runs as root. On a developer machine the test skips unless run as
root, and it never touches a diffgram-launch that is already installed."""
import gzip
import os
import re
import shutil
import subprocess

import pytest

from conftest import BIN, base_env

SOURCE = os.environ.get("DGL_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("DGL_BUILD_DIR", os.path.join(SOURCE, "build"))
DOC = "/usr/share/doc/diffgram-launch"
FILES = [
    "./usr/bin/diffgram-launch",
    "./usr/share/man/man1/diffgram-launch.1.gz",
    "./usr/share/bash-completion/completions/diffgram-launch",
    f".{DOC}/examples/systemd/diffgram@.service",
    f".{DOC}/examples/docker/Dockerfile",
    f".{DOC}/examples/docker/docker-compose.yml",
    f".{DOC}/examples/kubernetes/default.yaml",
    f".{DOC}/examples/kubernetes/kustomization.yaml",
    f".{DOC}/examples/diffgram.env",
]


# dpkg wants the sbin directories (ldconfig, start-stop-daemon) on PATH, as root's PATH has them.
SBIN_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def run(*cmd, **kw):
    return subprocess.run(list(cmd), capture_output=True, text=True, env=kw.pop("env", base_env(PATH=SBIN_PATH)),
                          **kw)


@pytest.fixture(scope="module")
def deb(tmp_path_factory):
    """Builds the package with CPack from the configured build tree into a temporary directory."""
    config = os.path.join(BUILD, "CPackConfig.cmake")
    if not os.path.exists(config):
        pytest.fail(f"{config} is missing: configure the build first (cmake -S . -B build)")
    if shutil.which("dpkg-shlibdeps") is None:
        pytest.fail("dpkg-shlibdeps is missing: run scripts/bootstrap.sh (Debian package dpkg-dev)")
    out = tmp_path_factory.mktemp("deb")
    r = run("cpack", "-G", "DEB", "--config", config, "-B", str(out), cwd=BUILD,
            env=base_env(HOME=str(out), PATH=SBIN_PATH))
    assert r.returncode == 0, r.stdout + r.stderr
    debs = [p for p in out.iterdir() if p.suffix == ".deb"]
    assert len(debs) == 1, list(out.iterdir())
    return debs[0]


def version():
    return run(BIN, "--version").stdout.split()[-1]


def test_package_metadata(deb):
    assert deb.name == f"diffgram-launch_{version()}_{run('dpkg', '--print-architecture').stdout.strip()}.deb"
    info = run("dpkg-deb", "-I", str(deb))
    assert info.returncode == 0, info.stderr
    fields = dict(line.strip().split(": ", 1) for line in info.stdout.splitlines()
                  if ": " in line and not line.startswith("  "))
    assert fields["Package"] == "diffgram-launch" and fields["Version"] == version()
    # dpkg-shlibdeps computed the runtime libraries from the binary: every shared library the
    # binary needs (libc6; Boost, spdlog and libstdc++ too when built with DGL_STATIC_DEPS=OFF) has
    # its package in Depends. The fully static binary (DGL_STATIC_EXE, the default) needs none.
    needed = needed_packages(BIN)
    if not needed:
        assert not fields.get("Depends"), f"a static binary with Depends: {fields['Depends']}"
        return
    depends = fields["Depends"]
    assert "libc6" in depends
    for lib in needed:
        assert lib in depends, f"Depends lacks {lib}: {depends}"


def needed_packages(binary):
    """The Debian package of each library in the binary's DT_NEEDED (not ldd's transitive list:
    dpkg-shlibdeps names direct needs only), located through ldd and owned per dpkg -S."""
    dyn = run("readelf", "-d", binary)
    assert dyn.returncode == 0, dyn.stderr
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dyn.stdout))
    if not needed:  # statically linked: ldd has nothing to locate
        return set()
    ldd = run("ldd", binary)
    assert ldd.returncode == 0, ldd.stderr
    paths = {}
    for line in ldd.stdout.splitlines():
        if "=>" in line and "/" in line:
            name, rest = line.split("=>", 1)
            paths[name.strip()] = rest.split("(")[0].strip()
    pkgs = set()
    for name in needed - {"ld-linux-x86-64.so.2"}:
        path = paths.get(name)
        assert path, f"ldd does not locate {name}: {ldd.stdout}"
        owner = run("dpkg", "-S", path)
        if owner.returncode != 0:
            owner = run("dpkg", "-S", os.path.realpath(path))
        assert owner.returncode == 0, f"no package owns {path}"
        pkgs.add(owner.stdout.split(":")[0])
    assert pkgs, dyn.stdout
    return pkgs


def test_package_contents(deb):
    listing = run("dpkg-deb", "-c", str(deb))
    assert listing.returncode == 0, listing.stderr
    entries = {line.split()[-1]: line.split()[0] for line in listing.stdout.splitlines()}
    for path in FILES:
        assert path in entries, f"{path} is not in the package"
    assert entries["./usr/bin/diffgram-launch"] == "-rwxr-xr-x"
    assert all(owner == "root/root" for owner in (line.split()[1] for line in listing.stdout.splitlines()))
    # The man page is the source page, gzip'ed.
    extract = deb.parent / "x"
    assert run("dpkg-deb", "-x", str(deb), str(extract)).returncode == 0
    with gzip.open(extract / "usr/share/man/man1/diffgram-launch.1.gz", "rt", encoding="utf-8") as f:
        assert f.read() == open(os.path.join(SOURCE, "packaging/man/diffgram-launch.1"), encoding="utf-8").read()


def installable():
    """None when this machine may install and remove the package, else why not."""
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("CI must run the package test as root (dpkg -i)")
        return "not root: dpkg -i needs root (CI runs this as root; run `sudo ctest -R it.package` to try)"
    status = run("dpkg-query", "-W", "-f=${Status}", "diffgram-launch").stdout
    if "installed" in status and "not-installed" not in status:
        return "a diffgram-launch package is installed on this machine already; the test leaves it alone"
    if os.path.exists("/usr/bin/diffgram-launch"):
        return "/usr/bin/diffgram-launch exists (not from a package); the test does not overwrite it"
    return None


def test_install_run_and_remove(deb, tmp_path):
    why = installable()
    if why:
        pytest.skip(why)
    r = run("dpkg", "-i", str(deb))
    assert r.returncode == 0, r.stdout + r.stderr
    try:
        # --version and check on the shipped example, from the installed binary.
        r = run("/usr/bin/diffgram-launch", "--version")
        assert r.returncode == 0 and r.stdout.strip() == f"diffgram-launch {version()}", r
        r = run("/usr/bin/diffgram-launch", "check", "--no-dotenv", "--env-file", f"{DOC}/examples/diffgram.env",
                cwd=str(tmp_path))
        assert r.returncode == 0, r.stdout + r.stderr
        # A fresh init output passes the installed check too.
        assert run("/usr/bin/diffgram-launch", "init", "--output", str(tmp_path / "new.env")).returncode == 0
        r = run("/usr/bin/diffgram-launch", "check", "--no-dotenv", "--env-file", str(tmp_path / "new.env"))
        assert r.returncode == 0, r.stdout + r.stderr
        # man finds the page; bash-completion's loader finds the completion by the command's name.
        r = run("man", "-w", "diffgram-launch")
        assert r.stdout.strip() == "/usr/share/man/man1/diffgram-launch.1.gz", r
        r = run("bash", "--norc", "--noprofile", "-c",
                "source /usr/share/bash-completion/completions/diffgram-launch && complete -p diffgram-launch")
        assert "_diffgram_launch" in r.stdout, r.stderr
        # The shipped unit, verified against the installed binary (no stand-in for ExecStart).
        if shutil.which("systemd-analyze"):
            units = tmp_path / "units"
            units.mkdir()
            shutil.copy(f"{DOC}/examples/systemd/diffgram@.service", units)
            r = run("systemd-analyze", "verify", "--man=no", str(units / "diffgram@default.service"))
            assert r.returncode == 0 and r.stderr == "", r.stderr
    finally:
        r = run("dpkg", "--purge", "diffgram-launch")
    assert r.returncode == 0, r.stdout + r.stderr
    for path in FILES:
        assert not os.path.exists(path[1:]), f"{path[1:]} left behind by dpkg --purge"
