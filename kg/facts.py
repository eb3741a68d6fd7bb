"""Facts stage: statements (who said what), relations, and events, from a linked article.

Input: the parsed doc, the Extraction with its entities, the Linked token->entity map.
Output: Statement, Relation and Event records appended to the Extraction.

Statements come from speech verbs ('said', 'reiterated', 'urged'), 'according to X', and
quotes whose attribution sits at the end of a later sentence. A relation read inside a
statement's sentence is that speaker's claim; one read elsewhere is the narrator's.
Relations come from cue words kept in the lexicon (kg/lexicon/lexicon.json); conditional,
hypothetical and negated clauses give none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from spacy.tokens import Doc, Span, Token

from kg import attribution
from kg.attribution import Discourse, date_of
from kg.kb import KnowledgeBase
from kg.lexicon import lexicon
from kg.linking import Linked
from kg.model import EntityType, Event, Evidence, Extraction, Relation

AGENTS = {EntityType.STATE, EntityType.LEADER, EntityType.PERSON, EntityType.ORGANIZATION}
PLACES = {EntityType.REGION, EntityType.SETTLEMENT}
OPEN_QUOTES = {'"', "\u201c"}
CLOSE_QUOTES = {'"', "\u201d"}


class _Ctx:
    def __init__(self, doc: Doc, x: Extraction, linked: Linked, kb: KnowledgeBase) -> None:
        self.doc, self.x, self.linked, self.kb = doc, x, linked, kb
        self.lex = lexicon()
        self.discourse: Discourse | None = None
        self.current: int | None = None
        self.scopes: dict[int, set[int]] = {}  # statement index -> tokens it claims
        self.trigger: Token | None = None  # the cue word of the relation being read

    def ent(self, tok: Token) -> str | None:
        return self.linked.token_entity.get(tok.i)

    def etype(self, key: str) -> EntityType:
        return self.x.entities[key].type

    def span_entities(self, toks: list[Token] | Span, types: set[EntityType] | None = None) -> list[str]:
        out: list[str] = []
        for t in toks:
            k = self.ent(t)
            if k and k not in out and (types is None or self.etype(k) in types):
                out.append(k)
        return out

    def evidence(self, sent: Span, rule: str, conf: float) -> Evidence:
        first = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        s = next((s for s in self.x.sentences if s.start <= first < s.end), self.x.sentences[-1])
        return Evidence(s.index, s.start, s.end, rule, conf)


def _sentence_spans(doc: Doc, ctx: _Ctx) -> list[Span]:
    out = []
    for s in ctx.x.sentences:
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is not None:
            out.append(span)
    return out


# ---- statements -----------------------------------------------------------------------------


def _subject_entities(ctx: _Ctx, verb: Token) -> list[str]:
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    head = verb
    for _ in range(3):  # 'continued by saying', 'began bombing': the subject of the governing verb
        if subj or head.dep_ not in ("xcomp", "conj", "pcomp", "advcl", "prep") or head.head.i == head.i:
            break
        head = head.head
        subj = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
    keys: list[str] = []
    for s in subj:
        for tok in [s, *s.conjuncts]:
            k = _resolve_np(ctx, tok)
            if k and k not in keys:
                keys.append(k)
            if k and ctx.etype(k) is EntityType.UN_RESOLUTION:
                # 'four UNSC and two UNGA resolutions demand': every group in the subject
                for other in ctx.span_entities(list(tok.subtree), {EntityType.UN_RESOLUTION}):
                    if other not in keys:
                        keys.append(other)
    return keys


def _resolve_np(ctx: _Ctx, tok: Token) -> str | None:
    """The entity a noun phrase headed by tok stands for, pronouns included."""
    k = ctx.ent(tok)
    if k and ctx.etype(k) in AGENTS | {EntityType.UN_RESOLUTION}:
        return k
    for c in tok.children:
        if c.dep_ == "appos":
            k = _resolve_np(ctx, c)
            if k:
                return k
    low = tok.lower_
    if low in ("he", "she", "his", "her", "it", "they") and ctx.discourse is not None and ctx.current is not None:
        found = ctx.discourse.resolve(low, ctx.current)
        return found[0] if found else None
    # 'the Azerbaijani army' headed by 'army': entity on its compound words
    for c in tok.lefts:
        if c.dep_ in ("compound", "amod", "poss"):
            k = ctx.ent(tok)
            if k:
                return k
    return None


# ---- relations ------------------------------------------------------------------------------


def _hypothetical(tok: Token) -> bool:
    """Inside an if-clause, or a conditional, modal or negated verb: no fact."""
    lex = lexicon()
    if tok.lower_ in lex["negation"]:
        return True
    for anc in [tok, *tok.ancestors]:
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in anc.children):
            return True
        if anc.lemma_.lower() in lex["irrealis_verbs"] and anc.i != tok.i:
            return True  # 'denied targeting', 'offered to host negotiations': not (yet) a fact
    verb = tok
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    for c in verb.children:
        if c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in ("would", "could", "might")):
            return True
        if (
            tok.i == verb.i
            and c.dep_ == "advcl"
            and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
        ):
            return True
    return False


class _Rel:
    def __init__(self, ctx: _Ctx, claims: dict[int, list[int]]) -> None:
        self.ctx = ctx
        self.claims = claims

    def add(self, s: str | None, p: str, o: str | None, sent: Span, rule: str, conf: float, **attrs: str) -> None:
        """Record s-p-o read in sent: the claim of each speaker of the sentence (the one who is
        the subject, or issued it, when there is one), else the narrator's."""
        ctx = self.ctx
        if not s or not o or s == o:
            return
        ev = ctx.evidence(sent, rule, conf)
        stmts = self.claims.get(ev.sentence, [])
        claims: list[tuple[str | None, int | None]] = [(None, None)]
        if ctx.trigger is not None:
            # only a statement whose words hold the cue claims the fact: in 'Israel strikes Gaza
            # as Hamas rejects ...' the strike is the narrator's, not Hamas's
            stmts = [i for i in stmts if ctx.trigger.i in ctx.scopes.get(i, set())]
        if stmts:
            issuer = next((r.object for r in ctx.x.relations if r.subject == s and r.predicate == "issued_by"), None)
            own = [i for i in stmts if ctx.x.statements[i].speaker in (s, issuer)]
            claims = [(ctx.x.statements[i].speaker, i) for i in (own[:1] or stmts)]
        for claimed_by, statement in claims:
            if any((r.subject, r.predicate, r.object, r.claimed_by) == (s, p, o, claimed_by) for r in ctx.x.relations):
                continue
            ctx.x.relations.append(Relation(s, p, o, ev, claimed_by, statement, dict(attrs)))


