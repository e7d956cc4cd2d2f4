#!/usr/bin/env bash
# Validates a Compose file (default: docker-compose.yml at the repository root) with the real
# Compose loader, compose-go, without a Docker engine: schema, interpolation with defaults,
# consistency, and that build contexts and bind-mount sources exist. Needs only Go; the first
# run downloads the pinned modules (checked against scripts/compose-check/go.sum).
#
#   bash scripts/compose-check.sh [COMPOSE_FILE]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
file="${1:-$root/docker-compose.yml}"
case "$file" in
  /*) ;;
  *) file="$PWD/$file" ;;
esac
# The checker is its own Go module, so `go run` runs from its folder (-C); the file is passed
# as an absolute path.
exec go -C "$root/scripts/compose-check" run . "$file"
