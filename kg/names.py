"""Open-world names: typing a name the knowledge base does not know, from its own words and its context.

Part of the mentions stage. The small NER model's label is a first guess; the name's head word ('Kosovo
Police', 'Banjska Monastery', 'Halaib Triangle'), the words right after it ('the M23 armed group') or
before it ('Ambassador X', 'the town of X'), and names it is coordinated with decide the type. Some
capitalized words are never names: common English words ('Peace', 'Joint'), months taken for persons,
section headings. The cue words are data: kg/lexicon/entities.json.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg.lexicon import lexicon
from kg.model import EntityType

TYPE_NAMES = {t.value: t for t in EntityType}


def token_texts(doc: Doc) -> list[str]:
    """Each token's text, read once per doc and kept with it (doc[i].text makes a Token and looks its string
    up at every read)."""
    texts: list[str] | None = doc.user_data.get("kg.token_texts")
    if texts is None or len(texts) != len(doc):
        texts = doc.user_data["kg.token_texts"] = [t.text for t in doc]
    return texts


def doc_text(doc: Doc) -> str:
    """The doc's text, read once per doc and kept with it (Doc.text joins every token's text at each read)."""
    text: str | None = doc.user_data.get("kg.text")
    if text is None:
        text = doc.user_data["kg.text"] = doc.text
    return text


def lower_words(doc: Doc) -> list[str]:
    """Each token's lower-case form, read once per doc and kept with it (as token_texts)."""
    words: list[str] | None = doc.user_data.get("kg.lower_words")
    if words is None or len(words) != len(doc):
        words = doc.user_data["kg.lower_words"] = [t.lower_ for t in doc]
    return words


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    """kg/lexicon/entities.json with lookup tables added."""
    text = (importlib.resources.files("kg.lexicon") / "entities.json").read_text(encoding="utf-8")
    c: dict[str, Any] = json.loads(text)

    def by_word(section: dict[str, Any]) -> dict[str, EntityType]:
        out: dict[str, EntityType] = {}
        for type_name, words in section.items():
            if type_name in TYPE_NAMES:
                for w in words:
                    out.setdefault(w, TYPE_NAMES[type_name])
        return out

    c["_heads"] = by_word(c["name_heads"])
    c["_first_words"] = by_word(c["name_heads"]["first_words"])
    c["_party_heads"] = set(c["after_cues"]["party_heads"])
    c["_after"] = by_word(c["after_cues"])
    c["_before"] = by_word(c["before_cues"])
    c["_places_after_prep"] = set(c["prepositions"]["words"])
    c["_months"] = set(c["not_names"]["months"])
    c["_continuations"] = set(c["not_names"]["name_continuations"])
    c["_lowercase_continuations"] = set(c["not_names"]["lowercase_continuations"])
    c["_directions"] = dict(c["directional_regions"]["words"])
    c["_groups"] = set(c["descriptive"]["group_nouns"])
    c["family_name_first"]["_states"] = {f"state/{code}" for code in c["family_name_first"]["states"]}
    c["_needs_state"] = set(c["descriptive"]["needs_state"])
    c["_place_heads"] = set(c["place_heads"]["words"])
    c["_region_heads"] = set(c["place_heads"]["region_words"])
    c["_settlement_of"] = set(c["settlement_cues"]["words"])
    return c


