"""Mentions stage: find the spans of a parsed article that name an entity.

Input: a spaCy Doc and the knowledge base. Output: a list of Candidate spans, each with the
entity it may refer to (a knowledge-base key, or a description of a new entity). Sources, in
order of trust: the knowledge-base gazetteer, compound patterns built on it (armed forces,
ministries, office titles, UN resolutions, groups of regions), event noun phrases, and last
spaCy's NER for names the knowledge base does not know.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from kg import names
from kg.kb import GazetteerForm, KBEntry, KnowledgeBase, fold
from kg.lexicon import lexicon
from kg.model import EntityType

APOSTROPHE_S = {"'s", "\u2019s", "'", "\u2019"}


@dataclass
class Candidate:
    """A span that may name an entity: KB keys, or a description of an entity the KB lacks."""

    start: int  # token index
    end: int  # token index, exclusive
    etype: EntityType
    rule: str
    keys: list[str] = field(default_factory=list)  # knowledge-base keys, best first
    forms: list[GazetteerForm] = field(default_factory=list)
    key: str | None = None  # a key minted for an entity the KB does not hold
    label: str | None = None
    subtype: str | None = None
    attrs: dict[str, object] = field(default_factory=dict)
    priority: int = 5  # lower wins an overlap

    def span(self, doc: Doc) -> Span:
        """The candidate's span of the doc."""
        return doc[self.start : self.end]


def _private_tokenizer(nlp: Language) -> Tokenizer:
    """The pipeline's tokenizer (the same rules and exceptions) on a vocabulary of its own. A phrase
    matcher keys on the hashes of its words, which do not depend on the vocabulary; tokenizing the
    knowledge base's 50,000 names with the pipeline's own tokenizer put 35,000 words into the
    pipeline's vocabulary and cache, and every parse after ran slower for it (about 7 ms an article)."""
    own: Any = nlp.tokenizer
    vocab = Vocab(lex_attr_getters=dict(nlp.vocab.lex_attr_getters))  # type: ignore[attr-defined]
    tokenizer = Tokenizer(vocab)
    tokenizer.from_bytes(own.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    return tokenizer


@functools.lru_cache(maxsize=4)
def _matchers(nlp: Language, kb: KnowledgeBase) -> tuple[PhraseMatcher, PhraseMatcher]:
    tokenizer = _private_tokenizer(nlp)
    exact = PhraseMatcher(tokenizer.vocab, attr="ORTH")
    lower = PhraseMatcher(tokenizer.vocab, attr="LOWER")
    texts = {f.text for f in kb.forms}
    # 'Tigray People’s Liberation Front': typographic apostrophes and dashes match the plain ones
    texts |= {t[0].upper() + t[1:] for t in texts if t[:1].islower()}  # 'al-Shabaab' opening a sentence
    texts |= {t.replace("'", "\u2019") for t in texts if "'" in t} | {
        t.replace("-", "\u2011") for t in texts if "-" in t
    }
    docs = [tokenizer(t) for t in sorted(texts)]
    exact.add("KB", docs)
    lower.add("KB", [d for d in docs if len(d) >= 2])
    # 'TEHRAN -', 'KYIV (Reuters) -': a one-word name in capitals opening a dateline
    caps = sorted({t.upper() for t in texts if " " not in t and len(t) >= 4 and t[:1].isupper() and not t.isupper()})
    exact.add("KB-CAPS", [tokenizer(t) for t in caps])
    return exact, lower


def _ner_labels(doc: Doc) -> list[str]:
    labels = [""] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end):
            labels[i] = ent.label_
    return labels


def gazetteer(doc: Doc, nlp: Language, kb: KnowledgeBase) -> list[Candidate]:
    """Every KB name in the doc, with the checks that keep a name from being read where it is none."""
    exact, lower = _matchers(nlp, kb)
    ner = _ner_labels(doc)
    spans: dict[tuple[int, int], None] = {}
    for _, s, e in exact(doc):
        spans[(s, e)] = None
    for _, s, e in lower(doc):
        if doc[s:e].text.isupper():  # headlines and signatures in capitals
            spans[(s, e)] = None
        elif (
            e - s > 1
            and doc[s].text[:1].isupper()
            and doc[e - 1].lower_ in names.cues()["_place_heads"]
            and any(
                kb.entries[f.key].type in (EntityType.REGION, EntityType.SETTLEMENT) for f in kb.lookup(doc[s:e].text)
            )
        ):
            # 'Donetsk oblast': a region's name with its head in lower case ('a hardline Islamic state' is
            # no Islamic State)
            spans[(s, e)] = None
    out = []
    ents = doc.ents  # (spaCy makes every entity's span at each Doc.ents)
    persons = [
        (ent.start + (1 if ent[0].lower_ in ("the", "a", "an") else 0), ent.end)
        for ent in ents
        if ent.label_ == "PERSON"
    ]
    # a smaller place the KB knows counts where the text says it is a place (NER, a place preposition
    # before it, a state or region after it), and then at every other occurrence of the same name
    accepted: set[str] = set()
    span_forms = {(s, e): kb.lookup(doc[s:e].text) for s, e in spans}  # each span's KB forms, looked up once
    known_places = {
        i
        for (s, e), forms in span_forms.items()
        for f in forms
        if not f.strict and kb.entries[f.key].type in (EntityType.SETTLEMENT, EntityType.REGION, EntityType.STATE)
        for i in range(s, e)
    }
    for s, e in spans:
        if _place_context(doc, s, e, ner, known_places):
            accepted.add(fold(doc[s:e].text))
    # 'the Rapid Support Forces ... The RSF captured Wad Madani': an organization the article names in full
    # is meant by its short acronym anywhere in it
    named_orgs = {
        f.key
        for (s, e), forms in span_forms.items()
        for f in forms
        if not f.strict and kb.entries[f.key].type is EntityType.ORGANIZATION and e - s > 1
    }
    starts, ends = {s for s, _ in spans}, {e for _, e in spans}
    for s, e in spans:
        span = doc[s:e]
        forms = span_forms[(s, e)]
        if not forms:
            continue
        if span.text[0].islower() and not any(f.text == span.text for f in forms):
            continue
        if _is_credit(span):
            continue
        if (
            s > 0
            and doc[s - 1].text[:1].isupper()
            and doc[s - 1].lower_ in names.person_title_words()
            and all(kb.entries[f.key].type in (EntityType.SETTLEMENT, EntityType.REGION) for f in forms)
        ):
            continue  # 'SRSG Salvador', 'Ambassador Washington': a title's name, not a place
        place_here = fold(span.text) in accepted
        # 'LNA forces', 'ELN guerrillas': a group's noun after a short acronym says it names the group
        named_here = any(ner[i] for i in range(s, e)) or (
            e < len(doc) and names.cues()["_after"].get(doc[e].lower_) is EntityType.ORGANIZATION
        )
        forms = [
            f for f in forms
            if not f.strict or place_here or f.key in named_orgs
            or (named_here and kb.entries[f.key].type is EntityType.ORGANIZATION)
        ]  # fmt: skip
        if any(ps <= s and e <= pe and pe - ps > e - s for ps, pe in persons):
            # 'Fukuyama' inside 'Francis Fukuyama': a person's name, not the city
            forms = [f for f in forms if kb.entries[f.key].type in (EntityType.LEADER, EntityType.PERSON)]
        if forms and all(f.kind == "surname" for f in forms) and span.text.lower() in names.cues()["_months"]:
            continue  # 'on May 19' names no prime minister
        if (
            forms
            and all(f.kind == "surname" for f in forms)
            and (span[0].pos_ != "PROPN" or not span.text[:1].isupper())
            and names.is_common_word(span.text)
        ):
            continue  # 'Young people', 'Major changes': words, not surnames
        if forms and all(f.kind == "surname" for f in forms) and span[-1].ent_type_ in ("LANGUAGE", "NORP"):
            continue  # 'Arabic and English are spoken there': a language, not Bill English
        if forms and all(f.kind == "surname" for f in forms) and _inside_longer_name(doc, s, e):
            continue  # 'Francis' in 'Francis Fukuyama' is not the Pope
        if _hyphened_to_a_name(doc, s, e, starts, ends):
            continue  # 'Unity' in 'Unity-National Movement' names no region of South Sudan
        if _ends_an_organization_name(doc, s, e, ents):
            # 'Radio Free Asia' names no continent
            forms = [f for f in forms if kb.entries[f.key].type not in (EntityType.SETTLEMENT, EntityType.REGION)]
            if not forms:
                continue
        if _names_a_thing_after_it(span):
            # 'the Luanda trilateral mediation process', 'the Minsk agreements': the place names the process
            forms = [f for f in forms if kb.entries[f.key].type not in (EntityType.SETTLEMENT, EntityType.REGION)]
        if names.continues_a_name(span):
            # 'the Ankara Declaration' names no city
            forms = [f for f in forms if kb.entries[f.key].type not in (EntityType.SETTLEMENT, EntityType.REGION)]
        if not forms:
            continue
        if names.after_settlement_cue(span) and span[0].text[:1].isupper():
            towns = [f for f in forms if kb.entries[f.key].type is EntityType.SETTLEMENT]
            if not towns:  # 'the town of Halaib': a town the KB lacks, named like a region it has
                label = span.text
                out.append(Candidate(s, e, EntityType.SETTLEMENT, "settlement-cue", key=f"settlement/{_slug(label)}",
                                     label=label, priority=2, attrs={"typed_by": "context"}))  # fmt: skip
                continue
            forms = towns
        keys = list(dict.fromkeys(f.key for f in forms))
        etype = kb.entries[keys[0]].type
        if etype in (EntityType.REGION, EntityType.SETTLEMENT) and names.place_head_at(doc, e):
            e += 1  # 'Sagaing region', 'Katha township': the mention keeps the generic head as written
            head = doc[e - 1].lower_
            if etype is EntityType.SETTLEMENT and head in names.cues()["_region_heads"]:
                regions = [k for k in keys if kb.entries[k].type is EntityType.REGION]
                if not regions:  # 'Kharkiv region' is Kharkiv Oblast
                    name = doc[s : e - 1].text
                    regions = [
                        f.key for alt in sorted(names.cues()["_region_heads"]) for f in kb.lookup(f"{name} {alt}")
                        if kb.entries[f.key].type is EntityType.REGION
                    ]  # fmt: skip
                    regions = list(dict.fromkeys(regions))
                if regions:  # 'Kharkiv oblast': the region, not the city
                    keys, etype = regions, EntityType.REGION
                    forms = [f for f in forms if f.key in regions]
                else:  # 'Katha township': a region named after its town, which the KB lacks
                    label = f"{doc[s : e - 1].text} {head.capitalize()}"
                    out.append(Candidate(s, e, EntityType.REGION, "place-head", key=f"region/{_slug(label)}",
                                         label=label, priority=2, attrs={"typed_by": "head"}))  # fmt: skip
                    continue
        out.append(Candidate(s, e, etype, "kb-gazetteer", keys=keys, forms=forms, priority=2))
    taken = {i for c in out for i in range(c.start, c.end)}
    out.extend(c for c in _peoples_as_parties(doc, kb) if c.start not in taken)
    return out


