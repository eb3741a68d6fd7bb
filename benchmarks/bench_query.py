"""Query benchmark on a corpus store built by kg itself: every saved query through kg
(Oxigraph, the store's merged view) and through rdflib's own SPARQL engine on the same data.

    .venv/bin/python benchmarks/bench_query.py [--articles 1800] [--store DIR] [--rdflib-timeout 120]

The corpus is the dev texts built through kg, each copy with its own source (as
benchmarks/bench_corpus.py makes it), so entities are shared across articles as in news: the
store describes each entity once and every saved query joins through shared entities. Give
`--store` to reuse a store (e.g. `bench_corpus.py --keep DIR`), or to keep the one built here;
otherwise one is built with every core in a temporary directory. Each saved query is timed as
`kg query NAME --store` answers it (kg.query.on_store: from the store's materialized views when
they are those of its articles) and evaluated by Oxigraph (the SPARQL column). rdflib gets the
store's default graph (the merged view the queries run on) and runs each query in a child
process stopped after the timeout. Goal (issue 11): every saved query < 100 ms at 1,000
articles and >= 50x faster than rdflib at >= 1M triples.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_corpus import corpus, write_jsonl  # noqa: E402

from kg import inputs, parallel, query, store  # noqa: E402

_RDFLIB: list[object] = []  # the merged view parsed once by rdflib, shared with the forked children


def rdflib_query(q: str, conn: object) -> None:
    g = _RDFLIB[0]
    t = time.perf_counter()
    rows = len(list(g.query(q)))  # type: ignore[attr-defined]
    conn.send((time.perf_counter() - t, rows))  # type: ignore[attr-defined]


def _median(run: Callable[[], object]) -> tuple[float, int]:
    """The median time of five runs (the first is cold) of a query, read to the last row; its rows."""
    times = []
    rows = 0
    for _ in range(5):
        t = time.perf_counter()
        rows = len(list(run()))  # type: ignore[call-overload]
        times.append(time.perf_counter() - t)
    return statistics.median(times), rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1800, help="articles to build when no --store is given")
    ap.add_argument("--store", help="a store to query (built by kg); built here (and kept) if it does not exist")
    ap.add_argument("--jobs", type=int, default=parallel.default_jobs())
    ap.add_argument("--rdflib-timeout", type=float, default=120)
    ap.add_argument("--no-rdflib", action="store_true", help="time kg only")
    ap.add_argument(
        "--rdflib-plain",
        action="store_true",
        help="give rdflib the plain form of a query written for Oxigraph's speed (tests/reference_queries), "
        "which rdflib answers faster than the subquery form",
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.store) if args.store else Path(tmp) / "db"
        if not db.exists():
            src = write_jsonl(corpus(args.articles), Path(tmp) / "corpus.jsonl")
            t = time.perf_counter()
            s = store.add_articles(db, inputs.iter_items([src]), jobs=args.jobs)
            print(f"built {s.added:,} articles with --jobs {args.jobs} in {time.perf_counter() - t:.0f} s")
        st = store.stats(db)
        db_store = store.open_store(db, read_only=True)
        default = list(db_store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        print(
            f"store: {st['articles']:,} articles, {st['entities']:,} entities, {st['facts']:,} facts; "
            f"{st['quads']:,} quads, {len(default):,} triples in the default graph (the merged view the queries read)"
        )
        nt = Path(tmp) / "merged.nt"
        nt.write_bytes(
            ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in default], format=ox.RdfFormat.N_TRIPLES)
            or b""
        )
        del default
        if not args.no_rdflib:
            import rdflib

            t = time.perf_counter()
            _RDFLIB.append(rdflib.Graph().parse(str(nt), format="nt"))
            print(f"rdflib parsed the merged view in {time.perf_counter() - t:.0f} s")
        print(
            f"{'query':<20} {'kg ms':>9} {'SPARQL ms':>10} {'rows':>6} {'rdflib s':>10} {'ratio':>8}   "
            "(kg: `kg query NAME --store`, from the materialized views; SPARQL: the same query evaluated; "
            "median of 5 runs)"
        )
        for name, path in query.saved_queries().items():
            q = path.read_text()
            view = store.materialized(db_store, q) is not None
            kg_s, rows = _median(lambda: query.on_store(db_store, q))  # noqa: B023
            ev_s, ev_rows = _median(lambda: db_store.query(q))  # noqa: B023
            if ev_rows != rows:
                print(f"{name}: {rows} rows from the view, {ev_rows} evaluated", file=sys.stderr)
            kg_ms = f"{kg_s * 1000:.1f}" + ("" if view else "*")
            if args.no_rdflib:
                print(f"{name:<20} {kg_ms:>9} {ev_s * 1000:>10.1f} {rows:>6}", flush=True)
                continue
            ctx = mp.get_context("fork")
            parent, child = ctx.Pipe()
            plain = ROOT / "tests" / "reference_queries" / f"{name}.rq"
            rq = plain.read_text() if args.rdflib_plain and plain.exists() else q
            proc = ctx.Process(target=rdflib_query, args=(rq, child))
            proc.start()
            if parent.poll(args.rdflib_timeout + 600):
                rd_s, rd_rows = parent.recv()
                rd = f"{rd_s:.2f}"
                ratio = f"{rd_s / kg_s:.0f}x"
                if rd_rows != rows:
                    ratio += f" (rdflib: {rd_rows} rows)"
            else:
                rd, ratio = f">{args.rdflib_timeout:g}", "n/a"
            proc.kill()
            proc.join()
            print(f"{name:<20} {kg_ms:>9} {ev_s * 1000:>10.1f} {rows:>6} {rd:>10} {ratio:>8}", flush=True)
        print("(* answered by evaluation: the store has no view of this query for its articles)")
        print(f"load average after the runs: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"peak RSS (this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
