#!/usr/bin/env bash
# The batch stage alone on the benchmark workload: the records upstream would hand it
# (make_records.py) piped into `listwash batch`, checked with compare.py --full against the
# Python reference and timed (wall, cpu, peak RSS; GNU time).
#
# Usage: Benchmarks/pipe/batch.sh        ROWS (100000), BUILD (release | debug), BENCH_WORK
# (bench-work/), SHARED (../shared); uses bench.sh's data and reference when present.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# ../shared beside the repository (a worktree one level deeper finds it at ../../shared)
SHARED=${SHARED:-$root/../shared}
[[ -d $SHARED ]] || SHARED=$root/../../shared
bench=$(cd "$SHARED/bench" && pwd)
W=${BENCH_WORK:-$root/bench-work}
ROWS=${ROWS:-100000}
BUILD=${BUILD:-release}
PY=${PYTHON:-python3}
bin=${LISTWASH_BIN:-$root/.build/$BUILD/listwash}
[[ -x $bin ]] || { echo "batch.sh: no binary at $bin (swift build -c $BUILD)" >&2; exit 1; }
mkdir -p "$W/data" "$W/out/$ROWS"

csv=$W/data/contacts_$ROWS.csv
excl=$W/data/exclusions_$ROWS.txt
[[ -s $csv && -s $excl ]] || "$PY" "$bench/gen_contacts.py" --rows "$ROWS" --out "$csv" --exclusions "$excl"
ref=$W/out/$ROWS/python_stdlib
[[ -d $ref && ! $csv -nt $ref ]] || { rm -rf "$ref"; "$PY" "$bench/peers/python_stdlib_prep.py" "$csv" "$excl" "$ref"; }
records=$W/data/records_$ROWS.jsonl
[[ -s $records && ! $csv -nt $records ]] || "$PY" "$root/Benchmarks/pipe/make_records.py" "$csv" "$excl" "$records"

out=$W/out/$ROWS/listwash_batch_stage
rm -rf "$out"
/usr/bin/time -o "$W/out/batch_stage.time" -f '%e %U %S %M' "$bin" batch --source-map=false -o "$out" < "$records"
read -r wall user sys rss < "$W/out/batch_stage.time"
"$PY" "$bench/compare.py" --full "$ref" "$out"
awk -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v n="$(wc -l < "$records")" -v b="$BUILD" 'BEGIN {
  printf "batch stage (%s): %d records in %.2f s wall, %.2f s cpu, %.0f records/s, peak RSS %.0f MiB\n", b, n, w, u + s, n / (w > 0 ? w : 1e-9), m / 1024 }'
