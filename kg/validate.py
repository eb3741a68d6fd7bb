"""Validate stage: check a graph against kg's SHACL shapes (and any extra shapes)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import RDF, Graph, Literal, Namespace, URIRef

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


def validate_graph(data: Graph, extra_shapes: list[Graph] | None = None) -> Report:
    shapes = Graph()
    for t in resources.shapes():
        shapes.add(t)
    for extra in extra_shapes or []:
        for t in extra:
            shapes.add(t)
    try:
        conforms, results, _text = pyshacl.validate(
            data,
            shacl_graph=shapes,
            ont_graph=resources.ontology(),
            inference="none",
            advanced=True,
            allow_warnings=True,
        )
    except Exception as exc:  # pySHACL raises many types (ShapeLoadError, re.error, ParseException) on bad shapes
        if not extra_shapes:
            raise
        text = " ".join(str(exc).split())
        text = text[:300] + ("..." if len(text) > 300 else "")
        kind = "an sh:pattern is not a valid regular expression" if isinstance(exc, re.error) else type(exc).__name__
        raise BadInput(
            f"the extra shapes are not valid SHACL ({kind}: {text}); fix the shape it names, or leave out --shapes"
        ) from exc
    report = Report(conforms=bool(conforms))
    assert isinstance(results, Graph)
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
                message=str(msg) if msg is not None else "constraint not met",
                severity=str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
                value=str(val)[:120] if isinstance(val, (Literal, URIRef)) else None,
                sentence=_sentence_of(data, focus, val),
            )
        )
    report.violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return report


def load_shapes(path: str | Path) -> Graph:
    from kg.io import read_rdf, union

    try:
        return union(read_rdf(path))
    except BadInput as exc:
        raise BadInput(f"extra shapes {exc}") from exc
