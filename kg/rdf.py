"""RDF stage: the one place where an Extraction becomes RDF.

Modelling (see README, "Claims and provenance"):
- the default graph holds the article, its sentences, entities, mentions, statements, events,
  and one kgo:Assertion node per relation (subject, predicate, object, who claims it, the span
  it was read from, the rule, a confidence, the run);
- the article's own voice (the narrator) goes into the named graph <article>/narrator;
  what a speaker claims goes into the named graph <statement>/claims, and nowhere else as a
  bare triple. The merged view (Turtle) is the default graph plus the narrator graph: a
  speaker's claim appears there only as an attributed kgo:Assertion.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.metadata
import os
from decimal import Decimal

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from kg import resources
from kg.errors import BadInput
from kg.model import EntityType, Evidence, Extraction
from kg.namespace import DATA, KGO

WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")

PREDICATE_IRI = {
    "leader_of": KGO.leaderOf,
    "part_of": KGO.partOf,
    "located_in": KGO.locatedIn,
    "capital_of": KGO.capitalOf,
    "supports": KGO.supports,
    "in_conflict_with": KGO.inConflictWith,
    "occupies": KGO.occupies,
    "attacks": KGO.attacks,
    "captures": KGO.captures,
    "issued_by": KGO.issuedBy,
    "resolution_about": KGO.resolutionAbout,
    "demands": KGO.demands,
    "member_of": KGO.memberOf,
    "negotiates_with": KGO.negotiatesWith,
}
IRI_PREDICATE = {v: k for k, v in PREDICATE_IRI.items()}

_TYPE_CLASS = {
    EntityType.STATE: KGO.State,
    EntityType.LEADER: KGO.Leader,
    EntityType.PERSON: KGO.Person,
    EntityType.ORGANIZATION: KGO.Organization,
    EntityType.UN_RESOLUTION: KGO.UNResolution,
    EntityType.REGION: KGO.Region,
    EntityType.SETTLEMENT: KGO.Settlement,
    EntityType.EVENT: KGO.Event,
}
CLASS_TYPE = {v: k for k, v in _TYPE_CLASS.items()}

_SUBCLASS = {
    "un_organ": KGO.UNOrgan,
    "un_body": KGO.UNOrgan,
    "igo": KGO.IntergovernmentalOrganization,
    "court": KGO.IntergovernmentalOrganization,
    "ministry": KGO.GovernmentBody,
    "legislature": KGO.GovernmentBody,
    "armed_forces": KGO.ArmedForces,
    "media": KGO.MediaOutlet,
}


@functools.lru_cache(maxsize=1)
def version() -> str:
    """kg's installed version (pyproject.toml), or 0+unknown when kg is not installed."""
    try:
        return importlib.metadata.version("kg")
    except importlib.metadata.PackageNotFoundError:
        return "0+unknown"


def entity_iri(key: str) -> URIRef:
    """The IRI of an entity, from its key (e.g. state/AZE)."""
    return DATA[key]


def article_iri(article_id: str) -> URIRef:
    """The IRI of an article, from its id."""
    return DATA[f"article/{article_id}"]


