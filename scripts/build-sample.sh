#!/usr/bin/env bash
# Build the sample article's graph into output/ (Turtle merged view + TriG named graphs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg build data/seed-article.txt --output output
.venv/bin/kg validate output/seed-article.ttl output/seed-article.trig
