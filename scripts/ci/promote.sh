#!/usr/bin/env bash
# The promotion workflow's step: gaia promote on a new branch, then push it and open the pull request whose merge is the
# promotion. Reads FROM, TO, BRANCH and optional GAME, ONLY (all|images|config), REASON from the environment.
set -euo pipefail
: "${FROM:?}" "${TO:?}" "${BRANCH:?}"
args=(promote "$FROM" "$TO" --branch "$BRANCH" --format markdown)
[ -n "${GAME:-}" ] && args+=(--game "$GAME")
[ -n "${ONLY:-}" ] && [ "$ONLY" != all ] && args+=(--only "$ONLY")
[ -n "${REASON:-}" ] && args+=(--force --reason "$REASON")
git config user.name "${GIT_AUTHOR_NAME:-gaia promote}"
git config user.email "${GIT_AUTHOR_EMAIL:-gaia-promote@users.noreply.github.com}"
# Outside the working tree: gaia promote refuses a dirty one.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node "$(dirname "$0")/../../bin/gaia.js" "${args[@]}" > "$tmp/promote.md"
if ! git rev-parse --verify --quiet "refs/heads/$BRANCH" >/dev/null; then
  echo "nothing to promote from $FROM to $TO"
  exit 0
fi
title=$(git log -1 --format=%s "$BRANCH")
{ git log -1 --format=%b "$BRANCH"; echo; cat "$tmp/promote.md"; } | head -c 65000 > "$tmp/pr-body.md"
git push origin "$BRANCH"
gh pr create --base "${GITHUB_REF_NAME:-main}" --head "$BRANCH" --title "$title" --body-file "$tmp/pr-body.md"
