#!/bin/sh
# Renders an audit's HTML report in a real browser (headless Chromium) and checks that the main
# sections and numbers are in the rendered DOM; saves a screenshot as a test artifact.
#
#   scripts/html-report-check.sh [PIPELINE.yaml] [ARTIFACT_DIR]
#
# Defaults: pipelines/from-records.yaml, .build/artifacts/html-report. Uses $LISTWASH_BIN or the
# debug build. Installs Debian's chromium when it is missing and we are root (CI).
set -eu

pipeline=${1:-pipelines/from-records.yaml}
artifacts=${2:-.build/artifacts/html-report}
listwash=${LISTWASH_BIN:-.build/debug/listwash}
mkdir -p "$artifacts"

browser=""
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
    if [ "$(id -u)" = 0 ]; then
        echo "html-report-check: installing chromium" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null
        browser=chromium
    else
        echo "html-report-check: error: chromium is not installed (apt-get install -y chromium)" >&2
        exit 1
    fi
fi

html="$artifacts/audit.html"
json="$artifacts/audit.json"
status=0
"$listwash" audit "$pipeline" --html "$html" --json "$json" >"$artifacts/audit.txt" 2>"$artifacts/audit.stderr" || status=$?
if [ "$status" != 0 ] && [ "$status" != 2 ]; then
    echo "html-report-check: error: 'listwash audit $pipeline' exited $status" >&2
    cat "$artifacts/audit.stderr" >&2
    exit 1
fi

# A fresh profile and no network: the page must render from itself alone.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags="--headless --no-sandbox --disable-gpu --user-data-dir=$profile --no-first-run --disable-extensions
       --proxy-server=127.0.0.1:9 --proxy-bypass-list=<-loopback> --hide-scrollbars"
url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
# shellcheck disable=SC2086
timeout 120 "$browser" $flags --virtual-time-budget=2000 --dump-dom "$url" >"$artifacts/dom.html" 2>"$artifacts/browser.log"
# shellcheck disable=SC2086
timeout 120 "$browser" $flags --window-size=1100,3600 --screenshot="$artifacts/audit.png" "$url" >/dev/null 2>>"$artifacts/browser.log"

fail=0
check() {
    if ! grep -q -- "$1" "$artifacts/dom.html"; then
        echo "html-report-check: missing from the rendered page: $1" >&2
        fail=1
    fi
}
for id in summary funnel rejects duplicates exclusions fill-rates unmapped domains phones inputs batch-plan warnings; do
    check "<section id=\"$id\">"
done
for title in "Funnel" "Rejects by code" "Field fill rates" "Top domains" "Batch plan"; do
    check "<h2>$title"
done
check "<svg class=\"chart\""
# The numbers of the summary, as the JSON report states them.
read_n() { sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" "$json" | head -n 1; }
check "data-key=\"read\">$(read_n read)<"
check "data-key=\"importable\">$(read_n importable)<"
check "data-key=\"rejected\">$(read_n rejected)<"
check "data-key=\"duplicates-merged\">$(read_n duplicates_merged)<"
if grep -qi "<script" "$artifacts/dom.html"; then echo "html-report-check: the page has a script" >&2; fail=1; fi
if [ ! -s "$artifacts/audit.png" ]; then echo "html-report-check: no screenshot was saved" >&2; fail=1; fi

if [ "$fail" = 0 ]; then
    echo "html-report-check: ok ($pipeline; screenshot $artifacts/audit.png)"
fi
exit "$fail"
