"""The ontology and shapes files, installed with the package (kg.ontology, kg.shapes)."""

from __future__ import annotations

import functools
import importlib.resources

from rdflib import Graph

SHAPES_FILES = ("kg-shapes.ttl", "kg-sparql.ttl")
"""kg's shapes: SHACL Core (any engine) and SHACL-SPARQL (engines that run SPARQL constraints)."""


def _read(package: str, name: str) -> str:
    return (importlib.resources.files(package) / name).read_text(encoding="utf-8")


def ontology_text() -> str:
    """The ontology, as Turtle text."""
    return _read("kg.ontology", "kg.ttl")


def shapes_text(name: str = "kg-shapes.ttl") -> str:
    """One of kg's shapes files (SHAPES_FILES), as Turtle text."""
    return _read("kg.shapes", name)


@functools.lru_cache(maxsize=1)
def ontology() -> Graph:
    """The ontology, parsed (cached: do not modify it)."""
    return Graph().parse(data=ontology_text(), format="turtle")


@functools.lru_cache(maxsize=1)
def shapes() -> Graph:
    """All of kg's shapes, SHACL Core and SHACL-SPARQL, in one graph: what `kg validate` uses
    (cached: do not modify it)."""
    g = Graph()
    for name in SHAPES_FILES:
        g.parse(data=shapes_text(name), format="turtle")
    return g
