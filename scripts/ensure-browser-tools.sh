#!/usr/bin/env bash
# What the browser tests (the portal's pages, the /asyncapi and /v1/docs pages) need beyond
# Python: Debian's Chromium (Playwright drives it through its executable path; Playwright's
# own browser download is never used) and axe-core from npm (tests/portal/package-lock.json).
# Installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${WEERBAAR_CHROMIUM:-/usr/bin/chromium}"
fail() { echo "error: $*" >&2; exit 1; }

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the portal's browser tests ..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium fonts-dejavu-core fonts-liberation >/dev/null
  else
    fail "$CHROMIUM not found: install Debian's chromium (apt-get install chromium) or set WEERBAAR_CHROMIUM"
  fi
fi
if [ ! -f tests/portal/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || fail "npm not found: install Node.js with npm (apt-get install npm)"
  echo "Installing axe-core for the portal's accessibility tests ..."
  npm ci --prefix tests/portal --no-audit --no-fund --loglevel=error
fi
