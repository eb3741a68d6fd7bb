"""The fast SHACL engine (pyshacl-turbo) reports exactly what pySHACL reports: on the base graph,
on every shape's violating case, on the sample graph, on each dev article's graph and on each of
those graphs with its spans broken. If one case differs, the fast engine must not be the default."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal

from kg.api import Outcome
from kg.namespace import KGO
from kg.validate import Report, conforms_ntriples, default_engine, validate_graph

from .conftest import DEV, ROOT
from .test_shapes import CASES, PREFIXES, _base, _full

DEV_FILES = sorted(DEV.glob("*.json")) if DEV.is_dir() else []


def _key(report: Report) -> tuple[bool, list[tuple[str, ...]]]:
    rows = [
        (str(v.focus_node), str(v.path_node), str(v.value_node), str(v.component), v.message, v.severity, str(v.shape))
        for v in report.violations
    ]
    return report.conforms, sorted(rows)


def _same(g: Graph) -> tuple[bool, int]:
    before = set(g)
    turbo = validate_graph(g, engine="turbo")
    assert set(g) == before, "the turbo path must leave the data graph as it found it"
    reference = validate_graph(g, engine="pyshacl")
    assert _key(turbo) == _key(reference)
    assert turbo.text() == reference.text()
    # a build's check reads the N-Triples text alone: it passes exactly what reports nothing
    assert conforms_ntriples(g.serialize(format="nt")) is (reference.conforms and not reference.violations)
    return reference.conforms, len(reference.violations)


def _break_spans(g: Graph) -> Graph:
    out = Graph()
    out += g
    for i, (s, p, o) in enumerate(sorted(g.triples((None, KGO.anchorOf, None)))[:3]):
        out.remove((s, p, o))
        out.add((s, p, Literal(f"not the text {i}")))
    return out


def test_default_engine_is_turbo() -> None:
    assert default_engine() == "turbo"


def test_cases_collected() -> None:
    assert len(CASES) == 16
    assert len(DEV_FILES) >= 5 or not DEV.is_dir()


def test_base_graph() -> None:
    assert _same(_base()) == (True, 0)


@pytest.mark.parametrize("shape", sorted(CASES))
def test_each_violating_case(shape: str) -> None:
    g = _base()
    g.update(PREFIXES + _full(CASES[shape][0]))
    conforms, n = _same(g)
    assert not conforms and n >= 1


def test_sample_graph_and_broken_sample() -> None:
    g = Graph().parse(ROOT / "output" / "seed-article.ttl")
    assert _same(g) == (True, 0)
    conforms, n = _same(_break_spans(g))
    assert not conforms and n == 3


@pytest.mark.model
@pytest.mark.skipif(not DEV_FILES, reason="../shared/corpus/dev is not present")
def test_every_dev_article_and_broken_copies(dev_outcomes: list[Outcome]) -> None:
    assert len(dev_outcomes) == len(DEV_FILES)
    for i, o in enumerate(dev_outcomes):
        assert o.ttl is not None, o.name
        g = Graph().parse(data=o.ttl, format="turtle")
        assert _same(g) == (True, 0), o.name
        if i % 4 == 0:  # broken copies of a quarter of them: pySHACL is the slow half of each comparison
            conforms, _ = _same(_break_spans(g))
            assert not conforms, o.name


def test_extra_shapes_same_in_both(tmp_path: Path) -> None:
    extra = Graph().parse(
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix kgo: <https://w3id.org/kg-news/ontology#> .\n"
        '<urn:s> a sh:NodeShape ; sh:targetClass kgo:Entity ; sh:property [ sh:path kgo:wikidataId ; sh:minCount 1 ; sh:message "needs a QID" ] .\n',
        format="turtle",
    )
    g = Graph().parse(ROOT / "output" / "seed-article.ttl")
    turbo = validate_graph(g, [extra], engine="turbo")
    reference = validate_graph(g, [extra], engine="pyshacl")
    assert _key(turbo) == _key(reference)
    assert not reference.conforms
