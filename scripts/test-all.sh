#!/usr/bin/env bash
# Installs what the tests need and runs every test: type check, unit, integration
# and the end-to-end tests in Microsoft 365 Agents Playground with Debian's Chromium.
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

npm ci --no-audit --no-fund
npm test
