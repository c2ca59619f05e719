#!/usr/bin/env bash
# `make pgo`: refreshes Benchmarks/pgo/listwash.profdata, the profile that guides the release
# build's optimizer (Package.swift reads it; docs/performance.md, "Eleventh round").
#
#   1. builds an instrumented release binary (LISTWASH_PGO=generate; only listwash's own modules
#      are rebuilt)
#   2. runs it on the training workload: the reference pipeline (`listwash run`), each stage of
#      the five-process pipe, a vCard and an XML export (ROWS rows of the reference workload,
#      default 200,000; the instrumented binary is about twice as slow)
#   3. merges the raw profiles with the toolchain's llvm-profdata into the profile
#   4. builds the release binary again, now guided by the profile
#
# The profile only steers decisions (which calls to inline, which branch is the likely one);
# the code compiled is the same source either way. A stale profile (functions changed since)
# is ignored for those functions, so re-run this after large changes to the hot paths.
# Environment: ROWS (200000), BENCH_WORK (bench-work/), SHARED (../shared).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${SHARED:-$root/../shared}
[[ -d $SHARED ]] || SHARED=$root/../../shared
ROWS=${ROWS:-200000}
W=${BENCH_WORK:-$root/bench-work}/pgo
profdata=$(dirname "$(command -v swift)")/llvm-profdata
[[ -x $profdata ]] || { echo "pgo.sh: llvm-profdata is missing beside swift ($profdata)" >&2; exit 1; }
rm -rf "$W"; mkdir -p "$W/raw"

# The objects of listwash's own modules are removed first: the compiler skips code generation
# when a module's IR is unchanged, and IR-level profile flags do not change the IR it compares,
# so the objects of the previous build would be linked again (instrumented ones, or unguided).
build() {
  rm -rf "$root"/.build/release/Listwash*.build "$root"/.build/release/listwash.build
  (cd "$root" && swift build -c release --static-swift-stdlib --product listwash)
}
echo "== instrumented build"
LISTWASH_PGO=generate build
bin=$root/.build/release/listwash
export LISTWASH_BIN=$bin LLVM_PROFILE_FILE=$W/raw/%p.profraw
export LISTWASH_RULES=$root/rules

echo "== training workload ($ROWS rows)"
csv=$W/contacts.csv excl=$W/exclusions.txt
python3 "$SHARED/bench/gen_contacts.py" --rows "$ROWS" --seed 7 --out "$csv" --exclusions "$excl" >/dev/null
"$root/Benchmarks/prep-run.sh" "$csv" "$excl" "$W/run-out" >/dev/null
"$root/Benchmarks/prep-pipe.sh" "$csv" "$excl" "$W/pipe-out" >/dev/null 2>&1
python3 "$root/Benchmarks/vcard/gen_vcards.py" "$W/cards.vcf" $((ROWS / 4)) >/dev/null
"$bin" parse "$W/cards.vcf" 2>/dev/null | "$bin" normalize >/dev/null 2>&1
python3 "$root/Benchmarks/xml/generate.py" $((ROWS / 4)) "$W/contacts.xml" >/dev/null
"$bin" parse "$W/contacts.xml" --format xml --mapping generic-xml 2>/dev/null > /dev/null

echo "== merging $(ls "$W/raw" | wc -l) raw profiles"
mkdir -p "$root/Benchmarks/pgo"
"$profdata" merge -o "$root/Benchmarks/pgo/listwash.profdata" "$W"/raw/*.profraw
ls -l "$root/Benchmarks/pgo/listwash.profdata"
unset LLVM_PROFILE_FILE
echo "== release build guided by the profile"
build
