#!/usr/bin/env bash
# System libraries the documents need (shared/documents/pdf.py): WeasyPrint renders with
# Pango (HarfBuzz, fontconfig) and needs at least one Unicode font. Installed with
# apt-get when missing and we may (root on Debian/Ubuntu, as CI is); otherwise a clear
# message. Quick when everything is present: one ldconfig and one fc-list.
set -euo pipefail

missing=()
ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' || missing+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing+=(libpangoft2-1.0-0)
ldconfig -p 2>/dev/null | grep -q 'libharfbuzz.so.0' || missing+=(libharfbuzz0b)
{ command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi 'DejaVu Sans'; } || missing+=(fontconfig fonts-dejavu-core)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages for PDF documents: ${missing[*]} ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "error: PDF documents need these system packages: ${missing[*]} (Debian/Ubuntu: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
