#!/usr/bin/env bash
# The one test command (README, .ci/run): prepare services, type-check, check the layering, build the web UI, run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/test-env.sh
npx tsc --noEmit -p tsconfig.json
# Layering rules (.dependency-cruiser.cjs): a forbidden import or a cycle fails the test command here.
npx depcruise src bench --config .dependency-cruiser.cjs --output-type err
npm run build:web --silent
npx vitest run "$@"