def _peoples_as_parties(doc: Doc, kb: KnowledgeBase) -> list[Candidate]:
    """A people named as a party of dealings stands for its state, as a capital does: 'negotiations
    with the Ukrainians', 'talks between the Russians and the Americans' (lexicon.json
    'interaction_nouns'). Elsewhere a people is people ('millions of Ukrainians fled')."""
    out = []
    for i, text in enumerate(names.token_texts(doc)):
        if not (text[:1].isupper() and text.endswith("s")):
            continue
        tok = doc[i]
        if tok.pos_ not in ("PROPN", "NOUN"):
            continue
        key = kb.state_for_adjective(tok.text[:-1])
        if key is None or tok.text[:-1] not in kb.entries[key].demonyms or not is_party(tok):
            continue
        form = GazetteerForm(text=tok.text[:-1], key=key, kind="demonym", strict=False)
        out.append(Candidate(tok.i, tok.i + 1, EntityType.STATE, "kb-gazetteer", keys=[key], forms=[form], priority=2))
    return out


def _place_context(doc: Doc, s: int, e: int, ner: list[str], known: set[int] | None = None) -> bool:
    """NER calls it a place, a place preposition stands before it ('in', 'near', 'on', 'the town of'), a
    capitalized name follows after a comma or 'in' ('El Fasher, North Darfur', 'Goma in North Kivu'), or
    it is coordinated with a known place ('Kherson, Mykolaiv and Odesa')."""
    if any(ner[i] in ("GPE", "LOC", "FAC") for i in range(s, e)):
        return True
    known = known or set()
    if s >= 2 and doc[s - 1].lower_ in (",", "and") and (s - 2) in known:
        return True
    if e + 1 < len(doc) and doc[e].lower_ in (",", "and") and (e + 1) in known:
        return True
    if not doc[s].text[:1].isupper():
        return False
    if names.place_head_at(doc, e):
        return True  # 'Donetsk oblast', 'Katha township'
    k = s - 1
    while k >= 0 and doc[k].lower_ == "the":
        k -= 1
    if k >= 0 and (doc[k].lower_ in names.cues()["_places_after_prep"] or doc[k].lower_ in ("on", "from", "to")):
        return True
    if k >= 1 and f"{doc[k - 1].lower_} {doc[k].lower_}" in names.cues()["_before"]:
        return names.cues()["_before"][f"{doc[k - 1].lower_} {doc[k].lower_}"] in (EntityType.SETTLEMENT,
                                                                                   EntityType.REGION)  # fmt: skip
    if e + 1 < len(doc) and doc[e].text in (",", "in") and doc[e + 1].text[:1].isupper() and doc[e + 1].ent_type_:
        return doc[e + 1].ent_type_ in ("GPE", "LOC")
    # 'Wad Madani is the capital of Al Gezira state', 'Gharyan, the capital of ...': a capital is a city
    return names.capital_follows(doc[s:e])


_TITLE_WORDS = frozenset({"mr.", "mrs.", "ms.", "dr.", "sir", "president", "minister", "premier", "chancellor", "king", "queen", "emir",
                          "sultan", "pope", "prince", "general", "leader", "secretary", "ambassador", "senator", "governor", "sheikh"})  # fmt: skip


_HYPHENS = ("-", "\u2010", "\u2011")


def _hyphened_to_a_name(doc: Doc, s: int, e: int, starts: set[int], ends: set[int]) -> bool:
    """A name joined by a hyphen to a capitalized word the gazetteer does not know is part of a longer
    name ('Unity-National Movement'); two known names so joined are a pair ('Russia-Ukraine war'):
    starts and ends are the token positions where the known names start and end."""
    if e + 1 < len(doc) and doc[e].text in _HYPHENS and not doc[e - 1].whitespace_ and not doc[e].whitespace_:
        nxt = doc[e + 1]
        if nxt.text[:1].isupper() and (e + 1) not in starts:
            return True
    if s >= 2 and doc[s - 1].text in _HYPHENS and not doc[s - 2].whitespace_ and not doc[s - 1].whitespace_:
        prev = doc[s - 2]
        if prev.text[:1].isupper() and (s - 1) not in ends:
            return True
    return False


def _ends_an_organization_name(doc: Doc, start: int, end: int, ents: Sequence[Span]) -> bool:
    """A place name closing a longer organization name of capitalized words, with no 'of'/'in'/'for'
    before it that would make it the organization's place: 'Radio Free Asia' (not 'Bank of England');
    ents: the doc's entities."""
    if doc[end - 1].ent_type_ != "ORG" or (end < len(doc) and doc[end].ent_iob_ == "I"):
        return False  # no organization's name ends here (a quick test)
    for ent in ents:
        if ent.label_ == "ORG" and ent.end == end and ent.start < start:
            words = [t for t in doc[ent.start : start] if t.lower_ != "the"]
            return len(words) >= 2 and all(t.text[:1].isupper() and t.is_alpha for t in words)
    return False


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """A surname-only match standing next to another capitalized name word."""
    after = doc[end] if end < len(doc) else None
    before = doc[start - 1] if start > 0 else None
    if after is not None and after.pos_ == "PROPN" and after.text[:1].isupper():
        return True
    if before is not None and before.text in ("-", "\u2011") and start > 1 and doc[start - 2].text[:1].isupper():
        return True  # 'Abdul-Ghani' is not Ashraf Ghani
    if (
        before is not None
        and before.text in ("-", "\u2011")
        and start > 2
        and doc[start - 2].lower_ in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ul")
        and doc[start - 3].pos_ == "PROPN"
        and doc[start - 3].text[:1].isupper()
        and doc[start - 3].lower_ not in _TITLE_WORDS
    ):
        return True  # 'Suq al-Khamis' is no Imad Khamis ('President al-Assad' stays Assad)
    return (
        before is not None
        and before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and before.lower_ not in _TITLE_WORDS
    )


def _organization_body(doc: Doc, c: Candidate, kb: KnowledgeBase) -> Candidate | None:
    """'the IAEA board', 'the International Atomic Energy Agency Board of Governors': a body of an
    intergovernmental organization, named by the organization and a body noun (lexicon.json)."""
    if not c.keys or kb.entries[c.keys[0]].type is not EntityType.ORGANIZATION:
        return None
    entry = kb.entries[c.keys[0]]
    if entry.subtype == "media" and c.end < len(doc):
        # 'BBC Burmese', 'VOA Persian', 'BBC Russian Service': an outlet's service in a language
        lang = doc[c.end]
        if lang.text[:1].isupper() and (lang.ent_type_ in ("NORP", "LANGUAGE") or kb.state_for_adjective(lang.text)):
            end = c.end + 2 if c.end + 1 < len(doc) and doc[c.end + 1].text == "Service" else c.end + 1
            label = doc[c.start : end].text
            return Candidate(c.start, end, EntityType.ORGANIZATION, "organization-body", key=f"{entry.key}/{_slug(label)}",
                             label=label, subtype="media", attrs={"parent": entry.key}, priority=1)  # fmt: skip
    if entry.state:
        return None  # a state's institutions are the compounds' other rules
    bodies = lexicon()["organization_bodies"]
    n = _match_words(doc, c.end, list(bodies))
    if not n:
        return None
    words = " ".join(names.lower_words(doc)[c.end : c.end + n])
    short = _short_org_name(entry)
    label = f"{short} {bodies[words]}"
    start = c.start - 1 if c.start > 0 and doc[c.start - 1].lower_ == "the" else c.start
    key = f"{entry.key}/{words.split()[0]}"  # the board and its Board of Governors are one body
    return Candidate(start, c.end + n, EntityType.ORGANIZATION, "organization-body", key=key, label=label,
                     subtype="body", attrs={"parent": entry.key}, priority=1)  # fmt: skip


def _short_org_name(entry: KBEntry) -> str:
    """'IAEA' for the International Atomic Energy Agency: an acronym alias when there is one."""
    acronyms = [a for a in entry.aliases if a.isupper() and 2 <= len(a) <= 6 and "." not in a]
    return acronyms[0] if acronyms else entry.name


def _state_of(cand: Candidate, kb: KnowledgeBase) -> str | None:
    """The state a gazetteer match names or modifies: 'Azerbaijani', 'Armenia', 'Baku'."""
    for f in cand.forms:
        entry = kb.entries[f.key]
        if entry.type is EntityType.STATE and f.kind in ("name", "demonym"):
            return entry.key
        if f.kind == "capital" and entry.capital_of:
            return entry.capital_of
    return None


def _led_state(cand: Candidate, kb: KnowledgeBase) -> str | None:
    """The one state a head of state or government named by the candidate has led."""
    for key in cand.keys:
        state = kb.entries[key].led_state()
        if state is not None:
            return state
    return None


@functools.lru_cache(maxsize=4096)
def _phrase_words(phrase: str) -> list[str]:
    """A lexicon phrase's words, split once (callers only read the list)."""
    return phrase.split()


def _match_words(doc: Doc, i: int, phrases: list[str]) -> int:
    """Length in tokens of the longest phrase (lower-cased words) starting at token i, else 0."""
    lower = names.lower_words(doc)
    best = 0
    first = lower[i] if i < len(doc) else None
    for p in phrases:
        words = _phrase_words(p)
        if words and words[0] != first:
            continue
        if i + len(words) <= len(doc) and lower[i : i + len(words)] == words:
            best = max(best, len(words))
    return best


def _adjective_military(doc: Doc, i: int, n: int) -> bool:
    """'military' used as an adjective before an action noun ('military operation', 'military drills')."""
    nxt = doc[i + n] if i + n < len(doc) else None
    return (
        n == 1
        and doc[i].lower_ == "military"
        and nxt is not None
        and nxt.lower_ in lexicon()["adjective_military_before"]
    )