@functools.lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """A frequent English word (wordfreq's Zipf value at or above the threshold of entities.json)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en", wordlist="small") >= float(cues()["not_names"]["common_word_zipf"])


def first_word_type(words: list[str]) -> EntityType | None:
    """The type a name says by its first word: 'Operation Prosperity Guardian' is an operation."""
    c = cues()
    if len(words) > 1 and words[0].lower() in c["_first_words"] and words[0][:1].isupper() and words[1][:1].isupper():
        return c["_first_words"][words[0].lower()]
    return None


def head_type(words: list[str]) -> EntityType | None:
    """The type a name's own head word gives: its last word, or the word before 'of'/'for'."""
    c = cues()
    while len(words) > 1 and words[-1].isdigit():
        words = words[:-1]  # 'Air Base 201'
    low = [w.lower() for w in words]
    first = first_word_type(words)
    if first is not None:
        return first  # 'Operation Prosperity Guardian'
    for i, w in enumerate(low):
        if w in ("of", "for", "on", "in", "to") and i > 0:
            t = c["_heads"].get(low[i - 1])
            if t is not None and words[i - 1][:1].isupper():
                return t
            break
    last = low[-1] if low else ""
    if last in c["_heads"] and len(words) > 1 and words[-1][:1].isupper():
        return c["_heads"][last]
    return None


def classifier_type(tok: Token) -> EntityType | None:
    """The place type a classifier noun gives a name, across the names coordinated with it: 'the
    province of Idlib', 'the cities of Sana'a and Hudaydah' (before, with 'of'), 'Donetsk and Luhansk
    regions' (after, as its modifier); entities.json place_heads and settlement_cues."""
    c = cues()
    regions = set(c["_region_heads"])
    settlements = {w.split()[-2] for w in c["_settlement_of"]}

    def kind(word: Token) -> EntityType | None:
        lemma = word.lemma_.lower()
        if lemma in regions or word.lower_ in regions:
            return EntityType.REGION
        if lemma in settlements or word.lower_ in settlements:
            return EntityType.SETTLEMENT
        return None

    own = kind(tok)
    if own is not None:
        return own  # 'Katha township' says it itself, whatever 'village of' comes before
    first = tok
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    if first.dep_ == "pobj" and first.head.lower_ == "of" and first.head.head.pos_ == "NOUN":
        return kind(first.head.head)
    group = [first, *first.conjuncts]
    for t in group:
        if t.dep_ in ("compound", "nmod", "amod") and t.head.pos_ == "NOUN" and t.head.i > t.i:
            if t.head.tag_ == "NNS" or t is tok:
                return kind(t.head)
    return None


def _words_after(span: Span, n: int) -> list[str]:
    doc = span.doc
    return [t.lower_ for t in doc[span.end : min(len(doc), span.end + n)]]


def _words_before(span: Span, n: int) -> list[str]:
    doc = span.doc
    return [t.lower_ for t in doc[max(0, span.start - n) : span.start]]


def context_type(span: Span) -> EntityType | None:
    """The type the words around a name give: 'the M23 armed group', 'Ambassador X', 'the town of X'."""
    c = cues()
    after = _words_after(span, 2)
    for n in (2, 1):
        phrase = " ".join(after[:n])
        if len(after) >= n and phrase in c["_after"]:
            return c["_after"][phrase]
    before = _words_before(span, 3)
    for n in (3, 2, 1):
        phrase = " ".join(before[-n:])
        if len(before) >= n and phrase in c["_before"]:
            return c["_before"][phrase]
    if _distance_follows(span) or capital_follows(span):
        return EntityType.SETTLEMENT
    return None


_CAPITAL_AFTER = re.compile(r"^(?:, |is |was |, which is )?the (?:[a-z]+ )?capital (?:city )?of\b")


def capital_follows(span: Span) -> bool:
    """'Wad Madani is the capital of Al Gezira state', 'Gharyan, the provincial capital of ...': the name
    of a capital is a city's."""
    doc = span.doc
    return bool(_CAPITAL_AFTER.match(" ".join(t.lower_ for t in doc[span.end : span.end + 6])))


def _distance_follows(span: Span) -> bool:
    """'Gharyan, about 80 km (50 miles) south of Tripoli': a place's distance from another (entities.json
    'distance_apposition')."""
    cue = cues()["distance_apposition"]
    words = _words_after(span, 6)
    if not words or words[0] != ",":
        return False
    i = 1
    while i < len(words) and words[i] in cue["hedges"]:
        i += 1
    doc = span.doc
    k = span.end + i
    return k + 1 < len(doc) and doc[k].like_num and doc[k + 1].lower_ in cue["units"]