def run_time_now() -> dt.datetime:
    """The time a run is recorded with: now, or SOURCE_DATE_EPOCH when set, so that a rebuild of
    the same input writes the same bytes (https://reproducible-builds.org/specs/source-date-epoch/)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (ValueError, OverflowError, OSError) as exc:
            raise BadInput(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds; unset it or fix it") from exc
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@functools.lru_cache(maxsize=1)
def superclasses() -> dict[URIRef, frozenset[URIRef]]:
    """For each kgo class, its kgo superclasses (transitively), from the ontology."""
    onto = resources.ontology()
    direct: dict[URIRef, set[URIRef]] = {}
    for sub, sup in onto.subject_objects(RDFS.subClassOf):
        if str(sub).startswith(str(KGO)) and str(sup).startswith(str(KGO)):
            direct.setdefault(URIRef(str(sub)), set()).add(URIRef(str(sup)))

    def up(c: URIRef, seen: frozenset[URIRef]) -> set[URIRef]:
        out: set[URIRef] = set()
        for sup in direct.get(c, ()):
            if sup not in seen:
                out |= {sup} | up(sup, seen | {sup})
        return out

    return {c: frozenset(up(c, frozenset({c}))) for c in direct}


def add_type_closure(g: Graph) -> None:
    """Type every node with the kgo superclasses of its classes (a Leader is also a Person, an
    Agent and an Entity), so that SHACL engines and SPARQL queries need no reasoner."""
    sup = superclasses()
    for node, cls in list(g.subject_objects(RDF.type)):
        for c in sup.get(cls, ()):  # type: ignore[call-overload]
            g.add((node, RDF.type, c))


PREFIXES = {
    "kgo": str(KGO._NS),
    "kg": str(DATA),
    "wd": str(WD),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SCHEMA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}
"""The prefixes every serialization uses (and ontology/context.jsonld holds)."""


def _bind(g: Graph | Dataset) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True, replace=True)


def _span(g: Graph, node: URIRef, ev: Evidence, art: URIRef) -> None:
    g.add((node, KGO.inArticle, art))
    g.add((node, KGO.inSentence, URIRef(f"{art}/sentence/{ev.sentence}")))
    g.add((node, KGO.beginIndex, Literal(ev.start, datatype=XSD.integer)))
    g.add((node, KGO.endIndex, Literal(ev.end, datatype=XSD.integer)))
    g.add((node, KGO.rule, Literal(ev.rule)))
    g.add((node, KGO.confidence, Literal(Decimal(str(round(ev.confidence, 3))), datatype=XSD.decimal)))


def to_dataset(x: Extraction, *, run_time: dt.datetime | None = None) -> Dataset:
    """The article's graph: a Dataset whose default graph is the merged view's base, with one
    named graph for the narrator's relations and one for each statement's claims."""
    ds = Dataset()
    _bind(ds)
    g = ds.default_graph
    art = article_iri(x.article.id)
    text = x.article.text

    # the run
    run_time = run_time or run_time_now()
    run = DATA[f"run/{x.article.id}/{version()}"]
    g.add((run, RDF.type, KGO.Run))
    g.add((run, RDFS.label, Literal(f"kg {version()} run on article {x.article.id}")))
    g.add((run, KGO.softwareVersion, Literal(version())))
    g.add((run, PROV.startedAtTime, Literal(run_time, datatype=XSD.dateTime)))
    g.add((run, PROV.used, art))

    # the article
    g.add((art, RDF.type, KGO.NewsArticle))
    g.add((art, RDFS.label, Literal(x.article.title)))
    g.add((art, DCTERMS.title, Literal(x.article.title)))
    g.add((art, KGO.articleSource, Literal(x.article.source)))
    g.add((art, KGO.articleText, Literal(text)))
    g.add((art, PROV.wasGeneratedBy, run))
    if x.article.date:
        g.add((art, KGO.articleDate, Literal(x.article.date, datatype=XSD.date)))
    if x.article.date_text:
        g.add((art, KGO.articleDateText, Literal(x.article.date_text)))
    if x.article.date_source:
        g.add((art, KGO.articleDateSource, Literal(x.article.date_source)))

    for s in x.sentences:
        node = URIRef(f"{art}/sentence/{s.index}")
        g.add((node, RDF.type, KGO.Sentence))
        g.add((node, KGO.inArticle, art))
        g.add((node, KGO.sentenceIndex, Literal(s.index, datatype=XSD.integer)))
        g.add((node, KGO.beginIndex, Literal(s.start, datatype=XSD.integer)))
        g.add((node, KGO.endIndex, Literal(s.end, datatype=XSD.integer)))
        g.add((node, KGO.anchorOf, Literal(text[s.start : s.end])))

    # entities and mentions
    n_mention = 0
    for ent in sorted(x.entities.values(), key=lambda e: e.key):
        node = entity_iri(ent.key)
        g.add((node, RDF.type, _TYPE_CLASS[ent.type]))
        if ent.subtype in _SUBCLASS and ent.type is EntityType.ORGANIZATION:
            g.add((node, RDF.type, _SUBCLASS[ent.subtype]))
        if ent.subtype:
            g.add((node, KGO.kind, Literal(ent.subtype)))
        g.add((node, RDFS.label, Literal(ent.label)))
        g.add((node, SKOS.prefLabel, Literal(ent.label, lang="en")))
        # names, not anaphors: 'the country', 'the group', 'the region' stay mentions only
        named = {m.text for m in ent.mentions if not m.rule.endswith("-anaphora")}
        for form in ent.surface_forms:
            if form != ent.label and form in named:
                g.add((node, SKOS.altLabel, Literal(form, lang="en")))
        # the local and transliterated names the KB knows, each with its language ('Füzuli'@az)
        for tag, names in sorted(ent.labels.items()):
            for name in names:
                if name != ent.label:
                    g.add((node, SKOS.altLabel, Literal(name, lang=tag)))
        if ent.qid:
            g.add((node, KGO.wikidataId, Literal(ent.qid)))
            g.add((node, SKOS.exactMatch, WD[ent.qid]))
        codes = {
            "iso3166-1-alpha-2": KGO.isoAlpha2,
            "iso3166-1-alpha-3": KGO.isoAlpha3,
            "iso3166-2": KGO.iso3166_2,
            "geonames": KGO.geonamesId,
        }
        for code, value in ent.codes.items():
            if code in codes:
                g.add((node, codes[code], Literal(value)))
        if ent.kb_source:
            g.add((node, KGO.kbSource, Literal(ent.kb_source)))
        if ent.type is EntityType.UN_RESOLUTION:
            if ent.attrs.get("number"):
                g.add((node, KGO.resolutionNumber, Literal(str(ent.attrs["number"]))))
            count = ent.attrs.get("count")
            if isinstance(count, int) and count > 0:
                g.add((node, KGO.resolutionCount, Literal(count, datatype=XSD.integer)))
        g.add((node, KGO.mentionedIn, art))
        g.add((node, KGO.mentionCount, Literal(len(ent.mentions), datatype=XSD.integer)))
        for m in sorted(ent.mentions, key=lambda m: (m.start, m.end)):
            mnode = URIRef(f"{art}/mention/{m.start}-{m.end}-{n_mention}")
            n_mention += 1
            g.add((mnode, RDF.type, KGO.Mention))
            g.add((mnode, KGO.refersTo, node))
            g.add((mnode, KGO.inArticle, art))
            g.add((mnode, KGO.inSentence, URIRef(f"{art}/sentence/{m.sentence}")))
            g.add((mnode, KGO.beginIndex, Literal(m.start, datatype=XSD.integer)))
            g.add((mnode, KGO.endIndex, Literal(m.end, datatype=XSD.integer)))
            g.add((mnode, KGO.anchorOf, Literal(m.text)))
            g.add((mnode, KGO.rule, Literal(m.rule)))
            if m.as_of is not None:
                g.add((mnode, KGO.asOf, Literal(m.as_of, datatype=XSD.date)))

    # events; occasions (an interview, an adoption) are events the text reports without naming them
    for ev in x.events:
        node = entity_iri(ev.key)
        if ev.key not in x.entities:
            # an interview or an adoption is an occasion of statements, not an event the article reports
            g.add((node, RDF.type, KGO.Occasion))
            g.add((node, RDFS.label, Literal(ev.label or ev.kind)))
            g.add((node, KGO.kind, Literal(ev.kind)))
            g.add((node, KGO.mentionedIn, art))
        if ev.of:
            g.add((node, KGO.eventOf, entity_iri(ev.of)))
        for p in ev.participants:
            g.add((node, KGO.participant, entity_iri(p)))
        if ev.date:
            g.add((node, KGO.eventDate, Literal(ev.date, datatype=XSD.date)))
        if ev.date_text:
            g.add((node, KGO.dateText, Literal(ev.date_text)))

    # statements
    stmt_nodes: list[URIRef] = []
    for i, st in enumerate(x.statements):
        node = URIRef(f"{art}/statement/{i}")
        stmt_nodes.append(node)
        g.add((node, RDF.type, KGO.Statement))
        g.add((node, RDFS.label, Literal(f"{x.entities[st.speaker].label}: {st.content[:80]}")))
        g.add((node, KGO.speaker, entity_iri(st.speaker)))
        g.add((node, KGO.content, Literal(st.content)))
        g.add((node, KGO.isQuote, Literal(st.quote)))
        g.add((node, KGO.anchorOf, Literal(text[st.evidence.start : st.evidence.end])))
        for a in st.about:
            g.add((node, KGO.about, entity_iri(a)))
        if st.date:
            g.add((node, KGO.statementDate, Literal(st.date, datatype=XSD.date)))
        if st.date_text:
            g.add((node, KGO.dateText, Literal(st.date_text)))
        if st.medium:
            g.add((node, KGO.medium, Literal(st.medium)))
        if st.medium_entity:
            g.add((node, KGO.mediumOrganization, entity_iri(st.medium_entity)))
        g.add((node, PROV.wasGeneratedBy, run))
        _span(g, node, st.evidence, art)
    for ev in x.events:
        for i in ev.statements:
            g.add((stmt_nodes[i], KGO.occasion, entity_iri(ev.key)))

    # relations: an attributed assertion each; the bare triple in the claimant's named graph
    narrator = ds.graph(URIRef(f"{art}/narrator"))
    g.add((narrator.identifier, RDF.type, KGO.NarratorGraph))
    g.add((narrator.identifier, PROV.wasAttributedTo, art))
    claim_graphs: dict[int, Graph] = {}
    for i, r in enumerate(x.relations):
        subj, pred, obj = entity_iri(r.subject), PREDICATE_IRI[r.predicate], entity_iri(r.object)
        node = URIRef(f"{art}/assertion/{i}")
        g.add((node, RDF.type, KGO.Assertion))
        g.add((node, RDF.subject, subj))
        g.add((node, RDF.predicate, pred))
        g.add((node, RDF.object, obj))
        if r.statement is not None and r.claimed_by:
            g.add((node, KGO.claimedBy, entity_iri(r.claimed_by)))
            g.add((node, KGO.assertedIn, stmt_nodes[r.statement]))
            cg = claim_graphs.get(r.statement)
            if cg is None:
                cg = ds.graph(URIRef(f"{stmt_nodes[r.statement]}/claims"))
                claim_graphs[r.statement] = cg
                g.add((cg.identifier, RDF.type, KGO.ClaimGraph))
                g.add((cg.identifier, PROV.wasAttributedTo, entity_iri(r.claimed_by)))
                g.add((cg.identifier, PROV.wasDerivedFrom, stmt_nodes[r.statement]))
            cg.add((subj, pred, obj))
            g.add((node, KGO.inGraph, cg.identifier))
        else:
            g.add((node, KGO.claimedBy, art))
            g.add((node, KGO.assertedIn, art))
            narrator.add((subj, pred, obj))
            g.add((node, KGO.inGraph, narrator.identifier))
        if "role" in r.attrs:
            g.add((node, KGO.role, Literal(r.attrs["role"])))
        if "what" in r.attrs:
            g.add((node, KGO.demandText, Literal(r.attrs["what"])))
        if "as_of" in r.attrs:
            g.add((node, KGO.asOf, Literal(r.attrs["as_of"], datatype=XSD.date)))
        g.add((node, KGO.anchorOf, Literal(text[r.evidence.start : r.evidence.end])))
        g.add((node, PROV.wasGeneratedBy, run))
        _span(g, node, r.evidence, art)
    add_type_closure(g)
    return ds


def to_oxigraph_term(t: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(t, URIRef):
        return ox.NamedNode(str(t))
    if isinstance(t, BNode):
        return ox.BlankNode(str(t))
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))
    raise TypeError(f"not an RDF term: {t!r}")


def _nquads_lines(ds: Dataset) -> list[str]:
    """The dataset's quads as N-Quads lines, in to_quads's order. Each term is converted once, with
    its N-Triples form (the sort key and the text): the store hands the same objects back for the
    triples that share them (keyed by id, the term held so that the id stays its own)."""
    default = ds.default_graph.identifier
    seen: dict[int, tuple[object, str]] = {}

    def term(t: object) -> str:
        hit = seen.get(id(t))
        if hit is None or hit[0] is not t:
            hit = seen[id(t)] = (t, str(to_oxigraph_term(t)))
        return hit[1]

    default_key = str(ox.DefaultGraph())
    keyed = []
    for s, p, o, ctx in ds.quads((None, None, None, None)):
        name = getattr(ctx, "identifier", ctx)
        sk, pk, ok = term(s), term(p), term(o)
        if name is None or name == default:
            keyed.append(((default_key, sk, pk, ok), f"{sk} {pk} {ok} .\n"))
        else:
            gk = term(name)
            keyed.append(((gk, sk, pk, ok), f"{sk} {pk} {ok} {gk} .\n"))
    keyed.sort(key=lambda kq: kq[0])
    return [line for _, line in keyed]


def to_quads(ds: Dataset) -> list[ox.Quad]:
    """The dataset's quads as Oxigraph quads, sorted so that writers group each graph's and
    each subject's triples together (and write the same bytes for the same graph). Made by
    Oxigraph's N-Quads parser from the terms' N-Triples forms: several times faster than a
    pyoxigraph Quad made from Python for each (a literal object or a default graph costs 5 µs)."""
    text = "".join(_nquads_lines(ds))
    return list(ox.parse(text, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False))


# kg: is left out of the Turtle-family writers: its local names hold slashes (kg:state/AZE),
# which Turtle cannot write unescaped; the full IRI reads better than kg:state\/AZE.
_TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "kg"}


def to_trig(ds: Dataset) -> bytes:
    """TriG of the dataset, every graph, written by Oxigraph (rdflib's TriG writer is several
    times slower)."""
    return ox.serialize(to_quads(ds), format=ox.RdfFormat.TRIG, prefixes=_TURTLE_PREFIXES) or b""


def to_nquads(ds: Dataset) -> bytes:
    """N-Quads of the dataset, every graph, one sorted line per quad: the lines Oxigraph writes
    for to_quads (its writer puts a quad's terms, in their N-Triples forms, on a line)."""
    return "".join(_nquads_lines(ds)).encode("utf-8")


def to_turtle(g: Graph) -> bytes:
    """Turtle of one graph (the merged view), with kg's conventional prefixes."""
    _bind(g)
    return g.serialize(format="turtle", encoding="utf-8")


@functools.lru_cache(maxsize=1)
def jsonld_context() -> dict[str, str]:
    """kg's JSON-LD context (ontology/context.jsonld, installed as kg.ontology): the prefixes."""
    import json

    doc = json.loads(resources._read("kg.ontology", "context.jsonld"))
    ctx: dict[str, str] = doc["@context"]
    return ctx


def to_jsonld(ds: Dataset) -> bytes:
    """Compact JSON-LD of the dataset, every graph (the default graph at the top level, each
    named graph as {"@id": name, "@graph": [...]}), with kg's context inline: a reader needs
    nothing from the network. Oxigraph writes the expanded form; PyLD, the JSON-LD reference
    implementation, compacts it (PyLD's own RDF reader is quadratic: 50 s for 11,000 quads)."""
    import json

    from pyld import jsonld

    def no_fetch(url: str, options: dict[str, object] | None = None) -> dict[str, object]:
        raise BadInput(f"JSON-LD: kg does not fetch {url}")

    expanded = json.loads(ox.serialize(to_quads(ds), format=ox.RdfFormat.JSON_LD) or b"[]")
    doc = jsonld.compact(expanded, {"@context": jsonld_context()}, {"documentLoader": no_fetch})
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def narrator_graphs(ds: Dataset) -> set[URIRef]:
    """The names of the graphs that hold an article's own voice: typed kgo:NarratorGraph in the
    default graph."""
    return {URIRef(str(n)) for n in ds.default_graph.subjects(RDF.type, KGO.NarratorGraph)}


def merged_view(ds: Dataset, *, store: str = "default") -> Graph:
    """The default graph plus the narrator's graphs: what the Turtle file holds. Claim graphs
    are left out: a speaker's claim is there only as its attributed kgo:Assertion. `store`:
    the rdflib store to keep it in; a corpus build uses "SimpleMemory" (one graph needs no
    contexts: adding an article's triples and validating them take about 8 ms less)."""
    out = Graph(store=store)
    _bind(out)
    for t in ds.default_graph:
        out.add(t)
    for name in narrator_graphs(ds):
        for t in ds.graph(name):
            out.add(t)
    return out
