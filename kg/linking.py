"""Linking stage: turn candidate mentions into the article's entities.

Input: candidates from kg.mentions, the doc, the knowledge base, the article's date.
Output: entities keyed by canonical identity, each with its mentions, and the facts that the
naming itself states (an office title gives leader_of; an army named after a state gives part_of).
Choices made here: which of several knowledge-base entries a name means (the leader in office on
the article's date, the state rather than the capital when the capital acts), which person a
surname or a title refers to within the article, and which event phrases are one event.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Token

from kg import names
from kg.kb import KBEntry, KnowledgeBase, ascii_fold, fold, in_term
from kg.lexicon import grammar, lexicon
from kg.mentions import APOSTROPHE_S, Candidate, is_agentive, is_party
from kg.model import Entity, EntityType, Evidence, Mention, Relation, Sentence

_TYPE_RANK = {
    EntityType.STATE: 0,
    EntityType.ORGANIZATION: 1,
    EntityType.LEADER: 2,
    EntityType.PERSON: 2,
    EntityType.REGION: 3,
    EntityType.SETTLEMENT: 4,
    EntityType.UN_RESOLUTION: 5,
    EntityType.EVENT: 6,
}


def slug(text: str) -> str:
    """An IRI-safe, stable slug of any text (diacritics folded, anything else dropped)."""
    text = unicodedata.normalize("NFKC", text)
    out = re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")
    if not out:
        out = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return out[:80]


@dataclass
class Linked:
    """The linked entities of an article, the facts their naming states, and which tokens name them."""

    entities: dict[str, Entity]
    relations: list[Relation] = field(default_factory=list)
    # token index -> entity key, for the facts stage
    token_entity: dict[int, str] = field(default_factory=dict)
    # entity key -> list of (start token, end token) of its mentions
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    # the builder that made them, for later stages that add an entity the text implies
    builder: _Builder | None = None


def _sentence_of(sentences: list[Sentence], char: int) -> int:
    for s in sentences:
        if s.start <= char < s.end:
            return s.index
    # in whitespace between sentences: the next one
    for s in sentences:
        if char < s.start:
            return s.index
    return sentences[-1].index if sentences else 0


class _Builder:
    def __init__(self, doc: Doc, kb: KnowledgeBase, date: dt.date | None, sentences: list[Sentence]) -> None:
        self.doc = doc
        self.kb = kb
        self.date = date
        self.sentences = sentences
        self.linked = Linked(entities={})
        self.linked.builder = self

    @property
    def text(self) -> str:
        """The doc's text (read once per doc)."""
        return names.doc_text(self.doc)

    def entity_from_kb(self, entry: KBEntry) -> Entity:
        ent = self.linked.entities.get(entry.key)
        if ent is None:
            etype = entry.type
            if etype is EntityType.LEADER and not entry.leads_on(self.date):
                etype = EntityType.PERSON  # a former (or future) leader is a person on this date
            ent = Entity(
                key=entry.key,
                type=etype,
                label=entry.name,
                qid=entry.qid,
                kb_id=entry.key,
                kb_source=entry.source,
                codes=dict(entry.codes),
                subtype=entry.subtype,
                labels={k: list(v) for k, v in entry.labels.items()},
            )
            self.linked.entities[entry.key] = ent
        return ent

    def entity_new(self, key: str, etype: EntityType, label: str, subtype: str | None = None) -> Entity:
        ent = self.linked.entities.get(key)
        if ent is None:
            ent = Entity(key=key, type=etype, label=label, subtype=subtype)
            self.linked.entities[key] = ent
        return ent

    def add_mention(self, ent: Entity, start: int, end: int, rule: str, as_of: dt.date | None = None) -> Mention:
        span = self.doc[start:end]
        m = Mention(
            span.start_char, span.end_char, span.text, _sentence_of(self.sentences, span.start_char), rule, as_of
        )
        if m not in ent.mentions:
            ent.mentions.append(m)
        self.linked.spans.setdefault(ent.key, []).append((start, end))
        if ent.type is not EntityType.EVENT:  # an event phrase contains other entities' names
            for i in range(start, end):
                self.linked.token_entity.setdefault(i, ent.key)
        return m

    def evidence(self, start: int, end: int, rule: str, confidence: float) -> Evidence:
        span = self.doc[start:end]
        index = _sentence_of(self.sentences, span.start_char)
        begin, stop = span.start_char, span.end_char
        sent = next((x for x in self.sentences if x.index == index), None)
        if sent is not None:  # never past its sentence (a title line's break, fuzz run of 10,000)
            begin, stop = max(begin, sent.start), min(stop, sent.end)
        text = self.text
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        return Evidence(index, begin, stop, rule, confidence)

    def relate(self, s: str, p: str, o: str, start: int, end: int, rule: str, conf: float, **attrs: str) -> None:
        for r in self.linked.relations:
            if (r.subject, r.predicate, r.object) == (s, p, o):
                return
        self.linked.relations.append(Relation(s, p, o, self.evidence(start, end, rule, conf), attrs=dict(attrs)))


def _state_in_context(entry: KBEntry, c: Candidate, states: set[str], kb: KnowledgeBase) -> bool:
    """Whether a state institution named without its state ('the House of Representatives') has its
    state in the article; anything else counts as in context."""
    if entry.type is not EntityType.ORGANIZATION or not entry.state or entry.state in states:
        return True
    if entry.subtype not in ("legislature", "court", "police", "government", "cabinet", "election_commission"):
        return True
    state = kb.entries.get(entry.state)
    return state is not None and state.named_in(" ".join(f.text for f in c.forms), demonyms=True)


def _choose_kb(cand: Candidate, b: _Builder, full_names_in_article: set[str], context: set[str]) -> KBEntry | None:
    """Which of the knowledge base's entries a name means: a capital acting stands for its state; a
    person named in full in the article, else the one holding office on the article's date; a place
    or state by the article's other places ('Congo' with Goma is the DRC, with Brazzaville the Republic
    of the Congo); else the highest-ranked type, then the most populous."""
    kb = b.kb
    entries = [kb.entries[k] for k in cand.keys]
    tok = b.doc[cand.end - 1]
    # a capital acting ("Ankara reiterated", "Baku's forces") stands for its state
    for f in cand.forms:
        entry = kb.entries[f.key]
        acting = is_agentive(tok) or is_party(tok)
        if f.kind == "capital" and entry.capital_of and acting and entry.capital_of in kb.entries:
            state = kb.entries[entry.capital_of]
            if in_term(state.start, state.end, b.date):  # 'Donetsk' stood for a self-declared republic until 2022
                return state
    persons = [e for e in entries if e.type in (EntityType.LEADER, EntityType.PERSON)]
    if persons and len(persons) == len(entries):
        named = [e for e in persons if e.key in full_names_in_article]
        if named:
            return named[0]
        only_surname = all(f.kind == "surname" for f in cand.forms)
        sitting = [e for e in persons if e.offices and e.holds_office(None, b.date)]
        if len(sitting) == 1 or (sitting and not only_surname):
            return sitting[0]
        if only_surname and len(persons) > 1:
            return None  # 'Aliyev' alone, twenty years apart: not enough to choose
        return persons[0]
    # 'the province of Idlib', 'the cities of Sana'a and Hudaydah', 'Donetsk and Luhansk regions': the
    # word that classifies the name (or the names coordinated with it) says which reading
    said = names.classifier_type(b.doc[cand.end - 1])
    if said is not None and any(e.type is said for e in entries):
        entries = [e for e in entries if e.type is said]
    elif said is not None and entries and entries[0].type in (EntityType.SETTLEMENT, EntityType.REGION):
        other = _counterpart(kb, b.doc[cand.start : cand.end].text, said, entries[0].state)
        if other is not None:
            return other
    # 'Mykolaiv': a city and the region named after it, in the same state: the city, unless the
    # mention says region ('Mykolaiv Oblast' is a longer name of its own)
    cities = {e.state for e in entries if e.type is EntityType.SETTLEMENT}
    entries = [
        e for e in entries if not (e.type is EntityType.REGION and e.state in cities and "iso3166-2" in e.codes)
    ] or entries
    if len(entries) > 1 and context:
        scored = [(_context_score(e, context, kb), e) for e in entries]
        best = max(score for score, _ in scored)
        if best > 0 and sum(1 for score, _ in scored if score == best) == 1:
            return next(e for score, e in scored if score == best)
    entries.sort(key=lambda e: (_TYPE_RANK[e.type], -(e.population or 0)))
    return entries[0] if entries else None


