#!/usr/bin/env bash
# Installs everything the system and its tests need, idempotently: npm packages (only when the
# lockfile changed since the last install) and the pinned Temporal binaries in tools/.
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
bash scripts/install-chromium.sh
