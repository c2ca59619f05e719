#!/usr/bin/env bash
# Conformance against the public test suites in ../shared/corpus (CSV, vCard, XML, email, phone).
# The corpus is read at test time, never copied into the repository; with
# LISTWASH_REQUIRE_CORPUS=1 a missing corpus fails loudly instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${LISTWASH_CORPUS:-$(cd .. && pwd)/shared/corpus}
if [[ ! -d $corpus ]]; then
  echo "error: conformance corpus not found at $corpus (set LISTWASH_CORPUS)" >&2
  exit 1
fi
export LISTWASH_CORPUS=$corpus LISTWASH_REQUIRE_CORPUS=1
swift test --disable-xctest --filter 'Conformance'
