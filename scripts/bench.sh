#!/usr/bin/env bash
# `npm run bench`: prepares the same services as the tests (Chromium, a throwaway PostgreSQL database),
# then runs every benchmark module (or those named) and writes bench/results.json.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-env.sh
cleanup() {
  psql "${RENKEI_TEST_PG%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${RENKEI_TEST_PG##*/} WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
[ -f dist/web/index.html ] || npm run build:web --silent
node --import tsx bench/run.ts "$@"
