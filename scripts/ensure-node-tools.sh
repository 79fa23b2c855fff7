#!/usr/bin/env bash
# Install the Node.js tools the tests use (tools/asyncapi-validate: the official AsyncAPI
# parser) from the npm registry, exactly as package-lock.json pins them, only when the lock
# file changed since the last install (hash kept in a stamp file). Needs node and npm (18+).
set -euo pipefail
cd "$(dirname "$0")/../tools/asyncapi-validate"

STAMP=node_modules/.weerbaar-lock.sha256

fail() { echo "error: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || fail "node not found: install Node.js 18+ (apt-get install nodejs npm)"
command -v npm >/dev/null 2>&1 || fail "npm not found: install npm (apt-get install npm)"

wanted="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$wanted" ]; then
  echo "Installing the AsyncAPI parser into tools/asyncapi-validate/node_modules (package-lock.json changed) ..."
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error || fail "npm ci in tools/asyncapi-validate failed (see above)"
  echo "$wanted" > "$STAMP"
fi
