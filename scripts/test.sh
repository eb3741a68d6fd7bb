#!/usr/bin/env bash
# The whole test suite: lint, types, tests. What CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# the browser test of the HTML export needs Debian's chromium and chromium-driver; the picture
# and the page's layout need Graphviz (without it they fall back, and their tests say so)
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${need[*]} for the browser and picture tests" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "${need[*]} missing and not root: the tests that need them will be skipped" >&2
  fi
fi
.venv/bin/ruff check kg tests scripts benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest -q -rs "$@"
