#!/usr/bin/env bash
# Build the sample article's graph into output/: Turtle (merged view), TriG (named graphs),
# and the picture in the README (SVG, made by the export).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg build data/seed-article.txt --output output
.venv/bin/kg validate output/seed-article.ttl output/seed-article.trig
.venv/bin/kg export output/seed-article.ttl --format svg --no-statements --output output/seed-article.svg
.venv/bin/kg export output/seed-article.ttl --format html --title "Seed article" --output output/seed-article.html
