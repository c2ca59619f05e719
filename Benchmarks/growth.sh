#!/usr/bin/env bash
# `make bench-growth`: how listwash grows with its input (issue #9). For each size in ROWS_LIST
# it runs the reference workload (../shared/bench) both ways, `listwash run` of a pipeline file
# (prep-run.sh) and the five-process pipe (prep-pipe.sh), under GNU time, and then prints
#   - a table: rows, unique contacts, wall s, s per million rows, cpu s, peak RSS MiB (for the
#     pipe: the largest single process, and which stage it was), MiB per million unique contacts;
#   - two ASCII charts: seconds per million rows by size (flat = wall time linear in rows) and
#     peak MiB against unique contacts (a straight line = memory linear in unique contacts),
#     with the slope between sizes;
#   - the same charts as an SVG file, bench-work/growth.svg (hand-written SVG, no plotting library).
#
# Every listwash process runs through a small wrapper (LISTWASH_BIN of the prep scripts) that
# puts it under /usr/bin/time and writes one log per subcommand (parse.time, normalize.time,
# ...), so the pipe's peak is per process, not the sum. Unique contacts are the records that
# leave `dedupe` (its ledger line): the entries of the dedupe index.
#
# Environment: ROWS_LIST ("100000 1000000 10000000"), SEED (42), BUILD (release | debug),
# SKIP_BUILD=1, LISTWASH_BIN (a binary instead of .build/BUILD/listwash), MODES ("run pipe"),
# BENCH_WORK (bench-work/), SHARED (../shared beside the repository), KEEP_OUT=1 keeps the
# batch folders (removed by default, once every run is done: 10M rows write ~2.3 GB each way).
# Not removed between runs: ext4 without a journal (this machine's) skips inodes deleted in the
# last 30 seconds when it creates a file, scanning past every one of them, so a run right after
# a 3,334-file folder was removed spent 1.5 s of system time creating its own files (28 % of its
# samples in `recently_deleted`) and measured the deletion, not listwash.
# Data files are bench-work/data/contacts_N.csv and exclusions_N.txt, the names bench.sh and
# run_peers.sh use, so they are shared; generating 10M rows takes a few minutes (~770 MB).
# Results: bench-work/growth/results.tsv (one line per size and mode), the per-process GNU time
# logs in bench-work/growth/N/MODE/, and bench-work/growth.svg.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$root/../shared}
[[ -d $SHARED ]] || SHARED=$root/../../shared
bench=$(cd "$SHARED/bench" && pwd)
W=${BENCH_WORK:-$root/bench-work}
ROWS_LIST=${ROWS_LIST:-"100000 1000000 10000000"}
SEED=${SEED:-42}
BUILD=${BUILD:-release}
MODES=${MODES:-"run pipe"}
PY=${PYTHON:-python3}
TIME=/usr/bin/time
mkdir -p "$W/data" "$W/growth"
W=$(cd "$W" && pwd)
G=$W/growth

[[ -x $TIME ]] || { echo "growth.sh: GNU time is missing (apt-get install -y time)" >&2; exit 1; }

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "== building listwash ($BUILD)"
  # Release binaries link the Swift runtime and Foundation statically, as Swift recommends for
  # deploying on Linux: 5 MiB less resident memory per process (no relocation of the shared
  # runtime libraries) and no runtime libraries to install beside the binary.
  static=(); [[ $BUILD == release ]] && static=(--static-swift-stdlib)
  (cd "$root" && swift build -c "$BUILD" --product listwash "${static[@]}")
fi
real_bin=${LISTWASH_BIN:-$root/.build/$BUILD/listwash}
[[ -x $real_bin ]] || { echo "growth.sh: no binary at $real_bin" >&2; exit 1; }
echo "== binary: $real_bin"

