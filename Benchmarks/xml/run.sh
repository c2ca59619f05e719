#!/usr/bin/env bash
# XML benchmark: listwash parse vs lxml iterparse on a generated export.
# Usage: Benchmarks/xml/run.sh LISTWASH_BIN [RECORDS]   (default 200000 records)
# Prints wall time, CPU time (user+sys, the fairer number on a shared machine) and max RSS of each
# (from /usr/bin/time), and checks that both read every record.
set -euo pipefail
bin=${1:?usage: run.sh LISTWASH_BIN [RECORDS]}
n=${2:-200000}
here=$(cd "$(dirname "$0")" && pwd)
work=${BENCH_DIR:-/tmp/listwash-bench-xml}
mkdir -p "$work"
input="$work/contacts-$n.xml"
[ -s "$input" ] || python3 "$here/generate.py" "$n" "$input"
echo "input: $input ($(du -h "$input" | cut -f1), $n records)"

measure() {  # name, command...
    local name=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/$name.time" "$@" > "$work/$name.jsonl" 2> "$work/$name.err" || {
        echo "$name failed:"; cat "$work/$name.err"; exit 1; }
    read -r secs user sys kb < <(tail -n 1 "$work/$name.time")
    local lines; lines=$(wc -l < "$work/$name.jsonl")
    printf '%-10s %8.2f s wall  %8.2f s cpu  %7.1f MiB  %d records\n' "$name" "$secs" "$(echo "$user + $sys" | bc -l)" "$(echo "$kb / 1024" | bc -l)" "$lines"
    [ "$lines" -eq "$n" ] || { echo "$name: expected $n records, got $lines"; exit 1; }
}

for run in 1 2 3; do
    echo "run $run"
    measure listwash "$bin" parse "$input" --format xml --mapping generic-xml
    measure lxml python3 "$here/lxml_parse.py" "$input"
done