def _state_of_actor(ctx: _Ctx, key: str) -> str:
    st = ctx.x.entities[key].attrs.get("state")
    return st if isinstance(st, str) else key


def _actor(ctx: _Ctx, trigger: Token, sent: Span) -> str | None:
    if trigger.pos_ in ("VERB", "AUX"):
        subj = _subject_entities(ctx, trigger)
        subj = [k for k in subj if ctx.etype(k) in AGENTS]
        if subj:
            return subj[0]
    for c in trigger.children:
        if c.dep_ == "poss":
            if c.lower_ in ("its", "their"):
                near = ctx.span_entities(ctx.doc[sent.start : trigger.i], {EntityType.STATE, EntityType.ORGANIZATION})
                if near:
                    return near[-1]
            if c.pos_ == "PRON":
                head = trigger.head
                while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
                    head = head.head
                subj = [k for k in _subject_entities(ctx, head) if ctx.etype(k) in AGENTS]
                if subj:
                    return subj[0]
                before = ctx.span_entities(ctx.doc[sent.start : trigger.i], AGENTS)
                return before[-1] if before else None
            if c.lower_ in ("its", "their"):
                # 'praised Hezbollah for its attacks': 'its' is no person; the nearest state or organization
                before = ctx.span_entities(ctx.doc[sent.start : trigger.i], {EntityType.STATE, EntityType.ORGANIZATION})
                if before:
                    return before[-1]
            k = ctx.ent(c)
            if k and ctx.etype(k) in AGENTS:
                return k
    # 'accused Azerbaijan of attacks': the accused is the actor
    if (
        trigger.dep_ == "pobj"
        and trigger.head.lower_ == "of"
        and trigger.head.head.lemma_ in ("accuse", "blame", "condemn")
    ):
        objs = [c for c in trigger.head.head.children if c.dep_ == "dobj"]
        for o in objs:
            k = ctx.ent(o) or _resolve_np(ctx, o)
            if k:
                return k
    return None


