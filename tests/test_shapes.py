"""The shapes: they parse, name only ontology terms, and each has a conforming and a violating case.

Cases are data: a small conforming graph (tests/shapes/base.ttl) and, per shape, a SPARQL
update that breaks it in one way; the violation must name that shape's property or message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace, URIRef

from kg import resources
from kg.validate import validate_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
KGS = Namespace("https://w3id.org/kg-news/shapes#")
HERE = Path(__file__).parent / "shapes"
PREFIXES = """PREFIX kgo: <https://w3id.org/kg-news/ontology#>
PREFIX kg: <https://w3id.org/kg-news/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""

# shape -> (update that breaks the base graph, text expected in the violation)
CASES = {
    "EntityShape": ('INSERT DATA { kg:state/AZE rdfs:label "Second label" }', "exactly one non-empty rdfs:label"),
    "StateShape": (
        'DELETE { kg:state/AZE kgo:isoAlpha2 ?x } INSERT { kg:state/AZE kgo:isoAlpha2 "aze" } WHERE { kg:state/AZE kgo:isoAlpha2 ?x }',
        "two capital letters",
    ),
    "RegionShape": ('INSERT DATA { kg:region/AZ-FUZ kgo:iso3166_2 "Fuzuli" }', "ISO 3166-2 code"),
    "LeaderShape": ("INSERT DATA { kg:person/ilham-aliyev kgo:leaderOf kg:region/AZ-FUZ }", "held in a State"),
    "ResolutionShape": ("INSERT DATA { kg:resolution/UNSC/822 kgo:issuedBy kg:state/AZE }", "issued by one UN organ"),
    "OrganizationShape": (
        "INSERT DATA { kg:org/UNSC kgo:partOf kg:region/AZ-FUZ }",
        "part of a State or an Organization",
    ),
    "PlaceShape": (
        "INSERT DATA { kg:region/AZ-FUZ kgo:locatedIn kg:person/ilham-aliyev }",
        "located in a State or a Region",
    ),
    "EventShape": ('INSERT DATA { kg:event/war kgo:eventDate "yesterday" }', "eventDate"),
    "ArticleShape": (
        'DELETE { ?m kgo:anchorOf ?t } INSERT { ?m kgo:anchorOf "Armenia" } WHERE { ?m a kgo:Mention ; kgo:anchorOf ?t }',
        "the text at them is not the recorded text",
    ),
    "RunShape": ("DELETE WHERE { kg:run/r1 kgo:softwareVersion ?v }", "softwareVersion"),
    "SpanShape": (
        'DELETE { ?m kgo:endIndex ?e } INSERT { ?m kgo:endIndex "3"^^xsd:nonNegativeInteger } WHERE { ?m a kgo:Mention ; kgo:endIndex ?e }',
        "a span begins before it ends",
    ),
    "MentionShape": ("DELETE WHERE { ?m kgo:refersTo ?e }", "refers to exactly one entity"),
    "StatementShape": ("INSERT DATA { kg:article/a1/statement/0 kgo:speaker kg:state/ARM }", "exactly one speaker"),
    "AssertionShape": ("DELETE WHERE { kg:article/a1/assertion/0 kgo:claimedBy ?c }", "every relation is attributed"),
}


def _full(text: str) -> str:
    """kg:state/AZE is not a legal prefixed name: write the data's IRIs out in full."""
    return re.sub(r"\bkg:([\w/-]+)", r"<https://w3id.org/kg-news/id/\1>", text)


def _base() -> Graph:
    return Graph().parse(data=_full((HERE / "base.ttl").read_text(encoding="utf-8")), format="turtle")


def test_shapes_parse_and_name_only_ontology_terms() -> None:
    shapes = resources.shapes()
    onto = resources.ontology()
    kgo = "https://w3id.org/kg-news/ontology#"
    named = {o for t in shapes for o in t if isinstance(o, URIRef) and str(o).startswith(kgo)}
    defined = {s for s in onto.subjects() if str(s).startswith(kgo)}
    assert named and named <= defined, named - defined


def test_offsets_outside_the_text() -> None:
    g = _base()
    g.update(
        PREFIXES
        + _full(
            'DELETE { ?s kgo:endIndex ?e } INSERT { ?s kgo:endIndex "999"^^xsd:nonNegativeInteger } WHERE { ?s a kgo:Sentence ; kgo:endIndex ?e }'
        )
    )
    report = validate_graph(g)
    assert any("offsets fall outside the article" in v.message for v in report.violations), report.text()


def test_every_shape_has_a_case() -> None:
    shapes = {str(s).rsplit("#", 1)[1] for s in resources.shapes().subjects(RDF.type, SH.NodeShape)}
    assert shapes == set(CASES)
    assert len(CASES) == 14


def test_base_conforms() -> None:
    report = validate_graph(_base())
    assert report.conforms, report.text()


@pytest.mark.parametrize("shape", sorted(CASES))
def test_violation(shape: str) -> None:
    update, expected = CASES[shape]
    g = _base()
    g.update(PREFIXES + _full(update))
    report = validate_graph(g)
    assert not report.conforms
    assert any(expected in str(v) for v in report.violations), report.text()
