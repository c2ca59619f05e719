#!/usr/bin/env bash
# The benchmark workload as a shell pipe of five listwash processes (the LISTWASH_PIPE wrapper
# of ../shared/bench/run_peers.sh). Usage: prep-pipe.sh CONTACTS.csv EXCLUSIONS.txt OUTDIR
#
# The normalize flags make listwash's rules equal to the workload's (../shared/bench/README.md):
# the basic email shape instead of the full syntax, phones kept as written, inner spaces of names
# kept, tags not deduplicated; and dedupe's first occurrence wins with its own tags (no union of
# later duplicates' tags, so it streams). The batch folder holds only what the check reads: no
# per-batch source maps (batch-NNNNN.src.jsonl, for submit), which compare.py would take for batch files.
# Each stage prints its ledger line on stderr.
# LISTWASH_BIN picks the binary (default: the release build beside this folder).
set -euo pipefail
if [[ $# -ne 3 ]]; then
  echo "usage: $0 CONTACTS.csv EXCLUSIONS.txt OUTDIR" >&2
  exit 64
fi
here=$(cd "$(dirname "$0")" && pwd)
bin=${LISTWASH_BIN:-$here/../.build/release/listwash}
contacts=$1 exclusions=$2 out=$3

"$bin" parse --tag-separator ';' "$contacts" \
  | "$bin" normalize --email-syntax basic --phone-mode keep --collapse-spaces=false --tag-dedupe=false \
  | "$bin" dedupe --union=false \
  | "$bin" exclude "$exclusions" \
  | "$bin" batch --source-map=false -o "$out"
