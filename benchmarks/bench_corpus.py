"""Corpus benchmark: N articles made from the real dev texts, each copy with its own source (so
entities are shared across articles, as in news), built into a store. Prints, in one run:

- bare spaCy `nlp.pipe` time on the same texts (the floor: kg parses each text once);
- kg's start-up (knowledge base, model, gazetteer: once per process) and per-stage times (the
  share of the batched parse, extraction, RDF, SHACL validation, serialization);
- articles per second with --jobs 1 and with --jobs = the machine's cores, and on a Dask
  LocalCluster with that many workers;
- store size per article after compaction; peak memory per worker;
- time per article over the first and the last 100 articles (it must not grow with the store).

    .venv/bin/python benchmarks/bench_corpus.py [--articles 1000] [--no-dask] [--keep DIR]

Needs ../shared/corpus/dev. Goals (issue 11): serial <= 2x bare spaCy; --jobs 2 >= 1.7x serial;
time per article flat (+-15%); <= 150 KB per article.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import api, inputs, nlp, parallel, store  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"


def corpus(n: int) -> list[dict[str, str]]:
    files = sorted(DEV.glob("*.json"))
    if not files:
        sys.exit(f"{DEV}: no dev texts; the benchmark needs ../shared/corpus/dev")
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    out = []
    for i in range(n):
        g = golds[i % len(golds)]
        out.append(
            {
                "title": g["title"],
                "date": g.get("date"),
                "source": f"{g['source']} #{i // len(golds)}",
                "text": g["text"],
            }
        )
    return out


def write_jsonl(rows: list[dict[str, str]], path: Path) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def timed_build(db: Path, src: Path, jobs: int) -> tuple[float, store.Summary, list[float], list[float]]:
    """Wall time; the summary; per input, wall and CPU (this process) time stamps."""
    wall: list[float] = []
    cpu: list[float] = []

    def stamp(i: int, name: str, status: str) -> None:
        wall.append(time.perf_counter())
        cpu.append(time.process_time())

    t = time.perf_counter()
    s = store.add_articles(db, inputs.iter_items([src]), jobs=jobs, progress=stamp)
    return time.perf_counter() - t, s, wall, cpu


def steady(stamps: list[float]) -> float:
    """Articles per second from the first article done to the last (no start-up in it)."""
    return (len(stamps) - 1) / (stamps[-1] - stamps[0])


def per_article(stamps: list[float], first: bool, k: int = 100) -> float:
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    part = gaps[:k] if first else gaps[-k:]
    return statistics.mean(part) if part else float("nan")


def _burn(n: int) -> float:
    x = 0
    for i in range(n):
        x += i * i
    return float(x)


def machine_parallelism(jobs: int, n: int = 10_000_000) -> float:
    """How much faster `jobs` processes of pure arithmetic finish than one doing the same work:
    the parallelism this machine gives right now (on a shared or throttled machine, well under jobs)."""
    import multiprocessing as mp

    t = time.perf_counter()
    for _ in range(jobs):
        _burn(n)
    serial = time.perf_counter() - t
    with mp.get_context("fork").Pool(jobs) as pool:
        t = time.perf_counter()
        pool.map(_burn, [n] * jobs)
        par = time.perf_counter() - t
    return serial / par


def disk(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=parallel.default_jobs())
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--keep", help="keep the serial build's store in this directory (for bench_query --store)")
    args = ap.parse_args()
    rows = corpus(args.articles)
    chars = sum(len(r["text"]) for r in rows)
    print(f"corpus: {len(rows):,} articles from {len(set(r['text'] for r in rows))} dev texts, {chars:,} characters")
    with tempfile.TemporaryDirectory() as tmp:
        src = write_jsonl(rows, Path(tmp) / "corpus.jsonl")

        # the floor: spaCy alone, batched, on the same texts
        pipe = nlp.load_pipeline()
        pipe("warm up")
        t, c = time.perf_counter(), time.process_time()
        for _ in pipe.pipe((r["text"] for r in rows), batch_size=32):
            pass
        t_spacy, c_spacy = time.perf_counter() - t, time.process_time() - c
        print(f"bare spaCy nlp.pipe: {t_spacy:.1f} s wall, {c_spacy:.1f} s CPU ({len(rows) / t_spacy:.2f} articles/s)")

        # kg's start-up, once per process (as spaCy's load above is left out of its figure)
        c = time.process_time()
        api.warm_up()
        c_start = time.process_time() - c
        print(f"kg start-up (knowledge base, model, gazetteer; once per process): {c_start:.1f} s CPU")

        c = time.process_time()
        t1, s1, stamps, cpu = timed_build(Path(tmp) / "serial", src, 1)
        c1 = time.process_time() - c
        assert s1.added == len(rows), s1.text()
        stages = ", ".join(f"{k} {v:.1f} s ({v / len(rows) * 1000:.0f} ms/article)" for k, v in s1.times.items())
        print(
            f"kg --jobs 1: {t1:.1f} s wall, {c1:.1f} s CPU, {len(rows) / t1:.2f} articles/s = "
            f"{t1 / t_spacy:.2f}x bare spaCy's wall time, {c1 / c_spacy:.2f}x its CPU time "
            f"({(c1 + c_start) / c_spacy:.2f}x with the start-up)"
        )
        print(f"  stages (summed over articles): {stages}")
        print(f"  store and other: {t1 - sum(s1.times.values()):.1f} s")
        # the store's bulk loads come every store.BATCH articles: windows of 100 may hold none of
        # them, so the store's growth is also read over windows of two batches (two loads each)
        for k in (100, 2 * store.BATCH):
            for what, st_ in (("wall", stamps), ("CPU", cpu)):
                first, last = per_article(st_, True, k), per_article(st_, False, k)
                print(
                    f"  {what} time per article: first {k} {first * 1000:.0f} ms, last {k} {last * 1000:.0f} ms "
                    f"({(last / first - 1) * 100:+.0f}%)"
                )
        size = disk(Path(tmp) / "serial")
        st = s1.store
        print(
            f"  store: {size / 1e6:.1f} MB after compaction = {size / len(rows) / 1024:.0f} KB/article; "
            f"{st['articles']} articles, {st['entities']} distinct entities, {st['facts']} facts, {st['statements']} statements"
        )
        print(
            f"  peak memory (this process, serial): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
        if args.keep:
            shutil.copytree(Path(tmp) / "serial", args.keep, dirs_exist_ok=True)

        print(
            f"machine: {args.jobs} processes of pure arithmetic run {machine_parallelism(args.jobs):.2f}x faster than one "
            f"(the parallelism available now; {args.jobs:.2f}x on an idle machine)"
        )
        tj, sj, stamps_j, _ = timed_build(Path(tmp) / "parallel", src, args.jobs)
        assert sj.added == len(rows), sj.text()
        print(
            f"kg --jobs {args.jobs}: {tj:.1f} s, {len(rows) / tj:.2f} articles/s = {t1 / tj:.2f}x --jobs 1 "
            f"(its workers' start-up included, the serial build's not); "
            f"peak memory per worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB"
        )
        # the same comparison without any start-up: from the first article done to the last, in both
        steady_1, steady_j = steady(stamps), steady(stamps_j)
        print(
            f"  from the first article done to the last: --jobs 1 {steady_1:.2f} articles/s, --jobs {args.jobs} "
            f"{steady_j:.2f} = {steady_j / steady_1:.2f}x"
        )

        if not args.no_dask:
            from kg import distributed

            with distributed.connect("local", workers=args.jobs) as client:
                t = time.perf_counter()
                sd = distributed.build_store(client, inputs.iter_items([src]), Path(tmp) / "dask")
                td = time.perf_counter() - t
                mem = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            assert sd.added == len(rows), sd.text()
            print(
                f"kg on a Dask LocalCluster ({args.jobs} workers): {td:.1f} s, {len(rows) / td:.2f} articles/s "
                f"(start-up included); peak memory per worker {max(mem.values()):.0f} MiB"
            )


if __name__ == "__main__":
    main()
