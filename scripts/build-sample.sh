#!/usr/bin/env bash
# Build the sample article's graph into output/: Turtle (merged view), TriG (named graphs),
# the picture in the README (SVG, laid out by Graphviz) and the page to click through (HTML).
# A rebuild of the same article writes the same bytes: the run's time is SOURCE_DATE_EPOCH,
# by default the time of the seed article's last commit, and every layout is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing graphviz for the picture" >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null
  else
    echo "graphviz (dot) missing and not root: the picture falls back to a spring layout" >&2
  fi
fi
if [ -z "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct -- data/seed-article.txt 2>/dev/null || true)
  export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1602201600}  # else the article's own date, 2020-10-09
fi
.venv/bin/kg build data/seed-article.txt --output output
.venv/bin/kg validate output/seed-article.ttl output/seed-article.trig
.venv/bin/kg export output/seed-article.ttl --format svg --no-statements --output output/seed-article.svg
.venv/bin/kg export output/seed-article.ttl --format html --title "Seed article" --output output/seed-article.html