_REGION_SUFFIXES = ("Oblast", "Governorate", "Province", "Region", "State", "District", "Department", "Prefecture")


def _counterpart(kb: KnowledgeBase, name: str, want: EntityType, state: str | None) -> KBEntry | None:
    """The other place of a name, where the knowledge base knows it by a longer or other spelling: the
    oblast of 'Donetsk' ('Donetsk Oblast'), the city of "Sana'a" ('Sanaa'); in the same state."""
    name = name.removeprefix("the ").strip()
    spellings = [f"{name} {w}" for w in _REGION_SUFFIXES] if want is EntityType.REGION else [re.sub(r"['’]", "", name)]
    for spelling in spellings:
        for f in kb.lookup(spelling):
            entry = kb.entries[f.key]
            if entry.type is want and (state is None or entry.state in (None, state)):
                return entry
    return None


def _context_score(entry: KBEntry, context: set[str], kb: KnowledgeBase) -> int:
    """How closely the article's other (unambiguous) places tie to a reading of a name."""
    score = 0
    for k in context:
        other = kb.entries.get(k)
        if other is None or other.key == entry.key:
            continue
        if entry.key in (other.state, other.located_in, other.capital_of):
            score += 2  # a place inside it is named
        if other.key in (entry.state, entry.located_in):
            score += 2  # the state it lies in is named
        elif entry.state and other.state == entry.state:
            score += 1
    return score


_TYPED_BY_RANK = {"head": 0, "context": 1, "ner": 2}


def _unify_open_names(doc: Doc, cands: list[Candidate]) -> None:
    """One name, one entity: the occurrences of a name the KB does not know take the type its best
    evidence gives (its head word, then a context cue, then the NER label most often given), and a
    shorter form of a longer name ('the Nistru' after 'the Nistru River') takes the longer one's label."""
    open_ = [c for c in cands if c.rule.startswith("ner-") and not c.keys]
    groups: dict[str, list[Candidate]] = {}
    for c in open_:
        groups.setdefault(fold(c.label or doc[c.start : c.end].text), []).append(c)
    labels = sorted(groups, key=len, reverse=True)
    for short in labels:
        for long in labels:
            if long == short or not long.startswith(short + " ") or short not in groups:
                continue
            rest = long[len(short) + 1 :]
            if len(rest.split()) == 1 and rest in _HEAD_WORDS():
                for c in groups[short]:
                    c.label = groups[long][0].label
                groups[long].extend(groups.pop(short))
                break
    # 'Baghaie stated' after 'spokesman Ismail Baghaie': a one-word name that is the last word of one
    # person's name is that person, whatever NER calls it
    persons: dict[str, list[str]] = {}
    for label, members in groups.items():
        if len(label.split()) > 1 and any(c.etype is EntityType.PERSON for c in members):
            persons.setdefault(label.split()[-1], []).append(label)
    for short in list(groups):
        full = persons.get(short, [])
        if " " not in short and len(full) == 1 and full[0] in groups:
            person = next(c for c in groups[full[0]] if c.etype is EntityType.PERSON)
            for c in groups[short]:
                c.label, c.etype = person.label or doc[person.start : person.end].text, EntityType.PERSON
                c.attrs["typed_by"] = "context"  # the full name's context, not NER's guess, types it
            groups[full[0]].extend(groups.pop(short))
    for members in groups.values():
        best = min(members, key=lambda c: _TYPED_BY_RANK.get(str(c.attrs.get("typed_by", "ner")), 2))
        rank = _TYPED_BY_RANK.get(str(best.attrs.get("typed_by", "ner")), 2)
        if rank == 2:
            counts: dict[EntityType, int] = {}
            for c in members:
                counts[c.etype] = counts.get(c.etype, 0) + 1
            etype = max(counts, key=lambda t: counts[t])
        else:
            etype = best.etype
        for c in members:
            c.etype = etype
            if "state" in best.attrs and "state" not in c.attrs:
                c.attrs["state"] = best.attrs["state"]


def _HEAD_WORDS() -> set[str]:  # noqa: N802

    return set(names.cues()["_heads"])


