"""One model of claims on every path kg writes RDF by. Over all dev articles together: the files
kg build writes (Turtle, TriG), kg export's RDF formats, kg query over the files, and a round
trip through Oxigraph; no speaker's claim becomes a plain fact, every claim stays in its named
graph, and what comes back conforms to the shapes. (Each format's own reading by independent
parsers is in test_export.py; here every path is read back with Oxigraph's parsers, which are
fast on the whole corpus.)

The store and the endpoint (kg build --store, kg export --store, kg serve, kg push) get their
layout in the corpus-scale issue; `check_claims` is written for those paths too."""

from __future__ import annotations

import functools
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from kg import export, io, query, rdf
from kg.validate import validate_graph

from .conftest import SEED, needs_shared
from .test_dev_corpus import FILES, _extract

pytestmark = needs_shared

RELATIONS = {str(p) for p in rdf.IRI_PREDICATE}
NARRATOR_GRAPH = "https://w3id.org/kg-news/ontology#NarratorGraph"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
Fact = tuple[str, str, str]
Quad = tuple[str, str, str, str]  # graph ('' for the default graph), subject, predicate, object


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


def _quads(data: bytes, fmt: ox.RdfFormat) -> set[Quad]:
    """The relation quads of a serialization, and the narrator graphs' type triples."""
    out = set()
    for q in ox.parse(data, format=fmt):
        p = q.predicate.value
        if p in RELATIONS or (p == TYPE and q.object == ox.NamedNode(NARRATOR_GRAPH)):
            g = "" if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value  # type: ignore[union-attr]
            out.add((g, q.subject.value, p, q.object.value))  # type: ignore[union-attr]
    return out


def _merged(quads: set[Quad]) -> set[Fact]:
    """The relation facts of the merged view: the default graph and the narrator's graphs."""
    narrators = {s for g, s, p, _ in quads if g == "" and p == TYPE}
    return {(s, p, o) for g, s, p, o in quads if p in RELATIONS and (g == "" or g in narrators)}


@functools.cache
def expected() -> tuple[frozenset[Quad], frozenset[Fact], frozenset[Fact]]:
    """The corpus's relation quads, the narrator's facts, and the facts only speakers claim."""
    quads = _quads(rdf.to_nquads(corpus()), ox.RdfFormat.N_QUADS)
    said = _merged(quads)
    claimed = {(s, p, o) for g, s, p, o in quads if p in RELATIONS} - said
    return frozenset(q for q in quads if q[2] in RELATIONS), frozenset(said), frozenset(claimed)


def check_claims(merged_facts: set[Fact], named: set[Quad] | None = None) -> None:
    """What a path gives back: the facts of its merged view (or default graph) are the
    narrator's, none only a speaker claims; the named graphs, when the path keeps them, hold
    every claim in the graph it was made in."""
    quads, said, claimed = expected()
    assert claimed, "the dev corpus has speakers' claims"
    assert not merged_facts & claimed, f"speakers' claims as plain facts: {sorted(merged_facts & claimed)[:3]}"
    assert merged_facts == said
    if named is not None:
        assert {q for q in named if q[0] and q[2] in RELATIONS} == {q for q in quads if q[0]}


def test_the_corpus_has_claims_and_narrators() -> None:
    _, said, claimed = expected()
    assert len(FILES) >= 20 and len(said) >= 30 and len(claimed) >= 10


@functools.cache
def built() -> tuple[bytes, bytes]:
    """What kg build writes: <name>.trig (every graph) and <name>.ttl (the merged view)."""
    return rdf.to_trig(corpus()), rdf.to_turtle(rdf.merged_view(corpus()))


def test_built_files() -> None:
    trig, ttl = built()
    check_claims(_merged(_quads(ttl, ox.RdfFormat.TURTLE)))
    named = _quads(trig, ox.RdfFormat.TRIG)
    check_claims(_merged(named), named)


@pytest.mark.parametrize("fmt", ["trig", "nquads", "json-ld", "nt"])  # turtle: the built .ttl's writer
def test_exports(fmt: str) -> None:
    formats = {"trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD,
               "nt": ox.RdfFormat.N_TRIPLES}  # fmt: skip
    back = _quads(export.rdf_bytes(corpus(), fmt), formats[fmt])
    check_claims(_merged(back), back if fmt != "nt" else None)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("claims")
    trig, ttl = tmp / "dev.trig", tmp / "dev.ttl"
    io.write_atomic(trig, built()[0])
    io.write_atomic(ttl, built()[1])
    return trig, ttl


def test_query_over_files(files: tuple[Path, Path]) -> None:
    """kg query: the default graph is the merged view; GRAPH reaches every claim."""
    for path in files:
        result = query.run("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", [path])
        assert isinstance(result, ox.QuerySolutions)
        check_claims({(r["s"].value, r["p"].value, r["o"].value) for r in result if r["p"].value in RELATIONS})
    result = query.run("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", [files[0]])
    assert isinstance(result, ox.QuerySolutions)
    named = {(r["g"].value, r["s"].value, r["p"].value, r["o"].value) for r in result}
    check_claims(_merged(_quads(files[0].read_bytes(), ox.RdfFormat.TRIG)), named)


def test_oxigraph_round_trip_keeps_the_claims(files: tuple[Path, Path]) -> None:
    store = ox.Store()
    store.bulk_load(path=str(files[0]), format=ox.RdfFormat.TRIG)
    back = _quads(store.dump(format=ox.RdfFormat.N_QUADS) or b"", ox.RdfFormat.N_QUADS)
    check_claims(_merged(back), back)


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

    store.add_articles(tmp_path / "db", store.iter_inputs([SEED]))
    out = tmp_path / "export.ttl"
    export.export(export.load_dataset([], store=tmp_path / "db"), "turtle", out)
    report = api.validate([out])[str(out)]
    assert report.conforms, report.text()[:2000]
