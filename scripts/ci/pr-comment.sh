#!/usr/bin/env bash
# The pull-request comment: what the merge changes in the rendered output (gaia diff), the findings (a markdown report
# of gaia validate, given as a file) and the allowed-flow graph of each changed game. Usage:
#   scripts/ci/pr-comment.sh <base-ref> <findings.md> <out.md>
# The first line is a marker the workflow uses to update its comment instead of adding another one.
set -uo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 <base-ref> <findings.md> <out.md>" >&2
  exit 2
fi
base="$1" findings="$2" out="$3"
gaia() { node "$(dirname "$0")/../../bin/gaia.js" "$@"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The diff's JSON names the changed games; its markdown (the second render hits the content-addressed cache) is sized to
# leave room for the findings and graphs within GitHub's 65,536-character limit.
gaia diff --since "$base" --format json --output "$tmp/diff.json" || diff_rc=$?
gaia diff --since "$base" --format markdown --max-chars 40000 --output "$tmp/diff.md" || true
games=$(node -e 'const d=require(process.argv[1]);console.log([...new Set(d.targets.filter(t=>t.game&&t.status!=="unchanged"&&t.status!=="removed").map(t=>t.game))].sort().join(" "))' "$tmp/diff.json" 2>/dev/null)

{
  echo "<!-- gaia-pr-comment -->"
  if [ -s "$tmp/diff.md" ]; then cat "$tmp/diff.md"; else echo "_gaia diff could not compare with ${base} (exit ${diff_rc:-?}); see the job log._"; fi
  echo
  if [ -s "$findings" ]; then cat "$findings"; else echo "_No validation report (see the job log)._"; fi
  for game in $games; do
    echo
    echo "<details><summary>Network: allowed flows of <code>${game}</code></summary>"
    echo
    gaia graph --game "$game" --format mermaid || echo "_gaia graph failed for ${game}_"
    echo
    echo "</details>"
  done
} > "$tmp/comment.md"
head -c 65000 "$tmp/comment.md" > "$out"
