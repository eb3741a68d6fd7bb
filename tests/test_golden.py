"""output/ holds what the README's build command makes of the sample article; compared by isomorphism.

Regenerate with `bash scripts/build-sample.sh` and review the diff."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import PROV

from kg.api import Built
from kg.io import read_rdf, union

from .conftest import ROOT


def _strip_run_time(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        if t[1] != PROV.startedAtTime:
            out.add(t)
    return out


def test_output_matches_a_fresh_build(seed_built: Built) -> None:
    golden = _strip_run_time(union(read_rdf(ROOT / "output" / "seed-article.ttl")))
    fresh = _strip_run_time(seed_built.graph)
    a, b = to_isomorphic(golden), to_isomorphic(fresh)
    if a != b:
        _, only_golden, only_fresh = graph_diff(a, b)
        lines = sorted(f"- {t}" for t in only_golden)[:20] + sorted(f"+ {t}" for t in only_fresh)[:20]
        raise AssertionError("output/seed-article.ttl differs from a fresh build:\n" + "\n".join(lines))


def test_trig_holds_narrator_and_claim_graphs() -> None:
    ds = read_rdf(ROOT / "output" / "seed-article.trig")
    names = [str(g.identifier) for g in ds.graphs()]
    assert sum(n.endswith("/narrator") for n in names) == 1
    assert sum(n.endswith("/claims") for n in names) >= 4