def _objects(ctx: _Ctx, trigger: Token, sent: Span, types: set[EntityType], window: int = 14) -> list[str]:
    """Entities in the trigger's complements (objects, prepositional phrases, conjuncts);
    failing that, in the words after it up to the next clause break."""
    toks: list[Token] = []
    for c in trigger.children:
        if c.dep_ in ("dobj", "prep", "pobj", "attr", "dative", "conj", "npadvmod", "acomp", "xcomp", "ccomp"):
            toks.extend(c.subtree)
    found = ctx.span_entities(sorted(toks, key=lambda t: t.i), types)
    if found:
        return found
    end = min(sent.end, trigger.i + 1 + window)
    toks = []
    for t in ctx.doc[trigger.i + 1 : end]:
        if t.text in (";", ",") or (t.dep_ == "mark" and t.lower_ in ("when", "while", "after", "because")):
            break
        if t.lower_ == "leading":
            break
        toks.append(t)
    return ctx.span_entities(toks, types)


def relations(ctx: _Ctx, sents: list[Span], claims: dict[int, list[int]]) -> None:
    lex = ctx.lex["relation_cues"]
    rel = _Rel(ctx, claims)
    cap_verbs = set(lex["captures"]["verbs"])
    cap_nouns = set(lex["captures"]["nouns"])
    att_verbs = set(lex["attacks"]["verbs"])
    att_nouns = set(lex["attacks"]["nouns"])
    sup_verbs = set(lex["supports"]["verbs"])
    sup_nouns = set(lex["supports"]["nouns"])
    conflict_nouns = set(lex["in_conflict_with"]["nouns"])
    for sent in sents:
        ctx.current = ctx.evidence(sent, "", 0).sentence
        for tok in sent:
            ctx.trigger = tok
            lemma = tok.lemma_.lower()
            low = tok.lower_
            is_verb = tok.pos_ in ("VERB", "AUX")
            if _hypothetical(tok):
                continue
            # captures
            if (is_verb and lemma in cap_verbs) or (not is_verb and low in cap_nouns):
                actor = _actor(ctx, tok, sent)
                places = _objects(ctx, tok, sent, PLACES)
                if lemma in ("annex", "annexation", "takeover"):
                    places = places[:1]
                for p in places:
                    rel.add(actor, "captures", p, sent, f"captures-{'verb' if is_verb else 'noun'}", 0.75)
                # 'liberated ... from Armenia's occupation': the loser occupied them
                for t in sent:
                    if t.lower_ == "occupation" and t.i > tok.i:
                        occ = _actor(ctx, t, sent)
                        for p in places:
                            rel.add(occ and _state_of_actor(ctx, occ), "occupies", p, sent, "occupation-from", 0.7)
            # occupies: 'X occupied Y'; "X's occupying forces withdraw from Y"
            if is_verb and lemma == "occupy" and tok.tag_ in ("VBD", "VBZ", "VBP", "VBN") and tok.dep_ not in ("amod",):
                actor = _actor(ctx, tok, sent)
                for p in _objects(ctx, tok, sent, PLACES, window=6)[:1]:
                    rel.add(actor and _state_of_actor(ctx, actor), "occupies", p, sent, "occupies-verb", 0.8)
            if low == "occupying" and tok.head.lower_ in ("forces", "troops", "army"):
                k = ctx.ent(tok.head)
                if k:
                    after = [t for t in sent if t.i > tok.i and t.lemma_ in ("withdraw", "leave", "pull")]
                    if after:
                        for p in _objects(ctx, after[0], sent, PLACES):
                            rel.add(_state_of_actor(ctx, k), "occupies", p, sent, "occupying-forces", 0.75)
            # attacks
            if (is_verb and lemma in att_verbs) or (not is_verb and low in att_nouns and tok.dep_ != "compound"):
                actor = _actor(ctx, tok, sent)
                targets: list[str] = _objects(ctx, tok, sent, AGENTS | PLACES, window=8)
                if actor and targets:
                    rule = f"attacks-{'verb' if is_verb else 'noun'}"
                    rel.add(actor, "attacks", targets[0], sent, rule, 0.7)
                    # 'the enclave, including its capital Stepanakert': every place named as a target
                    for extra in targets[1:]:
                        if ctx.etype(extra) in PLACES and ctx.etype(targets[0]) in PLACES:
                            rel.add(actor, "attacks", extra, sent, rule, 0.6)
            # supports
            if (is_verb and lemma in sup_verbs and lemma != "arm") or (not is_verb and low in sup_nouns):
                actor = _actor(ctx, tok, sent)
                if not is_verb and actor is None and tok.head.pos_ in ("VERB", "AUX"):
                    actor = next(iter(_subject_entities(ctx, tok.head)), None)
                if not is_verb and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
                    # 'Poland and Lithuania expressed support for Kyiv': every subject
                    holder = tok
                    subj = _subject_entities(ctx, tok.head)
                elif not is_verb and tok.dep_ == "compound":
                    # 'aid packages for Ukraine': the noun it modifies carries the preposition
                    holder = tok.head
                    subj = _subject_entities(ctx, holder.head) if holder.head.pos_ in ("VERB", "AUX") else []
                else:
                    holder = tok
                    subj = []
                preps = [c for c in holder.children if c.dep_ == "prep" and c.lower_ in ("for", "to", "with")]
                targets = []
                if is_verb:
                    # 'Washington supports Israel's right to defend itself': the object or its possessor
                    for obj in (c for c in tok.children if c.dep_ == "dobj"):
                        heads = [obj, *obj.conjuncts, *(c for c in obj.children if c.dep_ == "poss")]
                        targets += ctx.span_entities(heads, {EntityType.STATE})
                for prep in preps:
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        heads = [pobj, *pobj.conjuncts, *(c for c in pobj.children if c.dep_ in ("compound", "amod"))]
                        targets += [
                            _capital_state(ctx, k)
                            for k in ctx.span_entities(heads, {EntityType.STATE, EntityType.SETTLEMENT})
                        ]
                        targets = [k for k in targets if ctx.etype(k) is EntityType.STATE]
                        if not targets and pobj.lower_ in (
                            "proposal",
                            "plan",
                            "position",
                            "claim",
                            "sovereignty",
                            "autonomy",
                        ):
                            targets += ctx.span_entities(list(pobj.subtree), {EntityType.STATE})
                actors = subj or ([actor] if actor else [])
                for a in actors:
                    for tk in targets[:1]:
                        if ctx.etype(a) in AGENTS:
                            rel.add(a, "supports", tk, sent, f"supports-{'verb' if is_verb else 'noun'}", 0.7)
            # in conflict with: 'the conflict with Armenia', 'fighting between A and B'
            ceasefire = low in ("ceasefire", "truce", "armistice") or (
                low == "agreement" and any(c.lower_ in ("cease", "fire", "ceasefire", "-") for c in tok.subtree)
            )
            if not is_verb and (low in conflict_nouns or ceasefire):
                preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "between", "against")]
                others = [k for p in preps for k in ctx.span_entities(list(p.subtree), {EntityType.STATE})]
                if len(others) >= 2 and preps and preps[0].lower_ == "between":
                    rel.add(others[0], "in_conflict_with", others[1], sent, "conflict-between", 0.7)
                elif others and not ceasefire:
                    side = _actor(ctx, tok, sent)
                    if side is None:
                        stmts = claims.get(ctx.evidence(sent, "", 0).sentence, [])
                        if stmts:
                            side = ctx.x.statements[stmts[0]].speaker
                    if side and ctx.etype(side) is not EntityType.STATE:
                        side = _state_of_leader(ctx, side)
                    rel.add(side, "in_conflict_with", others[0], sent, "conflict-with", 0.65)
            # demands: 'resolutions ... demand that X withdraw', 'calls upon X to'
            if is_verb and lemma in ("demand", "call", "urge", "require"):
                askers = _subject_entities(ctx, tok)
                if lemma == "call" and not any(c.lower_ in ("upon", "on") for c in tok.children):
                    continue
                # who is asked: the object ('urged NATO'), 'upon/on X', or the subject of the clause
                # demanded ('demand that X withdraw'); not every state named further on
                asked: list[Token] = []
                for c in tok.children:
                    if c.dep_ == "dobj":
                        asked += (
                            list(c.subtree)
                            if c.lower_ == "that"
                            else [c, *(g for g in c.children if g.dep_ in ("poss", "compound", "amod"))]
                        )
                    elif c.dep_ == "prep" and c.lower_ in ("upon", "on"):
                        asked += list(c.subtree)
                    elif c.dep_ in ("ccomp", "xcomp"):
                        for g in c.children:
                            if g.dep_ in ("nsubj", "nsubjpass"):
                                asked += list(g.subtree)
                targets = ctx.span_entities(sorted(asked, key=lambda t: t.i), AGENTS)
                what_toks = [t for t in sent if t.i > tok.i]
                what = ctx.doc[what_toks[0].i : what_toks[-1].i].text if len(what_toks) > 1 else ""
                for a in askers:
                    for tk in targets[:1]:
                        rel.add(a, "demands", _state_of_actor(ctx, tk), sent, "demands-verb", 0.7, what=what)
                        if ctx.etype(a) is EntityType.UN_RESOLUTION:
                            for p in ctx.span_entities(what_toks, PLACES)[:1]:
                                rel.add(a, "resolution_about", p, sent, "resolution-demand-place", 0.6)
            # negotiates with: 'talks with X', 'negotiations between A and B', 'X negotiated with Y'
            if (not is_verb and low in ("talks", "negotiations")) or (is_verb and lemma == "negotiate"):
                preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "between")]
                parties = [
                    k for p in preps for k in ctx.span_entities(list(p.subtree), {EntityType.STATE, EntityType.LEADER})
                ]
                if preps and preps[0].lower_ == "between" and len(parties) >= 2:
                    rel.add(parties[0], "negotiates_with", parties[1], sent, "negotiations-between", 0.65)
                elif parties and preps[0].lower_ != "between":
                    side = _actor(ctx, tok, sent)
                    if side is None and tok.head.pos_ in ("VERB", "AUX"):
                        side = next(iter(_subject_entities(ctx, tok.head)), None)
                    if side and ctx.etype(side) in (EntityType.STATE, EntityType.LEADER):
                        rel.add(side, "negotiates_with", parties[0], sent, "negotiations-with", 0.65)
            # member of: 'mediated by France, Russia and the United States as the "Minsk Group"'
            if low == "as" and tok.i + 1 < sent.end:
                orgs = ctx.span_entities(ctx.doc[tok.i + 1 : min(sent.end, tok.i + 6)], {EntityType.ORGANIZATION})
                j = tok.i - 1
                members: list[str] = []
                while j >= sent.start:
                    mk = ctx.ent(ctx.doc[j])
                    if mk and ctx.etype(mk) is EntityType.STATE:
                        if mk not in members:
                            members.append(mk)
                    elif ctx.doc[j].lower_ not in (",", "and", "the"):
                        break
                    j -= 1
                if orgs and len(members) >= 2:
                    for m in members:
                        rel.add(m, "member_of", orgs[0], sent, "members-as-group", 0.65)
            # member of: 'one of five permanent members of the Security Council'
            if low in ("member", "members") and any(c.lower_ == "of" for c in tok.children):
                orgs = _objects(ctx, tok, sent, {EntityType.ORGANIZATION}, window=5)
                members = ctx.span_entities(ctx.doc[sent.start : tok.i], {EntityType.STATE})
                if orgs and members:
                    rel.add(members[0], "member_of", orgs[0], sent, "member-of", 0.7)
        ctx.trigger = None
        _located_in(ctx, rel, sent)


