#!/usr/bin/env bash
# `make bench`: listwash on the reference workload of ../shared/bench (contact import prep),
# checked against the plain-Python reference and timed, then timed together with the peers.
#
#   1. builds listwash (release by default)
#   2. generates the workload (gen_contacts.py, ROWS rows, SEED) under bench-work/data/
#   3. makes the reference output with peers/python_stdlib_prep.py
#   4. runs listwash both ways, in one process (prep-run.sh: `listwash run` of a pipeline file)
#      and as a five-process pipe (prep-pipe.sh), checks each with compare.py --full against the
#      reference, then times RUNS more runs: median wall s, cpu s, rows/s, peak RSS (GNU time)
#   5. runs ../shared/bench/run_peers.sh with LISTWASH/LISTWASH_PIPE set (BENCH_WORK=bench-work),
#      its output kept in bench-work/out/run_peers.log
#   6. ends with ONE table (bench_table.py, from the logs of steps 4 and 5, nothing timed twice):
#      every tool (listwash run, listwash pipe, each peer run_peers.sh found installed) with
#      median wall s, cpu s, peak RSS MiB, rows/s, its agreement with the reference, and
#      listwash's wall-time ratio to it ("run ÷ this", "pipe ÷ this": below 1, listwash is faster)
#
# Environment: ROWS (1000000), SEED (42), RUNS (3), BUILD (release | debug), SKIP_BUILD=1,
# MODES ("run pipe"), PEERS (run_peers.sh's list plus listwash listwash_pipe; "none" skips step 5),
# BENCH_WORK (bench-work/), SHARED (../shared beside the repository), LISTWASH_BIN (a listwash
# binary to use instead of .build/BUILD/listwash; combine with SKIP_BUILD=1).
# Times only compare within one run on one machine: step 5 times listwash and its peers together.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# ../shared beside the repository (a worktree one level deeper finds it at ../../shared)
SHARED=${SHARED:-$root/../shared}
[[ -d $SHARED ]] || SHARED=$root/../../shared
bench=$(cd "$SHARED/bench" && pwd)
W=${BENCH_WORK:-$root/bench-work}
ROWS=${ROWS:-1000000}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
BUILD=${BUILD:-release}
MODES=${MODES:-"run pipe"}
PEERS=${PEERS:-"listwash listwash_pipe python_stdlib pandas polars duckdb miller"}
PY=${PYTHON:-python3}
TIME=/usr/bin/time
mkdir -p "$W/data" "$W/out"
W=$(cd "$W" && pwd)

[[ -x $TIME ]] || { echo "bench.sh: GNU time is missing (apt-get install -y time)" >&2; exit 1; }

# 1. build
if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "== building listwash ($BUILD)"
  # Release binaries link the Swift runtime and Foundation statically, as Swift recommends for
  # deploying on Linux: 5 MiB less resident memory per process (no relocation of the shared
  # runtime libraries) and no runtime libraries to install beside the binary.
  static=(); [[ $BUILD == release ]] && static=(--static-swift-stdlib)
  (cd "$root" && swift build -c "$BUILD" --product listwash "${static[@]}")
fi
export LISTWASH_BIN=${LISTWASH_BIN:-$root/.build/$BUILD/listwash}
[[ -x $LISTWASH_BIN ]] || { echo "bench.sh: no binary at $LISTWASH_BIN" >&2; exit 1; }
echo "== binary: $LISTWASH_BIN"

# 2. data (the file names run_peers.sh uses, so it reuses them)
csv=$W/data/contacts_$ROWS.csv
excl=$W/data/exclusions_$ROWS.txt
if [[ ! -s $csv || ! -s $excl ]]; then
  echo "== generating $ROWS rows (seed $SEED)"
  "$PY" "$bench/gen_contacts.py" --rows "$ROWS" --seed "$SEED" --out "$csv" --exclusions "$excl"
fi
mb=$("$PY" -c "import os,sys; print(f'{os.path.getsize(sys.argv[1])/1e6:.1f}')" "$csv")

# 3. reference output
ref=$W/out/$ROWS/python_stdlib
if [[ ! -d $ref || $csv -nt $ref ]]; then
  echo "== reference output (python_stdlib_prep.py)"
  rm -rf "$ref"
  "$PY" "$bench/peers/python_stdlib_prep.py" "$csv" "$excl" "$ref"
