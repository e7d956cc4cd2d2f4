#!/usr/bin/env bash
# Installs Debian's chromium for the staff console's browser tests (playwright-core drives it by
# its executable path: no browser download by a test tool). Idempotent: quick when present.
set -euo pipefail

log() { echo "[install-chromium] $*" >&2; }

# A Japanese font too: the ja pages (and their README screenshots) otherwise show empty boxes.
FONT=fonts-ipafont-gothic
have_font() { dpkg-query -W -f='${Status}' "$FONT" 2>/dev/null | grep -q 'install ok installed'; }
if command -v chromium >/dev/null 2>&1 && have_font; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  log "chromium or $FONT is missing and installing it needs root: run 'apt-get install -y chromium $FONT' as root"
  exit 1
fi
log "installing Debian's chromium and $FONT"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || log "apt-get update failed; trying the package lists already on the machine"
apt-get install -y -qq --no-install-recommends chromium "$FONT" >/dev/null
command -v chromium >/dev/null 2>&1 || { log "chromium is still missing after apt-get"; exit 1; }
log "installed: $(chromium --version 2>/dev/null || echo chromium)"
