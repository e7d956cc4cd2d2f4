#!/usr/bin/env bash
# Installs everything the system and its tests need, idempotently: npm packages (only when the
# lockfile changed since the last install) and the pinned Temporal CLI and test server in tools/.
# With --for-tests also what only the tests need: the API fuzzer, the Temporal server with its
# SQL tool built from source for the production shape, and Debian's chromium for the console's
# browser tests (`npm start` does not wait for those).
set -euo pipefail
cd "$(dirname "$0")/.."

stamp=node_modules/.installed-lock-sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "[setup] installing npm packages" >&2
  # `npm ci` installs exactly the lockfile and never rewrites it, so a fresh clone stays clean.
  # The lockfile lists every platform's optional packages (swc binaries), which `npm ci` needs.
  npm ci --no-audit --no-fund --loglevel=error
  sha256sum package-lock.json | cut -d' ' -f1 >"$stamp"
fi
bash scripts/install-temporal.sh
if [ "${1:-}" = "--for-tests" ]; then
  bash scripts/install-schemathesis.sh
  # The Temporal server and its schema tool for the production shape (PostgreSQL, test/production).
  bash scripts/install-temporal-server.sh
  # Debian's chromium for the staff console's browser tests (test/console).
  bash scripts/install-chromium.sh
fi
