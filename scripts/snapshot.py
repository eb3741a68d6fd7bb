"""Snapshot of everything kg writes for a set of articles, to prove a change leaves the output as it was.

    PYTHONPATH=. .venv/bin/python scripts/snapshot.py OUT_DIR [--jobs N] [--via outcomes|article] [INPUT ...]

For every article of the inputs (default: ../shared/corpus/dev, /work/heldout, /work/heldout2 and
the .txt files of /work/review5 and /work/review6, those that exist; KG_DEV_CORPUS names another
dev directory), OUT_DIR/<set>/<name>.nq holds
the built dataset's N-Quads, sorted, with a fixed run time, then the article's facts taken out, its
violations or its error, and the SHA-256 of its Turtle and TriG. OUT_DIR/evaluate.json is
`kg evaluate ../shared/corpus/dev --json`. Compare two snapshots with `diff -r A B`.

`--via outcomes` (the default) builds through api.outcomes (the build's path: serial with
--jobs 1, the process pool above); `--via article` through api.build_article, one by one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import api, inputs, rdf  # noqa: E402

RUN_TIME = dt.datetime(2025, 1, 1, 12, 0, 0, tzinfo=dt.UTC)
DEV = Path(os.environ.get("KG_DEV_CORPUS", ROOT.parent / "shared" / "corpus" / "dev"))
SETS = {
    "dev": [DEV],
    "heldout": [Path("/work/heldout")],
    "heldout2": [Path("/work/heldout2")],
    "review5": sorted(Path("/work/review5").glob("*.txt")),
    "review6": sorted(Path("/work/review6").glob("*.txt")),
}


def _sha(b: bytes | None) -> str:
    return hashlib.sha256(b).hexdigest() if b is not None else "-"


def record(o: api.Outcome) -> str:
    lines = sorted(set((o.nquads or b"").decode("utf-8").splitlines()))
    lines.append("# ---")
    lines += [f"# {m}" for m in o.messages()]
    lines.append(f"# ttl {_sha(o.ttl)}")
    lines.append(f"# trig {_sha(o.trig)}")
    lines.append(f"# counts {sorted(o.counts.items())}")
    if o.kept and o.nquads is not None:  # as a store lays it out (kg.store)
        from kg.store import laid_out

        lo = laid_out(o)
        lines.append(f"# store layout {_sha(lo.nquads)} {sorted(lo.mention_counts.items())}")
    return "\n".join(lines) + "\n"


def via_article(items: list[inputs.Item]) -> list[api.Outcome]:
    out = []
    for it in items:
        o = api.Outcome(it.name, it.rel, it.article, it.error)
        if it.article is not None:
            b = api.build_article(it.article, run_time=RUN_TIME)
            o.removed = b.removed
            o.nquads = rdf.to_nquads(b.dataset)
            o.ttl = b.graph.serialize(format="turtle", encoding="utf-8")
            o.trig = rdf.to_trig(b.dataset)
        out.append(o)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--via", choices=("outcomes", "article"), default="outcomes")
    ap.add_argument("--no-evaluate", action="store_true")
    args = ap.parse_args()
    out = Path(args.out)
    opts = api.Options(run_time=RUN_TIME, files=True, nquads=True)
    for name, paths in SETS.items():
        paths = [p for p in paths if p.exists()]
        if not paths:
            print(f"{name}: missing, skipped", file=sys.stderr)
            continue
        items = list(inputs.iter_items(paths))
        if args.via == "article":
            outs = via_article(items)
        else:
            outs = list(api.outcomes(items, opts, jobs=args.jobs))
        d = out / name
        d.mkdir(parents=True, exist_ok=True)
        for o in outs:
            (d / f"{Path(o.name).stem}.nq").write_text(record(o), encoding="utf-8")
        print(f"{name}: {len(outs)} articles", file=sys.stderr)
    if not args.no_evaluate:
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        res = subprocess.run(
            [sys.executable, "-m", "kg", "evaluate", str(DEV), "--json"],
            env=env,
            capture_output=True,
            check=False,
        )
        (out / "evaluate.json").write_bytes(res.stdout + f"\n# exit {res.returncode}\n".encode())


if __name__ == "__main__":
    main()
