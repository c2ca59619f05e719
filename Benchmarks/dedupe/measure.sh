#!/bin/sh
# Bytes per unique contact of `listwash dedupe` (merge: first), its throughput, and what the
# union of `first` (survivors held in a temporary file until the end of input) costs.
#
#   Benchmarks/dedupe/measure.sh [LISTWASH] [ROWS]
#
# On ROWS records (default 1,000,000):
# 1. the index: `--union=false` (pure streaming) once with every email unique, once with every
#    row the same email. Both runs read and write the same amount of JSON, so the difference in
#    peak resident memory is the index; divided by ROWS it is the bytes per unique contact.
# 2. the union: the default (`union: true`) on the all-unique input (every survivor goes through
#    the temporary file), and on an input where every contact appears twice (half the rows add
#    their tags and `_src` to a survivor). Compared with `--union=false` on the same input.
# LISTWASH defaults to .build/release/listwash (debug numbers: pass .build/debug/listwash).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/.build/release/listwash}
rows=${2:-1000000}
work=${BENCH_WORK:-$root/bench-work}/dedupe
mkdir -p "$work"
half=$((rows / 2))
[ -f "$work/unique-$rows.jsonl" ] || python3 "$here/gen_records.py" --rows "$rows" --unique "$rows" > "$work/unique-$rows.jsonl"
[ -f "$work/same-$rows.jsonl" ] || python3 "$here/gen_records.py" --rows "$rows" --unique 1 > "$work/same-$rows.jsonl"
[ -f "$work/twice-$rows.jsonl" ] || python3 "$here/gen_records.py" --rows "$rows" --unique "$half" > "$work/twice-$rows.jsonl"

run() { # file flags... -> "seconds kbytes"
    f=$1; shift
    /usr/bin/time -f "%e %U %M" -o "$work/time.txt" "$bin" dedupe "$@" < "$f" > /dev/null 2> "$work/stderr.txt"
    tail -n 1 "$work/stderr.txt" >&2
    cat "$work/time.txt"
}
echo "binary: $bin"
echo "rows: $rows"
set -- $(run "$work/unique-$rows.jsonl" --union=false); u_s=$1; u_u=$2; u_kb=$3
set -- $(run "$work/same-$rows.jsonl" --union=false); s_s=$1; s_kb=$3
echo "union off, all unique: ${u_s} s (${u_u} s user), peak RSS ${u_kb} KiB"
echo "union off, all same:   ${s_s} s, peak RSS ${s_kb} KiB"
awk -v u="$u_kb" -v s="$s_kb" -v n="$rows" -v t="$u_s" 'BEGIN {
    printf "index: %.1f MiB = %.1f bytes per unique contact\n", (u - s) / 1024, (u - s) * 1024 / n
    if (t > 0) printf "throughput (unique, union off): %.0f records/s\n", n / t
}'
set -- $(run "$work/unique-$rows.jsonl"); v_s=$1; v_u=$2; v_kb=$3
echo "union on,  all unique: ${v_s} s (${v_u} s user), peak RSS ${v_kb} KiB"
set -- $(run "$work/twice-$rows.jsonl" --union=false); t_s=$1; t_u=$2; t_kb=$3
set -- $(run "$work/twice-$rows.jsonl"); w_s=$1; w_u=$2; w_kb=$3
echo "union off, each twice: ${t_s} s (${t_u} s user), peak RSS ${t_kb} KiB"
echo "union on,  each twice: ${w_s} s (${w_u} s user), peak RSS ${w_kb} KiB"
awk -v a="$u_u" -v b="$v_u" -v ka="$u_kb" -v kb="$v_kb" -v c="$t_u" -v d="$w_u" -v kc="$t_kb" -v kd="$w_kb" -v n="$rows" -v h="$half" 'BEGIN {
    printf "spill, all unique: +%.2f s user (%+.0f%%), %+.1f MiB peak RSS\n", b - a, (a > 0 ? (b - a) * 100 / a : 0), (kb - ka) / 1024
    printf "spill + additions, each twice: +%.2f s user (%+.0f%%), %+.1f MiB peak RSS = %.1f bytes per folded duplicate\n", d - c, (c > 0 ? (d - c) * 100 / c : 0), (kd - kc) / 1024, (kd - kc) * 1024 / (n - h)
}'
