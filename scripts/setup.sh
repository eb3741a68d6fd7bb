#!/usr/bin/env bash
# Create .venv (Python 3.11+) and install kg with its dev tools. Idempotent; safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.kg-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setting up .venv (installing kg and its dependencies)" >&2
  .venv/bin/python -m pip install -qq --upgrade pip
  # -qq: errors only. setuptools notes every editable install of a flat layout ("Editable
  # installation ... be careful with folders named like your package"); nothing to act on.
  .venv/bin/python -m pip install -qq -e '.[dev,serve,cluster]'
  touch "$stamp"
fi