def _capital_state(ctx: _Ctx, key: str) -> str:
    """'support for Kyiv': a capital named as the one supported stands for its state."""
    entry = ctx.kb.entries.get(key)
    if entry is not None and entry.capital_of and entry.capital_of in ctx.x.entities:
        return entry.capital_of
    if entry is not None and entry.capital_of:
        state = ctx.kb.entries[entry.capital_of]
        from kg.model import Entity

        ctx.x.entities[state.key] = Entity(
            state.key, state.type, state.name, state.qid, state.key, state.source, dict(state.codes)
        )
        return state.key
    return key


def _state_of_leader(ctx: _Ctx, key: str) -> str | None:
    for r in ctx.x.relations:
        if r.subject == key and r.predicate == "leader_of":
            return r.object
    return None


def _located_in(ctx: _Ctx, rel: _Rel, sent: Span) -> None:
    """'Baku, Azerbaijan'; 'X, an internationally recognized territory of Y'; 'X in Y'; 'X is part of Y'."""
    doc = ctx.doc
    spans = []
    for key, sp in ctx.linked.spans.items():
        for s, e in sp:
            if sent.start <= s < sent.end:
                spans.append((s, e, key))
    spans.sort()
    for (_s1, e1, k1), (s2, _e2, k2) in zip(spans, spans[1:], strict=False):
        t1, t2 = ctx.etype(k1), ctx.etype(k2)
        if t1 not in PLACES or k1 == k2:
            continue
        between = doc[e1:s2].text.strip().lower()
        if t2 in PLACES | {EntityType.STATE}:
            if between == "," and t2 is EntityType.STATE:
                rel.add(k1, "located_in", k2, sent, "place-comma-state", 0.85)
            elif between in ("in", "in the") and t2 in PLACES | {EntityType.STATE}:
                rel.add(k1, "located_in", k2, sent, "place-in-place", 0.7)
            elif re.fullmatch(
                r"(,|is|are|was)? ?(an? |the )?([\w-]+ ){0,3}(territory|part|region|province|district) of( the)?",
                between,
            ):
                rel.add(k1, "located_in", k2, sent, "territory-of", 0.8)
            elif (
                re.fullmatch(r",? ?(is |was )?the capital of( the)?", between)
                and t1 is EntityType.SETTLEMENT
                and t2 is EntityType.STATE
            ):
                rel.add(k1, "capital_of", k2, sent, "capital-of", 0.85)
                rel.add(k1, "located_in", k2, sent, "capital-of", 0.8)
        if t1 in PLACES | {EntityType.STATE} and t2 is EntityType.SETTLEMENT and k1 != k2:
            between = doc[e1:s2].text.strip().lower()
            if re.fullmatch(r",? ?in( the)?", between) and t2 is EntityType.SETTLEMENT:
                # 'in the Western Sahara territory, in Dakhla': the narrower place inside the wider
                rel.add(k2, "located_in", k1, sent, "in-place-in-place", 0.65)
            if re.fullmatch(r",? ?(including |and )?its capital,?", between):
                rel.add(k2, "located_in", k1, sent, "its-capital", 0.8)
                if t1 is EntityType.STATE:
                    rel.add(k2, "capital_of", k1, sent, "its-capital", 0.8)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_YEAR_RE = re.compile(r"\b(?:in|since|on)\s+((?:" + "|".join(_MONTHS) + r")\s+)?((?:19|20)\d\d)\b(?!s)")


