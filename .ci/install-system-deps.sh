#!/usr/bin/env bash
# Debian packages the tests use: a real WordPress (PHP, MariaDB) served on loopback.
# Idempotent; quick when everything is already installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/install-wordpress.sh"
