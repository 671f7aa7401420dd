#!/usr/bin/env bash
# Installs, with apt-get, every Debian package the build and the tests need.
# Idempotent: does nothing when everything is already present.
set -euo pipefail

pkgs=(
  cmake make g++ pkg-config
  libboost1.81-all-dev libboost-json1.81-dev libspdlog-dev catch2
  libssl-dev                       # OpenSSL HMAC-SHA256 for the Fernet key pin
  python3 python3-dotenv python3-click python3-yaml python3-pytest
  clang libclang-rt-14-dev        # sanitizer and libFuzzer runtimes
  util-linux procps bash           # unshare, ps for the supervisor tests
  gunicorn                         # end-to-end test with a real WSGI server
  systemd                          # systemd-analyze verify of the shipped unit
  dpkg-dev file                    # make package, dpkg-deb checks
  mandoc man-db groff-base         # man page lint and rendering (tests/integration/test_man.py)
  python3-cryptography             # the real Fernet accepts init's key (test_init.py)
  docker-compose                   # `docker-compose config` validates the compose example, no engine
)
[ "${1:-}" = "--bench" ] && pkgs+=(hyperfine tini time valgrind)
# npm for the bench's npm peers; a nodejs that already bundles npm (NodeSource) conflicts with Debian's npm.
[ "${1:-}" = "--bench" ] && ! command -v npm >/dev/null && pkgs+=(nodejs npm)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "bootstrap: installing ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
