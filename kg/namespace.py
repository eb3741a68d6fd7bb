"""The kg ontology as Python terms (kept in sync with ontology/kg.ttl by tests/test_ontology.py)."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/kg-news/ontology"
DATA = Namespace("https://w3id.org/kg-news/id/")


class KGO(DefinedNamespace):
    """The kg ontology's terms (https://w3id.org/kg-news/ontology#); an unknown term raises."""

    _NS = Namespace("https://w3id.org/kg-news/ontology#")
    _fail = True

    Agent: URIRef
    ArmedForces: URIRef
    Assertion: URIRef
    ClaimGraph: URIRef
    Entity: URIRef
    Event: URIRef
    GovernmentBody: URIRef
    IntergovernmentalOrganization: URIRef
    Leader: URIRef
    MediaOutlet: URIRef
    Mention: URIRef
    NarratorGraph: URIRef
    NewsArticle: URIRef
    Occasion: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    Region: URIRef
    Run: URIRef
    Sentence: URIRef
    Settlement: URIRef
    State: URIRef
    Statement: URIRef
    UNOrgan: URIRef
    UNResolution: URIRef
    about: URIRef
    anchorOf: URIRef
    articleDate: URIRef
    articleDateSource: URIRef
    articleDateText: URIRef
    articleSource: URIRef
    articleText: URIRef
    asOf: URIRef
    assertedIn: URIRef
    attacks: URIRef
    beginIndex: URIRef
    capitalOf: URIRef
    captures: URIRef
    claimedBy: URIRef
    confidence: URIRef
    content: URIRef
    dateText: URIRef
    demandText: URIRef
    demands: URIRef
    endIndex: URIRef
    eventDate: URIRef
    eventOf: URIRef
    geonamesId: URIRef
    inArticle: URIRef
    inConflictWith: URIRef
    inGraph: URIRef
    inSentence: URIRef
    isQuote: URIRef
    iso3166_2: URIRef
    isoAlpha2: URIRef
    isoAlpha3: URIRef
    issuedBy: URIRef
    kbSource: URIRef
    kind: URIRef
    leaderOf: URIRef
    locatedIn: URIRef
    medium: URIRef
    mediumOrganization: URIRef
    memberOf: URIRef
    mentionCount: URIRef
    mentionedIn: URIRef
    negotiatesWith: URIRef
    occasion: URIRef
    occupies: URIRef
    partOf: URIRef
    participant: URIRef
    refersTo: URIRef
    resolutionAbout: URIRef
    resolutionCount: URIRef
    resolutionNumber: URIRef
    role: URIRef
    rule: URIRef
    sentenceIndex: URIRef
    softwareVersion: URIRef
    speaker: URIRef
    statementDate: URIRef
    supports: URIRef
    wikidataId: URIRef


# DefinedNamespace looks a term up on every access (about 1.6 us: it checks the name against the
# class's terms); kg reads them thousands of times an article, so each term is also set on the
# class, once, as a plain attribute (an unknown term still raises).
for _name in KGO.__annotations__:
    if not _name.startswith("_"):
        type.__setattr__(KGO, _name, KGO[_name])
