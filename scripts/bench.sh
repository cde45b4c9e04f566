#!/usr/bin/env bash
# `npm run bench`: prepares the same services as the tests (Chromium, a throwaway PostgreSQL database),
# then runs every benchmark module (or those named) and writes bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-env.sh
[ -f dist/web/index.html ] || npm run build:web --silent
node --import tsx bench/run.ts "$@"
