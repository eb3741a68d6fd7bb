"""Keep an article whose graph violates the shapes, minus the facts that violate them.

Each violation is traced from its focus node to the facts that caused it, and those are taken
out of the article's dataset (in every graph), so the rest of the article is kept:

- an assertion, statement or mention: that node, and what hangs on it (a statement takes the
  assertions made in it and its claim graph);
- an entity with a relation as the violating path (a place `located in` a place): the
  assertions of that relation, and its bare triple where no other assertion states it;
- an entity otherwise: the entity, its mentions, the statements it makes and every relation
  it takes part in;
- a span whose text is not the article's (the offsets check): the spans with that text.

A violation of the article, its run or a sentence cannot be taken out: the article is then
not kept (nothing of it is written), and that is reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.namespace import KGO
from kg.rdf import IRI_PREDICATE
from kg.validate import Violation


@dataclass
class Removed:
    """A fact taken out, and the violation that took it out."""

    what: str  # "assertion", "statement", "mention", "entity", "relation"
    node: str
    violation: Violation


def _types(g: Graph, node: object) -> set[object]:
    return set(g.objects(node, RDF.type))  # type: ignore[arg-type]


def _drop_node(ds: Dataset, node: URIRef) -> None:
    for ctx in list(ds.graphs()):
        for t in list(ctx.triples((node, None, None))):
            ctx.remove(t)
        for t in list(ctx.triples((None, None, node))):
            ctx.remove(t)


def _drop_assertion(ds: Dataset, a: URIRef) -> None:
    g = ds.default_graph
    s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
    graph = g.value(a, KGO.inGraph)
    _drop_node(ds, a)
    if graph is None or s is None or p is None or o is None:
        return
    # the bare triple stays if another assertion still states it in the same graph
    for other in g.subjects(KGO.inGraph, graph):
        if (other, RDF.subject, s) in g and (other, RDF.predicate, p) in g and (other, RDF.object, o) in g:
            return
    named = ds.graph(graph)  # type: ignore[arg-type]
    named.remove((s, p, o))
    if len(named) == 0 and (graph, RDF.type, KGO.ClaimGraph) in g:
        ds.remove_graph(named)
        _drop_node(ds, graph)  # type: ignore[arg-type]


def _drop_statement(ds: Dataset, st: URIRef) -> None:
    g = ds.default_graph
    for a in list(g.subjects(KGO.assertedIn, st)):
        _drop_assertion(ds, a)  # type: ignore[arg-type]
    for cg in list(g.subjects(PROV.wasDerivedFrom, st)):
        ds.remove_graph(ds.graph(cg))  # type: ignore[arg-type]
        _drop_node(ds, cg)  # type: ignore[arg-type]
    _drop_node(ds, st)


def _recount(g: Graph, entity: object) -> None:
    n = len(list(g.subjects(KGO.refersTo, entity)))  # type: ignore[arg-type]
    for old in list(g.objects(entity, KGO.mentionCount)):  # type: ignore[arg-type]
        g.remove((entity, KGO.mentionCount, old))  # type: ignore[arg-type]
    g.add((entity, KGO.mentionCount, Literal(n, datatype=_count_datatype())))  # type: ignore[arg-type]


def _count_datatype() -> URIRef:
    from rdflib import XSD

    return XSD.nonNegativeInteger


def _drop_entity(ds: Dataset, e: URIRef) -> None:
    g = ds.default_graph
    for a in list(g.subjects(RDF.subject, e)) + list(g.subjects(RDF.object, e)):
        _drop_assertion(ds, a)  # type: ignore[arg-type]
    for st in list(g.subjects(KGO.speaker, e)):
        _drop_statement(ds, st)  # type: ignore[arg-type]
    for m in list(g.subjects(KGO.refersTo, e)):
        _drop_node(ds, m)  # type: ignore[arg-type]
    _drop_node(ds, e)


def repair(ds: Dataset, violations: list[Violation]) -> tuple[list[Removed], list[Violation]]:
    """Take the violating facts out of ds (in place). Returns what was removed, and the
    violations that cannot be removed (the article must then be dropped whole)."""
    g = ds.default_graph
    removed: list[Removed] = []
    left: list[Violation] = []
    done: set[str] = set()
    for v in violations:
        focus, path, value = v.focus_node, v.path_node, v.value_node
        kinds = _types(g, focus)
        key = f"{focus}|{path}|{value}"
        if key in done:
            continue
        done.add(key)
        if isinstance(focus, URIRef) and not any((focus, None, None) in ctx for ctx in ds.graphs()):
            continue  # already taken out with an earlier fact
        if KGO.Assertion in kinds:
            _drop_assertion(ds, focus)
            removed.append(Removed("assertion", str(focus), v))
        elif KGO.Statement in kinds:
            _drop_statement(ds, focus)
            removed.append(Removed("statement", str(focus), v))
        elif KGO.Mention in kinds:
            entity = g.value(focus, KGO.refersTo)
            _drop_node(ds, focus)
            if entity is not None:
                _recount(g, entity)
            removed.append(Removed("mention", str(focus), v))
        elif KGO.NewsArticle in kinds and v.component and v.component.endswith("SPARQLConstraintComponent"):
            spans = [s for s in g.subjects(KGO.anchorOf, value) if (s, KGO.inArticle, focus) in g] if value else []
            if not spans or any(KGO.Sentence in _types(g, s) for s in spans):
                left.append(v)
                continue
            for s in spans:
                kind = _types(g, s)
                if KGO.Assertion in kind:
                    _drop_assertion(ds, s)  # type: ignore[arg-type]
                elif KGO.Statement in kind:
                    _drop_statement(ds, s)  # type: ignore[arg-type]
                else:
                    ent = g.value(s, KGO.refersTo)
                    _drop_node(ds, s)  # type: ignore[arg-type]
                    if ent is not None:
                        _recount(g, ent)
                removed.append(Removed("span", str(s), v))
        elif (focus, KGO.mentionedIn, None) in g:
            if isinstance(path, URIRef) and path in IRI_PREDICATE and value is not None:
                for a in list(g.subjects(RDF.subject, focus)):
                    if (a, RDF.predicate, path) in g and (a, RDF.object, value) in g:
                        _drop_assertion(ds, a)  # type: ignore[arg-type]
                for ctx in list(ds.graphs()):
                    ctx.remove((focus, path, value))
                removed.append(Removed("relation", f"{focus} {path} {value}", v))
            else:
                _drop_entity(ds, focus)
                removed.append(Removed("entity", str(focus), v))
        else:
            left.append(v)
    return removed, left
