"""The ontology and shapes files, installed with the package (kg.ontology, kg.shapes)."""

from __future__ import annotations

import functools
import importlib.resources

from rdflib import Graph


def _read(package: str, name: str) -> str:
    return (importlib.resources.files(package) / name).read_text(encoding="utf-8")


def ontology_text() -> str:
    return _read("kg.ontology", "kg.ttl")


def shapes_text() -> str:
    return _read("kg.shapes", "kg-shapes.ttl")


@functools.lru_cache(maxsize=1)
def ontology() -> Graph:
    return Graph().parse(data=ontology_text(), format="turtle")


@functools.lru_cache(maxsize=1)
def shapes() -> Graph:
    return Graph().parse(data=shapes_text(), format="turtle")
