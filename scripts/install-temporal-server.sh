#!/usr/bin/env bash
# Installs the Temporal server and its SQL schema tool, built from the official Go module at a
# pinned version, into tools/ (git-ignored): tools/temporal-server and tools/temporal-sql-tool.
# They run the production shape natively (scripts/production-shape.ts): Temporal on PostgreSQL,
# as docker-compose.yml runs it. Idempotent: a version marker makes a second run instant.
#
# Needs Go. The first build takes about 10 minutes on 2 cores; Go's build cache
# (~/.cache/go-build) makes a rebuild on the same machine (a fresh clone) quick. Go checks every
# module it downloads against its checksum database, so the sources are the published ones.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/tools"
mkdir -p "$TOOLS"

VERSION=v1.32.0
MODULE=go.temporal.io/server
MARKER="$MODULE@$VERSION cmd/server cmd/tools/sql"

log() { echo "[install-temporal-server] $*" >&2; }

installed() {
  [ -x "$TOOLS/temporal-server" ] && [ -x "$TOOLS/temporal-sql-tool" ] &&
    [ "$(cat "$TOOLS/temporal-server.version" 2>/dev/null)" = "$MARKER" ]
}

if ! installed; then
  command -v go >/dev/null || {
    log "needs Go (https://go.dev/dl/) to build the Temporal server $VERSION"
    exit 1
  }
  log "building Temporal server $VERSION and temporal-sql-tool with go install (about 10 min the first time)"
  started=$SECONDS
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # Both packages of one module version in one command: built side by side.
  GOBIN="$tmp" go install "$MODULE/cmd/server@$VERSION" "$MODULE/cmd/tools/sql@$VERSION"
  mv "$tmp/server" "$TOOLS/temporal-server"
  mv "$tmp/sql" "$TOOLS/temporal-sql-tool"
  echo "$MARKER" >"$TOOLS/temporal-server.version"
  log "built in $((SECONDS - started)) s"
fi

# Verify by running them.
"$TOOLS/temporal-server" --help >/dev/null || { log "tools/temporal-server does not run"; exit 1; }
"$TOOLS/temporal-sql-tool" --help >/dev/null || { log "tools/temporal-sql-tool does not run"; exit 1; }
