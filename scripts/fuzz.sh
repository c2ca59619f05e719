#!/usr/bin/env bash
# Fuzz every parser and normalizer (make fuzz).
#   scripts/fuzz.sh [SECONDS] [TARGET...]         libFuzzer + AddressSanitizer build (.build-fuzz/)
#   scripts/fuzz.sh --quick [SECONDS] [TARGET...] seeded mutation loop in the debug build (CI)
# Findings: libFuzzer writes crash-*; the mutation loop writes crash-TARGET-PID. Copy each into
# Tests/ListwashParsersTests/Fixtures/regressions/ (or the target's) and add a test for it.
#
# libFuzzer with this toolchain (Swift 6.3.1, Debian 12): works. SwiftPM renames an executable's
# entry point, so libFuzzer's own main() is not used: main.swift calls LLVMFuzzerRunDriver, which
# CFuzzSupport declares weak (absent in normal builds, where the mutation loop runs instead);
# `-sanitize=fuzzer,address` goes to every Swift target and lld links (gold prints hundreds of
# ASan warnings). Measured 2026-11-27 on the shared 2-core machine (load ~8 from other builds):
# the first `.build-fuzz` release build took 733 s (GRDB 168 objects, BoringSSL, Yams, Logging);
# `scripts/fuzz.sh 20 csv` then ran ~8,800 inputs (~400/s: each input is written to a scratch
# file and opened like a real export), no finding; from the 206 seeds, coverage 1,846 edges
# against 1,478 from an empty corpus. The product links no library its harnesses do
# not use (no NIO, Hummingbird or ArgumentParser); GRDB and swift-log come in only because the
# `pipeline` harness needs ListwashPipeline, which depends on ListwashImport, and swift-crypto
# because ListwashStages hashes exclusion entries.
# The corpus folder given first receives new inputs; the target's seed folders are read after it.
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
if [[ ${1:-} == --quick ]]; then quick=1; shift; fi
seconds=${1:-60}; shift || true
targets=("$@")
((${#targets[@]})) || targets=(csv vcard xml jsonl email phone pipeline)
mkdir -p .fuzz
if ((quick)); then
  swift build --product listwash-fuzz >/dev/null
  bin=.build/debug/listwash-fuzz
else
  # No profile guidance (Package.swift) in the sanitized build: its counts describe other code.
  # The run-time exclusivity checks stay on, as in the debug build (Package.swift).
  LISTWASH_PGO=off LISTWASH_EXCLUSIVITY=checked swift build --scratch-path .build-fuzz -c release --product listwash-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld
  bin=.build-fuzz/release/listwash-fuzz
fi
export SWIFT_BACKTRACE=enable=no
for t in "${targets[@]}"; do
  if ((quick)); then
    (cd .fuzz && "../$bin" "$t" --seconds "$seconds")
  else
    mkdir -p ".fuzz/corpus-$t"
    (cd .fuzz && "../$bin" "$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 "corpus-$t")
  fi
done