def link(
    doc: Doc, cands: list[Candidate], kb: KnowledgeBase, date: dt.date | None, sentences: list[Sentence]
) -> Linked:
    """Link the candidate mentions of an article to entities (the KB's, or new ones), as of its date."""
    b = _Builder(doc, kb, date, sentences)
    _unify_open_names(doc, cands)
    full_names = {
        f.key
        for c in cands
        for f in c.forms
        if f.kind == "name" and kb.entries[f.key].type in (EntityType.LEADER, EntityType.PERSON)
    }
    # the places the article names unambiguously, to choose between the readings of an ambiguous name
    context = {c.keys[0] for c in cands if len(set(c.keys)) == 1}
    context_states = {
        s
        for k in context
        if (e := kb.entries.get(k)) is not None and e.type is not EntityType.ORGANIZATION
        for s in (k, e.state, e.capital_of)
        if s
    }
    person_names: dict[str, str] = {}  # folded token -> person key, for surnames
    titles: list[Candidate] = []
    event_groups: dict[str, str] = {}
    last_event: str | None = None
    single_resolution: str | None = None

    for c in cands:
        if c.rule in ("office-title", "role-phrase"):
            titles.append(c)
            continue
        if c.rule == "described-alliance":
            # 'a military alliance between Mali, Burkina Faso and Niger': each state is a member
            if c.keys:
                ent = b.entity_from_kb(kb.entries[c.keys[0]])
            else:
                ent = b.entity_new(str(c.key), c.etype, c.label or doc[c.start : c.end].text, "group")
            b.add_mention(ent, c.start, c.end, c.rule)
            members = c.attrs.get("members")
            for m in members if isinstance(members, list) else []:
                if m in kb.entries:
                    b.entity_from_kb(kb.entries[m])
                    b.relate(m, "member_of", ent.key, c.start, c.end, c.rule, 0.85)
            continue
        if c.keys:
            entry = _choose_kb(c, b, full_names, context)
            if entry is None:
                continue
            if not _state_in_context(entry, c, context_states, kb):
                # 'the House of Representatives' in a Libya story is not the U.S. House: an institution
                # named without its state, where that state is nowhere in the article, is one the KB lacks
                label = doc[c.start : c.end].text
                label = label[4:] if label.lower().startswith("the ") else label
                ent = b.entity_new(f"org/{slug(label)}", EntityType.ORGANIZATION, label)
                b.add_mention(ent, c.start, c.end, c.rule)
                continue
            ent = b.entity_from_kb(entry)
            b.add_mention(ent, c.start, c.end, c.rule)
            if ent.type in (EntityType.LEADER, EntityType.PERSON):
                for part in entry.name.split():
                    person_names.setdefault(fold(part), ent.key)
            continue
        if c.etype is EntityType.UN_RESOLUTION:
            if c.attrs.get("single"):
                described = str(c.attrs.get("described") or doc[c.start : c.end].text)
                if c.attrs.get("definite") and single_resolution:
                    # 'the resolution', 'the measure': the resolution named last
                    b.add_mention(b.linked.entities[single_resolution], c.start, c.end, c.rule)
                    continue
                key = f"resolution/unnumbered/{hashlib.sha1(described.encode()).hexdigest()[:12]}"
                organ_attr = c.attrs.get("organ") or _voting_subject(b, c)
                if organ_attr:
                    c.attrs["organ"] = organ_attr
                prefix = {"org/UNSC": "UNSC", "org/UNGA": "UNGA"}.get(str(organ_attr))
                if prefix is None and isinstance(organ_attr, str) and organ_attr in b.linked.entities:
                    prefix = b.linked.entities[organ_attr].label  # 'IAEA Board resolution (a censure resolution)'
                label = f"{prefix or 'UN'} resolution ({described})"
            else:
                key = c.key or _collective_key(c, doc)
                label = c.label or doc[c.start : c.end].text
            ent = b.entity_new(key, c.etype, label)
            ent.attrs.update({k: v for k, v in c.attrs.items() if v is not None})
            b.add_mention(ent, c.start, c.end, c.rule)
            single_resolution = ent.key
            organ = c.attrs.get("organ")
            if isinstance(organ, str) and organ in kb.entries:
                b.entity_from_kb(kb.entries[organ])
                b.relate(ent.key, "issued_by", organ, c.start, c.end, "resolution-organ", 0.95)
            continue
        if c.etype is EntityType.ORGANIZATION and c.key:
            known = _kb_organ(kb, c, date)
            if known is not None:
                ent = b.entity_from_kb(known)  # the state's own armed forces, police, assembly
            else:
                ent = b.entity_new(c.key, c.etype, c.label or doc[c.start : c.end].text, c.subtype)
            b.add_mention(ent, c.start, c.end, c.rule)
            state = c.attrs.get("state")
            if isinstance(state, str):
                b.entity_from_kb(kb.entries[state])
                ent.attrs["state"] = state
                b.relate(ent.key, "part_of", state, c.start, c.end, f"{c.rule}-of-state", 0.9)
            parent = c.attrs.get("parent")
            if isinstance(parent, str) and parent in kb.entries:
                b.entity_from_kb(kb.entries[parent])  # 'the IAEA board' is part of the IAEA
                b.relate(ent.key, "part_of", parent, c.start, c.end, c.rule, 0.85)
            continue
        if c.rule == "state-zone":
            ent = b.entity_new(str(c.key), EntityType.REGION, c.label or doc[c.start : c.end].text, "sea_zone")
            b.add_mention(ent, c.start, c.end, c.rule)
            continue
        if c.rule in ("directional-region", "controlled-area"):
            ent = b.entity_new(str(c.key), EntityType.REGION, c.label or doc[c.start : c.end].text, "part")
            b.add_mention(ent, c.start, c.end, c.rule)
            within = kb.entries.get(str(c.attrs.get("within")))
            if within is not None:
                target = within.key if within.type in (EntityType.STATE, EntityType.REGION) else within.state
                if target and target in kb.entries:
                    b.entity_from_kb(kb.entries[target])
                    b.relate(ent.key, "located_in", target, c.start, c.end, f"{c.rule}-of", 0.8)
            continue
        if c.etype is EntityType.REGION and c.rule == "region-group":
            label = c.label or doc[c.start : c.end].text
            ent = b.entity_new(f"region/group/{slug(label)}", c.etype, label, "group")
            ent.attrs.update({k: v for k, v in c.attrs.items() if v is not None})
            b.add_mention(ent, c.start, c.end, c.rule)
            state = c.attrs.get("state")
            if isinstance(state, str):
                b.entity_from_kb(kb.entries[state])
                b.relate(ent.key, "located_in", state, c.start, c.end, "region-group-of-state", 0.85)
            continue
        if c.etype is EntityType.EVENT:
            if c.attrs.get("anaphor"):
                if last_event is not None and last_event in b.linked.entities:
                    b.add_mention(b.linked.entities[last_event], c.start, c.end, "event-anaphora")
                continue
            root = doc[c.start : c.end].root.i
            named_inside = [
                d for d in cands
                if c.rule == "event-phrase" and d.etype is EntityType.EVENT and d.rule != "event-phrase"
                and c.start <= d.start and d.end <= c.end and d.start <= root < d.end
            ]  # fmt: skip
            # 'the recently concluded Africa Climate Summit in Nairobi' is the Africa Climate Summit
            group = _event_group(named_inside[0], doc) if named_inside else _event_group(c, doc)
            if group == "conflict:":
                # 'the war' after one named war is that war
                named = [g for g in event_groups if g.startswith("conflict:named:")]
                group = named[0] if len(named) == 1 else group
            ekey = event_groups.get(group)
            named_as = named_inside[0] if named_inside else c  # the event's name is its label
            if ekey is None:
                ekey = f"event/{slug(named_as.label or doc[named_as.start : named_as.end].text)}"
                event_groups[group] = ekey
            ent = b.entity_new(ekey, c.etype, named_as.label or doc[named_as.start : named_as.end].text)
            ent.subtype = str(c.attrs.get("kind"))
            b.add_mention(ent, c.start, c.end, c.rule)
            last_event = ekey
            continue
        # NER names the knowledge base does not know
        label = c.label or doc[c.start : c.end].text
        if c.etype is EntityType.PERSON:
            last = fold(label.split()[-1])
            if len(label.split()) == 1 and last in person_names:
                b.add_mention(b.linked.entities[person_names[last]], c.start, c.end, c.rule)
                continue
            key = f"person/{slug(label)}"
            ent = b.entity_new(key, EntityType.PERSON, label)
            b.add_mention(ent, c.start, c.end, c.rule)
            for part in label.split():
                person_names.setdefault(fold(part), key)
            continue
        if c.etype is EntityType.ORGANIZATION and len(label.split()) == 1:
            # 'House' after 'the House of Representatives': a short form of a named organization
            same = _short_form_of(b, label)
            if same:
                b.add_mention(b.linked.entities[same], c.start, c.end, c.rule)
                continue
        kind_prefix = {
            EntityType.ORGANIZATION: "org", EntityType.SETTLEMENT: "settlement", EntityType.REGION: "region",
            EntityType.EVENT: "event",
        }  # fmt: skip
        key = f"{kind_prefix.get(c.etype, 'thing')}/{slug(label)}"
        ent = b.entity_new(key, c.etype, label)
        b.add_mention(ent, c.start, c.end, c.rule)
        state = c.attrs.get("state")
        if isinstance(state, str) and state in kb.entries:
            ent.attrs["state"] = state
            b.entity_from_kb(kb.entries[state])
            pred = "part_of" if c.etype is EntityType.ORGANIZATION else "located_in"
            if c.etype in (EntityType.ORGANIZATION, EntityType.SETTLEMENT, EntityType.REGION):
                b.relate(key, pred, state, c.start, c.end, "name-of-state", 0.75)

    # single-word person names seen before their full name: link them now
    for ent in list(b.linked.entities.values()):
        if ent.type is EntityType.PERSON and " " not in ent.label and ent.kb_id is None:
            target = person_names.get(fold(ent.label))
            if target and target != ent.key and target in b.linked.entities:
                _merge(b, ent.key, target)

    for t in titles:
        if t.rule == "role-phrase":
            _link_role(b, t)
        else:
            _link_title(b, t)
    _name_variants(b)
    _parent_in_name(b)
    _copular_events(b)
    _acronyms(b)
    _descriptive_groups(b)
    _leaders_governments(b)
    _bare_ministries(b)
    _bare_institutions(b)
    _ministry_anaphora(b)
    _group_anaphora(b)
    _country_anaphora(b)
    _definite_anaphora(b)
    return b.linked


_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "madam", "mme"})


def _name_variants(b: _Builder) -> None:
    """A person named in full is named again by a surname ('Tsikhanouskaya', 'Mr Guterres'): every
    capitalized occurrence of a person's last name that nothing else claims becomes a mention of that
    person, when only one person of the article bears the name."""
    doc = b.doc
    by_surname: dict[str, set[str]] = {}
    for ent in b.linked.entities.values():
        if ent.type not in (EntityType.PERSON, EntityType.LEADER) or ent.key.startswith("person/role/"):
            continue  # 'Taliban Spokesperson' is a title, and 'Spokesperson' no surname
        spellings = [ent.label, *ent.surface_forms]
        entry = b.kb.entries.get(ent.key)
        if entry is not None:
            spellings += entry.aliases
        offices = entry.offices_held_in() if entry is not None else []
        for name in spellings:
            words = [w for w in name.split() if w[:1].isupper()]
            if len(words) >= 2 and names.family_name_first(name, offices):
                by_surname.setdefault(fold(words[0]), set()).add(ent.key)  # 'Moon' of Moon Jae-in
            elif len(words) >= 2 and words[-1].rstrip(".").isalpha():
                by_surname.setdefault(fold(words[-1]), set()).add(ent.key)
    for i, text in enumerate(names.token_texts(doc)):
        if i in b.linked.token_entity or not text[:1].isupper():
            continue
        tok = doc[i]
        if tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
            continue
        keys = by_surname.get(fold(text))
        if not keys or len(keys) != 1:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper() and nxt.i not in b.linked.token_entity:
            continue  # part of another name
        start = tok.i - 1 if tok.i > 0 and doc[tok.i - 1].lower_ in _HONORIFICS else tok.i
        (key,) = keys
        b.add_mention(b.linked.entities[key], start, tok.i + 1, "surname")


