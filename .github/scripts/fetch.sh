#!/usr/bin/env bash
# The workflow's Fetch step: new and changed posts from the WordPress site named by the
# repository variable WORDPRESS_SITE_URL, into content/. Exit status 1 from the fetcher means
# some endpoints failed: what was fetched is kept and the next run resumes, so it is a warning.
# Also run by push.sh when it has to redo this run's work on top of a newer remote head.
set -euo pipefail
if [ -z "${WORDPRESS_SITE_URL:-}" ]; then
    echo "No WORDPRESS_SITE_URL repository variable: nothing to fetch."
    exit 0
fi
status=0
# shellcheck disable=SC2086  # FULL_FETCH is empty or one flag
python -m generator fetch "$WORDPRESS_SITE_URL" ${FULL_FETCH:-} || status=$?
if [ "$status" -eq 1 ]; then
    echo "::warning::Some endpoints failed; what was fetched is kept and the next run resumes."
elif [ "$status" -ne 0 ]; then
    exit "$status"
fi
