#!/usr/bin/env bash
# Installs what the tests need and runs every test: type check, unit, integration,
# the store tests on a real PostgreSQL and the end-to-end tests in Microsoft 365
# Agents Playground with Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing Chromium for the end-to-end tests (apt-get)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' (the end-to-end tests drive it)." >&2
    exit 1
  fi
fi

# PostgreSQL's server programs: the restart test always starts a server of its own.
bash scripts/test-postgres.sh install

npm ci --no-audit --no-fund

# The PostgreSQL of the store tests: DATABASE_URL when set, else one on 127.0.0.1:5432 that lets
# user postgres in, else a throwaway cluster in a temporary folder, removed however the tests end.
TEST_PG_DIR=""
stop_postgres() {
  if [ -n "$TEST_PG_DIR" ]; then bash scripts/test-postgres.sh stop "$TEST_PG_DIR" || true; fi
}
trap stop_postgres EXIT
trap 'exit 130' INT TERM
postgres=$(bash scripts/test-postgres.sh ensure)
TEST_PG_DIR=$(sed -n 's/^TEST_PG_DIR=//p' <<<"$postgres")
DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' <<<"$postgres")
export DATABASE_URL

npm test
