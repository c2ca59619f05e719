#!/bin/sh
# Rewrites the expected files of every golden case (Tests/ListwashCLITests/Golden/*) from the
# current build, then shows what changed. Review the diff before committing.
set -eu
cd "$(dirname "$0")/.."
LISTWASH_UPDATE_GOLDEN=1 swift test --disable-xctest --filter GoldenCaseTests
git status --short Tests/ListwashCLITests/Golden
git diff --stat Tests/ListwashCLITests/Golden