def _demonym(kb: KnowledgeBase, state_key: str) -> str:
    entry = kb.entries[state_key]
    return entry.demonyms[0] if entry.demonyms else entry.name


def compounds(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """Armed forces, ministries and office titles named after a state: 'the Armenian military',
    "Azerbaijan's Defense Ministry", 'Baku's forces', 'Azerbaijani President', "Turkey's foreign minister"."""
    lex = lexicon()
    lower = names.lower_words(doc)
    forces = sorted(lex["armed_forces_nouns"], key=len, reverse=True)
    out: list[Candidate] = []
    roles_all = [*lex["head_roles"], *lex["person_roles"]]
    # 'Sudan' inside 'South Sudan' is no state of its own
    inner = {
        id(c) for c in gaz for d in gaz if d.start <= c.start and c.end <= d.end and d.end - d.start > c.end - c.start
    }
    for c in gaz:
        if id(c) in inner:
            continue
        body = _organization_body(doc, c, kb)
        if body is not None:
            out.append(body)
            continue
        state = _state_of(c, kb)
        if state is None:
            continue
        # 'the Coast Guard and maritime militia of the People's Republic of China': forces after
        k = c.start - 1
        while k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if k >= 1 and doc[k].lower_ == "of":
            end = k
            while end > 0:
                n = 0
                for words in forces:
                    w = words.split()
                    if end - len(w) >= 0 and lower[end - len(w) : end] == w:
                        n = len(w)
                        break
                if not n:
                    break
                words = " ".join(lower[end - n : end])
                special = lex["armed_forces_name"].get(words)
                iso = state.split("/")[1]
                label = f"{_demonym(kb, state)} {special}" if special else f"{_demonym(kb, state)} Armed Forces"
                key = f"org/forces/{iso}/{special.lower().replace(' ', '-')}" if special else f"org/forces/{iso}"
                start = end - n - 1 if end - n - 1 >= 0 and doc[end - n - 1].lower_ == "the" else end - n
                out.append(Candidate(start, end, EntityType.ORGANIZATION, "armed-forces", key=key, label=label,
                                     subtype="armed_forces", attrs={"state": state}, priority=1))  # fmt: skip
                end = start
                if end > 0 and doc[end - 1].lower_ in ("and", ","):
                    end -= 1
                else:
                    break
        # 'DONALD J. TRUMP, President of the United States of America': a title after the name
        k = c.start - 1
        if k >= 1 and doc[k].lower_ == "of":
            for words in sorted(roles_all, key=len, reverse=True):
                n = len(words.split())
                if k - n >= 0 and " ".join(lower[k - n : k]) == words:
                    head = lex["head_roles"].get(words)
                    out.append(
                        Candidate(
                            k - n, c.end, EntityType.LEADER if head else EntityType.PERSON, "office-title",
                            attrs={"state": state, "role": head or words, "head": bool(head), "postposed": True}, priority=1,
                        )
                    )  # fmt: skip
                    break
        i = c.end
        possessive = i < len(doc) and doc[i].text in APOSTROPHE_S
        if possessive:
            i += 1
        # 'the Nigerien Ministry of National Defense'
        if i < len(doc) and doc[i].lower_ in lex["ministry_heads"] and i + 1 < len(doc) and doc[i + 1].lower_ == "of":
            # 'the U.S. Department of the Treasury'
            f0 = i + 3 if i + 2 < len(doc) and doc[i + 2].lower_ == "the" else i + 2
            n = _match_words(doc, f0, list(lex["ministry_fields"]))
            if n:
                field_words = " ".join(lower[f0 : f0 + n])
                label = f"{lex['ministry_fields'][field_words]} of {kb.entries[state].name}"
                out.append(_organ(c.start, f0 + n, state, "ministry", label, "ministry", kb))
                continue
        # skip modifiers such as 'occupying', 'own', 'U.N.'
        j = i
        while j < len(doc) and doc[j].lower_ in ("occupying", "own", "regular", "u.n.", "un", "armed"):
            j += 1
        # ministries: "Defense Ministry", "Foreign Affairs Ministry", "Ministry of Defense"
        fields = lex["ministry_fields"]
        n = _match_words(doc, j, list(fields))
        if n and j + n < len(doc) and doc[j + n].lower_ in lex["ministry_heads"]:
            field_words = " ".join(lower[j : j + n])
            name = fields[field_words]
            out.append(
                _organ(c.start, j + n + 1, state, "ministry", f"{name} of {kb.entries[state].name}", "ministry", kb)
            )
            continue
        # office titles: "Azerbaijani President", "Ukraine's foreign minister", "Russia's U.N. ambassador"
        roles = [*lex["head_roles"], *lex["person_roles"]]
        n = _match_words(doc, j, roles)
        if n:
            role_words = " ".join(lower[j : j + n])
            head = lex["head_roles"].get(role_words)
            out.append(
                Candidate(
                    c.start,
                    j + n,
                    EntityType.LEADER if head else EntityType.PERSON,
                    "office-title",
                    attrs={"state": state, "role": head or role_words, "head": bool(head)},
                    priority=1,
                )
            )
            continue
        n = _match_words(doc, i, forces)
        if not n:
            n2 = _match_words(doc, j, forces)
            if n2:
                i, n = j, n2
        if n and _adjective_military(doc, i, n):
            n = 0  # 'the Israeli military operation': an action of the state, not its armed forces
        if n:
            words = " ".join(lower[i : i + n])
            special = lex["armed_forces_name"].get(words)
            if special:
                label = f"{_demonym(kb, state)} {special}"
                key = f"org/forces/{state.split('/')[1]}/{special.lower().replace(' ', '-')}"
            else:
                label = f"{_demonym(kb, state)} Armed Forces"
                key = f"org/forces/{state.split('/')[1]}"
            cand = Candidate(
                c.start, i + n, EntityType.ORGANIZATION, "armed-forces", key=key, label=label,
                subtype="armed_forces", attrs={"state": state}, priority=1,
            )  # fmt: skip
            out.append(cand)
            continue
        # "Kosovo's Assembly", "Russia's Security Council": a capitalized institution of the state
        inst = _institution(doc, i, state, kb) if possessive else None
        if inst is not None:
            out.append(inst_candidate(c.start, inst[1], inst[0], state, kb))
    # "the Ministry of Defense of Armenia": the state after the ministry's name
    fields = lex["ministry_fields"]
    for c in gaz:
        state = _state_of(c, kb)
        k = c.start - 1
        while state and k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if state is None or k < 3 or doc[k].lower_ != "of":
            continue
        for words in sorted(fields, key=len, reverse=True):
            n = len(words.split())
            start = k - n
            # 'the Interior Ministry of Georgia'
            if k >= n + 1 and doc[k - 1].lower_ in lex["ministry_heads"]:
                s0 = k - 1 - n
                if s0 >= 0 and " ".join(lower[s0 : k - 1]) == words:
                    label = f"{fields[words]} of {kb.entries[state].name}"
                    out.append(_organ(s0, c.end, state, "ministry", label, "ministry", kb))
                    break
            if (
                start >= 2
                and " ".join(lower[start:k]) == words
                and doc[start - 1].lower_ == "of"
                and doc[start - 2].lower_ == "ministry"
            ):
                out.append(
                    _organ(
                        start - 2,
                        c.end,
                        state,
                        "ministry",
                        f"{fields[words]} of {kb.entries[state].name}",
                        "ministry",
                        kb,
                    )
                )
                break
    return out


def _institution(doc: Doc, i: int, state: str, kb: KnowledgeBase) -> tuple[str, int] | None:
    """The KB institution of a state named by capitalized words at i ("Kosovo's Assembly"), with the
    end of those words; or a new one when the last word is an organization's head word."""
    j = i
    while j < len(doc) and doc[j].text[:1].isupper() and doc[j].pos_ in ("PROPN", "NOUN") and j - i < 5:
        j += 1
    if j == i:
        return None
    words = fold(doc[i:j].text)
    for entry in kb.institutions_of(state):
        names_ = [fold(n) for n in [entry.name, *entry.aliases]]
        if any(n == words or n.startswith(words + " of") or n.endswith(" " + words) for n in names_):
            return entry.key, j
    if names.head_type([t.text for t in doc[i:j]]) is EntityType.ORGANIZATION:
        return f"new:{doc[i:j].text}", j
    return None


def inst_candidate(start: int, end: int, key: str, state: str, kb: KnowledgeBase) -> Candidate:
    """A candidate for a state's institution: the KB's entry, or a new organ of the state."""
    if key.startswith("new:"):
        label = f"{key[4:]} of {kb.entries[state].name}"
        return _organ(start, end, state, "institution", label, "institution", kb)
    entry = kb.entries[key]
    return Candidate(start, end, EntityType.ORGANIZATION, "state-institution", key=key, label=entry.name,
                     subtype=entry.subtype, attrs={"state": state, "kb": key}, priority=1)  # fmt: skip


def _organ(start: int, end: int, state: str, kind: str, label: str, subtype: str, kb: KnowledgeBase) -> Candidate:
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower().split(" of ")[1]).strip("-")
    key = f"org/{kind}/{slug}/{state.split('/')[1]}"
    return Candidate(
        start, end, EntityType.ORGANIZATION, "state-organ", key=key, label=label,
        subtype=subtype, attrs={"state": state}, priority=1,
    )  # fmt: skip


_NUM = r"(?:\d+|" + "|".join(k for k in lexicon()["number_words"]) + r")"
_RES_NUMBERED = re.compile(
    r"(?:(?P<organ>(?:U\.?N\.?|United Nations)?\s*(?:Security Council|General Assembly|UNSC|UNGA))\s+)?"
    r"(?P<noun>[Rr]esolutions?|UNSCR|UNGAR)\s+(?:No\.\s*)?(?P<nums>(?:ES-)?\d+(?:/\d+)?(?:\s*\(\d{4}\))?"
    r"(?:\s*(?:,|and|&)\s*(?:ES-)?\d+(?:/\d+)?(?:\s*\(\d{4}\))?)*)"
)


