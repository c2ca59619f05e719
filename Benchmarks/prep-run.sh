#!/usr/bin/env bash
# The benchmark workload as one `listwash run` of a pipeline file (the LISTWASH wrapper of
# ../shared/bench/run_peers.sh): the same settings as prep-pipe.sh, in the pipeline-file format
# of DESIGN.md §4, written to a temporary file for each run (no per-batch source maps, as in
# prep-pipe.sh: compare.py takes every batch-* file for a request).
#
# Usage: prep-run.sh CONTACTS.csv EXCLUSIONS.txt OUTDIR
#        prep-run.sh --check     checks that the setting paths below are the ones the binary's
#                                stages declare (bench.sh runs this before timing)
#        prep-run.sh --print C E O   prints the pipeline file instead of running it
# LISTWASH_BIN picks the binary (default: the release build beside this folder).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${LISTWASH_BIN:-$here/../.build/release/listwash}

# The settings of prep-pipe.sh as "stage path flag value": the pipeline file uses the path, the
# pipe the flag; --check holds both to `listwash STAGE --help`.
SETTINGS=$(cat <<'TABLE'
parse tag_separators --tag-separator ;
normalize email.syntax --email-syntax basic
normalize phone.mode --phone-mode keep
normalize names.collapse_spaces --collapse-spaces false
normalize tags.dedupe --tag-dedupe false
dedupe union --union false
TABLE
)

# A YAML single-quoted scalar.
q() { printf "'%s'" "${1//\'/\'\'}"; }

# `a.b value` lines of one stage → nested YAML at the given indent.
nested_yaml() {  # stage indent
  local stage=$1 indent=$2
  echo "$SETTINGS" | awk -v stage="$stage" -v ind="$indent" '
    $1 == stage {
      n = split($2, parts, ".")
      path = ""
      for (i = 1; i < n; i++) {
        path = path "." parts[i]
        if (!(path in opened)) { opened[path] = 1; printf "%s%*s%s:\n", ind, (i - 1) * 2, "", parts[i] }
      }
      v = $4
      if (v != "true" && v != "false") { gsub(/\047/, "\047\047", v); v = "\047" v "\047" }
      printf "%s%*s%s: %s\n", ind, (n - 1) * 2, "", parts[n], v
    }'
}

pipeline() {  # contacts exclusions out (absolute)
  cat <<YAML
version: 1
name: listwash-bench
inputs:
  - path: $(q "$1")
    tag_separators: [';']
normalize:
$(nested_yaml normalize "  ")
dedupe:
$(nested_yaml dedupe "  ")
exclude:
  - file: $(q "$2")
batch:
  out: $(q "$3")
  source_map: false
YAML
}

check() {
  local ok=0 stage path flag help
  while read -r stage path flag _; do
    help=$("$bin" "$stage" --help 2>&1 || true)
    if ! grep -qE "^ +${path//./\\.} +\\(${flag}\\)\$" <<<"$help"; then
      echo "prep-run.sh: '$stage' has no setting '$path' with flag '$flag' (see '$bin $stage --help'); update SETTINGS in $0" >&2
      ok=1
    fi
  done <<<"$SETTINGS"
  return $ok
}

case ${1:-} in
  --check) check; exit ;;
  --print) shift; pipeline "$(realpath -m "$1")" "$(realpath -m "$2")" "$(realpath -m "$3")"; exit ;;
esac
if [[ $# -ne 3 ]]; then
  echo "usage: $0 CONTACTS.csv EXCLUSIONS.txt OUTDIR" >&2
  exit 64
fi
file=$(mktemp "${TMPDIR:-/tmp}/listwash-bench-XXXXXX.yaml")
trap 'rm -f "$file"' EXIT
# Absolute paths: a pipeline file's relative paths start at its own folder.
pipeline "$(realpath -m "$1")" "$(realpath -m "$2")" "$(realpath -m "$3")" > "$file"
"$bin" run --dry-run "$file"
