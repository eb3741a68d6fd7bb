#!/usr/bin/env bash
# The long fuzz run, on demand: N generated articles (default 10,000) through read, extraction,
# RDF and SHACL; reports crashes, lost articles (graphs that violate the shapes) and spans outside
# their sentence, with the first inputs of each. About 1-2 articles a second on one core.
#   bash scripts/fuzz.sh [N] [--seed S] [--no-known-bugs]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
n=${1:-10000}
shift || true
exec .venv/bin/python scripts/fuzz.py --articles "$n" "$@"
