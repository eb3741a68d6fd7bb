"""Over every dev article: no speaker's claim stored as a plain fact, every offset points at its
text, every graph conforms, and the extractor's scores stay above the issue's floors."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from kg import article, evaluate, pipeline, rdf
from kg.model import Extraction
from kg.namespace import KGO
from kg.validate import validate_graph

from .conftest import DEV, needs_shared

pytestmark = needs_shared

FILES = sorted(DEV.glob("*.json")) if DEV.is_dir() else []


@functools.cache
def _extract(path: Path) -> tuple[dict, Extraction]:  # type: ignore[type-arg]
    gold = json.loads(path.read_text(encoding="utf-8"))
    art = article.from_text(gold["text"], title=gold["title"], date=gold["date"], source=gold["source"])
    return gold, pipeline.extract(art)


def test_collected_every_dev_file() -> None:
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_claims_offsets_and_shapes(path: Path) -> None:
    gold, x = _extract(path)
    text = x.article.text
    for ent in x.entities.values():
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text
    for s in x.statements:
        assert 0 <= s.evidence.start < s.evidence.end <= len(text)
    ds = rdf.to_dataset(x)
    merged = rdf.merged_view(ds)
    narrator = {(r.subject, r.predicate, r.object) for r in x.relations if r.claimed_by is None}
    for r in x.relations:
        triple = (rdf.entity_iri(r.subject), rdf.PREDICATE_IRI[r.predicate], rdf.entity_iri(r.object))
        if r.claimed_by is not None and (r.subject, r.predicate, r.object) not in narrator:
            assert triple not in merged, f"speaker claim stored as plain fact: {triple}"
    # every assertion is attributed
    for a in merged.subjects(RDF.type, KGO.Assertion):
        assert merged.value(a, KGO.claimedBy) is not None
    report = validate_graph(merged)
    assert report.conforms, report.text()
    assert isinstance(merged, Graph) and isinstance(next(iter(merged.subjects(RDF.type, KGO.NewsArticle))), URIRef)


def test_no_speaker_is_a_place_or_an_event() -> None:
    # issue 8: a place or an event never speaks; whoever a statement is given to is an agent
    for path in FILES:
        _, x = _extract(path)
        wrong = [
            (x.entities[s.speaker].label, x.entities[s.speaker].type.value, s.evidence.start)
            for s in x.statements
            if x.entities[s.speaker].type.value in ("Region", "Settlement", "Event", "UNResolution")
        ]
        assert not wrong, (path.stem, wrong)


def _floors(files: list[Path]) -> dict:  # type: ignore[type-arg]
    docs = []
    for path in files:
        gold, x = _extract(path)
        docs.append(evaluate.score_document(gold, x))
    return evaluate.summarize(docs)


def test_scores_meet_the_floors() -> None:
    result = _floors(FILES)
    seed = next(d for d in result["documents"] if d["id"].startswith("seed"))
    assert seed["entities"]["f1"] >= 0.9
    assert seed["relations"]["f1"] >= 0.75
    assert seed["statements"]["f1"] >= 0.85
    # first sight of all 22 was 0.79 / 0.50 / 0.57 (docs/quality/first-sight-all-22.txt); these floors
    # sit just under what this round reached (0.938 / 0.816 / 0.981), so a change that loses ground fails here
    assert result["entities"]["micro"]["f1"] >= 0.93
    assert result["relations"]["micro"]["f1"] >= 0.80
    assert result["statements"]["micro"]["f1"] >= 0.97


def test_scores_on_the_new_dev_files_meet_the_floors() -> None:
    # files 30-53 came with round 2; first sight 0.74 / 0.18 / 0.43 (docs/quality/first-sight-30-53.txt)
    new = [p for p in FILES if p.name[:2].isdigit() and int(p.name[:2]) >= 30]
    if len(new) < 10:
        pytest.skip("the round-2 dev files (30-53) are not in ../shared/corpus/dev")
    result = _floors(new)
    assert result["entities"]["micro"]["f1"] >= 0.925  # reached 0.934 / 0.784 / 0.982: the 0.9 / 0.7
    assert result["relations"]["micro"]["f1"] >= 0.77
    assert result["statements"]["micro"]["f1"] >= 0.97
