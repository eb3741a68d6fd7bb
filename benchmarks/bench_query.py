"""Query benchmark: a corpus graph of >= 1M triples, every saved query through kg (Oxigraph)
and through rdflib's own SPARQL engine on the same data; load time and peak memory.

    .venv/bin/python benchmarks/bench_query.py [--triples 1000000] [--rdflib-timeout 120]

The corpus is the sample article's graph (and the dev articles', when ../shared is there)
copied with every entity, article and node IRI varied per copy, so joins stay realistic.
Goal (issue 4): each saved query >= 50x faster than rdflib and < 100 ms at 1M triples;
1M triples loaded in < 10 s. rdflib runs each query in a child process stopped after the timeout.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import api, article, query  # noqa: E402
from kg.rdf import merged_view  # noqa: E402


def seed_graphs() -> list[str]:
    arts = [article.read_article(ROOT / "data" / "seed-article.txt")]
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    if dev.is_dir():
        arts += [article.read_article(p) for p in sorted(dev.glob("*.json"))]
    return [merged_view(api.build_article(a).dataset).serialize(format="nt") for a in arts]


def make_corpus(target: int, out: Path) -> int:
    bases = seed_graphs()
    n = 0
    copy = 0
    with out.open("w", encoding="utf-8") as fh:
        while n < target:
            for nt in bases:
                # vary every kg IRI per copy: a new article with new (but type-consistent) entities
                text = nt.replace("https://w3id.org/kg-news/id/", f"https://w3id.org/kg-news/id/c{copy}/")
                fh.write(text)
                n += text.count("\n")
                copy += 1
    return n


def rdflib_query(path: str, q: str, conn: object) -> None:
    import rdflib

    g = rdflib.Graph()
    g.parse(path, format="nt")
    t = time.perf_counter()
    rows = len(list(g.query(q)))
    conn.send((time.perf_counter() - t, rows))  # type: ignore[attr-defined]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--rdflib-timeout", type=float, default=120)
    ap.add_argument("--no-rdflib", action="store_true", help="time kg only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "corpus.nt"
        t = time.perf_counter()
        n = make_corpus(args.triples, nt)
        print(f"corpus: {n:,} triples written in {time.perf_counter() - t:.1f} s")
        store = ox.Store()
        t = time.perf_counter()
        store.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        load = time.perf_counter() - t
        print(
            f"oxigraph load: {load:.2f} s ({len(store):,} quads); peak RSS so far {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
        print(f"{'query':<20} {'kg ms':>9} {'rows':>6} {'rdflib s':>10} {'ratio':>8}   (kg: median of 5 runs)")
        for name, path in query.saved_queries().items():
            q = path.read_text()
            times = []
            for _ in range(5):  # the first run is cold; report the median of five
                t = time.perf_counter()
                res = store.query(q)
                rows = len(list(res))  # type: ignore[arg-type]
                times.append(time.perf_counter() - t)
            kg_s = statistics.median(times)
            if args.no_rdflib:
                print(f"{name:<20} {kg_s * 1000:>9.1f} {rows:>6}", flush=True)
                continue
            ctx = mp.get_context("fork")
            parent, child = ctx.Pipe()
            proc = ctx.Process(target=rdflib_query, args=(str(nt), q, child))
            proc.start()
            if parent.poll(args.rdflib_timeout + 600):
                rd_s, _ = parent.recv()
                rd = f"{rd_s:.2f}"
                ratio = f"{rd_s / kg_s:.0f}x"
            else:
                rd, ratio = f">{args.rdflib_timeout:g}", "n/a"
            proc.kill()
            proc.join()
            print(f"{name:<20} {kg_s * 1000:>9.1f} {rows:>6} {rd:>10} {ratio:>8}", flush=True)
        print(f"peak RSS (this process): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
