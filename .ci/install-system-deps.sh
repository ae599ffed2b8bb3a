#!/usr/bin/env bash
# Debian packages the tests use: a real WordPress (PHP, MariaDB) served on loopback, and
# Chromium for the browser tests (Playwright drives Debian's chromium; `playwright install`
# cannot download its own browser here). Idempotent; quick when everything is installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-wordpress.sh"
if ! command -v chromium >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "install-system-deps: installing chromium"
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium
fi