def events(ctx: _Ctx) -> None:
    for key, ent in ctx.x.entities.items():
        if ent.type is not EntityType.EVENT or not ent.mentions:
            continue
        first = ent.mentions[0]
        sent = ctx.x.sentences[first.sentence]
        span = ctx.doc.char_span(sent.start, sent.end, alignment_mode="expand")
        participants = ctx.span_entities(span, {EntityType.STATE, EntityType.ORGANIZATION}) if span is not None else []
        date, date_text = date_of(span, ctx.x.article.date) if span is not None else (None, None)
        if date is None:
            m = _YEAR_RE.search(ent.label + " " + sent.text)
            if m:
                month = _MONTHS.index(m.group(1).strip()) + 1 if m.group(1) else 1
                date, date_text = dt.date(int(m.group(2)), month, 1), m.group(0).split(None, 1)[1]
        ctx.x.events.append(
            Event(key, ent.subtype or "event", participants, date, date_text,
                  evidence=Evidence(first.sentence, first.start, first.end, "event-phrase", 0.6))
        )  # fmt: skip


_OCCASIONS = ("interview", "speech", "address", "press conference", "briefing")


def occasions(ctx: _Ctx, sents: list[Span]) -> None:
    """Events that statements report: an interview (one per speaker, medium and day, however many
    sentences quote it) and the adoption of a resolution by its organ."""
    found: dict[tuple[str, str, str | None, str | None], Event] = {}
    for i, st in enumerate(ctx.x.statements):
        if st.medium not in _OCCASIONS:
            continue
        outlet = st.medium_entity
        k = (st.speaker, st.medium, outlet, str(st.date) if st.date else None)
        ev = found.get(k)
        if ev is None:
            ident = hashlib.sha1("|".join(map(str, (ctx.x.article.id, *k))).encode()).hexdigest()[:12]
            who = ctx.x.entities[st.speaker].label
            label = f"{who} {st.medium}" + (f" ({ctx.x.entities[outlet].label})" if outlet else "")
            ev = Event(f"event/{st.medium.replace(' ', '-')}/{ident}", st.medium, [p for p in (st.speaker, outlet) if p],
                       st.date, st.date_text, st.evidence, label=label)  # fmt: skip
            found[k] = ev
            ctx.x.events.append(ev)
        ev.statements.append(i)
        if st.date and not ev.date:
            ev.date, ev.date_text = st.date, st.date_text
    for r in ctx.x.relations:
        if r.predicate != "issued_by":
            continue
        sent = next((s for s in sents if s.start_char <= r.evidence.start < s.end_char), None)
        if sent is None or not any(t.lemma_.lower() in ("adopt", "pass", "approve") for t in sent):
            continue
        date, date_text = date_of(sent, ctx.x.article.date)
        ident = hashlib.sha1(f"{ctx.x.article.id}|adoption|{r.subject}".encode()).hexdigest()[:12]
        label = f"adoption of {ctx.x.entities[r.subject].label}"
        ctx.x.events.append(Event(f"event/adoption/{ident}", "adoption", [r.object], date, date_text, r.evidence,
                                  label=label, of=r.subject))  # fmt: skip


def extract_facts(doc: Doc, x: Extraction, linked: Linked, kb: KnowledgeBase) -> None:
    ctx = _Ctx(doc, x, linked, kb)
    sents = _sentence_spans(doc, ctx)
    att = attribution.attribute(doc, x, linked, kb)
    ctx.scopes = att.scopes
    ctx.discourse = att.discourse
    claims = att.by_sentence
    # relations made while naming entities (titles, organs) are re-attributed to a speaker
    # when they sit inside a statement's sentence
    for r in x.relations:
        stmts = claims.get(r.evidence.sentence, [])
        if stmts and r.predicate not in ("part_of", "issued_by", "leader_of", "located_in"):
            r.statement = stmts[0]
            r.claimed_by = x.statements[stmts[0]].speaker
    from kg import relations as relations_mod

    relations_mod.read_relations(doc, x, linked, kb, att)
    events(ctx)
    occasions(ctx, sents)
