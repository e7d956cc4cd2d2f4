#!/usr/bin/env bash
# Installs schemathesis, the property-based API fuzzer of test/api/fuzz.api.test.ts, into its own
# virtual environment tools/schemathesis/ (git-ignored): every package pinned with its hash
# (scripts/schemathesis-requirements.txt). Idempotent: a second run only compares a stamp.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="$PWD/tools/schemathesis"
REQUIREMENTS=scripts/schemathesis-requirements.txt
stamp="$VENV/.requirements-sha256"
want=$(sha256sum "$REQUIREMENTS" | cut -d' ' -f1)

log() { echo "[install-schemathesis] $*" >&2; }

if [ -x "$VENV/bin/schemathesis" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
log "installing schemathesis into tools/schemathesis"
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
  --only-binary=:all: -r "$REQUIREMENTS" >&2
# Verify by running it.
"$VENV/bin/schemathesis" --version >/dev/null || { log "tools/schemathesis does not run"; exit 1; }
echo "$want" >"$stamp"
log "ok: $("$VENV/bin/schemathesis" --version)"
