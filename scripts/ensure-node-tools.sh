#!/usr/bin/env bash
# Install the npm tools the test suite runs — tools/adr-ruleset (the Spectral CLI for the NL GOV
# API Design Rules) and tools/asyncapi-validate (the official AsyncAPI parser) — with `npm ci`
# exactly as their package-lock.json pins them, only when a lock file changed since the last
# install (hash kept in a stamp file). tools/asyncapi-page is a build tool for a committed file,
# not needed by the tests. Needs Node.js 18+ and npm; reaches only the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

TEST_TOOLS=(tools/adr-ruleset tools/asyncapi-validate)

fail() { echo "error: $*" >&2; exit 1; }

for dir in "${TEST_TOOLS[@]}"; do
  stamp="$dir/node_modules/.weerbaar-lock.sha256"
  wanted="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
    command -v npm >/dev/null 2>&1 || fail "npm not found: install Node.js 18+ with npm (apt-get install nodejs npm)"
    echo "Installing the npm tools of $dir (package-lock.json changed) ..."
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) || fail "npm ci in $dir failed (see above)"
    echo "$wanted" > "$stamp"
  fi
done
