"""Write ontology/kg.ttl from the table below (run once after editing it; the file is committed).

One row per term keeps labels, comments, domains and ranges consistent; kg/namespace.py is
checked against the written file by tests/test_ontology.py.
"""

from __future__ import annotations

from pathlib import Path

HEADER = """@prefix kgo: <https://w3id.org/kg-news/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix wd: <http://www.wikidata.org/entity/> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix oa: <http://www.w3.org/ns/oa#> .

<https://w3id.org/kg-news/ontology> a owl:Ontology ;
    rdfs:label "kg news ontology"@en ;
    rdfs:comment "Entities, relations and statements that kg reads from geopolitical news, with the provenance of every fact."@en ;
    owl:versionInfo "0.1.0" ;
    owl:versionIRI <https://w3id.org/kg-news/ontology/0.1.0> ;
    dcterms:license <https://opensource.org/licenses/MIT> .

"""

# name, superclasses, label, comment, equivalents/alignments (rdfs:subClassOf or skos:closeMatch)
CLASSES = [
    (
        "Entity",
        ["prov:Entity"],
        "entity",
        "Anything an article names that kg links: a state, person, organization, resolution, place or event.",
        [],
    ),
    (
        "Agent",
        ["kgo:Entity", "prov:Agent"],
        "agent",
        "An entity that can act or speak: a state, person or organization.",
        [],
    ),
    (
        "State",
        ["kgo:Agent", "schema:Country"],
        "state",
        "A sovereign state, or a polity that news treats as one.",
        ["wd:Q7275"],
    ),
    ("Person", ["kgo:Agent", "schema:Person"], "person", "A human being named in an article.", ["wd:Q5"]),
    (
        "Leader",
        ["kgo:Person"],
        "leader",
        "A person who holds office as head of state or of government on the article's date.",
        ["wd:Q2285706"],
    ),
    (
        "Organization",
        ["kgo:Agent", "schema:Organization"],
        "organization",
        "An organization: a UN body, a ministry, an army, a media outlet.",
        ["wd:Q43229"],
    ),
    (
        "IntergovernmentalOrganization",
        ["kgo:Organization"],
        "intergovernmental organization",
        "An organization whose members are states.",
        ["wd:Q245065"],
    ),
    (
        "UNOrgan",
        ["kgo:IntergovernmentalOrganization"],
        "UN organ",
        "A principal organ or subsidiary body of the United Nations.",
        ["wd:Q1969448"],
    ),
    (
        "GovernmentBody",
        ["kgo:Organization"],
        "government body",
        "A ministry, department or legislature of a state.",
        ["wd:Q327333"],
    ),
    (
        "ArmedForces",
        ["kgo:Organization"],
        "armed forces",
        "A state's army, military, coast guard or militia.",
        ["wd:Q772547"],
    ),
    ("MediaOutlet", ["kgo:Organization"], "media outlet", "A broadcaster, newspaper or news agency.", ["wd:Q1193236"]),
    (
        "UNResolution",
        ["kgo:Entity", "schema:Legislation"],
        "UN resolution",
        "A resolution of a UN organ, or a group of them the text names together.",
        ["wd:Q877358"],
    ),
    ("Place", ["kgo:Entity", "schema:Place"], "place", "A place: a region or a settlement.", []),
    (
        "Region",
        ["kgo:Place"],
        "region",
        "A region: a subdivision, a disputed or historic territory, a sea or a group of districts.",
        ["wd:Q82794"],
    ),
    ("Settlement", ["kgo:Place"], "settlement", "A city, town or village.", ["wd:Q486972"]),
    (
        "Event",
        ["kgo:Entity", "schema:Event"],
        "event",
        "Something that happened: a war, clashes, an offensive, a ceasefire, an interview, a vote.",
        ["wd:Q1190554"],
    ),
    (
        "Occasion",
        ["prov:Activity"],
        "occasion",
        "An act of communication that statements were made in: an interview, a speech, the adoption of a resolution. Not an event the article reports on, so no kgo:Event.",
        [],
    ),
    ("NewsArticle", ["schema:NewsArticle", "prov:Entity"], "news article", "An article kg has read.", []),
    ("Sentence", ["nif:Sentence"], "sentence", "A sentence of an article, with its character offsets.", []),
    ("Mention", ["oa:Annotation"], "mention", "A span of an article's text that refers to an entity.", []),
    ("Statement", ["prov:Entity"], "statement", "What a speaker said or claimed, in one sentence of an article.", []),
    (
        "Assertion",
        ["rdf:Statement"],
        "assertion",
        "One relation as read from an article, with who claims it and the span it was read from.",
        [],
    ),
    ("Run", ["prov:Activity"], "run", "One run of kg that built graphs from articles.", []),
    (
        "NarratorGraph",
        [],
        "narrator graph",
        "A named graph holding the relations that an article states in its own voice.",
        [],
    ),
    ("ClaimGraph", [], "claim graph", "A named graph holding the relations a speaker claims in one statement.", []),
]

