#!/usr/bin/env bash
# The workflow's Commit step: commit the regenerated docs/ (and fetched content/) as
# github-actions[bot] and push it to the branch, even when another run pushed first.
#
# Why: runs queue (a scheduled fetch, a push, a WordPress publish), and a queued run checks out
# the commit it was triggered on. By the time it pushes, an earlier run may have moved the
# branch on, and a plain `git push` is rejected: the fetched content was lost, nothing deployed.
#
# So, before each push attempt (PUSH_ATTEMPTS, with a backoff of PUSH_BACKOFF seconds that
# doubles), fetch the branch and rebase this run's commit onto it:
#   - the rebase applies: import again on the combined tree (listings, tag and category pages,
#     feeds and the graph are derived from every post, so two clean halves may still need a
#     third look) and fold what changes into the commit;
#   - the rebase conflicts in docs/ or content/: do NOT fail, and do not pick a side by hand.
#     Everything this run committed is derived: docs/ from content/ by the importer (which
#     keeps contributors' hand edits by a three-way merge), content/ from WordPress by the
#     fetcher (its state file differs in every run, so two fetch runs always conflict there).
#     The safe move is to drop this run's commit, start again from the new remote head,
#     re-run this run's own work on top of it (fetch again if this run fetched: it only asks
#     for what changed since the other run's fetch; then import), and commit again. Nothing
#     is lost: the other run's commit is the new base, and this run's changes are re-derived.
#   - a conflict anywhere else cannot come from this run's commit: stop with an error.
# Whatever lands, the step sets the output rebuild=true when the pushed tree differs from the
# one the Build step built, so the site that is deployed is the one in the repository.
#
# Authentication: the checkout keeps no credentials (persist-credentials: false), so the token
# (GITHUB_TOKEN) reaches git through the environment only (GIT_CONFIG_*), never the command
# line, .git/config or the log. Without GITHUB_TOKEN (the tests' local remote) nothing is set.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
remote=${PUSH_REMOTE:-origin}
branch=${PUSH_BRANCH:-${GITHUB_REF_NAME:-main}}
attempts=${PUSH_ATTEMPTS:-5}
backoff=${PUSH_BACKOFF:-5}
message="Regenerate the knowledge base [skip ci]"

if [ -n "${GITHUB_TOKEN:-}" ]; then
    basic=$(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 | tr -d '\n')
    export GIT_CONFIG_COUNT=1
    export GIT_CONFIG_KEY_0="http.${GITHUB_SERVER_URL:-https://github.com}/.extraheader"
    export GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $basic"
    unset basic
fi

bot_commit() {
    git -c user.name="github-actions[bot]" \
        -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
        commit --quiet "$@"
}

# Stage content/ and docs/; commit them, as a new commit or folded into this run's own commit
# (when HEAD is not the remote head). Returns without a commit when nothing changed.
commit_changes() {
    local base=${1:-}
    git add content docs
    if git diff --cached --quiet; then
        return 0
    fi
    if [ -n "$base" ] && [ "$(git rev-parse HEAD)" != "$base" ]; then
        bot_commit --amend --no-edit
    else
        bot_commit -m "$message"
    fi
}

import_again() {
    python -m generator import --report import-report.json
}

# Fetch the branch; set remote_head. A checkout is one commit deep: deepen it when the two
# histories do not meet yet (rarely: a fetch brings the commits down to what we have).
sync_remote() {
    git fetch --quiet "$remote" "$branch"
    remote_head=$(git rev-parse FETCH_HEAD)
    while ! git merge-base HEAD "$remote_head" >/dev/null 2>&1; do
        if [ "$(git rev-parse --is-shallow-repository)" != true ]; then
            echo "::error::$remote/$branch shares no history with this checkout." >&2
            exit 1
        fi
        git fetch --quiet --unshallow "$remote" "$branch"
        remote_head=$(git rev-parse FETCH_HEAD)
    done
}

git add content docs
if git diff --cached --quiet; then
    echo "docs/ is up to date: nothing to commit."
else
    bot_commit -m "$message"
fi
built_tree=$(git rev-parse 'HEAD^{tree}')

attempt=1
while :; do
    sync_remote
    if ! git merge-base --is-ancestor "$remote_head" HEAD; then
        echo "$remote/$branch moved on to $remote_head: rebasing this run's commit onto it."
        if git -c user.name="github-actions[bot]" \
               -c user.email="41898282+github-actions[bot]@users.noreply.github.com" \
               rebase --quiet "$remote_head"; then
            import_again
            commit_changes "$remote_head"
        else
            conflicted=$(git diff --name-only --diff-filter=U)
            git rebase --abort
            echo "The rebase conflicts in:"
            printf '  %s\n' "$conflicted"
            if grep -qvE '^(docs|content)/' <<<"$conflicted"; then
                echo "::error::Conflicts outside docs/ and content/: not this run's to resolve." >&2
                exit 1
            fi
            echo "Regenerated files only: redoing this run's work on top of $remote_head."
            git reset --quiet --hard "$remote_head"
            if [ "${FETCH:-false}" = true ]; then
                "$here/fetch.sh"
            fi
            import_again
            commit_changes "$remote_head"
        fi
    fi
    if [ "$(git rev-parse HEAD)" = "$remote_head" ]; then
        echo "$remote/$branch already has everything: nothing to push."
        break
    fi
    if git push --quiet "$remote" "HEAD:refs/heads/$branch"; then
        echo "Pushed $(git rev-parse --short HEAD) to $remote/$branch."
        break
    fi
    if [ "$attempt" -ge "$attempts" ]; then
        echo "::error::Could not push to $remote/$branch after $attempts attempts." >&2
        exit 1
    fi
    echo "The push was rejected (attempt $attempt of $attempts): trying again in ${backoff}s."
    sleep "$backoff"
    attempt=$((attempt + 1))
    backoff=$((backoff * 2))
done

if [ "$(git rev-parse 'HEAD^{tree}')" != "$built_tree" ]; then
    rebuild=true
else
    rebuild=false
fi
echo "rebuild=$rebuild" >>"${GITHUB_OUTPUT:-/dev/null}"
