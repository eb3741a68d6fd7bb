#!/usr/bin/env bash
# The whole test suite: lint, types, tests. What CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# the browser test of the HTML export needs Debian's chromium and chromium-driver
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing chromium and chromium-driver for the browser test" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "chromium/chromedriver missing and not root: the browser test will be skipped" >&2
  fi
fi
.venv/bin/ruff check kg tests scripts benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