# name, kind(object/datatype), domain, range, label, comment, superproperty/alignment
PROPS = [
    (
        "leaderOf",
        "o",
        "kgo:Leader",
        "kgo:State",
        "leader of",
        "The person is head of state or government of the state.",
        ["wd:P35"],
    ),
    (
        "partOf",
        "o",
        "kgo:Organization",
        "kgo:Agent",
        "part of",
        "The organization is an organ of the state or organization.",
        ["schema:parentOrganization"],
    ),
    (
        "locatedIn",
        "o",
        "kgo:Place",
        "kgo:Entity",
        "located in",
        "The place lies within the region or state.",
        ["schema:containedInPlace"],
    ),
    (
        "capitalOf",
        "o",
        "kgo:Settlement",
        "kgo:State",
        "capital of",
        "The settlement is the capital of the state.",
        ["wd:P1376"],
    ),
    (
        "supports",
        "o",
        "kgo:Agent",
        "kgo:Agent",
        "supports",
        "The agent gives political or military support to the other.",
        [],
    ),
    (
        "inConflictWith",
        "o",
        "kgo:State",
        "kgo:State",
        "in conflict with",
        "The two states are in armed or political conflict (symmetric).",
        [],
    ),
    (
        "occupies",
        "o",
        "kgo:Agent",
        "kgo:Place",
        "occupies",
        "The agent holds the place by force (as claimed by someone).",
        [],
    ),
    ("attacks", "o", "kgo:Agent", "kgo:Entity", "attacks", "The agent attacks, targets or strikes the target.", []),
    ("captures", "o", "kgo:Agent", "kgo:Place", "captures", "The agent captures or 'liberates' the place.", []),
    (
        "issuedBy",
        "o",
        "kgo:UNResolution",
        "kgo:Organization",
        "issued by",
        "The resolution was adopted by the organ.",
        ["schema:legislationPassedBy"],
    ),
    (
        "resolutionAbout",
        "o",
        "kgo:UNResolution",
        "kgo:Entity",
        "resolution about",
        "The resolution concerns the place or state.",
        ["schema:about"],
    ),
    (
        "demands",
        "o",
        "kgo:Agent",
        "kgo:Agent",
        "demands",
        "The resolution, state or organization demands something of the agent.",
        [],
    ),
    (
        "memberOf",
        "o",
        "kgo:State",
        "kgo:Organization",
        "member of",
        "The state is a member of the organization.",
        ["schema:memberOf"],
    ),
    ("negotiatesWith", "o", "kgo:Agent", "kgo:Agent", "negotiates with", "The two parties negotiate (symmetric).", []),
    ("speaker", "o", "kgo:Statement", "kgo:Agent", "speaker", "Who made the statement.", ["prov:wasAttributedTo"]),
    ("about", "o", "kgo:Statement", "kgo:Entity", "about", "An entity the statement is about.", ["schema:about"]),
    (
        "medium",
        "d",
        "kgo:Statement",
        "xsd:string",
        "medium",
        "Where the statement was made: an interview, a tweet, a statement.",
        [],
    ),
    (
        "mediumOrganization",
        "o",
        "kgo:Statement",
        "kgo:Organization",
        "medium organization",
        "The outlet on which the statement was made.",
        [],
    ),
    (
        "content",
        "d",
        "kgo:Statement",
        "xsd:string",
        "content",
        "The quote or a paraphrase of what was said.",
        ["schema:text"],
    ),
    ("isQuote", "d", "kgo:Statement", "xsd:boolean", "is quote", "Whether the content is a direct quotation.", []),
    (
        "statementDate",
        "d",
        "kgo:Statement",
        "xsd:date",
        "statement date",
        "When the statement was made, resolved against the article date.",
        ["dcterms:date"],
    ),
    (
        "dateText",
        "d",
        None,
        "xsd:string",
        "date text",
        "The words of the text that give a date ('Thursday', 'yesterday').",
        [],
    ),
    (
        "inArticle",
        "o",
        None,
        "kgo:NewsArticle",
        "in article",
        "The article a sentence, mention, statement or assertion comes from.",
        ["prov:wasDerivedFrom"],
    ),
    (
        "inSentence",
        "o",
        None,
        "kgo:Sentence",
        "in sentence",
        "The sentence a mention, statement or assertion was read from.",
        [],
    ),
    (
        "beginIndex",
        "d",
        None,
        "xsd:integer",
        "begin index",
        "Character offset (Unicode code points, from 0) where the span begins in the article text; never negative.",
        ["nif:beginIndex"],
    ),
    (
        "endIndex",
        "d",
        None,
        "xsd:integer",
        "end index",
        "Character offset where the span ends (exclusive).",
        ["nif:endIndex"],
    ),
    (
        "anchorOf",
        "d",
        None,
        "xsd:string",
        "anchor of",
        "The text of the span, exactly as in the article.",
        ["nif:anchorOf"],
    ),
    ("refersTo", "o", "kgo:Mention", "kgo:Entity", "refers to", "The entity a mention refers to.", ["oa:hasBody"]),
    (
        "mentionedIn",
        "o",
        "kgo:Entity",
        "kgo:NewsArticle",
        "mentioned in",
        "An article that names the entity.",
        ["schema:subjectOf"],
    ),
    (
        "mentionCount",
        "d",
        "kgo:Entity",
        "xsd:integer",
        "mention count",
        "How many mentions of the entity the graph holds; never negative.",
        [],
    ),
    (
        "articleText",
        "d",
        "kgo:NewsArticle",
        "xsd:string",
        "article text",
        "The article's full text, the reference for all offsets.",
        ["nif:isString"],
    ),
    (
        "sentenceIndex",
        "d",
        "kgo:Sentence",
        "xsd:integer",
        "sentence index",
        "Position of the sentence in its article, from 0.",
        [],
    ),
    (
        "claimedBy",
        "o",
        "kgo:Assertion",
        "prov:Agent",
        "claimed by",
        "Who asserts the relation: a speaker, or the article's source for the narrator's own voice.",
        ["prov:wasAttributedTo"],
    ),
    (
        "assertedIn",
        "o",
        "kgo:Assertion",
        "prov:Entity",
        "asserted in",
        "The statement or article in which the relation is asserted.",
        ["prov:wasDerivedFrom"],
    ),
    (
        "inGraph",
        "o",
        "kgo:Assertion",
        "rdfs:Resource",
        "in graph",
        "The named graph that holds the relation's triple.",
        [],
    ),
    (
        "rule",
        "d",
        None,
        "xsd:string",
        "rule",
        "The extraction rule that produced the mention, statement or assertion.",
        [],
    ),
    ("confidence", "d", None, "xsd:decimal", "confidence", "kg's confidence in the fact, between 0 and 1.", []),
    (
        "role",
        "d",
        "kgo:Assertion",
        "xsd:string",
        "role",
        "The office held, for leader_of (President, Prime Minister).",
        [],
    ),
    ("demandText", "d", "kgo:Assertion", "xsd:string", "demand text", "What is demanded, for demands.", []),
    ("wikidataId", "d", "kgo:Entity", "xsd:string", "Wikidata id", "The entity's Wikidata QID.", []),
    ("isoAlpha2", "d", "kgo:Entity", "xsd:string", "ISO 3166-1 alpha-2", "Two-letter ISO 3166-1 code.", []),
    ("isoAlpha3", "d", "kgo:Entity", "xsd:string", "ISO 3166-1 alpha-3", "Three-letter ISO 3166-1 code.", []),
    ("iso3166_2", "d", "kgo:Region", "xsd:string", "ISO 3166-2 code", "The ISO 3166-2 code of a subdivision.", []),
    ("geonamesId", "d", "kgo:Place", "xsd:string", "GeoNames id", "The GeoNames id of a place.", []),
    (
        "kbSource",
        "d",
        "kgo:Entity",
        "xsd:string",
        "knowledge-base source",
        "Where the knowledge base's record of the entity comes from.",
        ["dcterms:source"],
    ),
    (
        "kind",
        "d",
        None,
        "xsd:string",
        "kind",
        "A finer kind: an organization's subtype, an event's kind (war, ceasefire...).",
        [],
    ),
    (
        "resolutionNumber",
        "d",
        "kgo:UNResolution",
        "xsd:string",
        "resolution number",
        "The resolution's number (822, 62/243).",
        ["schema:legislationIdentifier"],
    ),
    (
        "resolutionCount",
        "d",
        "kgo:UNResolution",
        "xsd:integer",
        "resolution count",
        "How many resolutions an unnumbered collective mention stands for; at least 1.",
        [],
    ),
    ("participant", "o", None, "kgo:Entity", "participant", "An entity taking part in an event or an occasion.", ["wd:P710"]),
    ("eventDate", "d", None, "xsd:date", "event date", "When the event (or occasion) happened.", ["schema:startDate"]),
    (
        "occasion",
        "o",
        "kgo:Statement",
        "kgo:Occasion",
        "occasion",
        "The occasion the statement was made at: an interview, a speech.",
        [],
    ),
    (
        "eventOf",
        "o",
        "kgo:Occasion",
        "kgo:Entity",
        "event of",
        "What the occasion produced or concerned: the resolution an adoption adopted.",
        [],
    ),
    (
        "softwareVersion",
        "d",
        "kgo:Run",
        "xsd:string",
        "software version",
        "The version of kg that made the graph.",
        ["schema:softwareVersion"],
    ),
    (
        "articleSource",
        "d",
        "kgo:NewsArticle",
        "xsd:string",
        "article source",
        "The publisher or file the article came from.",
        ["dcterms:source"],
    ),
    (
        "articleDate",
        "d",
        "kgo:NewsArticle",
        "xsd:date",
        "article date",
        "The article's publication date (the first day when only a month is known).",
        ["dcterms:date"],
    ),
    (
        "articleDateText",
        "d",
        "kgo:NewsArticle",
        "xsd:string",
        "article date text",
        "The article's date as given (2020-10).",
        [],
    ),
    (
        "articleDateSource",
        "d",
        "kgo:NewsArticle",
        "xsd:string",
        "article date source",
        "Where kg found the article's date: metadata (given, or in the JSON or HTML), dateline, header, or text (the first full date in it).",
        [],
    ),
    (
        "asOf",
        "d",
        None,
        "xsd:date",
        "as of",
        "The date a date-dependent decision used: who held an office when a title named its holder.",
        [],
    ),
]


