#!/usr/bin/env bash
# Instructions executed by each stage of the benchmark pipe, counted by valgrind's callgrind:
# reproducible to a fraction of a percent on this shared machine, where wall times move by 25 %
# between runs. Compares binaries: instructions.sh [BIN...] (default: the release build).
#
# Each stage reads the previous stage's output for the first 100,000 rows of the reference
# workload (made once with the first binary, in $BENCH_WORK/instructions), so every binary is
# measured on the same input. Start-up (about 0.1 G instructions, the rules and the exclusion
# list loading) is included. valgrind cannot read the debug information of the static release
# binary, so each binary is measured through a copy stripped of it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
W=${BENCH_WORK:-$root/bench-work}
ROWS=${ROWS:-100000}
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind is missing (apt-get install -y valgrind)" >&2; exit 1; }
bins=("$@"); [[ ${#bins[@]} -gt 0 ]] || bins=("$root/.build/release/listwash")
csv=$W/data/contacts_1000000.csv
excl=$W/data/exclusions_1000000.txt
[[ -s $csv && -s $excl ]] || { echo "instructions.sh: run 'make bench' first (it generates $csv)" >&2; exit 1; }
export LISTWASH_RULES=${LISTWASH_RULES:-$root/rules}
normalize=(normalize --email-syntax basic --phone-mode keep --collapse-spaces=false --tag-dedupe=false)

d=$W/instructions
mkdir -p "$d"
if [[ ! -s $d/x.jsonl || $csv -nt $d/x.jsonl ]]; then
  head -n $((ROWS + 1)) "$csv" > "$d/contacts.csv"
  b=${bins[0]}
  "$b" parse --tag-separator ';' "$d/contacts.csv" 2>/dev/null > "$d/p.jsonl"
  "$b" "${normalize[@]}" < "$d/p.jsonl" 2>/dev/null > "$d/n.jsonl"
  "$b" dedupe --union=false < "$d/n.jsonl" 2>/dev/null > "$d/d.jsonl"
  "$b" exclude "$excl" < "$d/d.jsonl" 2>/dev/null > "$d/x.jsonl"
fi

count() {  # millions of instructions of the command, its stdin from $IN
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" < "$IN" 2>&1 >/dev/null \
    | awk '/Collected/ { printf "%.1f", $4 / 1e6 }'
}

printf '| binary | parse | normalize | dedupe | exclude | batch | total |\n|---|---:|---:|---:|---:|---:|---:|\n'
for b in "${bins[@]}"; do
  s=$d/listwash.stripped
  strip --strip-debug -o "$s" "$b"
  IN=/dev/null; p=$(count "$s" parse --tag-separator ';' "$d/contacts.csv")
  IN=$d/p.jsonl; n=$(count "$s" "${normalize[@]}")
  IN=$d/n.jsonl; u=$(count "$s" dedupe --union=false)
  IN=$d/d.jsonl; e=$(count "$s" exclude "$excl")
  rm -rf "$d/out"; IN=$d/x.jsonl; t=$(count "$s" batch --source-map=false -o "$d/out")
  total=$(awk -v a="$p" -v b="$n" -v c="$u" -v e="$e" -v f="$t" 'BEGIN { printf "%.1f", a + b + c + e + f }')
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$b" "$p" "$n" "$u" "$e" "$t" "$total"
done
echo "(millions of instructions on $ROWS rows; exclude loads the 1M-row exclusion list)"
