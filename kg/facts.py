"""Facts stage: statements (kg.attribution), relations (kg.relations) and events, from a linked article.

Input: the parsed doc, the Extraction with its entities, the Linked token->entity map, the knowledge
base. Output: Statement, Relation and Event records appended to the Extraction. A relation read inside
a statement's words is that speaker's claim; one read elsewhere is the narrator's.

Events are the event phrases the mentions stage found (with their participants and a date where the
sentence gives one), and occasions the statements report: an interview (one per speaker, medium and
day, however many sentences quote it) and the adoption of a resolution by its organ.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from spacy.tokens import Doc

from kg import attribution, relations
from kg.attribution import date_of
from kg.kb import KnowledgeBase
from kg.linking import Linked
from kg.model import EntityType, Event, Evidence, Extraction

_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_YEAR_RE = re.compile(r"\b(?:in|since|on)\s+((?:" + "|".join(_MONTHS) + r")\s+)?((?:19|20)\d\d)\b(?!s)")
_OCCASIONS = ("interview", "speech", "address", "press conference", "briefing")


def events(doc: Doc, x: Extraction, linked: Linked) -> None:
    """An Event record for every event entity: its participants (the states and organizations of its
    first sentence) and its date (a relative day, else 'in/since [Month] YYYY')."""
    for key, ent in x.entities.items():
        if ent.type is not EntityType.EVENT or not ent.mentions:
            continue
        first = ent.mentions[0]
        sent = x.sentences[first.sentence]
        span = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        participants: list[str] = []
        if span is not None:
            for t in span:
                k = linked.token_entity.get(t.i)
                if k and k not in participants and x.entities[k].type in (EntityType.STATE, EntityType.ORGANIZATION):
                    participants.append(k)
        date, date_text = date_of(span, x.article.date) if span is not None else (None, None)
        if date is None:
            m = _YEAR_RE.search(ent.label + " " + sent.text)
            if m:
                month = _MONTHS.index(m.group(1).strip()) + 1 if m.group(1) else 1
                date, date_text = dt.date(int(m.group(2)), month, 1), m.group(0).split(None, 1)[1]
        x.events.append(
            Event(key, ent.subtype or "event", participants, date, date_text,
                  evidence=Evidence(first.sentence, first.start, first.end, "event-phrase", 0.6))
        )  # fmt: skip


def occasions(doc: Doc, x: Extraction) -> None:
    """Occasions that statements report: an interview (one per speaker, medium and day, however many
    sentences quote it) and the adoption of a resolution by its organ."""
    found: dict[tuple[str, str, str | None, str | None], Event] = {}
    for i, st in enumerate(x.statements):
        if st.medium not in _OCCASIONS:
            continue
        outlet = st.medium_entity
        k = (st.speaker, st.medium, outlet, str(st.date) if st.date else None)
        ev = found.get(k)
        if ev is None:
            ident = hashlib.sha1("|".join(map(str, (x.article.id, *k))).encode()).hexdigest()[:12]
            who = x.entities[st.speaker].label
            label = f"{who} {st.medium}" + (f" ({x.entities[outlet].label})" if outlet else "")
            ev = Event(f"event/{st.medium.replace(' ', '-')}/{ident}", st.medium, [p for p in (st.speaker, outlet) if p],
                       st.date, st.date_text, st.evidence, label=label)  # fmt: skip
            found[k] = ev
            x.events.append(ev)
        ev.statements.append(i)
        if st.date and not ev.date:
            ev.date, ev.date_text = st.date, st.date_text
    for r in x.relations:
        if r.predicate != "issued_by":
            continue
        sent = doc.char_span(r.evidence.start, r.evidence.end, alignment_mode="expand")
        if sent is None or not any(t.lemma_.lower() in ("adopt", "pass", "approve") for t in sent):
            continue
        date, date_text = date_of(sent, x.article.date)
        ident = hashlib.sha1(f"{x.article.id}|adoption|{r.subject}".encode()).hexdigest()[:12]
        label = f"adoption of {x.entities[r.subject].label}"
        x.events.append(Event(f"event/adoption/{ident}", "adoption", [r.object], date, date_text, r.evidence,
                              label=label, of=r.subject))  # fmt: skip


def extract_facts(doc: Doc, x: Extraction, linked: Linked, kb: KnowledgeBase) -> None:
    """Statements, then relations (claimed by the speaker whose words hold them), then events."""
    att = attribution.attribute(doc, x, linked, kb)
    # relations made while naming entities (titles, organs) are re-attributed to a speaker when they
    # sit inside a statement's sentence; naming relations themselves stay the narrator's
    for r in x.relations:
        stmts = att.by_sentence.get(r.evidence.sentence, [])
        if stmts and r.predicate not in ("part_of", "issued_by", "leader_of", "located_in"):
            r.statement = stmts[0]
            r.claimed_by = x.statements[stmts[0]].speaker
    relations.read_relations(doc, x, linked, kb, att)
    events(doc, x, linked)
    occasions(doc, x)
    _drop_unnamed_persons(x)


def _drop_unnamed_persons(x: Extraction) -> None:
    """A person the text never names and no fact uses is no entity of the graph: 'Statement by Secretary
    of Defense Lloyd J. Austin III' named only in the title, when the statement speaks as his state."""
    used = {s.speaker for s in x.statements} | {s.medium_entity for s in x.statements}
    used |= {k for s in x.statements for k in s.about}
    used |= {r.subject for r in x.relations} | {r.object for r in x.relations}
    used |= {k for e in x.events for k in (e.key, *e.participants, e.of) if k}
    for key, ent in list(x.entities.items()):
        if ent.type in (EntityType.PERSON, EntityType.LEADER) and not ent.mentions and key not in used:
            del x.entities[key]
