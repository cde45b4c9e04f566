#!/usr/bin/env bash
# Prepares what the tests need on a fresh machine: Chromium for browser tests, a
# running PostgreSQL with a throwaway database (dropped when the sourcing script exits) and a NATS
# server with JetStream (the machine's at 127.0.0.1:4222, else one started here and stopped on exit).
# Sourced by scripts/test.sh and scripts/bench.sh; exports RENKEI_TEST_PG, RENKEI_TEST_NATS and
# RENKEI_PYTHON (Debian's python3 with the packages PyMISP and taxii2-client need).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# Japanese glyphs for the browser tests' screenshots.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# pdftotext reads back the report PDFs the hub prints with Chromium.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
# NATS: the federation suite runs over it, and isolation tests start servers of their own.
[ -x /usr/sbin/nats-server ] || command -v nats-server >/dev/null 2>&1 || missing+=(nats-server)
# Debian's Python packages the unmodified PyMISP and taxii2-client in ../shared/clients need.
for pkg in python3 python3-requests python3-dateutil python3-deprecated python3-six python3-tz; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test-env: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export RENKEI_PYTHON=/usr/bin/python3

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "test-env: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi

nats_pid=""
if (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then
  export RENKEI_TEST_NATS="${RENKEI_TEST_NATS:-nats://127.0.0.1:4222}"
else
  nats_dir="$(mktemp -d)"
  nats_bin="$(command -v nats-server || echo /usr/sbin/nats-server)"
  "$nats_bin" -a 127.0.0.1 -p 54222 -js -sd "$nats_dir" >"$nats_dir/log" 2>&1 &
  nats_pid=$!
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/54222) 2>/dev/null && break; sleep 0.1; done
  export RENKEI_TEST_NATS="nats://127.0.0.1:54222"
  echo "test-env: started nats-server (pid $nats_pid) at $RENKEI_TEST_NATS"
fi
stop_test_nats() {
  if [ -n "$nats_pid" ]; then kill "$nats_pid" 2>/dev/null || true; fi
}

db="renkei_test_$(date +%s)_$$"
PGUSER="${PGUSER:-postgres}"
if psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "CREATE DATABASE $db" >/dev/null 2>&1 \
  || su postgres -c "psql -qc 'CREATE DATABASE $db'" >/dev/null 2>&1; then
  export RENKEI_TEST_PG="postgres://$PGUSER@127.0.0.1:5432/$db"
  echo "test-env: throwaway database $db"
  drop_test_db() {
    psql -h 127.0.0.1 -U "$PGUSER" -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    stop_test_nats
  }
  trap drop_test_db EXIT
else
  echo "test-env: could not create a PostgreSQL database" >&2
  stop_test_nats
  exit 1
fi
