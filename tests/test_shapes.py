"""The shapes: they parse, name only ontology terms, and each has a conforming and a violating case.

Cases are data: a small conforming graph (tests/shapes/base.ttl) and, per shape, a SPARQL
update that breaks it in one way; the violation must name that shape's property or message.
Every case is also run through plain pySHACL over the published shapes files, without kg and
without the ontology, as a user would run it: both must agree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, Graph, Namespace, URIRef

from kg import resources
from kg.api import Built
from kg.validate import validate_graph

from .conftest import ROOT

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
    "ArticleShape": ("DELETE WHERE { kg:article/a1 kgo:articleText ?t }", "an article has its text once"),
    "ArticleTextShape": (
        'DELETE { ?m kgo:anchorOf ?t } INSERT { ?m kgo:anchorOf "Armenia" } WHERE { ?m a kgo:Mention ; kgo:anchorOf ?t }',
        "the text at them is not the recorded text",
    ),
    "SentenceShape": (
        'DELETE { ?s kgo:sentenceIndex ?i } INSERT { ?s kgo:sentenceIndex "-1"^^xsd:integer } WHERE { ?s kgo:sentenceIndex ?i }',
        "a sentence has one index, a non-negative integer",
    ),
    "RunShape": ("DELETE WHERE { kg:run/r1 kgo:softwareVersion ?v }", "softwareVersion"),
    "SpanShape": (
        'DELETE { ?m kgo:endIndex ?e } INSERT { ?m kgo:endIndex "3"^^xsd:integer } WHERE { ?m a kgo:Mention ; kgo:endIndex ?e }',
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
            'DELETE { ?s kgo:endIndex ?e } INSERT { ?s kgo:endIndex "999"^^xsd:integer } WHERE { ?s a kgo:Sentence ; kgo:endIndex ?e }'
        )
    )
    report = validate_graph(g)
    assert any("offsets fall outside the article" in v.message for v in report.violations), report.text()


def test_every_shape_has_a_case() -> None:
    shapes = {str(s).rsplit("#", 1)[1] for s in resources.shapes().subjects(RDF.type, SH.NodeShape)}
    assert shapes == set(CASES)
    assert len(CASES) == 16


SHAPES_DIR = ROOT / "shapes"
SPARQL_TERMS = {SH[t] for t in ("sparql", "select", "ask", "construct", "declare", "prefixes", "SPARQLConstraint",
                                "SPARQLTarget", "SPARQLTargetType", "SPARQLRule", "SPARQLFunction")}  # fmt: skip


def test_core_file_is_shacl_core() -> None:
    """SHACL Core engines refuse SHACL-SPARQL terms: the core file has none, the other file all of them."""
    core = Graph().parse(SHAPES_DIR / "kg-shapes.ttl")
    sparql = Graph().parse(SHAPES_DIR / "kg-sparql.ttl")
    assert not {n for t in core for n in t} & SPARQL_TERMS
    assert {SH.sparql, SH.select, SH.declare} <= {n for t in sparql for n in t}
    assert resources.SHAPES_FILES == ("kg-shapes.ttl", "kg-sparql.ttl")
    assert len(resources.shapes()) == len(core) + len(sparql)


def _plain(data: Graph) -> tuple[bool, str]:
    """pySHACL as a user runs it: the published shapes files, no ontology, no inference."""
    shapes = Graph()
    for name in resources.SHAPES_FILES:
        shapes.parse(SHAPES_DIR / name)
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")
    return bool(conforms), str(text)


def test_base_conforms() -> None:
    report = validate_graph(_base())
    assert report.conforms, report.text()
    conforms, text = _plain(_base())
    assert conforms, text


@pytest.mark.parametrize("shape", sorted(CASES))
def test_violation(shape: str) -> None:
    update, expected = CASES[shape]
    g = _base()
    g.update(PREFIXES + _full(update))
    report = validate_graph(g)
    assert not report.conforms
    assert any(expected in str(v) for v in report.violations), report.text()
    conforms, text = _plain(g)
    assert not conforms and expected in text, text


BOUNDS = {
    "negative begin offset": ("kgo:beginIndex", "-1", "one begin offset, a non-negative integer"),
    "negative mention count": ("kgo:mentionCount", "-2", "one mention count, a non-negative integer"),
    "resolution count 0": ("kgo:resolutionCount", "0", "an integer of at least 1"),
}


@pytest.mark.parametrize("case", sorted(BOUNDS))
def test_integer_bounds(case: str) -> None:
    """Integers are xsd:integer with sh:minInclusive: the bound is checked, as the XSD type was."""
    prop, value, expected = BOUNDS[case]
    subject = {
        "kgo:beginIndex": "?s",
        "kgo:mentionCount": "kg:state/AZE",
        "kgo:resolutionCount": "kg:resolution/UNSC/822",
    }[prop]
    where = "?s a kgo:Mention" if subject == "?s" else "BIND(1 AS ?x)"
    g = _base()
    g.update(PREFIXES + _full(f'DELETE {{ {subject} {prop} ?v }} INSERT {{ {subject} {prop} "{value}"^^xsd:integer }} '
                              f"WHERE {{ {where} OPTIONAL {{ {subject} {prop} ?v }} }}"))  # fmt: skip
    report = validate_graph(g)
    assert not report.conforms and any(expected in str(v) for v in report.violations), report.text()
    assert not _plain(g)[0]


def test_pyshacl_command_line_on_a_built_graph(seed_built: Built, tmp_path: Path) -> None:
    """`pyshacl -s shapes/kg-shapes.ttl article.ttl` (and the SPARQL file) conform on what kg build writes."""
    ttl = tmp_path / "seed.ttl"
    ttl.write_bytes(seed_built.graph.serialize(format="turtle", encoding="utf-8"))
    pyshacl_cli = Path(sys.executable).parent / "pyshacl"
    for name in resources.SHAPES_FILES:
        proc = subprocess.run(
            [str(pyshacl_cli), "-s", str(SHAPES_DIR / name), str(ttl)], capture_output=True, text=True
        )
        assert proc.returncode == 0 and "Conforms: True" in proc.stdout, (name, proc.stdout[-2000:])
