"""Attribution stage: who said, wrote or took a position on what, sentence by sentence.

Input: the parsed doc, the Extraction with its linked entities, the Linked token->entity map and the
knowledge base. Output: an Attribution: Statement records (one per sentence and speaker), the tokens
each statement claims (a relation read inside them is the speaker's claim, not the narrator's), and the
document's voice when it is written in one.

The grammar is data (kg/lexicon/attribution.json): reporting and position verbs, attitude adjectives,
light verbs with nouns of saying, nominal sources ('according to X', "X's call"), collective and
official speaker heads, pronouns, resolutions as speakers, acts that are no statements, and the cues
of a document in one voice. This module only interprets those classes over the dependency parse:
1. the document's voice (kg.attribution.find_voice): a press statement, readout, speech or
   proclamation speaks for its author in every body sentence;
2. cues in the narrator's words of each sentence, each giving its speakers (subject, passive agent,
   possessor, 'of'/'for' phrases of collective and official heads, pronouns resolved as of the
   sentence with agreement);
3. quotations running over several sentences, or standing alone after a quoted speaker.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from kg import names
from kg.kb import KnowledgeBase, fold, in_term
from kg.lexicon import lexicon
from kg.linking import Linked, slug
from kg.model import Entity, EntityType, Evidence, Extraction, Sentence, Statement

SPEAKER_TYPES = {
    EntityType.STATE,
    EntityType.LEADER,
    EntityType.PERSON,
    EntityType.ORGANIZATION,
    EntityType.UN_RESOLUTION,
}
PERSONS = {EntityType.LEADER, EntityType.PERSON}
SPEAKERS = SPEAKER_TYPES - {EntityType.UN_RESOLUTION}  # a resolution speaks through its organ
THINGS = {EntityType.STATE, EntityType.ORGANIZATION, EntityType.UN_RESOLUTION}
OPEN_QUOTES = {'"', "\u201c", "\u00ab", "\u201e"}
CLOSE_QUOTES = {'"', "\u201d", "\u00bb"}
QUOTE_CHARS = OPEN_QUOTES | CLOSE_QUOTES


@functools.lru_cache(maxsize=1)
def grammar() -> dict[str, Any]:
    """The attribution grammar (kg/lexicon/attribution.json), with lookup sets added."""
    text = (importlib.resources.files("kg.lexicon") / "attribution.json").read_text(encoding="utf-8")
    g: dict[str, Any] = json.loads(text)
    say, position = g["verbs"]
    g["_say"] = set(say["lemmas"])
    g["_needs_content"] = set(say["needs_content"])
    g["_needs_clause"] = set(say["needs_clause"])
    g["_needs_topic"] = set(say["needs_topic"])
    g["_quoting_verbs"] = set(say["quoting_verbs"])
    g["_objects_not_said"] = {k: set(v) for k, v in say["objects_not_said"].items()}
    g["_position"] = set(position["lemmas"])
    g["_position_with"] = {k: set(v) for k, v in position["not_as_verb_of"].items()}
    g["_copulas"] = set(g["attitudes"]["copulas"])
    g["_attitudes"] = set(g["attitudes"]["adjectives"])
    g["_light_verbs"] = set(g["light_verbs"]["verbs"])
    g["_light_nouns"] = set(g["light_verbs"]["nouns"])
    g["_source_nouns"] = set(g["sources"]["nouns"])
    g["_source_phrases"] = {}  # first word -> the phrases it starts, in the grammar's order
    for words in (p.split() for p in g["sources"]["phrases"]):
        g["_source_phrases"].setdefault(words[0], []).append(words)
    g["_collectives"] = set(g["speaker_heads"]["collectives"])
    g["_officials"] = set(g["speaker_heads"]["officials"])
    g["_documents"] = set(g["speaker_heads"]["documents"])
    g["_anonymous_persons"] = set(g["speaker_heads"]["anonymous_persons"])
    g["_group_anaphors"] = set(g["speaker_heads"]["group_anaphors"])
    g["_group_adjectives"] = set(g["speaker_heads"]["group_anaphor_adjectives"])
    g["_metonyms"] = set(g["speaker_heads"]["metonyms"])
    g["_acts"] = set(g["not_statements"]["acts"])
    g["_participles"] = set(g["resolution_speakers"]["participles"])
    pr = g["pronouns"]
    g["_pron"] = {
        **{w: "person" for w in pr["person"]},
        **{w: "thing" for w in pr["thing"]},
        **{w: "plural" for w in pr["plural"]},
        **{w: "first" for w in pr["first"]},
    }
    v = g["voice"]
    g["_title_patterns"] = [re.compile(p, re.I) for p in v["title_patterns"]]
    g["_byline_patterns"] = [re.compile(p, re.I) for p in v["byline_patterns"]]
    return g


@dataclass
class Voice:
    """The voice a document is written in: who speaks in its body sentences."""

    authors: list[str]  # entity keys; several for a joint statement
    institution: str | None  # the state or organization it speaks as ('The United States ...', 'we')
    body: set[int]  # sentence indices that speak in the voice
    how: str  # which cue found the author: header, lead-in, signature, summary, subject, title


@dataclass
class Attribution:
    """What the attribution stage found: statements, per sentence, the tokens each claims, the voice."""

    statements: list[Statement] = field(default_factory=list)
    by_sentence: dict[int, list[int]] = field(default_factory=dict)  # sentence -> statement indices
    scopes: dict[int, set[int]] = field(default_factory=dict)  # statement -> token indices it claims
    voice: Voice | None = None
    discourse: Discourse | None = None


ANONYMOUS = "<anonymous>"  # a person who spoke unnamed, in the discourse


class Discourse:
    """Who a pronoun refers to, as of a sentence: the entities the attribution chain is about."""

    def __init__(self, x: Extraction) -> None:
        self.x = x
        self.events: list[tuple[int, int, str, str]] = []  # (sentence, order, key, role)
        self._n = 0

    def note(self, sentence: int, key: str, role: str) -> None:
        """Record that an entity was a speaker, a subject or mentioned in a sentence."""
        self._n += 1
        self.events.append((sentence, self._n, key, role))

    def resolve(self, word: str, sentence: int) -> list[str]:
        """The referents of a pronoun in a sentence, from what came before that sentence."""
        kind = grammar()["_pron"].get(word.lower())
        if kind is None or kind == "first":
            return []
        before = [e for e in self.events if e[0] < sentence and sentence - e[0] <= 6]
        # a speaker outranks a subject, a recent one an old one
        ranked = sorted(before, key=lambda e: (e[3] == "speaker", e[0], e[1]), reverse=True)
        ranked = sorted(ranked, key=lambda e: e[0], reverse=True)
        last_sentence = ranked[0][0] if ranked else -1
        for want_speaker in (True, False):
            for s, _, key, role in ranked:
                if want_speaker and (role != "speaker" or last_sentence - s > 2):
                    continue
                if key == ANONYMOUS and want_speaker and kind == "person":
                    return []  # an unnamed person spoke last: 'he added' is no one the graph has
                etype = self.x.entities[key].type if key in self.x.entities else None
                if etype is None:
                    continue
                if kind == "person" and etype in PERSONS:
                    return [key]
                if kind == "thing" and etype in THINGS:
                    return [key]
                if kind == "plural":
                    group = [k for s2, _, k, r in ranked if s2 == s and r == role]
                    if len(set(group)) > 1:
                        return list(dict.fromkeys(group))
                    if etype in (EntityType.ORGANIZATION, EntityType.STATE) and _plural_name(self.x.entities[key]):
                        return [key]
                    if want_speaker and etype is EntityType.ORGANIZATION:
                        # 'The members of the Security Council condemned ... They called on ...': a body
                        # that just spoke is 'they', as its members or as British English has it
                        return [key]
        return []


def _verbless(sent: Span) -> bool:
    """A line with no verb is a heading, a signature or a date line ('DONALD J. TRUMP', 'Press Release
    No. 15/2024, Ministry of Foreign Affairs, Islamabad'): it says nothing in the document's voice."""
    return not any(t.pos_ in ("VERB", "AUX") for t in sent)


def _negated(verb: Token) -> bool:
    """'did not say', 'neither Sudan nor Egypt claims': a cue that is denied reports nothing."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(
        g.dep_ == "preconj" and g.lower_ == "neither" for c in verb.children if c.dep_ == "nsubj" for g in c.children
    )


