"""Validate stage: check a graph against kg's SHACL shapes (and any extra shapes).

Two engines give the same report (tests/test_validate_engines.py compares them on every shape's
conforming and violating case and on the dev corpus): pyshacl-turbo, a Rust engine with
pySHACL's API, used by default (about 7x faster, so validation no longer dominates a build),
and pySHACL, the reference (`KG_SHACL_ENGINE=pyshacl`). The ontology's class hierarchy is
what SHACL needs of it (sh:class and sh:targetClass follow rdfs:subClassOf): the turbo path adds
those triples to the data for the run and takes them out again, instead of copying the graph.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

from kg import resources
from kg.errors import BadInput
from kg.namespace import KGO

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str
    value: str | None = None
    sentence: str | None = None
    # the terms themselves, for tracing a violation back to the facts that caused it
    focus_node: Any = field(default=None, compare=False, repr=False)
    path_node: Any = field(default=None, compare=False, repr=False)
    value_node: Any = field(default=None, compare=False, repr=False)
    component: str | None = field(default=None, compare=False, repr=False)
    shape: str | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        val = f" (value: {self.value})" if self.value else ""
        line = f"{self.severity}: {self.focus}{where}: {self.message}{val}"
        if self.sentence:
            line += f'\n    sentence: "{self.sentence}"'
        return line


@dataclass
class Report:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def text(self) -> str:
        if self.conforms:
            return "conforms: yes"
        return "\n".join([f"conforms: no ({len(self.violations)} violations)", *map(str, self.violations)])


def _short(g: Graph, node: object) -> str:
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:
            return str(node)
    return str(node)


def _sentence_of(data: Graph, focus: object, value: object = None) -> str | None:
    if value is not None and (focus, RDF.type, KGO.NewsArticle) in data:  # type: ignore[operator]
        # a span of the article is wrong: report the sentence that span sits in
        for span in data.subjects(KGO.anchorOf, value):  # type: ignore[arg-type]
            if (span, KGO.inArticle, focus) in data:  # type: ignore[operator]
                return _sentence_of(data, span) or str(value)
    return _span_sentence(data, focus)


def _span_sentence(data: Graph, focus: object) -> str | None:
    for s in data.objects(focus, KGO.inSentence):  # type: ignore[arg-type]
        for text in data.objects(s, KGO.anchorOf):
            return str(text)
    # an entity: the sentence of its first mention
    for m in data.subjects(KGO.refersTo, focus):  # type: ignore[arg-type]
        for s in data.objects(m, KGO.inSentence):
            for text in data.objects(s, KGO.anchorOf):
                return str(text)
    return None


ENGINES = ("turbo", "pyshacl")


def default_engine() -> str:
    engine = os.environ.get("KG_SHACL_ENGINE", "turbo")
    if engine not in ENGINES:
        raise BadInput(f"KG_SHACL_ENGINE={engine!r} is not an engine; use one of {', '.join(ENGINES)}")
    return engine


@functools.lru_cache(maxsize=1)
def _compiled_kg_shapes() -> Any:
    import pyshacl_turbo

    # without rdflib's default prefixes: the engine binds each of the shapes graph's prefixes
    # into every report it makes (about 3 ms an article for the 30 defaults; no report reads them)
    shapes = Graph(bind_namespaces="none")
    for t in resources.shapes():
        shapes.add(t)
    return pyshacl_turbo.compile_shapes(shapes, advanced=True)


@functools.lru_cache(maxsize=1)
def _class_hierarchy() -> tuple[tuple[Any, Any, Any], ...]:
    return tuple(resources.ontology().triples((None, RDFS.subClassOf, None)))


def _turbo_results(data: Graph, extra_shapes: list[Graph]) -> tuple[bool, Graph]:
    import pyshacl_turbo

    if extra_shapes:  # a user's shapes may look at any part of the ontology: mix it all in, as pySHACL does
        shapes = resources.shapes() + sum(extra_shapes, Graph())
        mixed = Graph()
        mixed += data
        mixed += resources.ontology()
        conforms, results, _ = pyshacl_turbo.validate(
            mixed, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=True
        )
        return bool(conforms), results
    added = [t for t in _class_hierarchy() if t not in data]
    for t in added:
        data.add(t)
    try:
        conforms, results, _ = _compiled_kg_shapes().validate(data, inference=None, allow_warnings=True)
    finally:
        for t in added:
            data.remove(t)
    return bool(conforms), results


@functools.lru_cache(maxsize=1)
def _class_hierarchy_nt() -> str:
    return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in _class_hierarchy())


def conforms_ntriples(ntriples: str) -> bool:
    """Whether N-Triples data conforms to kg's shapes with nothing to report, as pyshacl-turbo
    finds it reading the text itself: a build's check of an article, without an rdflib graph
    (filling one and handing it over cost more than the validation). False when the engine
    reports anything: the build then validates the article's graph with validate_graph, whose
    report traces each result back to its facts (and the same engine decides: a differential
    test holds the two inputs to the same results)."""
    from pyshacl_turbo.rdf import Input

    data = Input(ntriples + _class_hierarchy_nt(), "nt", None, {}, {})
    conforms, results, _ = _compiled_kg_shapes().validate(data, inference=None, allow_warnings=True)
    return bool(conforms) and next(results.subjects(RDF.type, SH.ValidationResult), None) is None


def _pyshacl_results(data: Graph, extra_shapes: list[Graph]) -> tuple[bool, Graph]:
    import pyshacl  # (the reference engine: imported when used, a quarter second of every start)

    if not data.store.context_aware:  # pySHACL reads the data through a ConjunctiveGraph on its store
        copy = Graph()
        for prefix, ns in data.namespaces():
            copy.bind(prefix, ns, override=True, replace=True)
        copy += data
        data = copy
    shapes = Graph()
    for t in resources.shapes():
        shapes.add(t)
    for extra in extra_shapes:
        for t in extra:
            shapes.add(t)
    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=resources.ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    assert isinstance(results, Graph)
    return bool(conforms), results


# messages for constraints whose shape has no sh:message: kg's own words, the same whichever
# engine ran (each engine words its default messages differently)
_COMPONENT_MESSAGES = {
    "MinCountConstraintComponent": "too few values",
    "MaxCountConstraintComponent": "too many values",
    "DatatypeConstraintComponent": "a value has the wrong datatype",
    "ClassConstraintComponent": "a value is not an instance of the required class",
    "NodeKindConstraintComponent": "a value is not of the required node kind",
    "PatternConstraintComponent": "a value does not match the required pattern",
    "MinLengthConstraintComponent": "a value is too short",
    "MaxLengthConstraintComponent": "a value is too long",
    "InConstraintComponent": "a value is not one of the allowed values",
    "HasValueConstraintComponent": "the required value is missing",
    "MinInclusiveConstraintComponent": "a value is below the minimum",
    "MaxInclusiveConstraintComponent": "a value is above the maximum",
    "MinExclusiveConstraintComponent": "a value is below the minimum",
    "MaxExclusiveConstraintComponent": "a value is above the maximum",
    "LessThanConstraintComponent": "a value is not less than the other property's",
    "LessThanOrEqualsConstraintComponent": "a value is greater than the other property's",
    "EqualsConstraintComponent": "the values differ from the other property's",
    "DisjointConstraintComponent": "a value is shared with a property that must be disjoint",
    "UniqueLangConstraintComponent": "two values have the same language",
    "OrConstraintComponent": "no alternative of sh:or is met",
    "AndConstraintComponent": "a part of sh:and is not met",
    "NotConstraintComponent": "a value meets a shape it must not",
    "XoneConstraintComponent": "not exactly one alternative of sh:xone is met",
    "NodeConstraintComponent": "a value does not conform to its node shape",
    "QualifiedMinCountConstraintComponent": "too few values conform to the qualified shape",
    "QualifiedMaxCountConstraintComponent": "too many values conform to the qualified shape",
    "ClosedConstraintComponent": "a property is not allowed by the closed shape",
}


def _shape_messages(extra_shapes: list[Graph]) -> set[str]:
    out = {str(m) for m in resources.shapes().objects(None, SH.message)}
    for g in extra_shapes:
        out.update(str(m) for m in g.objects(None, SH.message))
    return out


def _message(msg: object, component: object, authored: set[str]) -> str:
    if msg is not None and str(msg) in authored:
        return str(msg)
    name = str(component).rsplit("#", 1)[-1]
    return _COMPONENT_MESSAGES.get(name, f"{name.removesuffix('ConstraintComponent') or 'a'} constraint not met")


def _source_shape(results: Graph, r: Any) -> str | None:
    shape = results.value(r, SH.sourceShape)
    if isinstance(shape, URIRef):
        return str(shape)
    # a blank property shape: name it by its path, which both engines report the same way
    path = results.value(shape, SH.path) if shape is not None else None
    return f"[{path}]" if path is not None else None


def validate_graph(data: Graph, extra_shapes: list[Graph] | None = None, *, engine: str | None = None) -> Report:
    # a user's own shapes are checked by the reference engine, which reports bad shapes clearly
    engine = engine or ("pyshacl" if extra_shapes else default_engine())
    run = _turbo_results if engine == "turbo" else _pyshacl_results
    try:
        conforms, results = run(data, extra_shapes or [])
    except Exception as exc:  # the engines raise many types (ShapeLoadError, re.error, ...) on bad shapes
        if not extra_shapes:
            raise
        text = " ".join(str(exc).split())
        text = text[:300] + ("..." if len(text) > 300 else "")
        kind = "an sh:pattern is not a valid regular expression" if isinstance(exc, re.error) else type(exc).__name__
        raise BadInput(
            f"the extra shapes are not valid SHACL ({kind}: {text}); fix the shape it names, or leave out --shapes"
        ) from exc
    authored = _shape_messages(extra_shapes or [])
    report = Report(conforms=conforms)
    for r in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        path = results.value(r, SH.resultPath)
        msg = results.value(r, SH.resultMessage)
        sev = results.value(r, SH.resultSeverity)
        val = results.value(r, SH.value)
        report.violations.append(
            Violation(
                focus=_short(data, focus),
                path=_short(data, path) if path is not None else None,
                message=_message(msg, results.value(r, SH.sourceConstraintComponent), authored),
                severity=str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
                value=str(val)[:120] if isinstance(val, (Literal, URIRef)) else None,
                sentence=_sentence_of(data, focus, val),
                focus_node=focus,
                path_node=path,
                value_node=val,
                component=str(results.value(r, SH.sourceConstraintComponent)),
                shape=_source_shape(results, r),
            )
        )
    report.violations.sort(key=lambda v: (v.focus, v.path or "", v.message, v.value or "", v.component or ""))
    return report


def load_shapes(path: str | Path) -> Graph:
    from kg.io import read_rdf, union

    try:
        return union(read_rdf(path))
    except BadInput as exc:
        raise BadInput(f"extra shapes {exc}") from exc
