"""Facts stage (relations, statements, events) — filled in by the facts issue."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.kb import KnowledgeBase
from kg.linking import Linked
from kg.model import Extraction


def extract_facts(doc: Doc, extraction: Extraction, linked: Linked, kb: KnowledgeBase) -> None:
    return None
