"""The ontology file and its Python namespace stay in sync; every term is documented."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, URIRef

from kg import resources
from kg.namespace import KGO

NS = str(KGO._NS)


def _terms() -> set[str]:
    g = resources.ontology()
    return {str(s)[len(NS) :] for s in g.subjects(RDF.type, None) if str(s).startswith(NS)}


def test_namespace_matches_ontology() -> None:
    declared = set(KGO.__annotations__)
    assert declared == _terms()


def test_every_term_has_label_and_comment() -> None:
    g = resources.ontology()
    for t in _terms():
        node = URIRef(NS + t)
        assert g.value(node, RDFS.label), t
        assert g.value(node, RDFS.comment), t


def test_object_properties_have_domain_or_range_in_ontology() -> None:
    g = resources.ontology()
    for p in g.subjects(RDF.type, OWL.ObjectProperty):
        rng = g.value(p, RDFS.range)
        assert rng is not None, p


def test_ontology_has_version_and_stable_iri() -> None:
    g = resources.ontology()
    onto = URIRef("https://w3id.org/kg-news/ontology")
    assert (onto, RDF.type, OWL.Ontology) in g
    assert str(g.value(onto, OWL.versionInfo)) == "0.1.0"
