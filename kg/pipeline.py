"""The whole road for one article: read -> NLP -> mentions -> linked entities -> facts.

Each stage is a module with a plain input and output; this module only strings them together.
RDF is made from the resulting Extraction in kg.rdf.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg import facts, linking, mentions, nlp
from kg.kb import KnowledgeBase, load_kb
from kg.model import Article, Extraction


def extract(
    article: Article, *, model: str = nlp.DEFAULT_MODEL, kb: KnowledgeBase | None = None, doc: Doc | None = None
) -> Extraction:
    """Read one article: NLP, mentions, linking, statements, relations and events. `doc`: the
    article's text already parsed by the same model (nlp.parse_many parses a batch at once)."""
    kb = kb or load_kb()
    pipeline = nlp.load_pipeline(model)
    if doc is None or doc.text != article.text:
        doc = pipeline(article.text)
    sentences = nlp.sentences(doc)
    cands = mentions.find_mentions(doc, pipeline, kb)
    linked = linking.link(doc, cands, kb, article.date, sentences)
    extraction = Extraction(article=article, sentences=sentences, entities=linked.entities)
    extraction.relations.extend(linked.relations)
    facts.extract_facts(doc, extraction, linked, kb)
    return extraction
