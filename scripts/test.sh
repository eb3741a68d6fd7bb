#!/usr/bin/env bash
# The whole test suite: lint, types, tests. What CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check kg tests scripts benchmarks
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