def place_head_at(doc: Doc, i: int) -> bool:
    """Whether token i is a generic place head in lower case ('region' after 'Sagaing', 'township' after
    'Katha'; entities.json 'place_heads')."""
    return i < len(doc) and doc[i].is_lower and doc[i].lower_ in cues()["_place_heads"]


def after_settlement_cue(span: Span) -> bool:
    """'the town of X', 'the village of X': X is a settlement (entities.json 'settlement_cues')."""
    before = _words_before(span, 3)
    return any(" ".join(before[-n:]) in cues()["_settlement_of"] for n in (3, 2) if len(before) >= n)


def is_heading(span: Span) -> bool:
    """A short line of capitalized words without final punctuation ('Background', 'Reactions')."""
    doc = span.doc
    start = span.start
    while start > 0 and "\n" not in doc[start - 1].text_with_ws:
        start -= 1
    end = span.end
    while end < len(doc) and "\n" not in doc[end - 1].text_with_ws:
        end += 1
    line = [t for t in doc[start:end] if not t.is_space]
    if not line or len(line) > 4:
        return False
    return all(t.text[:1].isupper() or t.is_punct for t in line) and line[-1].text not in (".", "!", "?")


@functools.lru_cache(maxsize=1)
def person_title_words() -> frozenset[str]:
    """Title words that make the name after them a person's, and no name alone (lexicon.json
    'person_title_words')."""
    return frozenset(lexicon()["person_title_words"])


@functools.lru_cache(maxsize=1)
def person_name_prefixes() -> frozenset[str]:
    """What may stand at the head of a person's name the NER model saw and is no part of it: the title
    words and the ranks news abbreviates ('Gen', 'Lt Col'; lexicon.json 'person_title_abbreviations')."""
    return person_title_words() | frozenset(lexicon()["person_title_abbreviations"])


def rejected(span: Span, etype: EntityType) -> bool:
    """Capitalized words that are no names: a common word alone, a month as a person, a heading."""
    c = cues()
    words = [t for t in span if not t.is_punct]
    if not words:
        return True
    if etype is EntityType.PERSON and words[0].lower_ in c["_months"] and len(words) == 1:
        return True
    if len(words) == 1 and is_common_word(words[0].text):
        return True
    titles = person_title_words()
    if all(t.lower_ in c["_before"] or t.lower_ in c["_heads"] or t.lower_ in titles for t in words):
        return True  # 'Department Spokesperson', 'Joint Statement', 'Madam': titles and heads, no name
    return bool(is_heading(span) and len(words) <= 2 and all(is_common_word(t.text) for t in words))


def foreign_name_tokens(doc: Doc) -> set[int]:
    """The tokens of names given in another language inside parentheses: '(Tigrinya: ..., romanized: wĭg’ĭ
    Tĭgray; Afar: Tigray Qeebi)', '(Indonesian: Konflik Papua)' (lexicon.json 'foreign_name_labels')."""
    cue = lexicon()["foreign_name_labels"]
    languages, labels = set(cue["languages"]), set(cue["labels"])
    texts, lower = token_texts(doc), lower_words(doc)
    out: set[int] = set()
    depth = 0
    i = 0
    while i < len(doc):
        if texts[i] == "(":
            depth += 1
        elif texts[i] == ")":
            depth = max(0, depth - 1)
        elif depth and i + 1 < len(doc) and texts[i + 1] == ":" and (texts[i] in languages or lower[i] in labels):
            out.update((i, i + 1))  # the language's name too: 'Afar:' names no region
            j = i + 2
            while j < len(doc) and texts[j] not in (",", ";", ")"):
                out.add(j)
                j += 1
            i = j
            continue
        i += 1
    return out


