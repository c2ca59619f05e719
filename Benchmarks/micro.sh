#!/usr/bin/env bash
# `make bench-micro`: listwash's hot paths under ordo-one/benchmark (Benchmarks/Micro, a package
# of its own, so the main build never compiles the harness). Release build of the benchmark
# package (the first one rebuilds listwash's libraries and swift-crypto: several minutes).
#
#   Benchmarks/micro.sh                 run every benchmark, print one table per benchmark, then
#                                       one summary table of medians (micro_summary.py; the
#                                       whole output is kept in bench-work/micro-last.txt)
#   Benchmarks/micro.sh save [NAME]     run and store the results as baseline NAME (default main)
#   Benchmarks/micro.sh compare [NAME]  run and print each metric's change against baseline NAME
#   Benchmarks/micro.sh check [NAME]    run and hold it to NAME with the thresholds set in
#                                       ListwashMicro.swift: prints the deviations (BETTER or
#                                       WORSE), exit status non-zero when there is any
#   Benchmarks/micro.sh baselines       list the stored baselines
#   Benchmarks/micro.sh -- ARGS...      anything else, passed to `swift package benchmark`
#
# FILTER='CSV.*' runs only the benchmarks whose name matches (a regular expression).
# Baselines live in Benchmarks/Micro/.benchmarkBaselines/ (git-ignored: numbers belong to one
# machine). A typical loop: `micro.sh save before`, change the code, `micro.sh compare before`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
pkg=$root/Benchmarks/Micro
# The mapping presets and rule data CSVSource and the normalizers load (found from the
# executable's path too; explicit here so a moved build folder still finds them).
export LISTWASH_RULES=${LISTWASH_RULES:-$root/rules}
filter=()
[[ -n ${FILTER:-} ]] && filter=(--filter "$FILTER")
bench() { swift package --package-path "$pkg" "$@"; }

case ${1:-run} in
  run)
    log=${BENCH_WORK:-$root/bench-work}/micro-last.txt
    mkdir -p "$(dirname "$log")"
    bench benchmark "${filter[@]}" --no-progress | tee "$log"
    echo
    python3 "$root/Benchmarks/micro_summary.py" "$log" ;;
  save) bench --allow-writing-to-package-directory benchmark baseline update "${2:-main}" "${filter[@]}" --no-progress ;;
  compare) bench benchmark baseline compare "${2:-main}" "${filter[@]}" --no-progress ;;
  check) bench benchmark baseline check "${2:-main}" "${filter[@]}" --no-progress ;;
  baselines) bench benchmark baseline list ;;
  --) shift; bench benchmark "$@" ;;
  *) sed -n '2,19p' "$0" >&2; exit 64 ;;
esac
