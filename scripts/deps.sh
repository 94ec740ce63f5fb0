#!/usr/bin/env bash
# Installs what building and testing ringlog needs from Debian 12's packages, only if missing.
# Idempotent; uses sudo when not root.
set -euo pipefail

packages=(
  meson ninja-build pkg-config g++ clang libclang-rt-14-dev libasan8 libtsan2 libubsan1
  libfmt-dev libconcurrentqueue-dev libbenchmark-dev catch2
  libspdlog-dev valgrind gnuplot-nox jq python3 cmake lnav rsyslog
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "ringlog: installing ${missing[*]}" >&2
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