_ACRONYM = re.compile(r"[A-Z][A-Z0-9&\-]{1,9}")


def _parent_in_name(b: _Builder) -> None:
    """A body named with its parent's name names the parent too: 'the OSCE Mission to Moldova', 'the
    OSCE's Office for Democratic Institutions', 'the African Union Mission in Somalia' (the relation
    between them is the knowledge base's part_of, added with the other world knowledge)."""
    for ent in list(b.linked.entities.values()):
        entry = b.kb.entries.get(ent.kb_id or "")
        if entry is None or entry.subtype == "un_organ":
            continue  # 'the U.N. Security Council' is the UN itself acting, not a part of it named
        ancestors: list[KBEntry] = []
        seen: set[str] = set()
        while entry is not None and entry.parent and entry.parent not in seen:
            seen.add(entry.parent)
            entry = b.kb.entries.get(entry.parent)
            if entry is not None:
                ancestors.append(entry)
        if not ancestors:
            continue
        names = {
            (n if n.isupper() else fold(n)): a
            for a in reversed(ancestors)
            for n in (a.name, *a.aliases)
            if not n.lower().startswith("the ") and len(n) > 1
        }
        for start, end in list(b.linked.spans.get(ent.key, [])):
            # the longest run of words inside the mention that names an ancestor, the leftmost first
            inside = (
                (i, i + width, parent)
                for width in range(min(6, end - start - 1), 0, -1)
                for i in range(start, end - width + 1)
                if (parent := names.get(b.doc[i : i + width].text) or names.get(fold(b.doc[i : i + width].text)))
            )
            hit = next(inside, None)
            if hit is not None:
                b.add_mention(b.entity_from_kb(hit[2]), hit[0], hit[1], "parent-in-name")


def _acronyms(b: _Builder) -> None:
    """'the Multinational Security Support (MSS) mission', 'the Sudanese Armed Forces (SAF)': an
    acronym defined in parentheses after a name is that name wherever the article uses it, whatever
    else the knowledge base knows by it."""
    doc = b.doc
    texts = names.token_texts(doc)
    defined: dict[str, str] = {}
    for i in range(1, len(doc) - 2):
        if texts[i] == "(" and texts[i + 2] == ")":
            acr = texts[i + 1]
        elif texts[i] == "," and names.lower_words(doc)[i + 1] == "or":
            acr = texts[i + 2]  # 'the People's Defense Force, or PDF,'
        else:
            continue
        owner = b.linked.token_entity.get(i - 1)
        if not _ACRONYM.fullmatch(acr) or owner is None or b.linked.entities[owner].type is EntityType.EVENT:
            continue
        name = b.linked.entities[owner].label
        if acr[0] != name[:1].upper() and acr not in _initials(name):
            continue  # 'Kenya (18)': no acronym of the name
        defined.setdefault(acr, owner)
    # 'PDF members said' after 'the People's Defense Force': an acronym no name of the knowledge base
    # takes, made of the initials of one organization of the article, is that organization
    orgs: dict[str, list[str]] = {}
    for key, ent in b.linked.entities.items():
        if ent.type is EntityType.ORGANIZATION and len(ent.label.split()) > 1:
            orgs.setdefault(_initials(ent.label), []).append(key)
    for i, text in enumerate(texts):
        owners = orgs.get(text, [])
        if (
            len(owners) == 1
            and len(text) >= 2
            and _ACRONYM.fullmatch(text)
            and i not in b.linked.token_entity
            and not b.kb.lookup(text)
        ):
            defined.setdefault(text, owners[0])
    for acr, owner in defined.items():
        for i, text in enumerate(texts):
            if text != acr:
                continue
            current = b.linked.token_entity.get(i)
            if current == owner:
                continue
            if current is not None:
                _drop_mention(b, current, i)
            b.linked.token_entity[i] = owner
            b.add_mention(b.linked.entities[owner], i, i + 1, "acronym")


def _initials(name: str) -> str:
    """The capitals that start a name's words: 'PDF' of "People's Defence Force"."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’]*", name) if w[0].isupper())


def _drop_mention(b: _Builder, key: str, i: int) -> None:
    """Take a one-token mention away from an entity (and the entity, when it has no mention left and
    no relation names it)."""
    _remove_span(b, key, i, i + 1)


def _remove_span(b: _Builder, key: str, s0: int, e0: int) -> None:
    """Take the mention doc[s0:e0] away from an entity (and the entity, when it has no mention left and
    no relation names it)."""
    ent = b.linked.entities[key]
    c0, c1 = b.doc[s0].idx, b.doc[e0 - 1].idx + len(b.doc[e0 - 1].text)
    ent.mentions = [m for m in ent.mentions if not (m.start == c0 and m.end == c1)]
    b.linked.spans[key] = [sp for sp in b.linked.spans.get(key, []) if sp != (s0, e0)]
    for j in range(s0, e0):
        if b.linked.token_entity.get(j) == key:
            del b.linked.token_entity[j]
    if not ent.mentions and not any(key in (r.subject, r.object) for r in b.linked.relations):
        del b.linked.entities[key]
        b.linked.spans.pop(key, None)


_BRANCH_WORDS = {"coast-guard": "coast guard", "navy": "navy", "air-force": "air force", "border-guard": "border"}


def _kb_organ(kb: KnowledgeBase, c: Candidate, date: dt.date | None) -> KBEntry | None:
    """The knowledge base's entry for an organ the text names after its state: 'the Israeli military' is
    the Israel Defense Forces, "China's coast guard" the China Coast Guard."""
    key = str(c.key)
    if isinstance(c.attrs.get("kb"), str):
        return kb.entries.get(str(c.attrs["kb"]))
    state = c.attrs.get("state")
    if not key.startswith("org/forces/") or not isinstance(state, str):
        return None
    parts = key.split("/")
    branch = _BRANCH_WORDS.get(parts[3]) if len(parts) > 3 else None
    if len(parts) > 3 and branch is None:
        return None
    found = []
    for e in kb.institutions_of(state):
        if not e.active_on(date):
            continue
        if branch is None and e.subtype == "armed_forces":
            found.append(e)
        elif branch is not None and e.subtype in ("armed_forces_branch", "police") and branch in fold(e.name):
            found.append(e)
    return found[0] if len(found) == 1 else None


def main_state(b: _Builder) -> str | None:
    """The state the article is most about: the one most often named, the first named on a tie. A
    state's name inside a place's ('northern Iraq') names the place, not the state; its armed forces
    and ministries named by the article ("Turkey's military") name it too."""
    places = [
        (m.start, m.end) for e in b.linked.entities.values() if e.type in (EntityType.REGION, EntityType.SETTLEMENT)
        for m in e.mentions
    ]  # fmt: skip
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for ent in b.linked.entities.values():
        if ent.type is EntityType.STATE and ent.mentions:
            own = [
                m for m in ent.mentions
                if not any(s <= m.start and m.end <= e and e - s > m.end - m.start for s, e in places)
            ]  # fmt: skip
            counts[ent.key] = len(own)
            first[ent.key] = min(m.start for m in ent.mentions)
    for ent in b.linked.entities.values():
        owner = ent.attrs.get("state")
        if (
            ent.type is EntityType.ORGANIZATION
            and isinstance(owner, str)
            and owner.startswith("state/")
            and ent.mentions
        ):
            counts[owner] = counts.get(owner, 0) + len(ent.mentions)
            first[owner] = min(first.get(owner, len(b.text)), *(m.start for m in ent.mentions))
    return max(counts, key=lambda k: (counts[k], -first[k])) if counts else None


def describe(b: _Builder, tok: Token) -> str | None:
    """The entity a bare group noun names where the group acts or speaks ('Police said', 'the opposition
    parties are disputing', 'an international tribunal's decision'), made once per group and article:
    police, authorities and governments are those of the article's state."""

    c = names.cues()
    desc = c["descriptive"]
    media = _state_media(b, tok, desc)
    if media is not None:
        return media
    words = [tok.lower_]
    start = tok.i
    for ch in tok.lefts:
        if ch.dep_ in ("compound", "amod") and ch.i == start - 1 and f"{ch.lower_} {tok.lower_}" in c["_groups"]:
            words.insert(0, ch.lower_)
            start = ch.i
    phrase = " ".join(words)
    if phrase not in c["_groups"] or any(i in b.linked.token_entity for i in range(start, tok.i + 1)):
        return None
    if any(ch.dep_ in ("compound", "nmod") and ch.i in b.linked.token_entity for ch in tok.children):
        return None  # 'the White Army militia' is the White Army
    if len(words) == 1 and any(ch.dep_ == "det" and ch.lower_ == "the" for ch in tok.children):
        # 'the Court' after 'the International Court of Justice': the named body, by its head noun
        named = _head_noun_of(b, tok.lower_)
        if named:
            b.add_mention(b.linked.entities[named], tok.i, tok.i + 1, "head-noun-anaphora")
            return named
    core = "opposition" if "opposition" in words else phrase
    # 'Pro-Russian separatists'; 'Papuan separatists', 'Maoist rebels' (a people's or creed's word the
    # parser may hang on as a compound)
    mods = [
        ch for ch in tok.lefts if ch.i < start and (
            ch.dep_ == "amod" and ch.pos_ == "ADJ"
            or ch.dep_ == "compound" and ch.pos_ in ("ADJ", "PROPN") and ch.text[:1].isupper() and ch.i == start - 1
        )
    ]  # fmt: skip
    state = None
    if core in c["_needs_state"] or core in desc["state_organs"]:
        state = main_state(b)
        if state is None:
            return None
        entry = b.kb.entries[state]
        label = (
            f"{entry.demonyms[0] if entry.demonyms else entry.name} {phrase if core != 'opposition' else 'opposition'}"
        )
    else:
        toks = sorted({*mods, *b.doc[start : tok.i + 1]}, key=lambda t: t.i)
        # 'Pro-Russian separatists': the words as written, hyphens unspaced
        label = "".join(t.text_with_ws if t.i + 1 in {u.i for u in toks} else t.text + " " for t in toks).strip()
    key = f"org/group/{slug(label)}"
    ent = b.entity_new(key, EntityType.ORGANIZATION, label, "group")
    first = min([m.i for m in mods] + [start])
    # 'its affiliated militias': the mention keeps the possessive the text gives it
    poss = [ch.i for ch in tok.lefts if ch.dep_ == "poss" and ch.pos_ == "PRON" and ch.i == first - 1]
    b.add_mention(ent, poss[0] if poss else first, tok.i + 1, "descriptive-group")
    if state is not None and core in desc["state_organs"]:
        ent.attrs["state"] = state
        b.relate(key, "part_of", state, first, tok.i + 1, "descriptive-group-of-state", 0.7)
    return key