def family_name_first(name: str, offices: list[str]) -> bool:
    """Whether a person's name puts the family name first, so that the first word names them alone:
    an office of a state whose names do so, or a hyphenated Korean given name ('Hong Sang-pyo';
    entities.json 'family_name_first')."""
    c = cues()["family_name_first"]
    words = name.split()
    if len(words) < 2:
        return False
    return any(o in c["_states"] for o in offices) or bool(re.fullmatch(c["given_name_pattern"], words[-1]))


def retype(span: Span, etype: EntityType) -> tuple[EntityType, str]:
    """The type of a name the KB does not know, and what decided it: its head word ('head'), else its
    context ('context'), else the NER label ('ner')."""
    by_head = head_type([t.text for t in span])
    if by_head is not None:
        return by_head, "head"
    by_context = context_type(span)
    if by_context is not None:
        return by_context, "context"
    return etype, "ner"


def continues_a_name(span: Span) -> bool:
    """A place name followed by a word that makes it part of a longer name ('Ankara Declaration', 'the
    Luanda process', 'the Minsk talks')."""
    doc = span.doc
    if span.end >= len(doc):
        return False
    nxt = doc[span.end]
    if nxt.lower_ not in cues()["_continuations"]:
        return False
    if nxt.text[:1].isupper():
        return True
    # lower-case: only after 'the' ('the Luanda process'), where the place modifies the noun
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return before == "the" and nxt.lower_ in cues()["_lowercase_continuations"]


def propn_names(doc: Doc) -> list[tuple[int, int, EntityType]]:
    """Runs of capitalized words that end in a name's head word ('Halaib Triangle', 'Banjska Monastery',
    'Air Base 201'), which the NER model may have missed: (start, end, type)."""
    heads = cues()["_heads"]
    texts, lower = token_texts(doc), lower_words(doc)
    out: list[tuple[int, int, EntityType]] = []
    i = 0
    while i < len(doc):
        j = i
        while j < len(doc) and (texts[j][:1].isupper() and doc[j].is_alpha or (j > i and texts[j] == "-")):
            j += 1
        end = j
        while end < len(doc) and texts[end].isdigit() and end == j:
            end += 1  # 'Air Base 201'
        if j - i >= 1 and j + 1 < len(doc) and lower[j] == "of":
            # 'the Law of the Sea Convention': an event's name runs over 'of (the)'
            k = j + 1 + (1 if lower[j + 1] == "the" else 0)
            m = k
            while m < len(doc) and texts[m][:1].isupper() and doc[m].is_alpha:
                m += 1
            if m > k and heads.get(lower[m - 1]) is EntityType.EVENT:
                j = end = m
        if (
            j - i >= 2
            and j < len(doc)
            and lower[j] in cues()["_party_heads"]
            and not any(w in ("the", "a", "an") for w in lower[i:j])
        ):
            # "Giorgi Gakharia's For Georgia party": capitalized words before a lower-case 'party' name it
            out.append((i, j, EntityType.ORGANIZATION))
            i = j
            continue
        if j - i >= 2:
            t = heads.get(lower[j - 1])
            first = i + 1 if lower[i] in ("the", "a", "an") else i
            if t is not None and j - first >= 2:
                if first >= 2 and doc[first - 1].like_num and doc[first - 1].is_alpha and lower[first - 2] == "the":
                    first -= 1  # 'the three Joint Communiqués': a spelled number is part of the name
                out.append((first, end, t))
        i = max(j, i + 1)
    return out


def directional(tok: Token) -> str | None:
    """'eastern', 'Northern': the compass word of a directional region, as its label word."""
    d = cues()["_directions"].get(tok.lower_)
    return str(d) if d else None


__all__ = [
    "context_type",
    "continues_a_name",
    "cues",
    "directional",
    "head_type",
    "is_common_word",
    "rejected",
    "retype",
]
