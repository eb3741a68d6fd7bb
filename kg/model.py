"""The data types that flow between the pipeline's stages.

read article -> Article; NLP -> Sentences; mentions -> Mention; linking -> Entity;
facts -> Relation, Statement, Event; all of it -> Extraction, which rdf.py turns into RDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class EntityType(StrEnum):
    STATE = "State"
    LEADER = "Leader"
    PERSON = "Person"
    ORGANIZATION = "Organization"
    UN_RESOLUTION = "UNResolution"
    REGION = "Region"
    SETTLEMENT = "Settlement"
    EVENT = "Event"


@dataclass(frozen=True)
class Article:
    """One news article: its text exactly as read, and its metadata."""

    id: str
    text: str
    title: str
    date: dt.date | None = None
    date_text: str | None = None
    source: str = "unknown"
    path: str | None = None
    date_source: str | None = None  # metadata, dateline, header or text: where the date was found


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, with its character offsets."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span of the article's text that refers to an entity."""

    start: int
    end: int
    text: str
    sentence: int
    rule: str
    as_of: dt.date | None = None  # the date a title was resolved to its holder on


@dataclass
class Entity:
    """An entity of the article, linked to the knowledge base where possible."""

    key: str  # canonical identity, e.g. "state/AZE"; the IRI is minted from it
    type: EntityType
    label: str
    qid: str | None = None
    kb_id: str | None = None
    kb_source: str | None = None
    codes: dict[str, str] = field(default_factory=dict)  # e.g. {"iso3166-1-alpha-3": "AZE"}
    subtype: str | None = None  # e.g. "un_organ", "armed_forces", "ministry", "media"
    attrs: dict[str, object] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=dict)  # BCP 47 tag -> names in that language (the KB's)

    @property
    def surface_forms(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.text, None)
        return list(seen)


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: a span inside one sentence of the article."""

    sentence: int
    start: int
    end: int
    rule: str
    confidence: float


@dataclass
class Relation:
    """A relation between two entities, with its evidence and who claims it (None: the narrator)."""

    subject: str  # entity key
    predicate: str  # one of PREDICATES
    object: str  # entity key
    evidence: Evidence
    claimed_by: str | None = None  # entity key of the speaker; None: the article's narrator
    statement: int | None = None  # index into Extraction.statements when said inside one
    attrs: dict[str, str] = field(default_factory=dict)  # role, what


@dataclass
class Statement:
    """What a speaker said in a sentence: content, about whom, when, in what medium."""

    speaker: str  # entity key
    content: str
    about: list[str]
    evidence: Evidence
    date: dt.date | None = None
    date_text: str | None = None
    medium: str | None = None
    medium_entity: str | None = None
    quote: bool = False


@dataclass
class Event:
    """An event of the article (a named or described event, or an occasion such as an interview)."""

    key: str  # the entity key of the Event entity
    kind: str  # clash, offensive, ceasefire, interview, adoption, ...
    participants: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_text: str | None = None
    evidence: Evidence | None = None
    label: str | None = None  # for occasions that are no named entity of the text (an interview)
    statements: list[int] = field(default_factory=list)  # statements made at this event
    of: str | None = None  # what it produced: the resolution an adoption adopted


PREDICATES = (
    "leader_of",
    "part_of",
    "located_in",
    "capital_of",
    "supports",
    "in_conflict_with",
    "occupies",
    "attacks",
    "captures",
    "issued_by",
    "resolution_about",
    "demands",
    "member_of",
    "negotiates_with",
)


@dataclass
class Extraction:
    """Everything read from one article."""

    article: Article
    sentences: list[Sentence]
    entities: dict[str, Entity]
    relations: list[Relation] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