def resolutions(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """UN resolutions: numbered ('Security Council resolution 822', 'resolution 62/243',
    'UNSCR 1244') and collective ('four U.N. Security Council (UNSC) and two U.N. General Assembly
    (UNGA) resolutions'), each with its issuing organ and count where the text gives them."""
    out: list[Candidate] = []
    text = names.doc_text(doc)
    last_organ: str | None = None
    for m in _RES_NUMBERED.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None:
            continue
        organ = None
        if m.group("organ") or m.group("noun") in ("UNSCR", "UNGAR"):
            src = m.group("organ") or m.group("noun")
            organ = "org/UNSC" if ("Security" in src or "SC" in src) else "org/UNGA"
        nums = re.findall(r"(?:ES-)?\d+(?:/\d+)?", re.sub(r"\(\d{4}\)", "", m.group("nums")))
        if organ is None and any("/" in n for n in nums):
            organ = "org/UNGA"  # session/number is the General Assembly's numbering
        if organ is None:
            # 'The U.N. Security Council adopted Resolution 2728': the organ named before it in the sentence
            named = [c.keys[0] for c in gaz if c.keys and c.keys[0] in ("org/UNSC", "org/UNGA") and c.end <= span.start
                     and doc[c.start].sent.start == span.sent.start]  # fmt: skip
            organ = named[-1] if named else None
        if organ is None and not any("/" in n for n in nums):
            organ = last_organ  # 'resolutions 853 and 874' after 'Security Council resolution 822'
        last_organ = organ or last_organ
        for n in nums:
            prefix = {"org/UNSC": "UNSC", "org/UNGA": "UNGA"}.get(organ or "", "UN")
            out.append(
                Candidate(
                    span.start, span.end, EntityType.UN_RESOLUTION, "un-resolution-numbered",
                    key=f"resolution/{prefix}/{n.replace('/', '-')}", label=f"{prefix} Resolution {n}",
                    attrs={"organ": organ, "number": n}, priority=1,
                )
            )  # fmt: skip
    # collective: <count> <organ> [(<acronym>)] [and <count> <organ> [(<acronym>)]] resolutions
    organs = {c.start: c for c in gaz if c.keys and c.keys[0] in ("org/UNSC", "org/UNGA")}
    numbers = lexicon()["number_words"]
    for pos, low in enumerate(names.lower_words(doc)):
        if low not in ("resolutions", "resolution"):
            continue
        tok = doc[pos]
        # walk left over conjoined '<count> <organ> (<acr>)' groups
        groups: list[tuple[int, int, str, int | None]] = []
        i = tok.i - 1
        end = tok.i
        while i >= 0:
            if doc[i].text == ")" and i >= 2 and doc[i - 2].text == "(":
                i -= 3
            organ_c = next((c for s, c in organs.items() if c.end == i + 1), None)
            if organ_c is None:
                break
            k = organ_c.start - 1
            while k >= 0 and doc[k].lower_ in ("u.n.", "un", "united", "nations", "the"):
                k -= 1
            if k < 0 or not (doc[k].lower_ in numbers or doc[k].like_num):
                break
            count = numbers.get(doc[k].lower_) if doc[k].lower_ in numbers else _int(doc[k].text)
            groups.append((k, end, organ_c.keys[0], count))
            if k >= 1 and doc[k - 1].lower_ in ("and", ",", "&"):
                end = k - 1
                i = k - 2
                continue
            break
        for idx, (s, e, organ, count) in enumerate(groups):
            last = idx == 0  # the group nearest to 'resolutions' owns the noun
            span_end = tok.i + 1 if last else e
            prefix = "UNSC" if organ == "org/UNSC" else "UNGA"
            label = f"{count or 'several'} {prefix} resolutions" if (count or 0) != 1 else f"{prefix} resolution"
            out.append(
                Candidate(
                    s, span_end, EntityType.UN_RESOLUTION, "un-resolution-collective",
                    key=None, label=label, attrs={"organ": organ, "count": count, "collective": True}, priority=1,
                )
            )  # fmt: skip
    # a single unnumbered resolution: 'a resolution declaring ...', 'the Ukraine-sponsored U.N. resolution'
    covered = {i for c in out for i in range(c.start, c.end)}
    for pos, low in enumerate(names.lower_words(doc)):
        if low != "resolution" or pos in covered:
            continue
        tok = doc[pos]
        if tok.pos_ != "NOUN":
            continue
        if not any(c.dep_ == "det" for c in tok.children):
            continue
        if not _un_context(doc, tok, organs) or _settles_something(tok):
            continue  # 'a peaceful resolution to the conflict' is a settlement, not a UN resolution
        left = tok.i
        for child in tok.lefts:
            if child.dep_ in ("det", "amod", "compound", "poss", "nmod", "punct"):
                left = min(left, min(t.i for t in child.subtree))
        right = tok.i
        for child in tok.rights:
            if child.dep_ == "acl":
                right = max(right, max(t.i for t in child.subtree))
        organ = next((c.keys[0] for c in organs.values() if left <= c.start and c.end <= tok.i), None)
        verb = tok.head if tok.dep_ in ("dobj", "nsubjpass") else None
        if organ is None and verb is not None:
            for subj in (c for c in verb.children if c.dep_ == "nsubj"):
                organ = next((c.keys[0] for c in organs.values() if c.start <= subj.i < c.end), None)
        # the mention is the noun phrase up to 'resolution'; what it declares stays in the label only, so
        # the names inside it ('the Crimean referendum') remain their own mentions
        definite = all(c.dep_ in ("det", "punct") and c.lower_ in ("the", "this") for c in tok.lefts) and not any(
            c.dep_ == "acl" for c in tok.rights
        )
        out.append(
            Candidate(
                left, tok.i + 1, EntityType.UN_RESOLUTION, "un-resolution-single", key=None, label=None,
                attrs={"organ": organ, "single": True, "described": doc[left : right + 1].text, "definite": definite},
                priority=1,
            )
        )  # fmt: skip
    return out


_UN_WORDS = frozenset(
    {
        "u.n.",
        "un",
        "united",
        "draft",
        "adopted",
        "adopt",
        "adopts",
        "vote",
        "voted",
        "votes",
        "veto",
        "vetoed",
        "vetoes",
        "abstained",
        "sponsored",
        "tabled",
        "passed",
        "security",
        "assembly",
    }
)


def _names_a_thing_after_it(span: Span) -> bool:
    """A place name modifying a noun it names ('the Luanda process', 'the Minsk agreements'; lexicon.json
    'named_after_place'), through adjectives and nouns between ('the Luanda trilateral mediation process')."""
    last = span[-1]
    head = last
    while head.dep_ in ("compound", "nmod", "amod") and head.head.i > head.i:
        head = head.head
    if head is last:
        return False
    between = span.doc[last.i + 1 : head.i]
    return head.lower_ in lexicon()["named_after_place"] and all(
        t.pos_ in ("ADJ", "NOUN", "PROPN", "PUNCT") and t.text[:1].islower() for t in between
    )


def _settles_something(tok: Token) -> bool:
    """'a lasting resolution', 'a speedy resolution to the conflict' (lexicon.json 'resolution_as_settlement')."""
    sense = lexicon()["resolution_as_settlement"]
    if any(c.dep_ in ("amod", "advmod") and c.lower_ in sense["modifiers"] for c in tok.children):
        return True
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("to", "of", "for")
        and any(p.dep_ == "pobj" and p.lemma_.lower() in sense["objects"] for p in c.children)
        for c in tok.children
    )


def _un_context(doc: Doc, tok: Token, organs: dict[int, Candidate]) -> bool:
    """An unnumbered 'resolution' is a UN resolution when its sentence (or the one before) names a UN
    organ, or speaks of drafting, adopting, voting or vetoing."""
    sent = tok.sent
    if any(sent.start <= c.start < sent.end for c in organs.values()):
        return True
    words = {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}
    if words & _UN_WORDS:
        return True
    prev = doc[sent.start - 1].sent if sent.start > 0 else None
    return prev is not None and any(prev.start <= c.start < prev.end for c in organs.values())


def _int(text: str) -> int | None:
    try:
        return int(text.replace(",", ""))
    except ValueError:
        return None


