#!/usr/bin/env bash
# The one test command (README, .ci/run): prepare services, type-check, build the web UI, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-env.sh
npx tsc --noEmit -p tsconfig.json
npm run build:web --silent
npx vitest run "$@"