def _state_media(b: _Builder, tok: Token, desc: dict[str, Any]) -> str | None:
    """A state's own media named by a description ("Syria's state-run television", 'Iranian state news agency'),
    as an organization of the state (from its possessor or demonym, else the article's)."""
    if tok.lower_ not in desc["media_heads"] or tok.i in b.linked.token_entity:
        return None
    nxt = b.doc[tok.i + 1] if tok.i + 1 < len(b.doc) else None
    if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
        return None  # 'state news agency RIA': the outlet is named
    mods = [t for t in tok.subtree if t.i < tok.i]
    words = {t.lower_ for t in mods} | {"".join(t.text.lower() for t in mods[i : i + 3]) for i in range(len(mods))}
    if not words & set(desc["state_owned_words"]) or (tok.lower_ == "agency" and "news" not in words):
        return None
    states = [
        k for t in mods if (k := b.linked.token_entity.get(t.i)) and b.linked.entities[k].type is EntityType.STATE
    ]
    state = states[0] if states else main_state(b)
    if state is None:
        return None
    entry = b.kb.entries[state]
    head = " ".join(t.lower_ for t in mods if t.dep_ == "compound" and t.lower_ != "state") + " " + tok.lower_
    label = f"{entry.demonyms[0] if entry.demonyms else entry.name} state {head.strip()}"
    key = f"org/media/{state.split('/')[1]}/{slug(head.strip())}"
    ent = b.entity_new(key, EntityType.ORGANIZATION, label, "media")
    first = next((t.i for t in mods if b.linked.token_entity.get(t.i) is None and t.dep_ != "case"), tok.i)
    b.add_mention(ent, first, tok.i + 1, "state-media")
    return key


_COLLECTIVE_HEADS = frozenset(
    {"leaders", "leader", "members", "most", "many", "some", "all", "both", "each", "representatives"}
)


@functools.lru_cache(maxsize=1)
def _striking_verbs() -> frozenset[str]:
    """The verbs of attack and of harm of relations.json (attack-verb, victim_verbs)."""
    from kg.relations import grammar

    g = grammar()
    attack = next(p for p in g["patterns"] if p["id"] == "attack-verb")["trigger"]["lemmas"]
    return frozenset([*attack, *g["victim_verbs"]["lemmas"]])


_GOVERNMENT_NOUNS = frozenset({"administration", "regime"})


def _leaders_governments(b: _Builder) -> None:
    """'the Obama administration', 'the Ortega-Murillo regime', 'the Biden administration': a government
    named after the head of state or government who leads it is an organization of their state (part_of),
    the name its mention rather than the person's."""
    doc = b.doc
    for i, low in enumerate(names.lower_words(doc)):
        if low not in _GOVERNMENT_NOUNS or i in b.linked.token_entity:
            continue
        tok = doc[i]
        if tok.pos_ != "NOUN":
            continue
        modifiers = [c for c in tok.children if c.dep_ in ("compound", "nmod") and c.i < tok.i]
        people = {k for c in modifiers for t in c.subtree if (k := b.linked.token_entity.get(t.i))}
        entries = [b.kb.entries.get(k) for k in people]
        heads = [e for e in entries if e is not None and e.head_offices]
        if len(heads) != 1 or len(people) != 1:
            continue
        state = heads[0].led_state()
        if state is None:
            continue
        start = min(t.i for c in modifiers for t in c.subtree)
        label = doc[start : tok.i + 1].text
        person = next(iter(people))
        for j in range(start, tok.i):
            if b.linked.token_entity.get(j) == person:
                _drop_span(b, person, j)
        # the mention keeps the phrase's article and adjectives: 'the outgoing Obama administration'
        start = min([start, *(t.i for c in tok.lefts if c.dep_ in ("det", "amod") for t in c.subtree)])
        ent = b.entity_new(f"org/government/{slug(label)}", EntityType.ORGANIZATION, label, "government")
        ent.attrs["state"] = state
        b.add_mention(ent, start, tok.i + 1, "leaders-government")
        b.entity_from_kb(b.kb.entries[state])
        b.relate(ent.key, "part_of", state, start, tok.i + 1, "leaders-government-of-state", 0.75)


def _drop_span(b: _Builder, key: str, i: int) -> None:
    """Take the mention covering token i away from an entity (and the entity, when nothing is left of it)."""
    spans = [(s, e) for s, e in b.linked.spans.get(key, []) if s <= i < e]
    if spans:
        _remove_span(b, key, *spans[0])


def _descriptive_groups(b: _Builder) -> None:
    for tok in b.doc:
        if tok.i in b.linked.token_entity or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        dep, head = tok.dep_, tok.head
        acting = dep in ("nsubj", "nsubjpass") or (dep == "conj" and head.dep_ in ("nsubj", "nsubjpass"))
        acting = acting or (dep == "pobj" and head.dep_ == "agent")
        acting = acting or (dep == "pobj" and head.lower_ == "of" and head.head.lower_ in _COLLECTIVE_HEADS)
        # 'Rwandan forces have killed at least 14 insurgents': a group struck by a verb of attack or harm is
        # a party to it too
        acting = acting or (dep == "dobj" and head.lemma_.lower() in _striking_verbs())
        if acting:
            describe(b, tok)


def _head_noun_of(b: _Builder, noun: str) -> str | None:
    """The one organization of the article whose name has this head noun ('court' in 'International Court
    of Justice', 'tribunal' in 'Special Tribunal for Lebanon'); None when none or several."""
    found = []
    for ent in b.linked.entities.values():
        if ent.type is not EntityType.ORGANIZATION or ent.subtype == "group":
            continue
        words = fold(ent.label).split()
        cut = next((i for i, w in enumerate(words) if w in ("of", "for", "on")), len(words))
        if cut and words[cut - 1] == noun:
            found.append(ent.key)
    return found[0] if len(found) == 1 else None