def region_groups(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """'seven other occupied regions of Azerbaijan': a group of regions, as one Region."""
    lex = lexicon()
    out = []
    states = {c.start: c for c in gaz if _state_of(c, kb)}
    for i, low in enumerate(names.lower_words(doc)):
        if low not in lex["region_group_nouns"]:
            continue
        tok = doc[i]
        if tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "of" or (tok.i + 2) not in states:
            continue
        k = tok.i - 1
        while k >= 0 and doc[k].lower_ in ("other", "occupied", "more", "adjacent", "surrounding", "the"):
            k -= 1
        if k < 0 or not (doc[k].lower_ in lex["number_words"] or doc[k].like_num):
            continue
        state_c = states[tok.i + 2]
        state = _state_of(state_c, kb)
        label = doc[k : state_c.end].text
        out.append(
            Candidate(
                k, state_c.end, EntityType.REGION, "region-group", key=None, label=label,
                attrs={"state": state, "count": lex["number_words"].get(doc[k].lower_)}, priority=1,
            )
        )  # fmt: skip
    return out


_TIME_MOD = re.compile(r"^(1[89]|20)\d\d(s)?$")


def events(doc: Doc) -> list[Candidate]:
    """Noun phrases headed by an event noun: 'the latest bout of fighting', 'Border clashes',
    "Moscow's annexation of Crimea", 'a 1994 cease-fire agreement'."""
    lex = lexicon()
    heads = lex["event_heads"]
    needs_mod = set(lex["event_requires_modifier"])
    not_indefinite = set(lex["event_not_indefinite"])
    ok_mods = set(lex["event_modifier_ok"])
    out = []
    for i, low in enumerate(names.lower_words(doc)):
        if low not in heads:
            continue
        tok = doc[i]
        if tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if tok.dep_ == "compound" and tok.head.pos_ == "PROPN":
            continue  # 'Operation Prosperity Guardian': part of a name, read as one
        head = tok
        # 'cease-fire agreement': the event word modifies another event noun; 'an attack helicopter',
        # 'assault groups', 'war crimes' name things, not events
        if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" and tok.head.i > tok.i:
            if tok.head.lower_ not in heads:
                continue
            head = tok.head
        # 'the latest bout of fighting': the event is the object of 'of' after a quantity noun
        of_quantity = (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and tok.head.head.lower_ in ("bout", "round", "wave", "outbreak", "escalation", "resumption")
        )
        if of_quantity:
            head = tok.head.head
        if head.dep_ == "ROOT" or any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
            continue  # 'Armenia and Azerbaijan report heavy fighting': a clause, not a phrase
        if _not_yet(head, lex):
            continue  # 'calls for an immediate ceasefire': asked for, not happened
        left = head.i
        for child in head.lefts:
            if child.dep_ in ("det", "amod", "compound", "poss", "nummod", "nmod", "npadvmod", "quantmod", "punct"):
                left = min(left, min(t.i for t in child.subtree))
        right = head.i
        # keep prepositional modifiers and participles, stop at relative clauses and verbs
        for child in head.rights:
            if child.dep_ in ("prep", "acl", "amod", "compound") and child.lower_ not in (
                "that",
                "which",
                "between",
                "among",
                "after",
                "before",
                "since",
            ):
                right = max(right, max(t.i for t in child.subtree))
            else:
                break
        while left < head.i and doc[left].is_punct:
            left += 1
        words = {t.lower_ for t in doc[left : head.i]}
        has_mod = bool(words & ok_mods) or any(_TIME_MOD.match(t.text) for t in doc[left : right + 1])
        has_mod = has_mod or any(t.dep_ == "poss" and t.pos_ != "PRON" for t in head.children)
        has_mod = has_mod or any(t.ent_type_ in ("GPE", "NORP") for t in doc[left : head.i])
        has_det = any(t.dep_ == "det" and t.lower_ in ("the", "a", "an", "this") for t in head.children)
        if of_quantity:
            # 'the resumption of fighting (by the M23 in the DRC)': the quantity says which fighting;
            # the phrase ends on the event noun
            has_mod, right = True, tok.i
        # 'the Banjska attack', 'an attack on Kosovo police': a name says which attack
        named = any(t.dep_ in ("compound", "nmod") and t.pos_ == "PROPN" for t in doc[left : head.i]) or (
            heads[low] in lex["event_named_complement_kinds"]
            and any(
                c.dep_ == "prep"
                and c.lower_ in lex["event_named_complement"]
                and any(t.pos_ == "PROPN" for t in c.subtree)
                for c in head.children
            )
        )
        # 'This incident', 'these attacks': the event last named
        anaphor = any(t.dep_ == "det" and t.lower_ in lex["event_anaphor_determiners"] for t in head.children)
        if low in needs_mod and not (has_mod or named or anaphor):
            continue
        capitalized = tok.text[0].isupper() and not tok.is_sent_start  # 'Airstrikes hit ...' is no name
        if not has_mod and not has_det and not capitalized:
            continue
        if low in not_indefinite and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in head.children):
            continue  # 'a constructive dialogue', 'a crisis': no event named
        if left > right:
            continue
        span = doc[left : right + 1]
        while len(span) > 1 and span[-1].is_punct:
            span = span[:-1]
        if len(span) > 14:
            # the longest run of right modifiers that stays readable as a name: 'an armed assault carried
            # out by Serb militants against the Kosovo Police' (without 'on 24 September 2023')
            span = doc[left : _grow_right(head, left, 14) + 1]
        kind = heads[low]
        time_words = [t.text for t in span if _TIME_MOD.match(t.text)]
        attrs = {"kind": kind, "time": time_words[0] if time_words else None}
        if anaphor and not has_mod and not named:
            attrs["anaphor"] = True
        out.append(
            Candidate(span.start, span.end, EntityType.EVENT, "event-phrase", key=None, label=span.text, attrs=attrs,
                      priority=0)
        )  # fmt: skip
    return out


def _not_yet(head: Token, lex: dict[str, Any]) -> bool:
    """An event the sentence asks for or supposes: an indefinite event noun as the object of a verb of
    demand ('demands an immediate ceasefire', 'calls for a ceasefire') or the subject of a modal clause
    ('an armed attack ... would invoke'); lexicon.json 'event_not_yet_*'."""
    if any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in head.children):
        return False
    gov = head.head
    if head.dep_ == "dobj" and gov.lemma_ in lex["event_not_yet_verbs"]:
        return True
    if head.dep_ == "pobj" and gov.lower_ == "for" and gov.head.lemma_ in lex["event_not_yet_for_verbs"]:
        return True
    return head.dep_ in ("nsubj", "nsubjpass") and any(
        c.dep_ == "aux" and c.lower_ in lex["event_not_yet_modals"] for c in gov.children
    )


def _grow_right(tok: Token, left: int, limit: int) -> int:
    """The last token of tok's phrase from left, taking its right children in order while the phrase
    stays under limit tokens, and descending into the first child that does not fit."""
    right = tok.i
    for child in tok.rights:
        end = max(t.i for t in child.subtree)
        if end - left < limit:
            right = end
            continue
        if child.dep_ == "acl":  # a participle's own phrases, whole; a noun phrase is never cut
            right = max(right, _grow_right(child, left, limit))
        break
    doc = tok.doc
    # 'the attacks ... in Bamako, Mali,': a phrase ends on a word (or a bracket it opened)
    while right > tok.i and doc[right].is_punct and not (doc[right].text == ")" and "(" in doc[left:right].text):
        right -= 1
    return right


_NER_TYPES = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.SETTLEMENT,
    "LOC": EntityType.REGION,
    "FAC": EntityType.REGION,
    "EVENT": EntityType.EVENT,
}


_NOT_NAMES = {
    EntityType.PERSON: (
        "state",
        "republic",
        "kingdom",
        "government",
        "court",
        "council",
        "convention",
        "treaty",
        "administration",
        "administrations",
    ),
    EntityType.REGION: ("convention", "treaty", "agreement", "law", "accord"),
    EntityType.SETTLEMENT: ("convention", "treaty", "agreement", "law", "accord"),
}


def _is_credit(span: Span) -> bool:
    """A credit: '(REUTERS)' closing a caption line, '(Reuters) -' in a dateline."""
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    if before != "(" or after != ")":
        return False
    following = doc[span.end + 1].text if span.end + 1 < len(doc) else "\n"
    return span.text.isupper() or following in ("-", "\u2013", "\u2014", "--") or "\n" in following


def ner(doc: Doc, kb: KnowledgeBase) -> list[Candidate]:
    """Names the knowledge base does not know, from spaCy's NER, typed from their own words and their
    context (kg.names) rather than from the model's label alone."""
    out = []
    for ent in doc.ents:
        etype = _NER_TYPES.get(ent.label_)
        if etype is None and ent.label_ in ("WORK_OF_ART", "PRODUCT", "LAW") and len(ent) >= 2:
            # 'the Coalition for Changes' or 'Operation Sindoor' taken for a title: its own words say what it is
            words = [t.text for t in ent if t.lower_ not in ("the", "a", "an") and not t.is_punct]
            kind = names.head_type(words)
            if kind is EntityType.EVENT or (kind is EntityType.ORGANIZATION and len(ent) > 2):
                etype = kind
        if etype is None:
            continue
        span = ent
        while len(span) > 1 and (span[0].lower_ in ("the", "a", "an") or span[0].is_punct):
            span = span[1:]
        while len(span) > 1 and (
            span[-1].is_punct or span[-1].text in APOSTROPHE_S or span[-1].pos_ in ("ADP", "DET", "CCONJ")
        ):
            span = span[:-1]
        if not span.text.strip() or not any(c.isalpha() for c in span.text):
            continue
        if etype is EntityType.PERSON:
            # 'Gen Mohamed Dagalo', 'Lt Col Paul-Henri Damiba': a rank is no part of the name
            while len(span) > 1 and span[0].lower_ in names.person_name_prefixes() and span[1].text[:1].isupper():
                span = span[1:]
            # 'Mr. Le Hai Binh Spokesperson of Ministry ...': a title after the name (capitalized in a header
            # line) is no part of it either, if a name is left
            titles = names.person_name_prefixes()  # (the title words are among them)
            end = len(span)
            while end > 1 and span[end - 1].lower_ in titles:
                end -= 1
            if end < len(span) and any(t.lower_ not in titles and t.text[:1].isupper() for t in span[:end]):
                span = span[:end]
            # 'Antero Flores Araoz': the model's span stopped inside a name the parser reads as one
            # compound (a second surname), and the rest became a place or a people of its own
            j = span.end
            while (
                j < len(doc)
                and span.end == ent.end
                and doc[j].pos_ == "PROPN"
                and doc[j].text[:1].isupper()
                and doc[j - 1].dep_ == "compound"
                and doc[j - 1].head.i == j
                and not doc[j - 1].whitespace_.count("\n")
                and doc[j].lower_ not in names.cues()["_after"]
                and doc[j].lower_ not in titles
            ):
                j += 1
            after = doc[j].lower_ if j < len(doc) and doc[j].is_lower else ""
            if j > span.end and names.cues()["_after"].get(after) is None:  # ('Min Gla Gy village': a place)
                span = doc[span.start : j]
        # "Treasury's Office of Foreign Assets Control (OFAC": the possessor is not part of the name, nor is
        # a parenthesis the name does not close
        cut = next((i for i, t in enumerate(span) if t.text in APOSTROPHE_S and 0 < i < len(span) - 1), None)
        if cut is not None and etype is EntityType.ORGANIZATION and span[cut + 1].text[:1].isupper():
            span = span[cut + 1 :]
        if "(" in span.text and ")" not in span.text:
            # the bracket may be inside a token ('2(Ø' in garbled text): the name ends before that token
            span = doc[span.start : next(t.i for t in span if "(" in t.text)]
            if not len(span):
                continue
        if _is_credit(span) or re.fullmatch(r"[A-Z]/\d{2,4}/\d+", span.text):
            continue  # a credit; a UN document symbol ('S/2022/632')
        cue_type = None
        while len(span) > 1 and span[-1].text.islower() and span[-1].lower_ in names.cues()["_after"]:
            cue_type = names.cues()["_after"][span[-1].lower_]  # 'the Georgian Dream party'
            span = span[:-1]
        if len(span) == 1 and (
            span[0].tag_ == "JJ"
            or span[0].dep_ == "amod"
            or (
                etype is EntityType.ORGANIZATION
                and span[0].dep_ == "compound"
                and span[0].head.pos_ == "NOUN"
                and span[0].head.text.islower()
            )
        ):
            continue  # 'Turkic', 'Soviet': adjectives, not names
        if span.text.lower() in lexicon()["armed_forces_nouns"]:
            continue  # 'the Coast Guard': whose it is comes from the rules, not NER
        # 'Min Gla Gy village', 'Ta Muen Thom temple': a name the model cut short before a place's head
        # word runs to it, and the head stays in the mention as written
        j = span.end  # (the parser may end a sentence inside such a name: 'Ta Muen | Thom temple')
        while (
            j < len(doc)
            and doc[j].pos_ == "PROPN"
            and doc[j].text[:1].isupper()
            and "\n" not in doc[j - 1].text_with_ws
        ):
            j += 1
        place = names.cues()["_after"].get(doc[j].lower_) if j < len(doc) and doc[j].is_lower else None
        if place in (EntityType.SETTLEMENT, EntityType.REGION) and cue_type is None and j > span.end:
            span, cue_type = doc[span.start : j + 1], place
        # 'Air Base 201', 'Camp 5': a number closes the name
        if span.end < len(doc) and doc[span.end].like_num and doc[span.end].text.isdigit() and span.end < ent.sent.end:
            span = doc[span.start : span.end + 1]
        if kb.lookup(span.text):
            # known names are the gazetteer's; NER only adds what it does not know
            continue
        if etype is EntityType.PERSON and len(span) == 1 and (span.text.isupper() or span[0].tag_ in ("NNS", "NNPS")):
            continue
        if names.rejected(span, etype):
            continue  # 'Peace', 'Department Spokesperson', 'since May'
        etype, typed_by = names.retype(span, etype)
        if cue_type is not None and typed_by == "ner":
            etype, typed_by = cue_type, "context"
        label = span.text.lstrip("@#")  # '@Ministry of Foreign Affairs': a social-media handle's sign is no name
        attrs: dict[str, object] = {"typed_by": typed_by}
        # 'Nigerien Air Base 201': the demonym says whose it is, the name is 'Air Base 201'
        state = kb.state_for_adjective(span[0].text) if len(span) > 2 and span[0].pos_ in ("ADJ", "PROPN") else None
        if (
            state
            and typed_by == "head"
            and etype is not EntityType.EVENT  # 'the Taiwan Relations Act' keeps its place
            and kb.entries[state].type is EntityType.STATE
            and names.head_type([t.text for t in span[1:]])
        ):
            label = span[1:].text
            attrs["state"] = state
        if span[-1].lower_ in _NOT_NAMES.get(etype, ()):
            continue  # 'Sahrawi State' is no person, 'Law of the Sea Convention' no region
        if etype is EntityType.SETTLEMENT and span.end < len(doc) and doc[span.end].lower_ == "of" and len(span) == 1:
            continue  # 'the Independence of ...'
        # 'Bouroum district', 'Katha township': a place keeps its generic head in the mention
        if etype in (EntityType.REGION, EntityType.SETTLEMENT) and names.place_head_at(doc, span.end):
            span = doc[span.start : span.end + 1]
            if span[-1].lower_ in names.cues()["_region_heads"]:
                etype = EntityType.REGION  # 'Katha township' is the township, not the town
        # 'Tuareg rebels': a people's name that a group noun makes an armed group keeps the noun; the
        # name alone names the people
        if (
            etype is EntityType.ORGANIZATION
            and typed_by == "context"
            and span.end < len(doc)
            and doc[span.end].lower_ in names.cues()["_groups"]
            and doc[span.end].tag_ == "NNS"
        ):
            span = doc[span.start : span.end + 1]
            label = span.text
        # a name with a head word ('Gulf of Aden', 'Kosovo Police') outranks the known place inside it
        priority = 2 if names.head_type([t.text for t in span]) is not None and len(span) > 1 else 6
        out.append(
            Candidate(span.start, span.end, etype, f"ner-{ent.label_.lower()}", label=label, priority=priority,
                      attrs=attrs)
        )  # fmt: skip
    return out


