#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine with Swift 6.3:
# system packages, build, conformance against ../shared/corpus, the browser check of the audit
# report, a short seeded fuzz run of every parser and normalizer, then every test (the last
# line counts them).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --browser
swift build --build-tests
scripts/conformance.sh
scripts/html-report-check.sh
scripts/fuzz.sh --quick 30
swift test --disable-xctest