def main() -> None:
    out = [HEADER]
    for name, supers, label, comment, match in CLASSES:
        lines = [f"kgo:{name} a owl:Class", f'    rdfs:label "{label}"@en', f'    rdfs:comment "{comment}"@en']
        lines += [f"    rdfs:subClassOf {s}" for s in supers]
        lines += [f"    skos:closeMatch {m}" for m in match]
        out.append(" ;\n".join(lines) + " .\n")
    for name, kind, dom, rng, label, comment, supers in PROPS:
        typ = "owl:ObjectProperty" if kind == "o" else "owl:DatatypeProperty"
        lines = [f"kgo:{name} a {typ}", f'    rdfs:label "{label}"@en', f'    rdfs:comment "{comment}"@en']
        if dom:
            lines.append(f"    rdfs:domain {dom}")
        if rng:
            lines.append(f"    rdfs:range {rng}")
        for s in supers:
            rel = (
                "rdfs:subPropertyOf"
                if s.split(":")[0] in ("prov", "schema", "nif", "dcterms", "oa")
                else "skos:closeMatch"
            )
            lines.append(f"    {rel} {s}")
        out.append(" ;\n".join(lines) + " .\n")
    out.append("kgo:inConflictWith a owl:SymmetricProperty .\nkgo:negotiatesWith a owl:SymmetricProperty .\n")
    path = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"
    path.write_text("\n".join(out), encoding="utf-8")
    print(path)


if __name__ == "__main__":
    main()