def directional_regions(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """'eastern Democratic Republic of the Congo', 'Northern Kosovo': a compass word before a state or
    region names a region of it; "Beirut's southern suburbs" a region of a place."""
    out: list[Candidate] = []
    area_nouns = set(names.cues()["directional_regions"]["area_nouns"])
    covered = {(c.start, c.end) for c in gaz}
    for c in gaz:
        if not c.keys:
            continue
        entry = kb.entries[c.keys[0]]
        if c.start > 0 and entry.type in (EntityType.STATE, EntityType.REGION) and not _demonym_only(c):
            # ('the South American country' is a continent's adjective, no region of the United States)
            word = names.directional(doc[c.start - 1])
            prev = doc[c.start - 2] if c.start > 1 else None
            longer = any(s0 < c.start and e0 >= c.end for s0, e0 in covered)  # 'North Darfur' is a name
            if word and not longer and not (prev is not None and prev.text[:1].isupper() and prev.pos_ == "PROPN"):
                start = c.start - 1
                label = f"{word} {doc[c.start : c.end].text}"
                known = [f for f in kb.lookup(label) if kb.entries[f.key].type is EntityType.REGION]
                if known:
                    # 'southeast Asia' in lower case is the Southeast Asia the knowledge base knows
                    out.append(Candidate(start, c.end, EntityType.REGION, "kb-gazetteer", keys=[known[0].key],
                                         forms=known[:1], priority=1))  # fmt: skip
                    continue
                out.append(
                    Candidate(
                        start, c.end, EntityType.REGION, "directional-region", key=f"region/part/{_slug(label)}",
                        label=label, attrs={"within": c.keys[0], "direction": word}, priority=1,
                    )
                )  # fmt: skip
        # "Beirut's southern suburbs"
        i = c.end
        if i + 2 < len(doc) and doc[i].text in APOSTROPHE_S and names.directional(doc[i + 1]):
            if doc[i + 2].lower_ in area_nouns:
                label = f"{doc[i + 1].lower_} {doc[i + 2].lower_} of {entry.name}"
                out.append(
                    Candidate(
                        c.start, i + 3, EntityType.REGION, "directional-region", key=f"region/part/{_slug(label)}",
                        label=label, attrs={"within": c.keys[0], "direction": doc[i + 1].text}, priority=1,
                    )
                )  # fmt: skip
    return out


def controlled_areas(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """'Houthi-controlled areas of Yemen', 'Russian-occupied territories of Ukraine': an area named by
    who holds it is a region of the place after 'of'/'in' (entities.json 'controlled_areas')."""
    cue = names.cues()["controlled_areas"]
    participles, heads = set(cue["participles"]), set(cue["area_nouns"])
    places = {c.start: c for c in gaz if c.keys and kb.entries[c.keys[0]].type in (EntityType.STATE, EntityType.REGION)}
    out: list[Candidate] = []
    for i, low in enumerate(names.lower_words(doc)):
        if low not in participles or i < 2 or doc[i - 1].text not in ("-", "–") or i + 1 >= len(doc):
            continue
        if doc[i + 1].lower_ not in heads or not doc[i - 2].is_alpha:
            continue
        start, end, within = i - 2, i + 2, None
        if end + 1 < len(doc) and doc[end].lower_ in ("of", "in"):
            at = end + 2 if doc[end + 1].lower_ == "the" else end + 1
            place = places.get(at)
            if place is not None:
                within, end = place.keys[0], place.end
        if within is None and not doc[start].text[:1].isupper():
            continue  # 'rebel-held areas': too vague to be an entity of its own
        label = doc[start:end].text
        out.append(
            Candidate(start, end, EntityType.REGION, "controlled-area", key=f"region/part/{_slug(label)}", label=label,
                      attrs={"within": within}, priority=1)
        )  # fmt: skip
    return out


def state_zones(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """ "the Philippines' exclusive economic zone", 'Vietnamese territorial waters', 'the continental shelf
    of Norway': a sea zone a state holds is a region named after it (entities.json 'state_zones')."""
    zones = [z.split() for z in names.cues()["state_zones"]["zones"]]
    states = {c.start: c for c in gaz if _state_of(c, kb)}
    ends = {c.end: c for c in states.values()}

    lower = names.lower_words(doc)
    first_words = {z[0] for z in zones}

    def zone_at(i: int) -> int:
        if lower[i] not in first_words:
            return -1  # (a quick test: no zone starts with this word)
        for z in zones:
            if lower[i : i + len(z)] == z:
                return i + len(z)
        return -1

    out: list[Candidate] = []
    for i in range(len(doc)):
        end = zone_at(i)
        if end < 0:
            continue
        tok = doc[i]
        state, start = None, None
        # "the Philippines' EEZ", "China's territorial waters", 'Vietnamese territorial waters'
        j = i - 1 if i > 0 and (doc[i - 1].tag_ == "POS" or doc[i - 1].dep_ == "case") else i
        c = ends.get(j)
        if c is not None and (j < i or _demonym_only(c)):
            state, start = _state_of(c, kb), c.start
        # 'the exclusive economic zone of Vietnam'
        elif end + 1 < len(doc) and doc[end].lower_ == "of":
            at = end + 2 if doc[end + 1].lower_ == "the" else end + 1
            c = states.get(at)
            if c is not None and not (c.end < len(doc) and (doc[c.end].tag_ == "POS" or doc[c.end].dep_ == "case")):
                state, start, end = _state_of(c, kb), i - 1 if i > 0 and doc[i - 1].lower_ == "the" else i, c.end
        if state is None or start is None:
            continue
        zone = " ".join(
            t.text for t in doc[tok.i : tok.i + len(next(z for z in zones if zone_at(tok.i) == tok.i + len(z)))]
        )
        zone = zone.upper() if zone.lower() == "eez" else zone[:1].upper() + zone[1:].lower()
        label = f"{zone} of {kb.entries[state].name}"
        out.append(
            Candidate(start, end, EntityType.REGION, "state-zone", key=f"region/zone/{_slug(label)}", label=label,
                      attrs={"state": state}, priority=1)
        )  # fmt: skip
    return out


@functools.lru_cache(maxsize=2)
def _members(kb: KnowledgeBase) -> dict[str, frozenset[str]]:
    """The member states of each organization, from the states' memberships."""
    out: dict[str, set[str]] = {}
    for e in kb.of_type(EntityType.STATE):
        for org, _since in e.memberships:
            out.setdefault(org, set()).add(e.key)
    return {k: frozenset(v) for k, v in out.items()}


def described_alliances(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """'A military alliance between Mali, Burkina Faso and Niger': a group of states named by its
    members (entities.json 'alliances'); the organization of the knowledge base whose members are
    exactly those states when there is one (its name holding the noun breaks a tie), else a new one."""
    g = names.cues()["alliances"]
    nouns, links = set(g["nouns"]), set(g["links"])
    states = {c.start: c for c in gaz if _state_of(c, kb) and all(f.kind == "name" for f in c.forms)}
    out: list[Candidate] = []
    for k, low in enumerate(names.lower_words(doc)):
        if low not in nouns or k + 2 >= len(doc) or doc[k + 1].lower_ not in links:
            continue
        t = doc[k]
        members: list[str] = []
        i = t.i + 2
        while i < len(doc):
            if doc[i].lower_ == "the" and i + 1 in states:
                i += 1
            c = states.get(i)
            if c is None:
                break
            members.append(str(_state_of(c, kb)))
            i = c.end
            if i < len(doc) and doc[i].text == ",":
                i += 1
            if i < len(doc) and doc[i].lower_ == "and":
                i += 1
            elif not (i < len(doc) and i in states) and not (i + 1 < len(doc) and doc[i].lower_ == "the"):
                break
        end = i
        while end > t.i and doc[end - 1].lower_ in (",", "and"):
            end -= 1
        if len(set(members)) < 2:
            continue
        start = t.i
        while start > 0 and doc[start - 1].pos_ in ("ADJ", "NOUN") and doc[start - 1].is_lower:
            start -= 1
        if start > 0 and doc[start - 1].lower_ in ("a", "an", "the"):
            start -= 1
        wanted = frozenset(members)
        exact = [org for org, ms in _members(kb).items() if ms == wanted and org in kb.entries]
        if len(exact) > 1:
            exact = [o for o in exact if t.lower_ in fold(kb.entries[o].name).split()] or exact
        label = doc[start + (1 if doc[start].lower_ in ("a", "an", "the") else 0) : end].text
        attrs: dict[str, object] = {"members": list(dict.fromkeys(members))}
        if len(exact) == 1:
            out.append(Candidate(start, end, EntityType.ORGANIZATION, "described-alliance", keys=exact,
                                 priority=1, attrs=attrs))  # fmt: skip
        else:
            out.append(Candidate(start, end, EntityType.ORGANIZATION, "described-alliance",
                                 key=f"org/group/{_slug(label)}", label=label, priority=1,
                                 attrs=attrs))  # fmt: skip
    return out


def descriptive_groups(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """'Serb militants', 'Belarusian police': a demonym or state's name with a group noun names a group;
    police, courts and governments belong to the state."""
    c_ = names.cues()
    groups = c_["_groups"]
    forces = set(lexicon()["armed_forces_nouns"])
    out: list[Candidate] = []
    for c in gaz:
        state = _state_of(c, kb)
        if state is None or c.end >= len(doc):
            continue
        n = _match_words(doc, c.end, sorted(groups))
        if not n:
            continue
        words = " ".join(t.lower_ for t in doc[c.end : c.end + n])
        if words in forces or kb.lookup(doc[c.start : c.end + n].text):
            continue  # armed forces are the compounds' rule; 'Kosovo Police' is a name the KB knows
        label = doc[c.start : c.end + n].text
        attrs: dict[str, object] = {"group": words}
        if words in c_["descriptive"]["state_organs"]:
            attrs["state"] = state
        out.append(
            Candidate(
                c.start, c.end + n, EntityType.ORGANIZATION, "descriptive-group", key=f"org/group/{_slug(label)}",
                label=label, subtype="group", attrs=attrs, priority=1,
            )
        )  # fmt: skip
    return out


def state_metonyms(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """'the Syrian government', "Ukraine's authorities", 'the Government of Uganda': a state's government
    named for the state (a metonym), as a mention of the state."""
    words = set(names.cues()["descriptive"]["metonyms"])
    out: list[Candidate] = []
    for c in gaz:
        state = _state_of(c, kb)
        if state is None and c.end < len(doc) and doc[c.end].text in APOSTROPHE_S:
            state = _led_state(c, kb)  # "Assad's regime": the state its leader led
        if state is None:
            continue
        i = c.end + (1 if c.end < len(doc) and doc[c.end].text in APOSTROPHE_S else 0)
        if i < len(doc) and doc[i].lower_ in words:
            start = c.start - 1 if c.start > 0 and doc[c.start - 1].lower_ == "the" else c.start
            out.append(Candidate(start, i + 1, EntityType.STATE, "state-metonym", keys=[state], priority=1))
            continue
        k = c.start - 1
        while k >= 0 and doc[k].lower_ == "the":
            k -= 1
        if k >= 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in words:
            start = k - 1
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            out.append(Candidate(start, c.end, EntityType.STATE, "state-metonym", keys=[state], priority=1))
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", names_fold(text)).strip("-")


def names_fold(text: str) -> str:
    """Lower-cased text without diacritics, for slugs."""
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


def _propn_names(doc: Doc, kb: KnowledgeBase, found: list[Candidate]) -> list[Candidate]:
    """Names with a head word that NER and the KB missed ('the Halaib Triangle', 'Banjska Monastery')."""
    covered = {(c.start, c.end) for c in found}
    out: list[Candidate] = []
    for s, e, etype in names.propn_names(doc):
        if (s, e) in covered or kb.lookup(doc[s:e].text):
            continue
        out.append(Candidate(s, e, etype, "ner-propn", label=doc[s:e].text, priority=2, attrs={"typed_by": "head"}))
    return out


def coordinate_types(doc: Doc, cands: list[Candidate]) -> None:
    """'Kherson, Mykolaiv and Zatoka': a name only the NER model saw takes the type of the known names
    it is coordinated with."""
    by_token: dict[int, Candidate] = {}
    for c in cands:
        for i in range(c.start, c.end):
            by_token.setdefault(i, c)
    for c in cands:
        if not c.rule.startswith("ner-") or c.etype not in (EntityType.SETTLEMENT, EntityType.REGION, EntityType.PERSON,
                                                             EntityType.ORGANIZATION):  # fmt: skip
            continue
        head = doc[c.end - 1]
        said = names.classifier_type(head)
        if said is not None and c.etype in (EntityType.SETTLEMENT, EntityType.REGION, EntityType.PERSON):
            c.etype = said  # 'the cities of Sana'a and Hudaydah'
            continue
        sibling_types = set()
        for t in [*head.conjuncts]:
            other = by_token.get(t.i)
            if other is not None and other is not c and other.rule == "kb-gazetteer":
                sibling_types.add(other.etype)
        if len(sibling_types) == 1:
            (sibling,) = sibling_types
            places = (EntityType.SETTLEMENT, EntityType.REGION)
            if sibling in places and c.etype in (*places, EntityType.PERSON):
                c.etype = sibling


@functools.lru_cache(maxsize=1)
def _role_titles() -> dict[str, dict[str, str]]:
    import importlib.resources
    import json

    text = (importlib.resources.files("kg.lexicon") / "roles.json").read_text(encoding="utf-8")
    titles: dict[str, dict[str, str]] = json.loads(text)["titles"]
    return titles


def _norm_words(words: Sequence[str]) -> str:
    """Lower-case words joined, hyphens unspaced: 'secretary - general' -> 'secretary-general'."""
    return re.sub(r"\s*-\s*", "-", " ".join(words))


_SPACE_OR_HYPHEN = re.compile(r"[\s-]+")


@functools.lru_cache(maxsize=1)
def _title_prefixes() -> frozenset[str]:
    """Every beginning of a title without its spaces and hyphens: a title that _norm_words reads at
    token i starts with token i's lower-case form without them (a quick test, before joining words)."""
    keys = [_SPACE_OR_HYPHEN.sub("", t) for t in _role_titles()]
    return frozenset(k[:j] for k in keys for j in range(len(k) + 1))


def _name_end(doc: Doc, i: int, titles: dict[str, dict[str, str]]) -> int:
    """The end of a title and the name that follows it ('Secretary-General António Guterres')."""
    j = i
    for n in (4, 3, 2, 1):
        if _norm_words([t.lower_ for t in doc[i : i + n]]) in titles:
            j = i + n
            break
    while j < len(doc) and doc[j].text[:1].isupper() and doc[j].pos_ == "PROPN":
        j += 1
    return max(j, i + 1)


def role_phrases(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """Office titles that name a person: 'The Secretary-General', 'U.N. Secretary-General', 'the
    Spokesman for UN Secretary-General António Guterres', 'the Secretary of State', 'NATO's
    secretary-general'. The person is found when linking: the name that follows the title, else the
    holder of the office on the article's date (kg/lexicon/roles.json maps titles to the knowledge
    base's roles and to the state or organization a title implies)."""
    titles = _role_titles()
    lengths = sorted({len(re.sub(r"-", " - ", t).split()) for t in titles}, reverse=True)
    by_end = {c.end: c for c in gaz if c.keys}
    by_start = {c.start: c for c in gaz if c.keys}
    out: list[Candidate] = []
    lower = names.lower_words(doc)
    prefixes = _title_prefixes()
    i = 0
    while i < len(doc):
        match = None
        for n in lengths if _SPACE_OR_HYPHEN.sub("", lower[i]) in prefixes else ():
            if i + n <= len(doc):
                words = _norm_words(lower[i : i + n])
                if words in titles:
                    match = (n, titles[words])
                    break
        if match is None:
            i += 1
            continue
        n, spec = match
        start, end = i, i + n
        held_in: str | None = None
        # a qualifier before: 'UN Secretary-General', "Russia's foreign minister", 'the U.S. Secretary of State'
        k = start
        if k > 0 and doc[k - 1].text in APOSTROPHE_S:
            k -= 1
        q = by_end.get(k)
        if q is not None:
            entry = kb.entries[q.keys[0]]
            if entry.type in (EntityType.ORGANIZATION, EntityType.STATE):
                held_in = entry.key
            else:
                held_in = _state_of(q, kb)
            if held_in:
                start = q.start
        # a complement after: 'Secretary-General of NATO', 'Spokesman for UN Secretary-General X'
        principal: int | None = None
        mandate: str | None = None
        if end < len(doc) and doc[end].lower_ in ("of", "for", "to"):
            j = end + 1
            if j < len(doc) and doc[j].lower_ == "the":
                j += 1
            q = by_start.get(j)
            after_q = _norm_words(lower[q.end : q.end + 3]) if q is not None else ""
            if q is not None and any(after_q.startswith(t) for t in titles):
                principal = j  # 'for UN Secretary-General António Guterres': a person named by a title
                end = _name_end(doc, q.end, titles)
            elif q is not None:
                entry = kb.entries[q.keys[0]]
                if spec.get("role") in ("Special Envoy", "Personal Envoy", "Special Representative") and entry.type in (
                    EntityType.STATE, EntityType.REGION,
                ):  # fmt: skip
                    mandate = entry.key
                    end = q.end
                elif entry.type in (EntityType.ORGANIZATION, EntityType.STATE) and doc[end].lower_ != "to":
                    held_in = held_in or entry.key
                    end = q.end
                elif entry.type in (EntityType.LEADER, EntityType.PERSON):
                    principal = q.start
            elif doc[end].lower_ == "for":
                principal = j  # 'the Spokesman for the Secretary-General'
                end = _name_end(doc, j, titles)
        capitalized = doc[i].text[:1].isupper()
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        definite = doc[start].lower_ == "the" or held_in is not None or capitalized
        if not definite:
            i = end
            continue
        if spec.get("role") in ("President", "Prime Minister") and not (held_in or "").startswith("org/"):
            i = end
            continue  # heads of state and government are the office titles' rule (compounds)
        out.append(
            Candidate(
                start, end, EntityType.PERSON, "role-phrase",
                attrs={"role": spec["role"], "held_in": held_in or spec.get("default"), "principal": principal,
                       "mandate": mandate},
                priority=1,
            )
        )  # fmt: skip
        i = end
    return out


def elliptical_names(doc: Doc, kb: KnowledgeBase, gaz: list[Candidate]) -> list[Candidate]:
    """'North and South Korea', 'North and South Sudan': the first word of a coordination names the
    entity its words would with the rest of the second name, when the knowledge base has that name
    (the mention is the word alone)."""
    out: list[Candidate] = []
    for c in gaz:
        if not c.keys or c.end - c.start < 2 or c.start < 2 or doc[c.start - 1].lower_ != "and":
            continue
        first = doc[c.start - 2]
        if not first.text[:1].isupper() or not first.is_alpha:
            continue
        name = " ".join([first.text, *(t.text for t in doc[c.start + 1 : c.end])])
        forms = [
            f for f in kb.lookup(name) if f.kind == "name" and kb.entries[f.key].type == kb.entries[c.keys[0]].type
        ]
        if forms and forms[0].key != c.keys[0]:
            out.append(Candidate(first.i, first.i + 1, kb.entries[forms[0].key].type, "elliptical-name",
                                 keys=[forms[0].key], forms=forms[:1], priority=1))  # fmt: skip
    return out


def _demonym_only(c: Candidate) -> bool:
    return bool(c.forms) and all(f.kind == "demonym" for f in c.forms)


def find_mentions(doc: Doc, nlp: Language, kb: KnowledgeBase) -> list[Candidate]:
    """Every candidate mention of the doc, overlaps resolved: the more trusted or longer span wins."""
    gaz = gazetteer(doc, nlp, kb)
    found = [*compounds(doc, kb, gaz), *resolutions(doc, kb, gaz), *region_groups(doc, kb, gaz), *gaz]
    titles = [c for c in found if c.rule == "office-title"]
    found += [r for r in role_phrases(doc, kb, gaz) if not any(t.start < r.end and r.start < t.end for t in titles)]
    found += directional_regions(doc, kb, gaz)
    found += elliptical_names(doc, kb, gaz)
    found += controlled_areas(doc, kb, gaz)
    found += state_zones(doc, kb, gaz)
    found += descriptive_groups(doc, kb, gaz)
    found += described_alliances(doc, kb, gaz)
    found += state_metonyms(doc, kb, gaz)
    found += events(doc)
    found += ner(doc, kb)
    found += _propn_names(doc, kb, found)
    # 'Georgian Dream': a name NER sees around a demonym outranks the demonym
    demonyms = [c for c in gaz if _demonym_only(c)]
    for c in found:
        if (
            c.rule.startswith("ner-")
            and c.priority > 2
            and any(c.start <= d.start and d.end <= c.end and (d.start, d.end) != (c.start, c.end) for d in demonyms)
        ):
            c.priority = 2
    found = _outside_headlines(doc, found)
    foreign = names.foreign_name_tokens(doc)
    if foreign:  # '(Indonesian: Konflik Papua)': a name in another language names nothing of its own
        found = [c for c in found if not all(i in foreign for i in range(c.start, c.end))]
    chosen = _resolve_overlaps(found)
    coordinate_types(doc, chosen)
    return chosen


def headline_sentences(doc: Doc) -> list[Span]:
    """Lines in title case with no closing stop: a headline or heading ('Pakistan's Strong Condemnation of
    the Unprovoked Violation of its Air Space'), where every word is capitalized and names nothing."""
    out = []
    full = names.doc_text(doc)
    for sent in doc.sents:
        text = full[sent.start_char : sent.end_char].strip()  # (Span.text joins its tokens at each read)
        words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", text) if len(w) > 3]
        if len(words) < 3 or text[-1:] in '.?!"”;:)' or "\n" in text.rstrip("\n"):
            continue
        if sum(w[0].isupper() for w in words) >= 0.8 * len(words):
            out.append(sent)
    return out


def _outside_headlines(doc: Doc, found: list[Candidate]) -> list[Candidate]:
    """A headline's capitalized words are no names of their own: what the model or the capitalized-run
    reader takes from a headline, and its events, count only when the body names them too; the knowledge
    base's names, a state's bodies, persons (a heading names its author) and names whose head word says
    what they name ('Ministry of Foreign Affairs', 'the Permanent Council') stay."""
    heads = headline_sentences(doc)
    if not heads:
        return found
    inside = {i for s in heads for i in range(s.start, s.end)}
    body = fold(" ".join(text for i, text in enumerate(names.token_texts(doc)) if i not in inside))
    return [
        c for c in found
        if not (c.rule.startswith("ner-") or c.rule == "event-phrase")
        or c.etype in (EntityType.PERSON, EntityType.LEADER)  # a heading names its author
        or (c.etype is not EntityType.EVENT and names.head_type([t.text for t in doc[c.start : c.end]]))
        or c.start not in inside
        or fold(doc[c.start : c.end].text) in body
    ]  # fmt: skip


def _resolve_overlaps(cands: list[Candidate]) -> list[Candidate]:
    """Containers (events, priority 0) never block; compounds (priority 1) are kept and block
    everything but the gazetteer names inside resolutions and office titles; the rest compete,
    the more trusted, then the longer, span winning."""
    chosen: list[Candidate] = [c for c in cands if c.priority == 0]
    compounds_ = [c for c in cands if c.priority == 1]
    chosen += compounds_
    taken: set[int] = set()
    transparent = {
        i
        for c in compounds_
        if c.etype is EntityType.UN_RESOLUTION
        or c.rule
        in (
            "office-title",
            "directional-region",
            "controlled-area",
            "state-zone",
            "descriptive-group",
            "role-phrase",
            "state-metonym",
            "described-alliance",
        )
        for i in range(c.start, c.end)
    }
    for c in compounds_:
        taken |= set(range(c.start, c.end)) - transparent
    # the trusted sources (gazetteer, names with a head word) compete by length first
    order = sorted(
        (c for c in cands if c.priority > 1),
        key=lambda c: (min(c.priority, 6) > 2, -(c.end - c.start), c.priority, c.start),
    )
    containers: list[Candidate] = []  # names with a head word: the known names inside them stay mentioned
    for c in order:
        toks = set(range(c.start, c.end))
        if toks & taken:
            inside = [k for k in containers if k.start <= c.start and c.end <= k.end]
            if c.rule == "kb-gazetteer" and inside:
                if c.etype in (EntityType.REGION, EntityType.SETTLEMENT) and any(
                    k.etype is EntityType.EVENT for k in inside
                ):
                    continue  # 'the Africa Climate Summit' is named after a place, no mention of it
                if any(
                    d.rule == "kb-gazetteer"
                    and d.start <= c.start
                    and c.end <= d.end
                    and d.end - d.start > c.end - c.start
                    for d in chosen
                ):
                    continue  # 'German New Guinea': New Guinea is named in it, Guinea is not
                chosen.append(c)
            continue
        if toks & transparent and c.rule != "kb-gazetteer":
            continue
        chosen.append(c)
        taken |= toks
        if c.rule.startswith("ner-") and c.priority == 2:
            containers.append(c)
    # a container is linked before what it contains, so its tokens stand for it
    return sorted(chosen, key=lambda c: (c.start, -c.end))


def is_agentive(tok: Token) -> bool:
    """A place name used as an actor: subject of a verb, or a possessor ('Ankara reiterated', "Baku's")."""
    if any(c.dep_ == "appos" for c in tok.children):
        return False  # 'Ankara, the capital of Turkey, ...' names the city
    if tok.text.isupper() and len(tok.text) > 3:
        return False  # 'DAKAR, Senegal (AP) —': a dateline names the city
    possessor = tok.dep_ == "poss" or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text in APOSTROPHE_S)
    if possessor and _possessed_noun(tok) in lexicon()["city_parts"]:
        return False  # "Beirut's southern suburbs" are the city's (lexicon.json 'city_parts')
    # 'assailed Moscow for the cutoff', 'urged Kyiv to negotiate', 'was described by Washington as a sham'
    # (lexicon.json 'stance_object_verbs')
    stance = lexicon()["stance_object_verbs"]
    addressed = tok.dep_ == "dobj" and tok.head.lemma_.lower() in stance
    by_agent = tok.dep_ == "pobj" and tok.head.dep_ == "agent" and tok.head.head.lemma_.lower() in stance
    return tok.dep_ in ("nsubj", "nsubjpass") or possessor or by_agent or addressed


def is_party(tok: Token) -> bool:
    """A place name as a party of dealings: 'cooperation between Chisinau and Tiraspol', 'talks with Moscow'
    (lexicon.json 'interaction_nouns')."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("between", "with"):
        return False
    noun = tok.head.head
    return noun.pos_ == "NOUN" and noun.lower_ in lexicon()["interaction_nouns"]


def _possessed_noun(tok: Token) -> str:
    """The noun a possessor owns: 'suburbs' in "Beirut's southern suburbs"."""
    head = tok.head if tok.dep_ == "poss" else None
    if head is None:
        j = tok.i + 2
        while (
            j < len(tok.doc) and tok.doc[j].pos_ in ("ADJ", "NOUN", "PROPN") and tok.doc[j].dep_ in ("amod", "compound")
        ):
            j += 1
        head = tok.doc[j] if j < len(tok.doc) else tok
    return head.lower_
