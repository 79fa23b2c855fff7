#!/usr/bin/env bash
# Install the npm tools the test suite runs (each tools/<name>/ with a package-lock.json,
# e.g. tools/adr-ruleset: the Spectral CLI for the NL GOV API Design Rules) with `npm ci`,
# only when the lock file changed since the last install (hash kept in a stamp file).
# Needs Node.js 18+ and npm; reaches only the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "error: $*" >&2; exit 1; }

for lock in tools/*/package-lock.json; do
  [ -e "$lock" ] || continue
  dir="$(dirname "$lock")"
  stamp="$dir/node_modules/.weerbaar-lock.sha256"
  wanted="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
    command -v npm >/dev/null 2>&1 || fail "npm not found: install Node.js 18+ with npm (apt-get install nodejs npm)"
    echo "Installing the npm tools of $dir (package-lock.json changed) ..."
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || fail "npm ci in $dir failed (see above)"
    echo "$wanted" > "$stamp"
  fi
done