def _short_form_of(b: _Builder, word: str) -> str | None:
    w = fold(word)
    for ent in b.linked.entities.values():
        if ent.type is not EntityType.ORGANIZATION:
            continue
        for form in [ent.label, *ent.surface_forms]:
            words = [t for t in fold(form).split() if t != "the"]
            if len(words) > 1 and w in (words[0], words[-1]):
                return ent.key
    return None


def _copular_events(b: _Builder) -> None:
    """'The Banjska attack was an armed assault carried out by Serb militants': an event named as the
    predicate of 'be' after another is that event."""
    doc = b.doc
    for key in [k for k, e in b.linked.entities.items() if e.type is EntityType.EVENT]:
        if key not in b.linked.entities:
            continue
        for s, e in list(b.linked.spans.get(key, [])):
            heads = [t for t in doc[s:e] if not (s <= t.head.i < e)]
            if len(heads) != 1:
                continue
            head = heads[0]
            if head.dep_ != "attr" or head.head.lemma_ != "be":
                continue
            subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if subj is None:
                continue
            # events are containers: their tokens are not in token_entity, their spans are
            other = next(
                (
                    k
                    for k, spans in b.linked.spans.items()
                    if k != key
                    and k in b.linked.entities
                    and b.linked.entities[k].type is EntityType.EVENT
                    and any(a <= subj.i < z for a, z in spans)
                ),
                None,
            )
            if other:
                _merge(b, key, other)
                break


def _merge(b: _Builder, source: str, target: str) -> None:
    src = b.linked.entities.pop(source)
    dst = b.linked.entities[target]
    for m in src.mentions:
        if m not in dst.mentions:
            dst.mentions.append(m)
    b.linked.spans.setdefault(target, []).extend(b.linked.spans.pop(source, []))
    for i, k in list(b.linked.token_entity.items()):
        if k == source:
            b.linked.token_entity[i] = target
    for r in b.linked.relations:
        if r.subject == source:
            r.subject = target
        if r.object == source:
            r.object = target


def _voting_subject(b: _Builder, c: Candidate) -> str | None:
    """'The IAEA board voted for a censure resolution', 'the Council adopted a resolution': the body
    that is the subject of the verb the resolution's phrase hangs on."""
    head = b.doc[c.end - 1]
    while head.dep_ in ("pobj", "prep", "dobj", "compound", "amod") and head.head.i != head.i:
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            break
    if head.pos_ not in ("VERB", "AUX") or head.lemma_.lower() not in ("vote", "adopt", "pass", "approve"):
        return None
    for ch in head.children:
        if ch.dep_ == "nsubj":
            key = b.linked.token_entity.get(ch.i)
            if key and b.linked.entities[key].type is EntityType.ORGANIZATION:
                return key
    return None


def _collective_key(c: Candidate, doc: Doc) -> str:
    organ = str(c.attrs.get("organ", "un")).split("/")[-1]
    count = c.attrs.get("count") or "n"
    where = hashlib.sha1(f"{doc[max(0, c.start - 20) : c.end + 20].text}|{c.start}".encode()).hexdigest()[:12]
    return f"resolution/{organ}/unnumbered-{count}-{where}"


def _event_group(c: Candidate, doc: Doc) -> str:
    """Which mentions of events are one event: a conflict by the names in it ('the Russia-Ukraine war'
    and 'the Israel-Hamas war' are two) or its time, a generic one ('the war') with the article's conflict."""
    if c.rule != "event-phrase":
        return f"name:{fold(str(c.label or doc[c.start : c.end].text))}"  # a named event is itself
    kind = str(c.attrs.get("kind"))
    family = {
        "war": "conflict", "conflict": "conflict", "fighting": "conflict", "clash": "conflict",
        "offensive": "conflict", "annexation": "annexation", "decision": "decision",
    }.get(kind, kind)  # fmt: skip
    time = c.attrs.get("time") if family == "conflict" else None
    label = str(c.label or "")
    if family == "conflict":
        if re.search(r"\bwith\b", label):
            return f"{family}:{fold(label)}"  # 'the conflict with Armenia': the standing conflict, apart
        names = sorted(
            {
                fold(t.text)
                for t in doc[c.start : c.end]
                if t.pos_ == "PROPN" or (t.pos_ == "ADJ" and t.text[:1].isupper())
            }
        )
        if names:
            return f"{family}:named:{'+'.join(names)}"
    return f"{family}:{time or ''}"


def _appositive_person(b: _Builder, t: Candidate) -> str | None:
    """The person a definite role phrase stands in apposition to: 'Hans Grundberg, the United Nations
    Special Envoy for Yemen'."""
    doc = b.doc
    if t.start < 2 or doc[t.start - 1].text != "," or doc[t.start].lower_ != "the":
        return None
    key = b.linked.token_entity.get(t.start - 2)
    ent = b.linked.entities.get(key) if key else None
    if ent is None or ent.type not in (EntityType.LEADER, EntityType.PERSON) or ent.key.startswith("person/role/"):
        return None
    return ent.key


def _next_person(b: _Builder, t: Candidate) -> tuple[str, int] | None:
    """The person a title introduces: 'President Ilham Aliyev', "foreign minister, Andriy Deshchytsia"."""
    doc = b.doc
    if t.attrs.get("postposed"):
        # the name stands before the title: 'NAME, President of X'
        j = t.start
        if j > 0 and doc[j - 1].text == ",":
            j -= 1
        for key, spans in b.linked.spans.items():
            ent = b.linked.entities.get(key)
            if ent is not None and ent.type in (EntityType.LEADER, EntityType.PERSON):
                for s, e in spans:
                    if e == j:
                        return key, s
        return None
    i = t.end
    if i < len(doc) and doc[i].text in (",", ")"):
        i += 1
    starts: dict[int, str] = {}
    for key, spans in b.linked.spans.items():
        ent = b.linked.entities.get(key)
        if ent is None or ent.type not in (EntityType.LEADER, EntityType.PERSON):
            continue
        for s, _e in spans:
            starts.setdefault(s, key)
    if i in starts:
        return starts[i], i
    # 'Spokesperson of the Ministry of Foreign Affairs, Öncü Keçeli': a name after the title's complement
    j = t.end
    if j < len(doc) and doc[j].lower_ in ("of", "for", "to"):
        while (
            j < len(doc)
            and j - t.end < 10
            and (doc[j].text[:1].isupper() or doc[j].lower_ in ("of", "for", "to", "the", "and"))
        ):
            j += 1
        if j < len(doc) and doc[j].text == "," and j + 1 in starts:
            return starts[j + 1], j + 1
    return None


def _link_title(b: _Builder, t: Candidate) -> None:
    state = str(t.attrs["state"])
    role = str(t.attrs["role"])
    is_head = bool(t.attrs.get("head"))
    found = _next_person(b, t)
    kb = b.kb
    if found is None:
        # 'the Azerbaijani president', 'the Prime Minister of Israel': the holder of that office, in the
        # article or on its date
        if not is_head:
            return
        key = None
        for ent in b.linked.entities.values():
            entry = kb.entries.get(ent.key)
            if entry and entry.holds_office(state, b.date, role):
                key = ent.key
                break
        if key is None:
            holders = kb.office_holders(state, role, b.date)
            if len(holders) != 1:
                return
            key = holders[0].key
            b.entity_from_kb(holders[0])
        start = t.start - 1 if t.start > 0 and b.doc[t.start - 1].lower_ == "the" else t.start
        b.add_mention(b.linked.entities[key], start, t.end, "office-title", as_of=b.date)
        b.entity_from_kb(kb.entries[state])
        extra = {"as_of": b.date.isoformat()} if b.date else {}
        b.relate(key, "leader_of", state, t.start, t.end, "office-title", 0.8, role=_title_case(role), **extra)
        return
    key, _ = found
    ent = b.linked.entities[key]
    b.entity_from_kb(kb.entries[state])
    if is_head:
        entry = kb.entries.get(key)
        if entry is None or entry.holds_office(state, b.date) or not entry.offices:
            ent.type = EntityType.LEADER
            extra = {"as_of": b.date.isoformat()} if entry is not None and entry.offices and b.date else {}
            b.relate(key, "leader_of", state, t.start, t.end + 3, "office-title", 0.9, role=_title_case(role), **extra)
    else:
        ent.attrs.setdefault("role", role)
        ent.attrs.setdefault("state", state)


