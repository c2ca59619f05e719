#!/usr/bin/env bash
# The main job on the bundled sample data, against the embedded sandbox of the bulk-import API:
# installs what is needed, builds, starts `listwash sandbox` on a free loopback port, then
# lints, audits and runs pipelines/newsletter-csv.yaml, prints the submit ledger and shows the
# contacts that arrived. Nothing leaves this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build
bin=$PWD/.build/debug/listwash
pipeline=pipelines/newsletter-csv.yaml
out=out/spring-newsletter
work=$(mktemp -d)
trap 'kill "${sandbox_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

# A throwaway token for the sandbox; it lives only in this process's environment.
AC_API_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export AC_API_TOKEN
"$bin" sandbox --port 0 --token-env AC_API_TOKEN --status-step-ms 300 2>"$work/sandbox.log" &
sandbox_pid=$!
for _ in $(seq 1 100); do
  port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\).*|\1|p' "$work/sandbox.log")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n ${port:-} ]] || { cat "$work/sandbox.log" >&2; echo "error: the sandbox did not start" >&2; exit 1; }
export AC_BASE_URL=http://127.0.0.1:$port
echo "== sandbox listening on $AC_BASE_URL"

echo "== listwash lint $pipeline"
"$bin" lint "$pipeline"
echo "== listwash audit $pipeline"
"$bin" audit "$pipeline" --html "$work/audit.html" --json "$work/audit.json"
echo "== listwash run $pipeline"
rm -rf "$out"
"$bin" run "$pipeline"
echo "== listwash status $out"
"$bin" status "$out"
echo "== contacts that arrived in the sandbox (GET /_sandbox/contacts)"
python3 - "$AC_BASE_URL/_sandbox/contacts" <<'PY'
import json, sys, urllib.request
contacts = json.load(urllib.request.urlopen(sys.argv[1]))["contacts"]
for c in contacts:
    print("  ", json.dumps(c, ensure_ascii=False))
print(f"   {len(contacts)} contacts")
PY
echo "== batches, manifest and rejects are in $out/"
