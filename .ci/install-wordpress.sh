#!/usr/bin/env bash
# Install the Debian packages needed by tests/realwp (a real WordPress on loopback).
# Idempotent and non-interactive; exits quickly when everything is already installed.
set -euo pipefail

PACKAGES=(wordpress mariadb-server php-cli php-mysql)

missing=()
for pkg in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-wordpress: all packages already installed (${PACKAGES[*]})"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

echo "install-wordpress: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    --no-install-recommends "${missing[@]}"

for bin in php mariadbd mariadb-install-db mariadb; do
    command -v "$bin" >/dev/null || { echo "install-wordpress: $bin not found after install" >&2; exit 1; }
done
test -f /usr/share/wordpress/wp-load.php || { echo "install-wordpress: WordPress files missing" >&2; exit 1; }
echo "install-wordpress: done"
