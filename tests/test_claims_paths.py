"""One model of claims on every path kg writes RDF by. Over all dev articles together: the files
kg build writes (Turtle, TriG), kg export's RDF formats, kg query over the files, and a round
trip through Oxigraph; no speaker's claim becomes a plain fact, every claim stays in its named
graph, and what comes back conforms to the shapes.

The store and the endpoint (kg build --store, kg export --store, kg serve, kg push) get their
layout in the corpus-scale issue; `check_claims` is written for those paths too."""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef

from kg import export, io, query, rdf
from kg.validate import validate_graph

from .conftest import needs_shared
from .test_dev_corpus import FILES, _extract

pytestmark = needs_shared

RELATIONS = set(rdf.IRI_PREDICATE)
Triple = tuple[URIRef, URIRef, URIRef]


@functools.cache
def corpus() -> Dataset:
    """Every dev article's dataset in one, graph names kept (they hold the article's id)."""
    out = Dataset()
    for path in FILES:
        _, x = _extract(path)
        ds = rdf.to_dataset(x)
        for s, p, o, ctx in ds.quads((None, None, None, None)):
            name = getattr(ctx, "identifier", ctx)
            (out.default_graph if name == ds.default_graph.identifier else out.graph(name)).add((s, p, o))
    return out


def _facts(g: Graph) -> set[Triple]:
    return {(s, p, o) for s, p, o in g if p in RELATIONS}  # type: ignore[misc]


def _claims(ds: Dataset) -> tuple[set[Triple], set[Triple]]:
    """The narrator's facts, and the facts only speakers claim."""
    narrators = rdf.narrator_graphs(ds)
    said = {t for g in ds.graphs() if g.identifier in narrators for t in _facts(g)}
    claimed = {t for g in ds.graphs() if g.identifier not in narrators for t in _facts(g)} - said
    return said, claimed


def check_claims(merged_facts: set[Triple], named: Dataset | None = None) -> None:
    """What a path gives back: the facts of its merged view (or default graph) are the
    narrator's, none only a speaker claims; the named graphs, when the path keeps them, hold
    every claim in the graph it was made in."""
    said, claimed = _claims(corpus())
    assert claimed, "the dev corpus has speakers' claims"
    assert not merged_facts & claimed, f"speakers' claims as plain facts: {sorted(merged_facts & claimed)[:3]}"
    assert merged_facts == said
    if named is not None:
        want = {(str(g.identifier), t) for g in corpus().graphs() for t in _facts(g)}
        got = {(str(g.identifier), t) for g in named.graphs() if g.identifier != named.default_graph.identifier for t in _facts(g)}  # fmt: skip
        assert got == want


def test_the_corpus_has_claims_and_narrators() -> None:
    said, claimed = _claims(corpus())
    assert len(FILES) >= 20 and len(said) >= 30 and len(claimed) >= 10


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """What kg build writes: <name>.trig (every graph) and <name>.ttl (the merged view)."""
    tmp = tmp_path_factory.mktemp("claims")
    trig, ttl = tmp / "dev.trig", tmp / "dev.ttl"
    io.write_atomic(trig, rdf.to_trig(corpus()))
    io.write_atomic(ttl, rdf.to_turtle(rdf.merged_view(corpus())))
    return trig, ttl


def test_built_files(files: tuple[Path, Path]) -> None:
    trig, ttl = files
    check_claims(_facts(io.read_rdf(ttl).default_graph))
    ds = io.read_rdf(trig)
    check_claims(_facts(rdf.merged_view(ds)), ds)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld", "nt"])  # turtle: the built .ttl's writer
def test_exports(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"dev.{export.RDF_FORMATS[fmt]}"
    export.export(corpus(), fmt, out)
    back = io.read_rdf(out)
    check_claims(_facts(rdf.merged_view(back)), back if fmt in ("trig", "nquads", "json-ld") else None)


def test_query_over_files(files: tuple[Path, Path]) -> None:
    """kg query: the default graph is the merged view; GRAPH reaches every claim."""
    plain = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    graphs = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    for path in files:
        result = query.run(plain, [path])
        assert isinstance(result, ox.QuerySolutions)
        facts = {(URIRef(r["s"].value), URIRef(r["p"].value), URIRef(r["o"].value)) for r in result}
        check_claims({t for t in facts if t[1] in RELATIONS})
    result = query.run(graphs, [files[0]])
    assert isinstance(result, ox.QuerySolutions)
    named = Dataset()
    for r in result:
        named.graph(URIRef(r["g"].value)).add((URIRef(r["s"].value), URIRef(r["p"].value), URIRef(r["o"].value)))
    check_claims(_facts(rdf.merged_view(io.read_rdf(files[0]))), named)


def test_oxigraph_round_trip_keeps_the_claims(files: tuple[Path, Path]) -> None:
    store = ox.Store()
    store.bulk_load(path=str(files[0]), format=ox.RdfFormat.TRIG)
    dumped = Dataset().parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    check_claims(_facts(rdf.merged_view(dumped)), dumped)


@pytest.mark.parametrize("path", FILES[::4], ids=[p.stem for p in FILES[::4]])
def test_oxigraph_round_trip_conforms(path: Path) -> None:
    """An article built, stored in Oxigraph and dumped keeps its datatypes (Oxigraph stores
    xsd:nonNegativeInteger as xsd:integer; kg writes xsd:integer) and conforms."""
    _, x = _extract(path)
    store = ox.Store()
    store.load(rdf.to_trig(rdf.to_dataset(x)), format=ox.RdfFormat.TRIG)
    dumped = Dataset().parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    report = validate_graph(rdf.merged_view(dumped))
    assert report.conforms, report.text()[:2000]


def test_store_then_export_then_validate_conforms(tmp_path: Path) -> None:
    """kg build --store, kg export --store -f turtle, kg validate: the store's datatypes are the
    shapes' (the layout of what the store serves is the corpus-scale issue's)."""
    from kg import api, store

    from .conftest import SEED

    store.add_articles(tmp_path / "db", store.iter_inputs([SEED]))
    out = tmp_path / "export.ttl"
    export.export(export.load_dataset([], store=tmp_path / "db"), "turtle", out)
    report = api.validate([out])[str(out)]
    assert report.conforms, report.text()[:2000]
