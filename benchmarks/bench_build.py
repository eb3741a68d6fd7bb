"""Build benchmark: start-up (spaCy pipeline, knowledge base, gazetteer), and per article the
extraction, RDF, SHACL validation and serialization, with peak memory.

    .venv/bin/python benchmarks/bench_build.py [--repeat 3]

Articles: the sample article, the dev corpus when ../shared is there, and a 50 KB article made by
repeating the sample's body twenty times.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import article, nlp, pipeline, rdf  # noqa: E402
from kg.kb import load_kb  # noqa: E402
from kg.validate import validate_graph  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t = time.perf_counter()
    kb = load_kb()
    t_kb = time.perf_counter() - t
    t = time.perf_counter()
    nlp.load_pipeline()
    t_nlp = time.perf_counter() - t
    seed = article.read_article(ROOT / "data" / "seed-article.txt")
    t = time.perf_counter()
    pipeline.extract(seed, kb=kb)  # builds the gazetteer matcher
    t_first = time.perf_counter() - t
    print(
        f"start-up: knowledge base {t_kb:.2f} s ({len(kb):,} entries), spaCy {t_nlp:.2f} s, first article incl. gazetteer {t_first:.2f} s"
    )
    arts = [("seed", seed)]
    dev = ROOT.parent / "shared" / "corpus" / "dev"
    if dev.is_dir():
        arts += [(p.stem[:24], article.read_article(p)) for p in sorted(dev.glob("*.json"))]
    body = seed.text.split("\n", 1)[1]
    arts.append(("50KB", article.from_text(seed.text + ("\n\n" + body) * 20, date="2020-10-09")))
    print(
        f"{'article':<26} {'chars':>7} {'extract':>8} {'rdf':>6} {'shacl':>6} {'write':>6}  (seconds, median of {args.repeat})"
    )
    total_chars = 0
    total_s = 0.0
    for name, art in arts:
        times: dict[str, list[float]] = {"extract": [], "rdf": [], "shacl": [], "write": []}
        for _ in range(args.repeat):
            t = time.perf_counter()
            x = pipeline.extract(art, kb=kb)
            times["extract"].append(time.perf_counter() - t)
            t = time.perf_counter()
            ds = rdf.to_dataset(x)
            g = rdf.merged_view(ds)
            times["rdf"].append(time.perf_counter() - t)
            t = time.perf_counter()
            validate_graph(g)
            times["shacl"].append(time.perf_counter() - t)
            t = time.perf_counter()
            g.serialize(format="turtle")
            rdf.to_trig(ds)
            times["write"].append(time.perf_counter() - t)
        med = {k: statistics.median(v) for k, v in times.items()}
        total_chars += len(art.text)
        total_s += sum(med.values())
        print(
            f"{name:<26} {len(art.text):>7,} {med['extract']:>8.2f} {med['rdf']:>6.2f} {med['shacl']:>6.2f} {med['write']:>6.2f}"
        )
    print(f"throughput: {total_chars / total_s:,.0f} characters/s over {len(arts)} articles")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