def _person_at(b: _Builder, i: int) -> str | None:
    for key, spans in b.linked.spans.items():
        ent = b.linked.entities.get(key)
        if ent is not None and ent.type in (EntityType.LEADER, EntityType.PERSON):
            for s, e in spans:
                if s <= i < e:
                    return key
    return None


def _office_org(b: _Builder, person: str) -> str | None:
    """The state or organization a person holds an office in on the article's date."""
    entry = b.kb.entries.get(person)
    if entry is None:
        return None
    for _role, held_in, start, end in entry.offices:
        if in_term(start, end, b.date):
            return held_in
    return None


def _link_role(b: _Builder, t: Candidate) -> None:
    """'The Secretary-General', 'the Spokesman for UN Secretary-General António Guterres': the person
    named after the title, else one named earlier by the same title, else the holder of the office on
    the article's date (the date is recorded on the mention's entity), else an entity named by the title."""
    kb = b.kb
    role = str(t.attrs["role"])
    held_in = t.attrs.get("held_in")
    principal = t.attrs.get("principal")
    if isinstance(principal, int):
        p_key = next((k for i in range(principal, t.end) if (k := _person_at(b, i))), None)
        if p_key:
            held_in = _office_org(b, p_key) or held_in
    mandate = t.attrs.get("mandate")
    found = _next_person(b, t)
    named = _appositive_person(b, t) if found is None else None
    if named is not None:
        # 'said Hans Grundberg, the United Nations Special Envoy for Yemen': the role phrase is his, and so
        # is the same role named before him alone ('Special Envoy Tells Security Council')
        ent = b.linked.entities[named]
        ent.attrs.setdefault("role", role)
        if isinstance(held_in, str):
            ent.attrs.setdefault("held_in", held_in)
        for other in [e for e in b.linked.entities.values() if e.key.startswith("person/role/")]:
            if other.attrs.get("role") == role and other.attrs.get("held_in") == held_in:
                _merge(b, other.key, named)
        b.add_mention(ent, t.start, t.end, "role-phrase")
        return
    if found is not None:
        ent = b.linked.entities[found[0]]
        ent.attrs.setdefault("role", role)
        if isinstance(held_in, str):
            ent.attrs.setdefault("held_in", held_in)
        return
    key: str | None = None
    for ent in b.linked.entities.values():
        if ent.attrs.get("role") == role and ent.attrs.get("held_in") == held_in and ent.type is EntityType.PERSON:
            key = ent.key  # 'the Spokesman' again
            break
    if key is None and isinstance(held_in, str):
        holders = kb.office_holders(held_in, role, b.date, mandate if isinstance(mandate, str) else None)
        if len(holders) == 1 and b.date is not None:
            ent = b.entity_from_kb(holders[0])
            ent.attrs.update({"role": role, "held_in": held_in, "as_of": b.date.isoformat()})
            key = ent.key
    if key is None:
        where = kb.entries.get(str(held_in)) if held_in else None
        if where is None:
            return  # 'the Executive Director' of no one named: no entity to make
        label = f"{_short_name(where)} {role}"
        ent = b.entity_new(f"person/role/{slug(label)}", EntityType.PERSON, label)
        ent.attrs.update({"role": role, "held_in": held_in})
        key = ent.key
    as_of = b.date if b.linked.entities[key].attrs.get("as_of") else None
    b.add_mention(b.linked.entities[key], t.start, t.end, "role-phrase", as_of=as_of)


def _short_name(entry: KBEntry) -> str:
    acronyms = [a for a in entry.aliases if a.isupper() and 2 <= len(a) <= 6 and "." not in a]
    return acronyms[0] if entry.type is EntityType.ORGANIZATION and acronyms else entry.name


def _title_case(role: str) -> str:
    return " ".join(w.capitalize() for w in role.split())


_PLACE_NOUNS = ("region", "enclave", "territory", "peninsula", "province", "republic", "area")
_FORCES = (
    "troops",
    "forces",
    "army",
    "military",
    "soldiers",
    "coast guard",
    "jets",
    "warplanes",
    "drones",
    "artillery",
    "navy",
)


def _definite_anaphora(b: _Builder) -> None:
    """'the disputed region', 'the breakaway enclave', 'the peninsula' refer back to the last region
    named; 'its troops', 'its Coast Guard' to the armed forces of the last state named."""
    doc = b.doc
    last_region: str | None = None
    last_state: str | None = None
    for i, low in enumerate(names.lower_words(doc)):
        key = b.linked.token_entity.get(i)
        if key:
            ent = b.linked.entities[key]
            if ent.type is EntityType.REGION and ent.subtype != "group":
                last_region = key
            state = key if ent.type is EntityType.STATE else ent.attrs.get("state")
            if isinstance(state, str) and state.startswith("state/"):
                last_state = state
            continue
        if low in _PLACE_NOUNS and last_region and doc[i].tag_ == "NN":
            start = i
            while (
                start > 0
                and (doc[start - 1].pos_ in ("ADJ", "VERB") or doc[start - 1].dep_ in ("compound", "amod"))
                and doc[start - 1].i not in b.linked.token_entity
            ):
                start -= 1
            if start > 0 and doc[start - 1].lower_ == "the" and doc[start - 1].i not in b.linked.token_entity:
                nxt = doc[i + 1].lower_ if i + 1 < len(doc) else ""
                if nxt != "of":
                    b.add_mention(b.linked.entities[last_region], start - 1, i + 1, "definite-anaphora")
        if low == "measure" and i > 0 and doc[i - 1].lower_ == "the":
            res = [k for k in b.linked.entities if k.startswith("resolution/unnumbered/")]
            if res:
                b.add_mention(b.linked.entities[res[0]], i - 1, i + 1, "definite-anaphora")
        if low in ("its", "their") and last_state and i + 1 < len(doc):
            words = doc[i + 1 : i + 3]
            two = " ".join(t.lower_ for t in words)
            n = 2 if two in _FORCES else 1 if words[0].lower_ in _FORCES else 0
            held = {b.linked.token_entity.get(t.i) for t in words[:n]}
            bare = _bare_name_of(b, held, (i + 1, i + 1 + n)) if n else None
            if n and (held == {None} or bare):
                # 'its jets' are the Israel Defense Forces; 'its Coast Guard', which NER took for a name
                # of its own, the Philippine Coast Guard
                forces = _state_forces(b, last_state, i, i + 1 + n, "possessive-anaphora", coast_guard=n == 2)
                if bare:
                    _merge(b, bare, forces)
        if (
            low in ("military", "army")
            and i > 0
            and doc[i - 1].lower_ == "the"
            and doc[i].tag_ == "NN"
            and (i + 1 >= len(doc) or doc[i + 1].pos_ not in ("NOUN", "PROPN"))
            and i - 1 not in b.linked.token_entity
        ):
            # 'clashed with the military': the armed forces of the state the article is about
            state = main_state(b)
            if state is not None:
                _state_forces(b, state, i - 1, i + 1, "definite-forces")
        if (
            low in ("forces", "troops", "soldiers", "army")
            and i > 0
            and doc[i - 1].lower_ in ("government", "regime", "junta")
            and not any(j in b.linked.token_entity for j in (i - 1, i))
        ):
            # 'government forces loyal to President Bashar al-Assad', 'junta troops': the armed forces
            # of the state the article is about
            state = main_state(b)
            if state is not None:
                start = i - 2 if i > 1 and doc[i - 2].lower_ == "the" else i - 1
                _state_forces(b, state, start, i + 1, "government-forces")


def _state_forces(b: _Builder, state: str, start: int, end: int, rule: str, coast_guard: bool = False) -> str:
    """The armed forces (or coast guard) of a state as an entity of the article, mentioned by doc[start:end]."""
    special = "coast-guard" if coast_guard else None
    iso = state.split("/")[1]
    fkey = f"org/forces/{iso}/{special}" if special else f"org/forces/{iso}"
    entry = b.kb.entries[state]
    demonym = entry.demonyms[0] if entry.demonyms else entry.name
    label = f"{demonym} Coast Guard" if special else f"{demonym} Armed Forces"
    probe = Candidate(start, end, EntityType.ORGANIZATION, rule, key=fkey, attrs={"state": state})
    known = _kb_organ(b.kb, probe, b.date)
    ent = (
        b.entity_from_kb(known)
        if known is not None
        else b.entity_new(fkey, EntityType.ORGANIZATION, label, "armed_forces")
    )
    ent.attrs["state"] = state
    b.add_mention(ent, start, end, rule)
    b.relate(ent.key, "part_of", state, start, end, "armed-forces-of-state", 0.75)
    return ent.key


