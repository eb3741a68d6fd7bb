"""Every cue class and pattern of the grammars kept as data (kg/lexicon/*.json) has an id, a comment and
example sentences, and every example gives what it says. The examples are real sentences (dev corpus,
held-out articles cited by address, public pages) or marked as constructed."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from kg import article, pipeline
from kg.kb import fold
from kg.model import Extraction

LEXICON = Path(__file__).resolve().parent.parent / "kg" / "lexicon"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LEXICON / name).read_text(encoding="utf-8"))
    return data


@functools.cache
def _extract(text: str, date: str | None) -> Extraction:
    return pipeline.extract(article.from_text(text, title="t", date=date))


def _names(x: Extraction, key: str) -> set[str]:
    ent = x.entities[key]
    return {fold(f).removeprefix("the ") for f in [ent.label, *ent.surface_forms]}


def _is(x: Extraction, key: str, name: str) -> bool:
    return fold(name) in _names(x, key) or fold(name).removeprefix("the ") in _names(x, key)


# ---- attribution -----------------------------------------------------------------------------------


def _attribution_cases() -> list[tuple[str, dict[str, Any]]]:
    g = _load("attribution.json")
    classes = [*g["verbs"], *(g[k] for k in g if not k.startswith("_") and k != "verbs")]
    out = []
    for cls in classes:
        assert cls.get("id") and cls.get("comment"), cls
        assert cls.get("examples"), f"cue class {cls['id']} has no example sentence"
        for i, ex in enumerate(cls["examples"]):
            out.append((f"{cls['id']}-{i}", ex))
    return out


ATTRIBUTION = _attribution_cases()


def test_attribution_examples_were_collected() -> None:
    assert len(ATTRIBUTION) >= 25


@pytest.mark.parametrize(("case", "ex"), ATTRIBUTION, ids=[c for c, _ in ATTRIBUTION])
def test_attribution_example(case: str, ex: dict[str, Any]) -> None:
    text = ex.get("context", "") + ex["text"]
    x = _extract(text, ex.get("date"))
    if "speakers_by_sentence" in ex:
        expected = ex["speakers_by_sentence"]
        sentences = x.sentences[len(x.sentences) - len(expected) :]
        for sent, names in zip(sentences, expected, strict=True):
            got = [s.speaker for s in x.statements if s.evidence.sentence == sent.index]
            assert len(got) == len(names), (case, sent.text, [x.entities[k].label for k in got])
            for name in names:
                assert any(_is(x, k, name) for k in got), (case, name, [x.entities[k].label for k in got])
        return
    names = ex.get("speakers", [ex["speaker"]] if "speaker" in ex else [])
    last = x.sentences[-1].index
    got = [s.speaker for s in x.statements if s.evidence.sentence == last]
    assert len(got) == len(names), (case, [x.entities[k].label for k in got])
    for name in names:
        assert any(_is(x, k, name) for k in got), (case, name, [x.entities[k].label for k in got])


# ---- relations -------------------------------------------------------------------------------------


def _relation_cases() -> list[tuple[str, str, dict[str, Any]]]:
    g = _load("relations.json")
    out = []
    for p in g["patterns"]:
        assert p.get("id") and p.get("comment") and p.get("predicate"), p
        assert p.get("examples"), f"pattern {p['id']} has no example sentence"
        for i, ex in enumerate(p["examples"]):
            out.append((f"{p['id']}-{i}", p["id"], ex))
    sections = [k for k, v in g.items() if isinstance(v, dict) and "examples" in v]
    assert {"sequences", "not_relations", "generic_heads", "victim_verbs", "collective_subjects"} <= set(sections)
    for section in sections:
        assert g[section].get("id") and g[section].get("comment"), section
        for i, ex in enumerate(g[section]["examples"]):
            out.append((f"{g[section]['id']}-{i}", g[section]["id"], ex))
    return out


RELATIONS = _relation_cases()


def test_relation_examples_were_collected() -> None:
    assert len(RELATIONS) >= 30


@pytest.mark.parametrize(("case", "pattern", "ex"), RELATIONS, ids=[c for c, _, _ in RELATIONS])
def test_relation_example(case: str, pattern: str, ex: dict[str, Any]) -> None:
    x = _extract(ex.get("context", "") + ex["text"], ex.get("date"))
    for s, p, o in ex["triples"]:
        either_way = p in ("in_conflict_with", "negotiates_with")  # symmetric: one triple in either direction
        assert any(
            r.predicate == p
            and (
                (_is(x, r.subject, s) and _is(x, r.object, o))
                or (either_way and _is(x, r.subject, o) and _is(x, r.object, s))
            )
            for r in x.relations
        ), (
            case,
            (s, p, o),
            [(x.entities[r.subject].label, r.predicate, x.entities[r.object].label) for r in x.relations],
        )
    if not ex["triples"]:
        assert not [r for r in x.relations if r.evidence.rule == pattern], case
    for s, p, o in ex.get("not", []):  # what the example must not give
        assert not any(r.predicate == p and _is(x, r.subject, s) and _is(x, r.object, o) for r in x.relations), (
            case,
            (s, p, o),
        )


# ---- entities and roles ----------------------------------------------------------------------------


def _entity_cases() -> list[tuple[str, dict[str, Any]]]:
    g = _load("entities.json")
    out = []
    for key, section in g.items():
        if key.startswith("_"):
            continue
        assert section.get("id") and section.get("comment"), key
        assert section.get("examples"), f"entity cue class {key} has no example sentence"
        for i, ex in enumerate(section["examples"]):
            out.append((f"{section['id']}-{i}", ex))
    return out


ENTITIES = _entity_cases()


def test_entity_examples_were_collected() -> None:
    assert len(ENTITIES) >= 15


@pytest.mark.parametrize(("case", "ex"), ENTITIES, ids=[c for c, _ in ENTITIES])
def test_entity_example(case: str, ex: dict[str, Any]) -> None:
    x = _extract(ex.get("context", "") + ex["text"], ex.get("date"))
    if "not_a_name" in ex:
        assert not [k for k, e in x.entities.items() if fold(ex["not_a_name"]) in {fold(f) for f in e.surface_forms}]
        return
    found = [e for k, e in x.entities.items() if _is(x, k, ex["name"])]
    assert found, (case, [(e.label, e.type.value) for e in x.entities.values()])
    assert ex["type"] in {e.type.value for e in found}, (case, [(e.label, e.type.value) for e in found])


ROLES = [(f"role-{i}", ex) for i, ex in enumerate(_load("roles.json")["examples"])]


@pytest.mark.parametrize(("case", "ex"), ROLES, ids=[c for c, _ in ROLES])
def test_role_phrase_example(case: str, ex: dict[str, Any]) -> None:
    x = _extract(ex["text"], ex.get("date"))
    person = [e for e in x.entities.values() if e.label == ex["person"]]
    assert person, (case, [e.label for e in x.entities.values()])
    assert ex["mention"] in person[0].surface_forms, (case, person[0].surface_forms)
