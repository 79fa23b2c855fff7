#!/usr/bin/env bash
# The tests look at pages in a real browser: headless Chromium from Debian's packages.
# Installs it (as root, with apt-get) only when no chromium is on the PATH.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "error: the page tests need Chromium: install it (Debian: apt-get install chromium)" >&2
  exit 1
fi
echo "Installing Chromium for the page tests (apt-get install chromium) ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