def _bare_name_of(b: _Builder, held: set[str | None], span: tuple[int, int]) -> str | None:
    """The open organization that NER made of exactly these words and nothing else ('Coast Guard' in
    'its Coast Guard'), which the possessive says whose it is."""
    if len(held) != 1 or None in held:
        return None
    key = next(iter(held))
    ent = b.linked.entities.get(str(key))
    if ent is None or ent.kb_id is not None or ent.type is not EntityType.ORGANIZATION:
        return None
    return ent.key if b.linked.spans.get(ent.key) == [span] else None


def _bare_ministries(b: _Builder) -> None:
    """'Foreign Ministry Spokesperson Wang Wenbin', 'the Ministry of Foreign Affairs': a ministry named
    without its state belongs to the state where an official named in the same sentence holds office,
    else to the state the article is about."""
    lex = lexicon()
    fields, heads = lex["ministry_fields"], set(lex["ministry_heads"]) - {"office", "department"}
    for ent in list(b.linked.entities.values()):
        if ent.type is not EntityType.ORGANIZATION or ent.kb_id is not None or ent.attrs.get("state"):
            continue
        words = fold(ent.label).removeprefix("the ").split()
        name = None
        if len(words) >= 2 and words[-1] in heads:
            name = fields.get(" ".join(words[:-1]))
        elif len(words) >= 3 and words[0] in heads and words[1] == "of":
            name = fields.get(" ".join(words[2:]))
        spans = b.linked.spans.get(ent.key, [])
        if name is None or not spans:
            continue
        state = _official_state_near(b, spans[0]) or main_state(b)
        if state is None:
            continue
        entry = b.kb.entries[state]
        label = f"{name} of {entry.name}"
        key = f"org/ministry/{slug(name.split(' of ')[1])}/{state.split('/')[1]}"  # as mentions.compounds keys it
        target = b.entity_new(key, EntityType.ORGANIZATION, label, "ministry")
        target.attrs["state"] = state
        b.entity_from_kb(entry)
        _merge(b, ent.key, key)
        s0, e0 = spans[0]
        b.relate(key, "part_of", state, s0, e0, "state-organ-of-state", 0.8)


def _bare_institutions(b: _Builder) -> None:
    """'the Central Election Commission', 'the Constitutional Court', 'the High State Council': a
    state institution the knowledge base lacks, named without its state, is part of the state where an
    official named in the same sentence holds office, else of the state the article is about
    (lexicon.json 'state_institutions')."""
    g = lexicon()["state_institutions"]
    heads, firsts, foreign = set(g["heads"]), set(g["first_words"]), set(g["not_of_a_state"])
    for ent in list(b.linked.entities.values()):
        if ent.type is not EntityType.ORGANIZATION or ent.kb_id is not None or ent.attrs.get("state"):
            continue
        if ent.subtype or ent.key.startswith(("org/group/", "org/ministry/")):
            continue
        words = fold(ent.label).removeprefix("the ").split()
        if len(words) < 2 or not ent.label[:1].isupper() or set(words) & foreign:
            continue
        if not ((words[-1] in heads and "of" not in words) or (words[0] in firsts and words[1] == "of")):
            continue  # 'Statute of the Court' is no court
        spans = b.linked.spans.get(ent.key, [])
        if not spans or any(b.linked.token_entity.get(i) not in (None, ent.key) for s, e in spans for i in range(s, e)):
            continue
        state = _official_state_near(b, spans[0]) or main_state(b)
        if state is None:
            continue
        ent.attrs["state"] = state
        b.entity_from_kb(b.kb.entries[state])
        b.relate(ent.key, "part_of", state, spans[0][0], spans[0][1], "state-institution-of-state", 0.75)


def _official_state_near(b: _Builder, span: tuple[int, int]) -> str | None:
    """The state where a person named in the same sentence holds office on the article's date."""
    sent = b.doc[span[0]].sent
    for tok in sent:
        key = b.linked.token_entity.get(tok.i)
        entry = b.kb.entries.get(key) if key else None
        if entry is None or entry.type not in (EntityType.PERSON, EntityType.LEADER):
            continue
        for _role, held_in, start, end in entry.offices:
            if not in_term(start, end, b.date):
                continue
            org = b.kb.entries.get(held_in)
            state = org.state if org is not None and org.type is EntityType.ORGANIZATION else held_in
            if state and state.startswith("state/"):
                return state
    return None


def _ministry_anaphora(b: _Builder) -> None:
    """'The ministry' refers back to the last ministry named."""
    doc = b.doc
    last: str | None = None
    for i, low in enumerate(names.lower_words(doc)):
        key = b.linked.token_entity.get(i)
        if key and key.startswith("org/ministry/"):
            last = key
            continue
        if (
            last
            and low == "ministry"
            and i > 0
            and doc[i - 1].lower_ == "the"
            and i not in b.linked.token_entity
            and (i + 1 >= len(doc) or doc[i + 1].lower_ != "of")
        ):
            b.add_mention(b.linked.entities[last], i - 1, i + 1, "ministry-anaphora")


def _group_anaphora(b: _Builder) -> None:
    """'The Taliban captured Kunduz ... after the group seized Nimroz': 'the group', 'the armed group', 'the
    movement' name the organization named last within the two sentences before (not a state's organ)."""
    doc = b.doc
    nouns = set(lexicon()["group_anaphora_nouns"])
    adjectives = set(grammar("attribution.json")["speaker_heads"]["group_anaphor_adjectives"])
    last: tuple[str, int] | None = None  # (organization, sentence start)
    sent_start_of = [0] * len(doc)  # each token's sentence start (Token.sent walks the doc at every call)
    for sent in doc.sents if len(doc) else ():
        sent_start_of[sent.start : sent.end] = [sent.start] * len(sent)
    sent_starts = sorted(set(sent_start_of))
    for i, low in enumerate(names.lower_words(doc)):
        key = b.linked.token_entity.get(i)
        if key is not None:
            ent = b.linked.entities[key]
            if ent.type is EntityType.ORGANIZATION and not ent.attrs.get("state") and not key.startswith("org/group/"):
                last = (key, sent_start_of[i])
            continue
        if last is None or low not in nouns or (i + 1 < len(doc) and doc[i + 1].lower_ == "of"):
            continue
        start = i
        while start > 0 and doc[start - 1].lower_ in adjectives:
            start -= 1
        if start == 0 or doc[start - 1].lower_ != "the" or any(j in b.linked.token_entity for j in range(start, i)):
            continue
        back = sum(1 for s0 in sent_starts if last[1] < s0 <= sent_start_of[i])
        if back <= 2:
            b.add_mention(b.linked.entities[last[0]], start - 1, i + 1, "group-anaphora")


def _country_anaphora(b: _Builder) -> None:
    """'Bambari, the country's fourth-largest city', 'sent troops to support the troubled country': a
    definite 'the (adjectives) country' is the state the article is about (lexicon.json 'country_anaphora')."""
    doc = b.doc
    cue = lexicon()["country_anaphora"]
    nouns, not_after = set(cue["nouns"]), set(cue["not_after"])
    state: str | None = None
    for i, low in enumerate(names.lower_words(doc)):
        if low not in nouns or i in b.linked.token_entity:
            continue
        tok = doc[i]
        if tok.text != low:
            continue
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
            continue  # 'the country of Georgia'
        start = tok.i
        while (
            start > 0
            and tok.i - start < 3
            and doc[start - 1].pos_ in ("ADJ", "ADV", "PROPN", "PUNCT")
            and doc[start - 1].text not in (",", "(", '"')
        ):
            start -= 1
        if start == 0 or doc[start - 1].lower_ != "the" or any(t.lower_ in not_after for t in doc[start : tok.i]):
            continue
        if any(i in b.linked.token_entity for i in range(start, tok.i)):
            continue
        state = state or main_state(b)
        if state is None:
            return
        b.add_mention(b.linked.entities[state], start - 1, tok.i + 1, "country-anaphora")


__all__ = ["Linked", "link", "slug", "APOSTROPHE_S"]
