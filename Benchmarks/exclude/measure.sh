#!/bin/sh
# Load time, memory and matching speed of `listwash exclude`.
#
#   Benchmarks/exclude/measure.sh [LISTWASH] [ENTRIES] [RECORDS] [KIND]
#
# Defaults: .build/release/listwash, 10,000,000 entries, 1,000,000 records, exact.
# KIND: exact | prefix | suffix | domain | sha256 | mixed (see gen_exclusions.py).
# Two runs: the list with no records (load time and the tables' memory), then with RECORDS
# records (load + matching; the difference is the matching time). User and system seconds are
# printed beside the wall time: on a machine shared with other work, wall time is mostly waiting.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/.build/release/listwash}
entries=${2:-10000000}
records=${3:-1000000}
kind=${4:-exact}
work=${BENCH_WORK:-$root/bench-work}/exclude
mkdir -p "$work"
list="$work/ex-$kind-$entries.txt"
recs="$work/recs-$kind-$entries-$records.jsonl"
[ -f "$list" ] && [ -f "$recs" ] || python3 "$here/gen_exclusions.py" --entries "$entries" --kind "$kind" --out "$list" \
    --records "$records" --records-out "$recs"

# A single record on stdin (the command needs input) measures the load alone.
echo '{"email":"nobody@nowhere.example","_src":{"file":"-","record":1,"line":1}}' > "$work/one.jsonl"
/usr/bin/time -f "%e %U %S %M" -o "$work/load.txt" "$bin" exclude "$list" < "$work/one.jsonl" > /dev/null 2> "$work/load-stderr.txt"
/usr/bin/time -f "%e %U %S %M" -o "$work/match.txt" "$bin" exclude "$list" < "$recs" > /dev/null 2> "$work/match-stderr.txt"
tail -n 1 "$work/match-stderr.txt"
set -- $(cat "$work/load.txt"); l_s=$1; l_u=$2; l_sys=$3; l_kb=$4
set -- $(cat "$work/match.txt"); m_s=$1; m_u=$2; m_sys=$3; m_kb=$4
echo "binary: $bin"
echo "list: $entries $kind entries ($(wc -c < "$list") bytes)"
echo "load: ${l_s} s wall (${l_u} s user, ${l_sys} s system), peak RSS ${l_kb} KiB ($(awk -v k="$l_kb" -v n="$entries" 'BEGIN { printf "%.1f", k * 1024 / n }') bytes per entry incl. the process)"
echo "load + $records records: ${m_s} s wall (${m_u} s user, ${m_sys} s system), peak RSS ${m_kb} KiB"
awk -v a="$l_s" -v b="$m_s" -v n="$records" 'BEGIN { if (b > a) printf "matching: %.0f records/s\n", n / (b - a) }'
