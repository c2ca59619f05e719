#!/usr/bin/env bash
# Installs the system packages listwash builds and tests with (Debian 12). Idempotent.
#   libxml2-dev        XML parser (libxml2's streaming reader)
#   libphonenumber-dev phone normalization (C++ library behind a C shim)
#   libidn2-dev        internationalized domain names in emails
#   libsqlite3-dev     the submit ledger and the sandbox (GRDB)
#   libmimalloc-dev    the allocator the listwash executable links (Package.swift; 6 % of
#                      `listwash run`'s wall time; LISTWASH_MALLOC=system builds without it)
#   pkg-config         system-library targets
#   libcurl4-openssl-dev  libcurl.so for the release build's static Swift runtime (its
#                      FoundationNetworking links curl; see Benchmarks/README.md)
#   time               GNU time for benchmarks
#   chromium           renders the audit's HTML report in the browser test (only with --browser)
set -euo pipefail
packages=(libxml2-dev libphonenumber-dev libidn2-dev libsqlite3-dev libmimalloc-dev libcurl4-openssl-dev pkg-config python3 time)
if [[ ${1:-} == --browser ]]; then packages+=(chromium); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
command -v swift >/dev/null || { echo "error: Swift 6.3 is not on PATH (install it from swift.org, e.g. to /opt/swift)" >&2; exit 1; }
