#!/bin/sh
# Bytes per unique contact of `listwash dedupe` (merge: first), and its throughput.
#
#   Benchmarks/dedupe/measure.sh [LISTWASH] [ROWS]
#
# Runs dedupe twice on ROWS records (default 1,000,000): once with every email unique, once with
# every row the same email. Both runs read and write the same amount of JSON, so the difference in
# peak resident memory is the index; divided by ROWS it is the bytes per unique contact.
# LISTWASH defaults to .build/release/listwash (debug numbers: pass .build/debug/listwash).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/.build/release/listwash}
rows=${2:-1000000}
work=${BENCH_WORK:-$root/bench-work}/dedupe
mkdir -p "$work"
[ -f "$work/unique-$rows.jsonl" ] || python3 "$here/gen_records.py" --rows "$rows" --unique "$rows" > "$work/unique-$rows.jsonl"
[ -f "$work/same-$rows.jsonl" ] || python3 "$here/gen_records.py" --rows "$rows" --unique 1 > "$work/same-$rows.jsonl"

run() { # file -> "seconds kbytes"
    /usr/bin/time -f "%e %M" -o "$work/time.txt" "$bin" dedupe < "$1" > /dev/null 2> "$work/stderr.txt"
    tail -n 1 "$work/stderr.txt" >&2
    cat "$work/time.txt"
}
set -- $(run "$work/unique-$rows.jsonl"); u_s=$1; u_kb=$2
set -- $(run "$work/same-$rows.jsonl"); s_s=$1; s_kb=$2
echo "binary: $bin"
echo "rows: $rows"
echo "all unique: ${u_s} s, peak RSS ${u_kb} KiB"
echo "all same:   ${s_s} s, peak RSS ${s_kb} KiB"
awk -v u="$u_kb" -v s="$s_kb" -v n="$rows" -v t="$u_s" 'BEGIN {
    printf "index: %.1f MiB = %.1f bytes per unique contact\n", (u - s) / 1024, (u - s) * 1024 / n
    if (t > 0) printf "throughput (unique): %.0f records/s\n", n / t
}'
