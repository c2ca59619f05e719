#!/usr/bin/env bash
# Fuzz every parser and normalizer (make fuzz).
#   scripts/fuzz.sh [SECONDS] [TARGET...]         libFuzzer + AddressSanitizer build (.build-fuzz/)
#   scripts/fuzz.sh --quick [SECONDS] [TARGET...] seeded mutation loop in the debug build (CI)
# Findings: libFuzzer writes crash-*; the mutation loop writes crash-TARGET-PID. Copy each into
# Tests/ListwashParsersTests/Fixtures/regressions/ (or the target's) and add a test for it.
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
  swift build --scratch-path .build-fuzz -c release --product listwash-fuzz \
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