fi

# 4. listwash, both ways
"$root/Benchmarks/prep-run.sh" --check || echo "bench.sh: warning: the pipeline file of prep-run.sh does not match the stages' settings" >&2
echo "== listwash on $ROWS rows ($mb MB), $RUNS timed runs after the checked one, $(nproc) cores"
printf '| listwash | median wall s [min-max] | median cpu s | median peak RSS MiB | rows/s | check |\n|---|---:|---:|---:|---:|---|\n'
failed=0
for mode in $MODES; do
  case $mode in
    run) cmd=$root/Benchmarks/prep-run.sh ;;
    pipe) cmd=$root/Benchmarks/prep-pipe.sh ;;
    *) echo "bench.sh: unknown mode '$mode' (run, pipe)" >&2; exit 64 ;;
  esac
  out=$W/out/$ROWS/listwash_$mode
  log=$W/out/listwash_$mode.time
  errlog=$W/out/listwash_$mode.stderr
  rm -rf "$out"
  : > "$log"
  check=failed
  if "$TIME" -o "$log.run" -f '%e %U %S %M' "$cmd" "$csv" "$excl" "$out" > "$errlog" 2>&1; then
    if "$PY" "$bench/compare.py" --full "$ref" "$out" > "$W/out/listwash_$mode.compare" 2>&1; then
      check=agrees
    else
      check="DIFFERS (see $W/out/listwash_$mode.compare)"
    fi
    for _ in $(seq 1 "$RUNS"); do
      if ! "$TIME" -o "$log.run" -f '%e %U %S %M' "$cmd" "$csv" "$excl" "$out" > /dev/null 2> "$errlog.timed"; then
        check="FAILED in a timed run (see $errlog.timed)"
        break
      fi
      tail -n 1 "$log.run" >> "$log"
    done
  else
    check="FAILED (see $errlog)"
  fi
  rm -f "$log.run"
  echo "$check" > "$W/out/listwash_$mode.check"
  [[ $check == agrees ]] || failed=1
  "$PY" - "$mode" "$log" "$ROWS" "$check" <<'PYEOF'
import statistics, sys
mode, log, rows, check = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
runs = [list(map(float, l.split())) for l in open(log) if l.strip()]
if not runs:
    print(f"| {mode} | - | - | - | - | {check} |")
    sys.exit()
walls = [r[0] for r in runs]
wall = statistics.median(walls)
cpu = statistics.median(r[1] + r[2] for r in runs)
rss = statistics.median(r[3] for r in runs) / 1024  # GNU time reports KiB
print(f"| {mode} | {wall:.2f} [{min(walls):.2f}-{max(walls):.2f}] | {cpu:.2f} | {rss:.0f} | {rows / max(wall, 1e-9):,.0f} | {check} |")
PYEOF
done
for mode in $MODES; do  # the ledgers (and any error) of each checked run
  if [[ -s $W/out/listwash_$mode.stderr ]]; then sed "s/^/  $mode: /" "$W/out/listwash_$mode.stderr" | tail -n 12; fi
done

# 5. peers, timed together with listwash
rm -f "$W"/out/timing/*.txt "$W/out/run_peers.log"  # no stale timings in the table
if [[ $PEERS != none ]]; then
  echo "== peers (run_peers.sh, BENCH_WORK=$W)"
  BENCH_WORK=$W ROWS=$ROWS RUNS=$RUNS SEED=$SEED PEERS=$PEERS PYTHON=$PY \
    LISTWASH=$root/Benchmarks/prep-run.sh LISTWASH_PIPE=$root/Benchmarks/prep-pipe.sh \
    "$bench/run_peers.sh" 2>&1 | tee "$W/out/run_peers.log" || { echo "bench.sh: run_peers.sh failed" >&2; failed=1; }
fi

# 6. one table
echo
"$PY" "$root/Benchmarks/bench_table.py" "$W" "$ROWS" "$MODES" "$([[ $PEERS == none ]] && echo none || echo "$PEERS")" "$RUNS"
exit $failed