def _definite(tok: Token) -> bool:
    """'the aide', 'the authorities': a noun with the definite article and no name of its own."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)


def _plural_name(ent: Entity) -> bool:
    words = ent.label.split()
    return bool(words) and words[-1].endswith("s") and not words[-1].endswith("ss") and ent.type is not EntityType.STATE


class Attributor:
    """Reads the statements of one article (kg.attribution.attribute is the entry point)."""

    def __init__(self, doc: Doc, x: Extraction, linked: Linked, kb: KnowledgeBase) -> None:
        self.doc, self.x, self.linked, self.kb = doc, x, linked, kb
        self.g = grammar()
        self.lex = lexicon()
        self.discourse = Discourse(x)
        self.out = Attribution(discourse=self.discourse)
        self.sents: list[Span] = []
        self.sent_index: dict[int, int] = {}  # first token of a sentence span -> index into x.sentences
        for i, s in enumerate(x.sentences):
            span = doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is not None and span.start not in self.sent_index:
                self.sents.append(span)
                self.sent_index[span.start] = i
        self.quoted = _quoted_tokens(doc)
        self.lower = names.lower_words(doc)  # each token's lower-case form, read once
        self.text = names.doc_text(doc)
        self._served_memo: dict[tuple[str, ...], set[str]] = {}

    # ---- helpers ----------------------------------------------------------------------------
    def span_text(self, span: Span) -> str:
        """A span's text, sliced from the doc's (Span.text joins its tokens at each read)."""
        return self.text[span.start_char : span.end_char]

    def ent(self, tok: Token) -> str | None:
        """The entity a token is part of a mention of."""
        return self.linked.token_entity.get(tok.i)

    def etype(self, key: str) -> EntityType:
        """The type of an entity of the article."""
        return self.x.entities[key].type

    def sidx(self, sent: Span) -> int:
        """The index (in Extraction.sentences) of a sentence span."""
        return self.x.sentences[self.sent_index[sent.start]].index

    def organ_of(self, key: str) -> str:
        """A resolution speaks for the organ that issued it."""
        for r in self.x.relations:
            if r.subject == key and r.predicate == "issued_by":
                return r.object
        organ = self.x.entities[key].attrs.get("organ")
        return organ if isinstance(organ, str) and organ in self.x.entities else key

    # ---- speakers of a noun phrase -----------------------------------------------------------
    def np_speakers(self, tok: Token, sidx: int, depth: int = 0) -> list[str]:
        """The speakers a noun phrase headed by tok names: itself and its conjuncts."""
        out: list[str] = []
        for t in [tok, *tok.conjuncts]:
            for k in self._np_speaker(t, sidx, depth):
                if k not in out:
                    out.append(k)
        return out

    def _coordinated_subjects(self, subj: list[Token], sidx: int) -> list[str]:
        """The speakers of a verb's subject, with the coordination the parser missed: 'China, Russia and
        Japan expressed concern' parsed as two subjects; 'President Moon Jae-in and U.S. President
        Donald Trump agreed', where the first name hangs inside the second's title."""
        head = subj[0]
        out = self.np_speakers(head, sidx)
        for extra in subj[1:]:
            between = self.doc[head.right_edge.i + 1 : extra.left_edge.i]
            if extra.dep_ == head.dep_ and extra.i > head.i and all(t.text in (",", "and") for t in between):
                out += [k for k in self.np_speakers(extra, sidx) if k not in out]
        own = self.ent(head)
        if own is None or self.etype(own) not in PERSONS:
            return out
        for t in self.doc[head.left_edge.i : head.i]:
            if t.lower_ != "and" or t.i == head.left_edge.i:
                continue
            k = self.ent(self.doc[t.i - 1])
            title = self.doc[t.i + 1 : head.i]  # 'U.S. President Donald': the head name's own words
            if (
                k is not None and k != own and k not in out and self.etype(k) in PERSONS
                and all(u.head.i in range(t.i + 1, head.i + 1) for u in title)
            ):  # fmt: skip
                out.append(k)
        return out

    def _np_speaker(self, tok: Token, sidx: int, depth: int) -> list[str]:
        if depth > 4:
            return []
        low = tok.lower_
        k = self.ent(tok)
        if tok.pos_ == "NOUN" and k is None:
            # "Machar's SPLM-IO party said", 'the M23 group said': the organization the group noun names
            for c in tok.children:
                named = self.ent(c) if c.dep_ in ("compound", "nmod") else None
                if (
                    named is not None
                    and self.etype(named) is EntityType.ORGANIZATION
                    and names.cues()["_after"].get(tok.lower_) is EntityType.ORGANIZATION
                ):
                    return [named]
            if tok.lemma_.lower() in self.g["_documents"]:
                # 'A Taliban statement on Sunday said', "the ministry's statement": the document speaks for
                # the one it is named after
                for c in tok.children:
                    named = self.ent(c) if c.dep_ in ("compound", "poss", "amod", "nmod") else None
                    if named is not None and self.etype(named) in SPEAKER_TYPES:
                        return [self.organ_of(named) if self.etype(named) is EntityType.UN_RESOLUTION else named]
        if tok.pos_ == "NOUN":
            # "the UN secretary-general's special representative in Haiti, Maria Isabel Salvador,": the
            # person named in apposition inside a role phrase, wherever the parser hangs the name
            for t in tok.subtree:
                a = self.ent(t) if t.i > tok.i and t.dep_ == "appos" else None
                if a is not None and a != k and self.etype(a) in PERSONS and self.doc[t.left_edge.i - 1].text == ",":
                    return [a]
        if k is not None:
            etype = self.etype(k)
            if etype is EntityType.UN_RESOLUTION:
                # 'four UNSC and two UNGA resolutions demand': every group in the subject speaks
                organs = []
                for t in tok.subtree:
                    r = self.ent(t)
                    if r and self.etype(r) is EntityType.UN_RESOLUTION and self.organ_of(r) not in organs:
                        organs.append(self.organ_of(r))
                # a resolution whose organ is unknown names no speaker
                return [o for o in organs if self.etype(o) is not EntityType.UN_RESOLUTION]
            if etype in SPEAKER_TYPES:
                # 'the Spokesman for UN Secretary-General X': an unnamed official speaks for X
                if low in self.g["_officials"] and etype in THINGS:
                    principal = self._principal(tok, sidx, depth)
                    if principal:
                        return principal
                return [k]
            # a region, a settlement, an event never speaks; a dateline parsed as the subject
            # ('Stuttgart, Germany — The U.S. Department of Defense ... announce') hands on to its apposition
            for c in tok.children:
                ck = self.ent(c)
                if c.dep_ == "appos" and (ck is None or self.etype(ck) in SPEAKER_TYPES - {EntityType.STATE}):
                    found = self.np_speakers(c, sidx, depth + 1)
                    if found:
                        return found
            return []
        for c in tok.children:
            if c.dep_ == "appos":
                found = self.np_speakers(c, sidx, depth + 1)
                if found:
                    return found
        if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
            return self._antecedent(tok, sidx, depth)
        if low in self.g["_pron"]:
            kind = self.g["_pron"][low]
            if kind == "first":
                voice = self.out.voice
                return list(voice.authors) if voice and sidx in voice.body else []
            return self.discourse.resolve(low, sidx)
        if low in self.g["_collectives"] or tok.lemma_.lower() in self.g["_collectives"]:
            for c in tok.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            found = self.np_speakers(p, sidx, depth + 1)
                            if found:
                                return found
        if _definite(tok):
            found = self._definite_description(tok, sidx)
            if found:
                return found
        if low in self.g["_officials"] or tok.lemma_.lower() in self.g["_officials"] or (low in self.g["_collectives"]):
            found = self._principal(tok, sidx, depth)
            if found:
                return found
        # 'an international tribunal', 'Police': a group the text names by a description
        builder = self.linked.builder
        if builder is not None:
            from kg.linking import describe

            k = describe(builder, tok)
            if k:
                return [k]
        return []

    def _antecedent(self, pron: Token, sidx: int, depth: int) -> list[str]:
        """'al-Shabab, which had said': a relative pronoun speaks for the name just before it (the parser
        often hangs the clause on an earlier noun), else for the noun the clause hangs on."""
        for t in reversed(self.doc[max(pron.sent.start, pron.i - 3) : pron.i]):
            if t.is_punct:
                continue
            k = self.ent(t)
            if k is not None and self.etype(k) in SPEAKER_TYPES:
                return self.np_speakers(t, sidx, depth + 1)  # a resolution speaks for its organ
            break
        return self.np_speakers(pron.head.head, sidx, depth + 1)

    def _definite_description(self, tok: Token, sidx: int) -> list[str]:
        """A definite description as a speaker: 'the Kremlin aide' is the person the article introduced
        with that role ('Kremlin aide Yuri Ushakov'); 'the statement' or 'the report' speaks for whoever
        spoke last; a bare 'the authorities' or 'the government' is the state the article is about."""
        lemma = tok.lemma_.lower()
        if tok.lower_ in self.g["_group_anaphors"] and not any(
            c.dep_ in ("amod", "compound", "poss", "nmod", "prep") and c.lower_ not in self.g["_group_adjectives"]
            for c in tok.children
        ):
            # 'the group said': the organization named last before it, in its sentence first
            for t in reversed(self.doc[: tok.i]):
                k = self.ent(t)
                if k is not None and self.etype(k) is EntityType.ORGANIZATION:
                    return [k]
            return []
        if lemma in self.g["_documents"]:
            for i in range(len(self.out.statements) - 1, -1, -1):
                st = self.out.statements[i]
                if st.evidence.sentence < sidx:
                    return [st.speaker]
            voice = self.out.voice
            return list(voice.authors) if voice else []
        if lemma in self.g["_metonyms"] or tok.lower_ in self.g["_metonyms"]:
            if any(c.dep_ in ("amod", "compound", "poss", "nmod", "prep") for c in tok.children):
                return []
            from kg.linking import main_state

            state = main_state(self.linked.builder) if self.linked.builder is not None else None
            return [state] if state else []
        found: str | None = None
        for t in self.doc[: tok.sent.start]:
            if t.lemma_.lower() != lemma or t.pos_ != "NOUN":
                continue
            for cand in (t, t.head):
                k = self.ent(cand)
                if k is not None and self.etype(k) in PERSONS and (cand is t or t.dep_ in ("compound", "appos")):
                    found = k
                    break
        return [found] if found else []

    def _principal(self, tok: Token, sidx: int, depth: int) -> list[str]:
        """Whom an unnamed official or body speaks for: 'a spokesperson for the ministry', 'Israeli
        officials', "the ministry's press service", 'Kremlin sources'."""
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                k = self.ent(c)
                if k and self.etype(k) in SPEAKER_TYPES:
                    return [self.organ_of(k) if self.etype(k) is EntityType.UN_RESOLUTION else k]
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("for", "of", "at", "from", "in"):
                for p in c.children:
                    if p.dep_ == "pobj":
                        found = self.np_speakers(p, sidx, depth + 1)
                        if found:
                            return found
        return []

    def subject_speakers(self, verb: Token, sidx: int) -> list[str]:
        """The subject of a cue verb (climbing 'continued by saying', 'protested ..., saying'), or the
        by-agent of a passive."""
        head = verb
        for _ in range(4):
            subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
            agent = [p for c in head.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            if agent and any(c.dep_ == "dobj" for c in head.children):
                # 'We condemn reported bombardments in the region by the SAF': a verb with an object is
                # no passive, and its 'by' names who did the object's deed, not who reported it
                return []
            if agent:
                return self.np_speakers(agent[0], sidx)
            if subj:
                if subj[0].dep_ == "nsubjpass" and subj[0].lower_ in ("it", "this", "that"):
                    return []  # 'It was reported that ...': no speaker named
                if subj[0].dep_ == "nsubjpass" and head.i == verb.i:
                    # 'He is accused of conducting a "dirty war"', 'the resolution was welcomed': the
                    # cue's own passive subject is what is judged or said, not who speaks ('X is
                    # expected to announce' climbs to 'expected' and keeps X)
                    return []
                return self._coordinated_subjects(subj, sidx)
            if (
                head.dep_ == "pcomp"
                and head.head.lower_ == "as"
                and head.head.head.lemma_.lower() in self.g["_quoting_verbs"]
            ):
                # 'An official statement quoted Prime Minister Nawaz Sharif as saying': the one quoted
                quoted = [c for c in head.head.head.children if c.dep_ == "dobj"]
                return self.np_speakers(quoted[0], sidx) if quoted else []
            if head.dep_ in ("xcomp", "conj", "pcomp", "advcl", "prep", "acomp") and head.head.i != head.i:
                if head.dep_ == "advcl" and head.tag_ not in ("VBG", "VBN"):
                    break  # a subordinate clause with its own subject
                head = head.head
                continue
            if head.dep_ == "acl" and head.head.i != head.i:
                # 'a resolution declaring that', 'Linda Thomas-Greenfield, ..., calling it'
                return self.np_speakers(head.head, sidx)
            break
        return []

    # ---- cues --------------------------------------------------------------------------------
    def cues(self, sent: Span, sidx: int) -> list[tuple[str, Token | None, str]]:
        """(speaker, cue token, cue id) for every cue in the narrator's words of the sentence."""
        g = self.g
        found: list[tuple[str, Token | None, str]] = []

        def add(keys: list[str], tok: Token | None, rule: str) -> None:
            for k in keys:
                if k in self.x.entities and self.etype(k) in SPEAKERS and all(k != f[0] for f in found):
                    found.append((k, tok, rule))

        for tok in sent:
            if tok.i in self.quoted:
                continue
            lemma, low = tok.lemma_.lower(), tok.lower_
            # 'according to X', 'as made clear by X'
            for words in g["_source_phrases"].get(low, ()):
                if self.lower[tok.i : tok.i + len(words)] == words:
                    nxt = self.doc[tok.i + len(words)] if tok.i + len(words) < len(self.doc) else None
                    if nxt is not None:
                        head = nxt
                        while head.head.i != head.i and head.head.i >= tok.i + len(words) and head.head.i < sent.end:
                            if head.dep_ in ("pobj", "poss", "compound", "amod", "det", "nmod"):
                                head = head.head
                            else:
                                break
                        keys = self.np_speakers(head, sidx)
                        if not keys:
                            # 'as made clear by a tribunal's decision': the possessor of the source noun
                            for c in head.children:
                                if c.dep_ == "poss":
                                    keys = self.np_speakers(c, sidx)
                        if not keys:
                            for t in head.subtree:
                                k = self.ent(t)
                                if k and self.etype(k) in SPEAKER_TYPES and t.dep_ not in ("pobj",):
                                    keys = self.np_speakers(t, sidx)
                                    break
                        add(keys, None, g["sources"]["id"])
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "compound"):
                if lemma in g["_acts"] or _negated(tok):
                    continue
                if tok.tag_ == "VBN" and tok.dep_ == "acl" and tok.i < tok.head.i:
                    continue  # 'reported bombardments ... by X': a modifier, not a report
                rule = None
                if lemma in g["_say"] and self._has_content(tok, sent, lemma):
                    rule = "say"
                elif lemma in g["_position"] and self._position_ok(tok, lemma, sent):
                    rule = "position"
                elif lemma in g["_light_verbs"] and any(
                    c.dep_ == "dobj" and (c.lower_ in g["_light_nouns"] or c.lemma_.lower() in g["_light_nouns"])
                    for c in tok.children
                ):
                    rule = g["light_verbs"]["id"]
                if rule:
                    add(self.subject_speakers(tok, sidx) or self.stray_subjects(tok, sent, sidx), tok, rule)
                    continue
            elif (
                tok.tag_ in ("NN", "NNS")
                and lemma in g["_say"] | g["_position"]
                and tok.i > sent.start
                and tok.dep_ != "compound"  # 'Syrian state television': a noun on a noun is no verb
            ):
                # 'Armenia and Azerbaijan report heavy fighting': a verb the parser took for a noun
                keys = self._misparsed_subjects(tok, sent, sidx)
                if keys:
                    add(keys, tok, "say" if lemma in g["_say"] else "position")
                    continue
            # attitude: 'is deeply concerned', 'stands ready', 'has been categorical in rejecting'
            if low in g["_attitudes"] and (
                (tok.dep_ in ("acomp", "oprd") and tok.head.lemma_.lower() in g["_copulas"])
                or (tok.pos_ == "VERB" and any(c.dep_ == "auxpass" for c in tok.children))
            ):
                head = tok.head if tok.dep_ in ("acomp", "oprd") else tok
                # 'X is concerned by Y': the one concerned speaks, not the by-phrase (the cause)
                subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
                keys = self.np_speakers(subj[0], sidx) if subj else self.subject_speakers(head, sidx)
                add(keys, tok, g["attitudes"]["id"])
                continue
            # nominal sources: "X's call for", 'condemnation from X', 'a statement by X'
            if (
                tok.pos_ in ("NOUN", "PROPN")
                and (low in g["_source_nouns"] or lemma in g["_source_nouns"])
                and not any(t.dep_ == "acl" for t in tok.ancestors)
            ):
                # (not under a participle: 'the resolution based on the joint proposal from France, the UK
                # ...' tells what the resolution rests on; nobody speaks in it)
                keys = []
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                        for p in c.children:
                            if p.dep_ == "pobj":
                                keys += self.np_speakers(p, sidx)
                if keys and low not in ("resolution",):
                    add(keys, tok, g["sources"]["id"])
            # 'a resolution declaring that ...': the organ speaks
            if low in g["_participles"] and tok.dep_ == "acl":
                k = self.ent(tok.head)
                if k and self.etype(k) is EntityType.UN_RESOLUTION:
                    add([self.organ_of(k)], tok, g["resolution_speakers"]["id"])
        return found

    def stray_subjects(self, verb: Token, sent: Span, sidx: int) -> list[str]:
        """A cue verb the parser left without a subject ('In the aftermath of the attack, Kosovo,
        Albania, and the European Union, ..., issued condemnations', the names attached as an apposition
        of 'attack'): the speakers named before it in apposition or coordination, never a prepositional
        object."""
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children) or verb.dep_ not in (
            "ROOT",
            "conj",
        ):
            return []
        out: list[str] = []
        for t in self.doc[sent.start : verb.i]:
            if t.i in self.quoted or t.dep_ not in ("appos", "conj"):
                continue
            k = self.ent(t)
            if k and self.etype(k) in SPEAKER_TYPES and k not in out:
                out.append(k)
        return out

    def _misparsed_subjects(self, tok: Token, sent: Span, sidx: int) -> list[str]:
        """The names before a cue word tagged as a noun, when nothing but names, commas and 'and' stand
        between the sentence's start and the cue, and a noun phrase or clause follows it."""
        keys: list[str] = []
        for t in self.doc[sent.start : tok.i]:
            k = self.ent(t)
            if k:
                if self.etype(k) not in SPEAKER_TYPES:
                    return []
                if k not in keys:
                    keys.append(k)
            elif t.lower_ not in (",", "and", "the", "&") and not t.is_space:
                return []
        nxt = self.doc[tok.i + 1] if tok.i + 1 < sent.end else None
        if nxt is None or nxt.is_punct:
            return []
        return keys

    def _has_content(self, verb: Token, sent: Span, lemma: str) -> bool:
        """A verb of saying reports a statement when it has something said: a clause, a quote, an
        object of saying, or it closes a quotation ('..., she said.')."""
        not_said = self.g["_objects_not_said"].get(lemma)
        if not_said and any(c.dep_ == "dobj" and c.lower_ in not_said for c in verb.children):
            return False  # 'claimed the lives of five soldiers'
        deps = {c.dep_ for c in verb.children}
        if deps & {"ccomp", "xcomp", "parataxis"}:
            return True
        if any(t.i in self.quoted for t in sent):
            return True
        if lemma in self.g["_needs_clause"]:
            # '..., he added.' closes a sentence; 'added Crimea to its map' is no statement
            return (
                verb.dep_ == "ROOT"
                and not any(c.dep_ in ("dobj", "prep") for c in verb.children)
                and (verb.i > sent.start + 2)
            )
        if lemma in self.g["_needs_topic"]:
            # 'spoke with Ruto to thank him', 'spoke about the truce', 'discussed the border'
            return any(
                (c.dep_ in ("xcomp", "advcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))
                or (c.dep_ == "prep" and c.lower_ in ("about", "on", "of"))
                or (c.dep_ == "dobj" and lemma != "speak")
                for c in verb.children
            )
        if lemma in self.g["_needs_content"]:
            # 'wrote about the election': a topic, not a statement; 'confirmed reports', 'rejected the
            # official results': an object that is said or judged
            return any(c.dep_ in ("dobj", "attr", "oprd") for c in verb.children) and lemma not in ("write", "post")
        if any(c.dep_ == "advcl" and c.tag_ == "VBG" for c in verb.children):
            return True
        if any(c.dep_ in ("dobj", "dative", "attr", "oprd") for c in verb.children):
            return True
        if any(c.dep_ == "prep" and c.lower_ in ("that", "on", "of", "in") for c in verb.children):
            return True
        if any(c.dep_ == "npadvmod" for c in verb.children) or verb.dep_ in ("ROOT", "conj", "advcl"):
            # 'Russia said Monday ...', 'he said.' closing a sentence
            return True
        return False

    def _position_ok(self, verb: Token, lemma: str, sent: Span) -> bool:
        needs = self.g["_position_with"].get(lemma)
        if needs is None:
            return True
        if needs:
            if "<oprd>" in needs and {"oprd", "dobj"} <= {c.dep_ for c in verb.children}:
                # 'called the vote an expression of ...'; not a name given ('the Benguela Current (called
                # Aya Ubenekang in Efik)'): that has no object
                return True
            return any(c.lower_ in needs for c in verb.children if c.dep_ in ("prt", "prep", "acomp", "advmod", "oprd"))
        # 'support', 'back', 'threaten': a position only with something said
        return any(c.dep_ in ("ccomp",) for c in verb.children) or any(t.i in self.quoted for t in sent)

    # ---- statements --------------------------------------------------------------------------
    def make_statement(
        self, speaker: str, sent: Span, cue: Token | None, rule: str, conf: float, note: bool = True
    ) -> int:
        """Record a statement of a speaker in a sentence: its content (the quote, the cue's complements,
        or the sentence), who it is about, its date and medium; returns its index."""
        idx = len(self.out.statements)
        self.out.scopes[idx] = _scope(sent, cue, self.quoted)
        text = self.span_text(sent)
        quote = _quote_text(text)
        if quote:
            content = quote
        elif cue is not None and cue.pos_ in ("VERB", "AUX"):
            comp = [c for c in cue.children if c.dep_ in ("ccomp", "xcomp", "dobj", "prep", "pcomp", "advcl")]
            toks = sorted({t.i for c in comp for t in c.subtree})
            content = self.doc[toks[0] : toks[-1] + 1].text if toks else text
            if len(content.split()) < 4 or not content[:1].isalnum():
                content = text
        else:
            content = text
        about = [k for k in _span_entities(self.linked, sent) if k != speaker]
        date, date_text = date_of(sent, self.x.article.date)
        m = _MEDIUM_RE.search(text)
        medium = m.group(1).lower() if m else None
        medium_entity = None
        if medium:
            for k in _span_entities(self.linked, sent):
                if self.etype(k) is EntityType.ORGANIZATION and self.x.entities[k].subtype == "media":
                    medium_entity = k
        ev = self.evidence(sent, rule, conf)
        self.out.statements.append(
            Statement(speaker, content.strip(), about, ev, date, date_text, medium, medium_entity, quote=bool(quote))
        )
        self.out.by_sentence.setdefault(ev.sentence, []).append(idx)
        if note:
            self.discourse.note(ev.sentence, speaker, "speaker")
        return idx

    def _colon_speakers(self, sent: Span, ids: list[int]) -> list[str]:
        """Who a line ending in a colon gives the word to: its own speakers ('..., which stated:'), else the
        one speaker a short line names ('@Ministry of Foreign Affairs:')."""
        if ids:
            return list(dict.fromkeys(self.out.statements[i].speaker for i in ids))
        named = list(dict.fromkeys(k for t in sent if (k := self.ent(t)) and self.etype(k) in SPEAKER_TYPES))
        return named if len(named) == 1 and len(sent.text.split()) <= 8 else []

    def _served_by(self, authors: list[str]) -> set[str]:
        """The state the voice's authors serve, and that state's ministries named in the article (read once
        per set of authors: it is asked for every sentence in the voice)."""
        memo = self._served_memo.get(tuple(authors))
        if memo is None:
            memo = self._served_memo[tuple(authors)] = self._read_served_by(authors)
        return memo

    def _read_served_by(self, authors: list[str]) -> set[str]:
        out = {_represents(self, k) for k in authors}
        out |= {st for k in authors if isinstance(st := self._state_of_author(k), str)}
        # an official the knowledge base does not know serves the publisher of the source (mofa.go.jp)
        published = self.kb.publisher_of(self.x.article.source)
        if published and published in self.x.entities:
            out |= {published, *filter(None, [self._state_of_author(published)])}
        # a state and its ministries; an intergovernmental body speaks on its own too ('the United Nations
        # has documented ...' in the Secretary-General's statement, dev 31)
        states = {k for k in out if k in self.x.entities and self.x.entities[k].type is EntityType.STATE}
        ministries = {
            k for k, e in self.x.entities.items() if e.subtype == "ministry" and e.attrs.get("state") in states
        }
        return (states | ministries) - set(authors)

    def _state_of_author(self, key: str) -> str | None:
        """The state of the article a body of the voice belongs to ('Ministry of Foreign Affairs of Saudi Arabia')."""
        state = _body_state(self, key)
        return state if state in self.x.entities else None

    def evidence(self, sent: Span, rule: str, conf: float) -> Evidence:
        """The evidence of a fact read in a sentence: the sentence's span, the rule and a confidence."""
        s = self.x.sentences[self.sent_index[sent.start]]
        return Evidence(s.index, s.start, s.end, rule, conf)

    # ---- the whole document ------------------------------------------------------------------
    def run(self) -> Attribution:
        """Read every sentence: the document's voice, cue speakers, quotations that run on."""
        self.out.voice = find_voice(self)
        voice = self.out.voice
        turns = transcript_turns(self, voice)
        pending: list[Span] = []  # sentences of a quote awaiting its attribution
        last_quote_speakers: list[str] = []  # who spoke the quotation of the previous sentence
        prev_sentence: int | None = None
        body_start = min(voice.body) if voice and voice.body else 0
        colon_speakers: list[str] = []  # who the line just read, ending in a colon, hands the word to
        for sent in self.sents:
            sidx = self.sidx(sent)
            cues = self.cues(sent, sidx)
            if 0 < sidx < body_start and sidx not in turns:
                # a header line or lead-in under the title ('Riyadh, December 17, 2018, SPA -- Statement by an
                # official at the Ministry of Foreign Affairs:') names the voice; it says nothing itself
                cues = []
            state = _quote_state(sent, self.quoted)
            if sidx in turns:
                # a transcript: the turn's speaker says every sentence of it
                speaker = turns[sidx]
                if speaker is not None:
                    self.make_statement(speaker, sent, None, self.g["transcripts"]["id"], 0.75, note=False)
                served = self._served_by([speaker]) if speaker is not None else set()
                for k, tok, rule in cues:
                    if k != speaker and k not in served:  # 'Japan welcomes ...' in its press secretary's turn
                        self.make_statement(k, sent, tok, rule, 0.8)
            elif voice and sidx in voice.body and not _verbless(sent):
                own = set(voice.authors) | ({voice.institution} if voice.institution else set())
                # 'The Kingdom rejects ...' in its foreign ministry's statement, 'Japan welcomes ...' in its
                # press secretary's remarks: the state the voice serves is no second speaker
                own |= self._served_by(voice.authors)
                # 'I, DONALD J. TRUMP, ... do hereby proclaim': a sentence that names its own speaker
                named = self._self_named(sent)
                for a in [named] if named else voice.authors:
                    self.make_statement(a, sent, None, "document-voice", 0.7, note=False)
                for k, tok, rule in cues:
                    if k not in own and k != named:
                        self.make_statement(k, sent, tok, rule, 0.7)
            elif colon_speakers and prev_sentence == sidx - 1 and not cues:
                # '@Ministry of Foreign Affairs:' then a quotation; 'issued a statement ..., which stated:'
                # then its words: what a line ending in a colon introduces is its speaker's
                for k in colon_speakers:
                    self.make_statement(k, sent, None, self.g["quotes"]["id"], 0.7)
                if state.has_quote or state.inside_at_start:
                    last_quote_speakers = list(colon_speakers)
            elif cues:
                for k, tok, rule in cues:
                    self.make_statement(k, sent, tok, rule, 0.8)
                if pending and not state.starts_with_quote:
                    self._close_pending(pending, cues[0][0], sent)
                pending = []
            elif state.inside_at_start and last_quote_speakers and prev_sentence is not None:
                # a quotation that runs on from the previous sentence
                for k in last_quote_speakers:
                    self.make_statement(k, sent, None, self.g["quotes"]["id"], 0.75)
            elif state.whole_quote and last_quote_speakers and prev_sentence is not None:
                # a quotation standing alone after a quoted speaker: the same voice goes on
                for k in last_quote_speakers:
                    self.make_statement(k, sent, None, self.g["quotes"]["id"], 0.7)
            elif state.starts_with_quote and state.open_at_end:
                pending = [sent]
            elif pending and state.open_at_end:
                pending.append(sent)
            else:
                pending = []
            ids = self.out.by_sentence.get(sidx, [])
            if ids and (state.has_quote or state.inside_at_start):
                last_quote_speakers = [self.out.statements[i].speaker for i in ids]
            elif not state.has_quote and not state.inside_at_start:
                last_quote_speakers = []
            colon_speakers = self._colon_speakers(sent, ids) if self.span_text(sent).rstrip().endswith(":") else []
            prev_sentence = sidx
            # subjects feed the discourse: 'He' further on may be a person only talked about
            for tok in sent:
                if (
                    tok.dep_ in ("nsubj", "nsubjpass")
                    and tok.i not in self.quoted
                    and tok.lower_ not in self.g["_pron"]
                ):
                    found = self.np_speakers(tok, sidx)
                    for k in found:
                        self.discourse.note(sidx, k, "subject")
                    if (
                        tok.lemma_.lower() in self.g["_anonymous_persons"]
                        and tok.head.lemma_.lower() in self.g["_say"]
                        and not any(self.etype(k) in PERSONS for k in found)
                    ):
                        # 'A military officer ..., who asked not to be identified, said': 'he' is now him
                        self.discourse.note(sidx, ANONYMOUS, "speaker")
                elif tok.i not in self.quoted:
                    m = self.ent(tok)
                    if m and self.etype(m) in PERSONS:
                        self.discourse.note(sidx, m, "mention")
        return self.out

    def _self_named(self, sent: Span) -> str | None:
        for tok in sent:
            if tok.lower_ in ("i", "we") and tok.i not in self.quoted:
                for c in tok.children:
                    if c.dep_ == "appos":
                        k = self.ent(c)
                        if k and self.etype(k) in PERSONS:
                            return k
        return None

    def _close_pending(self, pending: list[Span], speaker: str, closing: Span) -> None:
        said = self.out.statements[self.out.by_sentence[self.sidx(closing)][0]]
        for q in pending:
            i = self.make_statement(speaker, q, None, self.g["quotes"]["id"], 0.75)
            st = self.out.statements[i]
            st.medium = st.medium or said.medium
            st.medium_entity = st.medium_entity or said.medium_entity
            if st.date is None and said.date is not None:
                st.date, st.date_text = said.date, said.date_text


# ---- the voice of a document ----------------------------------------------------------------------


def _is_line(a: Attributor, i: int) -> bool:
    """A sentence that is a whole line of its own (a header, a signature, a date line)."""
    s = a.x.sentences[i]
    text = a.x.article.text
    before = text[: s.start].rstrip(" \t")
    after = text[s.end :].lstrip(" \t")
    return (not before or before.endswith("\n")) and (not after or after.startswith("\n"))


def _is_formula(a: Attributor, i: int) -> bool:
    folded = fold(a.x.sentences[i].text).strip(" .,!:;")
    words = folded.split()
    if not words:
        return True
    for f in a.g["voice"]["formulas"]:
        if folded == f or folded.startswith(f + " ") or folded.startswith(f + ","):
            return len(words) <= 8
    return False


_CALENDAR_WORDS = re.compile(
    r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)"
    r"[a-z]*\b\.?|\b(?:print|updated|published|posted)\b"
)


def _looks_like_date_line(text: str) -> bool:
    """'17 June 2024', 'Monday 1440/4/10 - 2018/12/17', '2018-04-13 22:00  Print': a line that is a date."""
    t = text.strip()
    if re.fullmatch(
        r"(?:[A-Z][a-z]+day,?\s+)?(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s+(?:\d{1,2},?\s+)?\d{4}\.?|\d{4}-\d{2}-\d{2}", t
    ):
        return True
    rest = _CALENDAR_WORDS.sub("", t).strip()
    return len(t.split()) <= 8 and len(re.findall(r"\d", rest)) >= 4 and bool(re.fullmatch(r"[\d\s/.,:|-]+", rest))


_ON_BEHALF = re.compile(r"\b(?:distributed|issued|released|published|disseminated)\b[^.]*?\bon behalf of\b", re.I)


def _on_behalf_author(a: Attributor, body: list[int]) -> tuple[str, int] | None:
    """The body a release's closing line says it was distributed on behalf of (the last one named after
    'distributed/issued ... on behalf of' in one of the last two sentences), with that sentence's index;
    'I am making this statement on behalf of France, ...' is a speaker's, not a distributor's, line."""
    for i in body[-2:]:
        sent = a.x.sentences[i]
        m = _ON_BEHALF.search(sent.text)
        if m is None or len(sent.text.split()) > 30:
            continue
        span = a.doc.char_span(sent.start + m.end(), sent.end, alignment_mode="expand")
        named = [k for t in span or [] if (k := a.ent(t)) and a.etype(k) in THINGS]
        if named:
            return named[-1], i
    return None


def _header_author(a: Attributor, i: int) -> str | None:
    """'Matthew Miller, Department Spokesperson': a named official on a line of their own."""
    sent = a.x.sentences[i]
    words = sent.text.split()
    if len(words) > 14 or sent.text.rstrip().endswith((".", ":")):
        return None
    span = a.doc.char_span(sent.start, sent.end, alignment_mode="expand")
    if span is None or any(t.pos_ in ("VERB", "AUX") and t.ent_type_ != "PERSON" for t in span):
        return None  # a line with a verb is a sentence, not 'NAME, TITLE'
    roles = {*a.lex["person_roles"], *a.lex["head_roles"]}
    low = sent.text.lower()
    if re.search(r"\b(?:between|with|and)\b", low) and len({a.ent(t) for t in span if a.ent(t)}) != 1:
        return None  # 'Telephone conversation between PM and President of USA' names a meeting, not its author
    for t in span:
        k = a.ent(t)
        if k and a.etype(k) in PERSONS:
            if "," in sent.text or any(r in low for r in roles):
                return k
    return None


def find_voice(a: Attributor) -> Voice | None:
    """Is the document written in one voice, and whose? None for a narrator's report."""
    g = a.g["voice"]
    sents = a.x.sentences
    if not sents:
        return None
    score = 0
    authors: list[str] = []
    how = ""
    header_end = 0  # sentences before this index are header lines
    joint = False
    title = fold(a.x.article.title or "")
    # 1. header lines: 'Press Statement', 'NAME, TITLE', a date
    for i, s in enumerate(sents[:6]):
        if i == 0 and title.strip() and fold(s.text).strip() == title.strip() and len(sents) > 1:
            header_end = 1  # the text's first line is its title: the header lines follow it
            continue
        if header_end == i and i < 4 and not authors:
            byline = _byline_author(a, i)
            if byline:
                authors, how = [byline], "byline"
                score += 3
                header_end = i + 1
                continue
        if how == "byline" and header_end == i and len(s.text.split()) <= 8 and not s.text.rstrip().endswith("."):
            header_end = i + 1  # 'to the Permanent Council, Vienna': the byline goes on
            continue
        if not _is_line(a, i) or len(s.text.split()) > 14 or s.text.rstrip().endswith((".", "?", "!")):
            break
        folded = fold(s.text).strip(" .:")
        if folded in g["header_words"] or any(folded.startswith(h + " ") for h in g["header_words"]):
            score += 2
            joint = joint or any(j in folded for j in g["joint_words"])
            header_end = i + 1
            continue
        author = _header_author(a, i)
        if author and header_end == i and (score or i == 0):
            authors, how = [author], "header"
            score += 2
            header_end = i + 1
            continue
        if _looks_like_date_line(s.text) and header_end == i:
            header_end = i + 1
            continue
        break
    # 2. a lead-in: 'The following statement was issued today by the Spokesman for ...:'
    if header_end < len(sents):
        s = sents[header_end]
        folded = fold(s.text)
        if s.text.rstrip().endswith(":") and any(n in folded.split() or n in folded for n in g["lead_in_nouns"]):
            score += 3
            span = a.doc.char_span(s.start, s.end, alignment_mode="expand")
            if span is not None and not authors:
                found = _lead_in_speakers(a, span, s.index)
                if found:
                    authors, how = found, "lead-in"
            header_end += 1
    formula = {i: _is_formula(a, i) for i in range(header_end, len(sents))}
    body = [
        i
        for i in range(header_end, len(sents))
        if not formula[i]
        and not _looks_like_date_line(sents[i].text)
        and len(sents[i].text.split()) >= 3
        and not (_is_line(a, i) and _header_author(a, i))
    ]
    formulas = sum(formula.values())
    # 3. first person outside quotations, in the body
    first = 0
    lower, texts = names.lower_words(a.doc), names.token_texts(a.doc)
    for _s, span in _sentence_spans(a, body):
        if any(
            lower[i] in ("we", "our", "us") and texts[i] != "US" and i not in a.quoted
            for i in range(span.start, span.end)
        ):
            first += 1
    if first >= 2 or (first == 1 and len(body) <= 6):
        score += 2
    elif first == 1:
        score += 1
    if formulas:
        score += 1
    title_author = _title_author(a)
    if any(w in title for w in g["title_genre_words"]):
        score += 1
    if any(j in title for j in g["joint_words"]):
        joint = True
        score += 1  # 'Joint Statement' names the genre outright
    subjects = _voice_subjects(a, body)
    # 'Distributed by APO Group on behalf of Republic of South Africa: Department of International Relations
    # and Cooperation': a release distributed on behalf of a government body is that body's statement
    on_behalf = _on_behalf_author(a, body)
    if on_behalf is not None:
        body = [i for i in body if i != on_behalf[1]]
        if not authors:
            authors, how = [on_behalf[0]], "on-behalf"
            score += 3
    if score < 2 and not (subjects and subjects[0][1] >= max(3, len(body) // 2)):
        return None
    if joint and not authors:
        authors = _joint_authors(a, body)
        how = "joint" if authors else how
    if joint and not authors:
        authors = _signatories(a)
        how = "signatories" if authors else how
    if not authors:
        summary = _summary_author(a, body[:2])
        if summary:
            authors, how = [summary], "summary"
    if not authors:
        signed = _signature_author(a)
        if signed:
            authors, how = [signed], "signature"
    # an official named only in the title ('Statement by Secretary of Defense Lloyd J. Austin III ...')
    # speaks as the state or body they serve; that voice outranks a body subject named once, and any in a
    # text in the first person ('We welcome ...' under 'Statement by the President of Guyana')
    title_voice = None
    if title_author:
        # named in the text too (a header line that is also the title): the official the document names
        # delivers it, whatever office they hold that day; named only in the title: their state
        ent = a.x.entities.get(title_author)
        title = a.x.article.title or ""
        in_text = bool(ent is not None and ent.mentions) or (
            bool(title.strip()) and fold(title.strip()) in fold(a.x.article.text[: len(title) + 400])
        )
        title_voice = title_author if in_text else _represents(a, title_author)
    if not authors and title_voice and (first or not subjects or subjects[0][1] < 2):
        authors, how = [title_voice], "title"
    if not authors and first:
        # 'We would like to express ...' with no author in the text: the publisher of the source's domain
        # (mfa.gov.ct.tr, mofa.gov.pk; kb publisher_domains.json)
        published = a.kb.publisher_of(a.x.article.source)
        builder = a.linked.builder
        if published and builder is not None:
            authors, how = [builder.entity_from_kb(a.kb.entries[published]).key], "publisher"
    if not authors and subjects:
        authors, how = [_represents(a, subjects[0][0])], "subject"
    if not authors:
        return None
    # the state or body the document speaks for: 'We ...', or 'The UK condemns' in a speech its ambassador
    # delivers
    institution: str | None = None
    if a.etype(authors[0]) in THINGS and first:
        institution = authors[0]
    elif first or all(a.etype(k) in PERSONS for k in authors):
        institution = next((k for k, n in subjects if a.etype(k) in THINGS and (first or n >= 2)), None)
    return Voice(authors, institution, {sents[i].index for i in body}, how)


_TURN_LABEL = re.compile(r"(?P<label>[A-Z][^:\n]{0,40}?):\s+\S")


def transcript_turns(a: Attributor, voice: Voice | None) -> dict[int, str | None]:
    """The speaker of each sentence of a transcript ('NAME: ...' turns), None in a journalist's turn;
    empty when the text is no transcript (fewer than two labelled lines)."""
    g = a.g["transcripts"]
    questions, answers = set(g["question_labels"]), set(g["answer_labels"])
    text = a.x.article.text
    labels: list[tuple[int, str | None]] = []  # (sentence, speaker)
    for s in a.x.sentences:
        if s.start > 0 and text[s.start - 1] != "\n":
            continue  # a label opens a line
        m = _TURN_LABEL.match(s.text)
        if m is None or len(m.group("label").split()) > 5:
            continue
        label = m.group("label").strip()
        low = fold(label)
        span = a.doc.char_span(s.start, s.start + len(label), alignment_mode="expand")
        keys = [k for t in span if (k := a.ent(t)) and a.etype(k) in SPEAKERS] if span is not None else []
        if low in answers:
            labels.append((s.index, voice.authors[0] if voice and voice.authors else None))
        elif low in questions:
            labels.append((s.index, None))
        elif keys and any(a.etype(k) in PERSONS for k in keys):
            labels.append((s.index, next(k for k in keys if a.etype(k) in PERSONS)))
        elif keys or label.isupper():
            labels.append((s.index, None))  # 'CCTV:', 'AFP:': a journalist's question
    if len(labels) < 2:
        return {}
    turns: dict[int, str | None] = {}
    bounds = [*labels, (len(a.x.sentences), None)]
    for (start, speaker), (end, _) in zip(bounds, bounds[1:], strict=False):
        for i in range(start, end):
            turns[a.x.sentences[i].index] = speaker
    return turns


def _lead_in_speakers(a: Attributor, span: Span, sidx: int) -> list[str]:
    # 'The following Security Council press statement was issued today by Council President X': the
    # statement is the body's own, whoever hands it out
    nouns = set(a.g["voice"]["lead_in_nouns"])
    for tok in span:
        if tok.lower_ in nouns:
            for c in tok.children:
                k = a.ent(c) if c.dep_ in ("compound", "nmod", "poss") else None
                if k and a.etype(k) is EntityType.ORGANIZATION:
                    return [k]
            for c in tok.lefts:
                for t in c.subtree:
                    k = a.ent(t)
                    if k and a.etype(k) is EntityType.ORGANIZATION and c.dep_ == "compound":
                        return [k]
    # 'by the Spokesman for UN Secretary-General X': a spokesperson issues what a named principal says
    for tok in span:
        if tok.lower_ == "for":
            for t in tok.subtree:
                k = a.ent(t)
                if k and t.i > tok.i and a.etype(k) in PERSONS and k != a.ent(tok.head):
                    return [k]
    for tok in span:
        if tok.dep_ == "agent" or (tok.lower_ == "by" and tok.dep_ == "prep"):
            for p in tok.children:
                if p.dep_ == "pobj":
                    found = a.np_speakers(p, sidx)
                    if found:
                        return found
    for tok in span:
        if tok.dep_ == "poss":
            found = a.np_speakers(tok, sidx)
            if found:
                return found
    return []


def _voice_subjects(a: Attributor, body: list[int]) -> list[tuple[str, int]]:
    """States, organizations and persons that the body's cue verbs have as subject, most first: 'The
    United States condemns', 'The Secretary-General is appalled', 'The United Kingdom will stand up'."""
    g = a.g
    cue_lemmas = g["_say"] | g["_position"] | g["_light_verbs"]
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    for s, span in _sentence_spans(a, body):
        for tok in span:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.i in a.quoted:
                continue
            verb = tok.head
            lemma = verb.lemma_.lower()
            is_cue = (
                lemma in cue_lemmas
                or any(c.dep_ in ("acomp", "oprd") and c.lower_ in g["_attitudes"] for c in verb.children)
                or (verb.lower_ in g["_attitudes"] and tok.dep_ == "nsubjpass")
            )
            if not is_cue or verb.tag_ == "VBD":
                continue
            k = a.ent(tok)
            keys = [k] if k and a.etype(k) in SPEAKER_TYPES else a.np_speakers(tok, s.index) if k else []
            for k in keys:
                if a.etype(k) is EntityType.UN_RESOLUTION:
                    continue
                counts[k] = counts.get(k, 0) + 1
                order.setdefault(k, len(order))
    return sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))


def _sentence_spans(a: Attributor, indices: list[int]) -> Iterator[tuple[Sentence, Span]]:
    """Each sentence of the article (by position) with its doc span, skipping any that does not align."""
    for i in indices:
        s = a.x.sentences[i]
        span = a.doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is not None:
            yield s, span


def _joint_authors(a: Attributor, body: list[int]) -> list[str]:
    """'X and Y announce ...': the conjoined subjects of the first clause."""
    for s, span in _sentence_spans(a, body[:2]):
        for tok in span:
            if tok.dep_ == "nsubj" and (tok.conjuncts or any(c.dep_ == "appos" for c in tok.children)):
                keys = a.np_speakers(tok, s.index)
                if tok.conjuncts:
                    # 'The United States, Republic of Korea, and Japan': in a list, a comma-separated
                    # name the parser hangs on as an apposition is one more author
                    for c in tok.children:
                        if c.dep_ == "appos":
                            keys += [k for k in a.np_speakers(c, s.index) if k not in keys]
                if len(keys) >= 2:
                    return keys
    return []


def _summary_author(a: Attributor, first: list[int]) -> str | None:
    """'UK Chargé d'Affaires, Deputy Ambassador James Ford, honours the victims': the summary line of
    a speech names its speaker as the subject of a present-tense verb; a person in a phrase that
    modifies the subject is not it ('The resignation yesterday of Bolivian President Evo Morales is a
    significant moment', 'Morales's departure preserves democracy', under 'Statement from President
    Donald J. Trump Regarding ...')."""
    for s, span in _sentence_spans(a, first):
        for tok in span:
            if tok.dep_ == "nsubj" and tok.head.tag_ == "VBZ":
                for t in tok.subtree:
                    k = a.ent(t)
                    if k and a.etype(k) in PERSONS and _names_subject(t, tok):
                        return k
            if tok.dep_ == "ROOT" and tok.tag_ == "VBZ":
                for k in a.stray_subjects(tok, span, s.index):
                    if a.etype(k) in PERSONS:
                        return k
    return None


def _names_subject(t: Token, top: Token) -> bool:
    """Whether t names the subject top itself: top, or joined to it by compounds and appositions only
    (not a possessor, 'Morales's departure', nor a prepositional object, 'the resignation of X')."""
    while t.i != top.i:
        if t.dep_ not in ("compound", "appos", "flat", "nmod") or t.head.i == t.i:
            return False
        t = t.head
    return True


def _signatories(a: Attributor) -> list[str]:
    """'For the State of Eritrea' over 'President Isaias Afwerki', 'For the Federal Democratic Republic of
    Ethiopia' over 'Prime Minister Dr. Abiy Ahmed Ali': the signature blocks at the end of a joint
    document, each the person who signs (else the party signed for)."""
    sents = a.x.sentences
    out: list[str] = []
    for i in range(max(0, len(sents) - 10), len(sents)):
        if not (_is_line(a, i) and sents[i].text.startswith("For ")):
            continue
        found: list[str] = []
        for j in (i + 1, i):
            if j >= len(sents) or not _is_line(a, j):
                continue
            span = a.doc.char_span(sents[j].start, sents[j].end, alignment_mode="expand")
            keys = [k for t in span or () if (k := a.ent(t)) and a.etype(k) in (PERSONS if j > i else SPEAKER_TYPES)]
            if keys:
                found = keys[:1]
                break
        out += [k for k in found if k not in out]
    return out if len(out) >= 2 else []


def _signature_author(a: Attributor) -> str | None:
    """A named official on one of the last lines: 'NAME, TITLE' or 'NAME'."""
    n = len(a.x.sentences)
    for i in range(n - 1, max(-1, n - 4), -1):
        if _is_line(a, i):
            k = _header_author(a, i)
            if k:
                return k
    return _signed_name(a)


_NAME_LINE = re.compile(r"(?:[A-Z][a-z'’-]+|[A-Z]\.)(?: (?:[A-Z][a-z'’-]+|[A-Z]\.)){1,3}")


def _signed_name(a: Attributor) -> str | None:
    """'MFA Spokesman' over 'Artur Dmochowski' as the last two lines: a name alone on the last line under
    a line naming an office signs the document, a person even where the NER model saw none."""
    sents = a.x.sentences
    if len(sents) < 3 or not (_is_line(a, len(sents) - 1) and _is_line(a, len(sents) - 2)):
        return None
    last, role = sents[-1], sents[-2]
    roles = {*a.lex["person_roles"], *a.lex["head_roles"]}
    if not _NAME_LINE.fullmatch(last.text.strip()) or not any(r in role.text.lower() for r in roles):
        return None
    span = a.doc.char_span(last.start, last.end, alignment_mode="expand")
    if span is None:
        return None
    known = [k for t in span if (k := a.ent(t)) and a.etype(k) in PERSONS]
    if known:
        return known[0]
    builder = a.linked.builder
    if builder is None:
        return None
    name = last.text.strip()
    ent = builder.entity_new(f"person/{slug(name)}", EntityType.PERSON, name)
    builder.add_mention(ent, span.start, span.end, "signature")
    return ent.key


def _byline_author(a: Attributor, i: int) -> str | None:
    """'Statement delivered by Ambassador Barbara Woodward at ...': the person (else the body) a line
    opening the text names as delivering it."""
    sent = a.x.sentences[i]
    if not (_is_line(a, i) or i == 0):
        return None
    for pat in a.g["_byline_patterns"]:
        m = pat.search(sent.text.strip())
        if not m:
            continue
        offset = sent.start + (len(sent.text) - len(sent.text.lstrip()))
        span = a.doc.char_span(offset + m.start("who"), offset + m.end("who"), alignment_mode="expand")
        if span is None:
            continue
        keys = [k for t in span if (k := a.ent(t)) and a.etype(k) in SPEAKERS]
        persons = [k for k in keys if a.etype(k) in PERSONS]
        if persons or keys:
            return (persons or keys)[0]
    return None


def _body_state(a: Attributor, key: str) -> str | None:
    """The state a body belongs to: the article's word for it, else the knowledge base's."""
    ent = a.x.entities.get(key)
    state = ent.attrs.get("state") if ent is not None else None
    if not isinstance(state, str) and key in a.kb.entries:
        state = a.kb.entries[key].state
    return state if isinstance(state, str) else None


def _represents(a: Attributor, key: str) -> str:
    """The state (or intergovernmental body) an official serves on the article's date: the holder of a
    state's office speaks as the state; a state institution's officer as its state; anyone else as
    themselves. A ministry's press statement speaks for its state ('U.S. Department of State press
    statement' is the United States')."""
    if a.etype(key) not in PERSONS:
        ent = a.x.entities.get(key)
        state = _body_state(a, key)
        if ent is not None and ent.subtype == "ministry" and isinstance(state, str) and state in a.kb.entries:
            builder = a.linked.builder
            if builder is not None:
                return builder.entity_from_kb(a.kb.entries[state]).key
        return key
    for r in a.x.relations:
        if r.subject == key and r.predicate == "leader_of":
            return r.object
    entry = a.kb.entries.get(key)
    if entry is None:
        return key
    on = a.x.article.date
    for _role, held_in, start, end in entry.offices:
        if in_term(start, end, on):
            target = held_in
            org = a.kb.entries.get(target)
            if org is not None and org.type is EntityType.ORGANIZATION and org.state:
                target = org.state
            if a.kb.entries.get(target) is not None and a.kb.entries[target].type is EntityType.STATE:
                builder = a.linked.builder
                if builder is not None:
                    return builder.entity_from_kb(a.kb.entries[target]).key
    return key


def _title_author(a: Attributor) -> str | None:
    """'Statement by Secretary of Defense Lloyd J. Austin III on ...': an author named only in the title,
    linked to the knowledge base or to an entity of the article."""
    title = a.x.article.title or ""
    for pat in a.g["_title_patterns"]:
        m = pat.search(title)
        if not m:
            continue
        prefix = re.findall(r"[^\W\d_][\w'’-]*", title[: m.start()])
        tagged = m.group(0).startswith("(")  # 'Finland's Accession to NATO (Press Statement, Antony J. Blinken)'
        if not tagged and any(w[:1].islower() and w not in a.g["voice"]["title_prefix_words"] for w in prefix):
            continue  # 'Pakistan condemns ... statement of Indian Home Minister': the statement answered
        who = m.group("who").strip()
        # 'Statement of the Spokesperson of the Ministry of Foreign Affairs, Öncü Keçeli, in Response ...':
        # a person named in apposition to the title's office is the author
        rest = title[m.end("who") :].lstrip()
        if rest.startswith(","):
            appos = rest[1:].split(",")[0].strip()
            for ent in a.x.entities.values():
                if ent.type in PERSONS and appos and fold(ent.label) == fold(appos):
                    return ent.key
                if ent.type in PERSONS and appos and any(fold(f) == fold(appos) for f in ent.surface_forms):
                    return ent.key
        # the longest known name inside the phrase, a middle initial dropped ('Antony J. Blinken')
        words = [w for w in who.split() if not re.fullmatch(r"[A-Z]\.", w)]
        for n in range(len(words), 0, -1):
            for start in range(0, len(words) - n + 1):
                cand = " ".join(words[start : start + n])
                for ent in a.x.entities.values():
                    if ent.type in SPEAKER_TYPES and (fold(ent.label) == fold(cand)):
                        return ent.key
                forms = a.kb.lookup(cand)
                entries = [a.kb.entries[f.key] for f in forms if a.kb.entries[f.key].type in SPEAKER_TYPES]
                if entries and (n > 1 or forms[0].kind != "surname"):
                    builder = a.linked.builder
                    if builder is not None:
                        return builder.entity_from_kb(entries[0]).key
    return None


# ---- quotations ------------------------------------------------------------------------------------


@dataclass
class _QuoteState:
    inside_at_start: bool
    open_at_end: bool
    has_quote: bool
    starts_with_quote: bool
    whole_quote: bool


def _quoted_tokens(doc: Doc) -> set[int]:
    """Tokens between quotation marks over the whole doc. A paragraph break (a blank line, or a line
    break after a sentence's end) closes an open quote, unless the next paragraph opens one again: the
    wire convention for a quotation running over paragraphs, whose reopening mark is no closing one
    (with straight quotes it flipped every later quote inside out)."""
    inside = False
    at_break = False
    out: set[int] = set()
    prev: Token | None = None
    for t in doc:
        if t.is_space:
            if "\n\n" in t.text or ("\n" in t.text and prev is not None and _ends_sentence(prev)):
                at_break = True
            continue
        if at_break:
            at_break = False
            if inside and t.text in OPEN_QUOTES | {"``"}:
                prev = t
                continue  # the quotation goes on in this paragraph
            inside = False
        prev = t
        if t.text in QUOTE_CHARS or t.text in ("``", "''"):
            if t.text in ("\u201c", "\u00ab", "\u201e", "``"):
                inside = True
            elif t.text in ("\u201d", "\u00bb", "''"):
                inside = False
            else:
                inside = not inside
            continue
        if inside:
            out.add(t.i)
    return out


def _ends_sentence(t: Token) -> bool:
    """A token a paragraph can end on: a sentence's closing punctuation, or a quote mark after one."""
    if t.text in (".", "!", "?", ":"):
        return True
    return t.text in CLOSE_QUOTES | {"''"} and t.i > 0 and t.doc[t.i - 1].text in (".", "!", "?", ",")


def _quote_state(sent: Span, quoted: set[int]) -> _QuoteState:
    toks = [t for t in sent if not t.is_space]
    if not toks:
        return _QuoteState(False, False, False, False, False)
    marks = [t for t in toks if t.text in QUOTE_CHARS or t.text in ("``", "''")]
    first, last = toks[0], toks[-1]
    inside_at_start = first.i in quoted and not marks[:1] == [first]
    starts = first.text in OPEN_QUOTES or first.text == "``"
    # the last word before the closing punctuation
    words = [t for t in toks if not t.is_punct]
    open_at_end = (
        bool(words)
        and words[-1].i in quoted
        and not any(m.i > words[-1].i and m.text in CLOSE_QUOTES | {"''"} for m in marks)
    )
    inner = [t for t in toks if t.text not in QUOTE_CHARS and not t.is_punct]
    whole = bool(inner) and all(t.i in quoted for t in inner) and (starts or inside_at_start)
    has_quote = any(t.i in quoted for t in toks) and len([t for t in toks if t.i in quoted]) >= 3
    del last
    return _QuoteState(inside_at_start, open_at_end, has_quote, starts, whole)


def _quote_text(text: str) -> str | None:
    m = re.search(r"[\"\u201c]([^\"\u201d]+)[\"\u201d]?", text)
    if m and len(m.group(1).split()) >= 3:
        return m.group(1).strip().rstrip(",")
    return None


def _scope(sent: Span, cue: Token | None, quoted: set[int]) -> set[int]:
    """The tokens whose facts a statement claims: the cue, its complements and any quote; without a
    cue word (a document's voice, a quote continued, 'according to'), the whole sentence."""
    if cue is None:
        return set(range(sent.start, sent.end))
    toks = {cue.i} | {t.i for t in sent if t.i in quoted}
    for c in cue.children:
        if c.dep_ not in ("nsubj", "nsubjpass", "aux", "auxpass", "neg", "punct", "cc", "mark", "advmod", "npadvmod"):
            toks |= {t.i for t in c.subtree}
    if cue.dep_ in ("acomp", "oprd"):
        toks |= {t.i for c in cue.head.children if c.dep_ in ("prep", "xcomp", "ccomp") for t in c.subtree}
    return toks


def _span_entities(linked: Linked, toks: Span) -> list[str]:
    out: list[str] = []
    for t in toks:
        k = linked.token_entity.get(t.i)
        if k and k not in out:
            out.append(k)
    return out


_MEDIUM_RE = re.compile(
    r"\b(?:in|on|during|via)\s+(?:an?|the|his|her|its|their)?\s*(?:televised\s+|written\s+|joint\s+)?"
    r"(interview|tweet|statement|speech|address|press conference|briefing|post|letter|proclamation)\b",
    re.I,
)


def date_of(sent: Span, base: dt.date | None) -> tuple[dt.date | None, str | None]:
    """The day a sentence says something happened on, relative to the article's date: 'yesterday',
    'today', 'Monday' (the last such weekday on or before the article's date)."""
    weekdays = lexicon()["weekdays"]
    lower = names.lower_words(sent.doc)
    for i in range(sent.start, sent.end):
        low = lower[i]
        if low not in ("yesterday", "today") and low not in weekdays:
            continue
        tok = sent.doc[i]
        if low == "yesterday":
            return _days_before(base, 1), tok.text
        if low == "today":
            return base, tok.text
        if low in weekdays and tok.ent_type_ == "DATE":
            if base is None:
                return None, tok.text
            delta = (base.weekday() - weekdays.index(low)) % 7
            return _days_before(base, delta), tok.text
    return None, None


def _days_before(base: dt.date | None, days: int) -> dt.date | None:
    """The date `days` before `base`; None before the calendar's first day (an article dated 0001-01-01)."""
    if base is None:
        return None
    try:
        return base - dt.timedelta(days=days)
    except OverflowError:
        return None


def attribute(doc: Doc, x: Extraction, linked: Linked, kb: KnowledgeBase) -> Attribution:
    """Every statement of the article; appended to x.statements too."""
    result = Attributor(doc, x, linked, kb).run()
    x.statements.extend(result.statements)
    return result


__all__ = ["Attribution", "Discourse", "Voice", "attribute", "date_of", "grammar", "find_voice"]
