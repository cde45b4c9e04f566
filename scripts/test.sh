#!/usr/bin/env bash
# The one test command (README, .ci/run): prepare services, type-check, build the web UI, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-env.sh
cleanup() {
  psql "${RENKEI_TEST_PG%/*}/postgres" -qc "DROP DATABASE IF EXISTS ${RENKEI_TEST_PG##*/} WITH (FORCE)" >/dev/null 2>&1 || true
}
trap cleanup EXIT
npx tsc --noEmit -p tsconfig.json
npm run build:web --silent
npx vitest run "$@"