# The wrapper: each listwash process under GNU time, one log per subcommand ($1).
wrapper=$G/listwash-timed
cat > "$wrapper" <<'SH'
#!/bin/sh
# growth.sh's wrapper: listwash under GNU time, one log per subcommand in $LISTWASH_TIME_DIR.
exec /usr/bin/time -o "$LISTWASH_TIME_DIR/$1.time" -f '%e %U %S %M' "$LISTWASH_REAL_BIN" "$@"
SH
chmod +x "$wrapper"
export LISTWASH_REAL_BIN=$real_bin

results=$G/results.tsv
outs=()
printf 'rows\tmode\tunique\tout\twall\tcpu\tpeak_kib\tpeak_process\tpeaks_mib\n' > "$results"
for n in $ROWS_LIST; do
  csv=$W/data/contacts_$n.csv
  excl=$W/data/exclusions_$n.txt
  if [[ ! -s $csv || ! -s $excl ]]; then
    echo "== generating $n rows (seed $SEED)"
    "$PY" "$bench/gen_contacts.py" --rows "$n" --seed "$SEED" --out "$csv" --exclusions "$excl"
  fi
  for mode in $MODES; do
    case $mode in
      run) cmd=$root/Benchmarks/prep-run.sh ;;
      pipe) cmd=$root/Benchmarks/prep-pipe.sh ;;
      *) echo "growth.sh: unknown mode '$mode' (run, pipe)" >&2; exit 64 ;;
    esac
    logs=$G/$n/$mode
    out=$G/$n/$mode.out
    rm -rf "$logs" "$out"
    mkdir -p "$logs"
    echo "== $n rows, $mode"
    if ! LISTWASH_BIN=$wrapper LISTWASH_TIME_DIR=$logs \
         "$TIME" -o "$logs/total.time" -f '%e %U %S %M' "$cmd" "$csv" "$excl" "$out" > /dev/null 2> "$logs/stderr"; then
      echo "growth.sh: $mode failed on $n rows:" >&2
      tail -n 5 "$logs/stderr" >&2
      exit 1
    fi
    outs+=("$out")
    "$PY" - "$n" "$mode" "$logs" >> "$results" <<'PYEOF'
import os, re, sys
n, mode, logs = sys.argv[1], sys.argv[2], sys.argv[3]
def last(path):  # GNU time's line: wall user sys maxrss_KiB (a failed command adds a line before it)
    lines = [l for l in open(path).read().splitlines() if l.strip()]
    return list(map(float, lines[-1].split()))
wall, user, sys_, _ = last(os.path.join(logs, "total.time"))
peaks = {f[:-5]: last(os.path.join(logs, f))[3] for f in os.listdir(logs) if f.endswith(".time") and f != "total.time"}
proc, peak = max(peaks.items(), key=lambda kv: kv[1]) if peaks else ("?", 0)
stderr = open(os.path.join(logs, "stderr")).read()
def ledger(stage):
    m = re.search(rf"^{stage}: in \d+ = out (\d+)", stderr, re.M)
    return m.group(1) if m else "?"
order = ["run", "parse", "normalize", "dedupe", "exclude", "batch"]
every = ",".join(f"{p}:{peaks[p] / 1024:.0f}" for p in sorted(peaks, key=lambda p: (order.index(p) if p in order else 99, p)))
print(f"{n}\t{mode}\t{ledger('dedupe')}\t{ledger('batch')}\t{wall}\t{user + sys_:.2f}\t{peak:.0f}\t{proc}\t{every}")
PYEOF
    tail -n 1 "$results" | awk -F'\t' '{printf "   wall %s s, cpu %s s, peak %.0f MiB (%s), unique %s, out %s\n", $5, $6, $7 / 1024, $8, $3, $4}'
  done
done

[[ ${KEEP_OUT:-0} == 1 ]] || rm -rf "${outs[@]}"
"$PY" "$root/Benchmarks/growth_report.py" "$results" "$W/growth.svg" "listwash $BUILD build, $(nproc) cores"
