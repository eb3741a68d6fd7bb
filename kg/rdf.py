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
from collections.abc import Callable
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


Term = URIRef | BNode | Literal
Quad = tuple[Term, Term, Term, URIRef | None]  # graph None: the default graph
_Add = Callable[..., None]
_DEFAULT_KEY = str(ox.DefaultGraph())  # sorts a default-graph quad as Oxigraph's writers do


class _TermForms:
    """Terms' N-Triples forms, as Oxigraph writes them, each term object converted once: the same
    objects come back for the triples that share them (keyed by id, the term held so that the id
    stays its own)."""

    def __init__(self) -> None:
        self.seen: dict[int, tuple[object, str]] = {}

    def __call__(self, t: object) -> str:
        hit = self.seen.get(id(t))
        if hit is None or hit[0] is not t:
            hit = self.seen[id(t)] = (t, str(to_oxigraph_term(t)))
        return hit[1]


class ArticleRDF:
    """An article's RDF as article_rdf makes it: its quads in the order they were made (graph
    None: the default graph), the named graphs in the order they were opened, and which of them
    hold the narrator's voice. A corpus build needs only the quads' N-Triples forms (N-Quads for
    the store, N-Triples for SHACL), so an rdflib Dataset, which costs about 7 us a triple to fill
    and as much to read back, is made from it only when asked for (dataset(), merged_graph())."""

    def __init__(self) -> None:
        self.quads: list[Quad] = []
        self.graphs: list[URIRef] = []
        self.narrators: list[URIRef] = []

    def add(self, s: Term, p: URIRef, o: Term, graph: URIRef | None = None) -> None:
        """Add a triple to the default graph, or to a named graph opened with graph()."""
        self.quads.append((s, p, o, graph))

    def graph(self, name: URIRef, *, narrator: bool = False) -> URIRef:
        """Open a named graph (it exists, even if nothing goes in it)."""
        self.graphs.append(name)
        if narrator:
            self.narrators.append(name)
        return name

    def close_types(self) -> None:
        """Type every node of the default graph with the kgo superclasses of its classes (a
        Leader is also a Person, an Agent and an Entity), so that SHACL engines and SPARQL
        queries need no reasoner."""
        sup, rdf_type = superclasses(), RDF.type  # (rdflib makes RDF.type anew on each read: 2 us)
        for s, p, o, g in list(self.quads):
            if g is None and p == rdf_type:
                for c in sup.get(o, ()):  # type: ignore[arg-type]
                    self.quads.append((s, rdf_type, c, None))

    def dataset(self) -> Dataset:
        """The quads as an rdflib Dataset (what to_dataset returns), every opened graph in it."""
        ds = Dataset()
        _bind(ds)
        default = ds.default_graph
        named = {name: ds.graph(name) for name in self.graphs}
        for s, p, o, g in self.quads:
            (default if g is None else named[g]).add((s, p, o))
        return ds

    def merged_graph(self) -> Graph:
        """The merged view (merged_view of the dataset): the default graph and the narrator's."""
        out = Graph(store="SimpleMemory")
        _bind(out)
        narrators = set(self.narrators)
        for s, p, o, g in self.quads:
            if g is None or g in narrators:
                out.add((s, p, o))
        return out

    def forms(self) -> ArticleForms:
        """The quads' N-Triples forms, each quad once, sorted as Oxigraph's writers sort them."""
        term = _TermForms()
        keys = {(_DEFAULT_KEY if g is None else term(g), term(s), term(p), term(o)): None for s, p, o, g in self.quads}
        return ArticleForms(sorted(keys), {term(n) for n in self.narrators})


class ArticleForms:
    """An article's quads as N-Triples forms (graph, subject, predicate, object), sorted and each
    once: its N-Quads, the merged view's N-Triples and its counts, without rdflib."""

    def __init__(self, keys: list[tuple[str, str, str, str]], narrators: set[str]) -> None:
        self.keys = keys
        self.narrators = narrators

    def nquads(self) -> bytes:
        """N-Quads of every graph, the default graph unnamed: to_nquads of the dataset."""
        return "".join(
            f"{s} {p} {o} .\n" if g == _DEFAULT_KEY else f"{s} {p} {o} {g} .\n" for g, s, p, o in self.keys
        ).encode("utf-8")

    def merged(self) -> list[tuple[str, str, str]]:
        """The merged view's triples, each once."""
        keep = self.narrators | {_DEFAULT_KEY}
        return list(dict.fromkeys((s, p, o) for g, s, p, o in self.keys if g in keep))

    def counts(self, merged: list[tuple[str, str, str]]) -> dict[str, int]:
        """What a build summary counts in the merged view: entities (with a mention count),
        relations (assertions), statements and triples."""
        count, typ = f"<{KGO.mentionCount}>", f"<{RDF.type}>"
        assertion, statement = f"<{KGO.Assertion}>", f"<{KGO.Statement}>"
        return {
            "entities": len({s for s, p, _ in merged if p == count}),
            "relations": sum(1 for _, p, o in merged if p == typ and o == assertion),
            "statements": sum(1 for _, p, o in merged if p == typ and o == statement),
            "triples": len(merged),
        }


# literals that recur across articles are made once (rdflib makes a typed literal in about 11 us)
@functools.lru_cache(maxsize=1 << 16)
def _integer(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


@functools.lru_cache(maxsize=4096)
def _date(d: object) -> Literal:
    return Literal(d, datatype=XSD.date)


@functools.lru_cache(maxsize=1024)
def _confidence(c: float) -> Literal:
    return Literal(Decimal(str(round(c, 3))), datatype=XSD.decimal)


@functools.lru_cache(maxsize=4096)
def _word(w: str) -> Literal:
    """A plain literal from a small vocabulary: a rule's name, a kind, a role."""
    return Literal(w)


def _span(add: _Add, node: URIRef, ev: Evidence, art: URIRef) -> None:
    add(node, KGO.inArticle, art)
    add(node, KGO.inSentence, URIRef(f"{art}/sentence/{ev.sentence}"))
    add(node, KGO.beginIndex, _integer(ev.start))
    add(node, KGO.endIndex, _integer(ev.end))
    add(node, KGO.rule, _word(ev.rule))
    add(node, KGO.confidence, _confidence(ev.confidence))


def to_dataset(x: Extraction, *, run_time: dt.datetime | None = None) -> Dataset:
    """The article's graph: a Dataset whose default graph is the merged view's base, with one
    named graph for the narrator's relations and one for each statement's claims."""
    return article_rdf(x, run_time=run_time).dataset()


def article_rdf(x: Extraction, *, run_time: dt.datetime | None = None) -> ArticleRDF:
    """The article's graph as quads (what to_dataset puts in a Dataset)."""
    out = ArticleRDF()
    add = out.add
    art = article_iri(x.article.id)
    text = x.article.text

    # the run
    run_time = run_time or run_time_now()
    run = DATA[f"run/{x.article.id}/{version()}"]
    add(run, RDF.type, KGO.Run)
    add(run, RDFS.label, Literal(f"kg {version()} run on article {x.article.id}"))
    add(run, KGO.softwareVersion, Literal(version()))
    add(run, PROV.startedAtTime, Literal(run_time, datatype=XSD.dateTime))
    add(run, PROV.used, art)

    # the article
    add(art, RDF.type, KGO.NewsArticle)
    add(art, RDFS.label, Literal(x.article.title))
    add(art, DCTERMS.title, Literal(x.article.title))
    add(art, KGO.articleSource, Literal(x.article.source))
    add(art, KGO.articleText, Literal(text))
    add(art, PROV.wasGeneratedBy, run)
    if x.article.date:
        add(art, KGO.articleDate, _date(x.article.date))
    if x.article.date_text:
        add(art, KGO.articleDateText, Literal(x.article.date_text))
    if x.article.date_source:
        add(art, KGO.articleDateSource, Literal(x.article.date_source))

    for s in x.sentences:
        node = URIRef(f"{art}/sentence/{s.index}")
        add(node, RDF.type, KGO.Sentence)
        add(node, KGO.inArticle, art)
        add(node, KGO.sentenceIndex, _integer(s.index))
        add(node, KGO.beginIndex, _integer(s.start))
        add(node, KGO.endIndex, _integer(s.end))
        add(node, KGO.anchorOf, Literal(text[s.start : s.end]))

    # entities and mentions
    n_mention = 0
    for ent in sorted(x.entities.values(), key=lambda e: e.key):
        node = entity_iri(ent.key)
        add(node, RDF.type, _TYPE_CLASS[ent.type])
        if ent.subtype in _SUBCLASS and ent.type is EntityType.ORGANIZATION:
            add(node, RDF.type, _SUBCLASS[ent.subtype])
        if ent.subtype:
            add(node, KGO.kind, _word(ent.subtype))
        add(node, RDFS.label, Literal(ent.label))
        add(node, SKOS.prefLabel, Literal(ent.label, lang="en"))
        # names, not anaphors: 'the country', 'the group', 'the region' stay mentions only
        named = {m.text for m in ent.mentions if not m.rule.endswith("-anaphora")}
        for form in ent.surface_forms:
            if form != ent.label and form in named:
                add(node, SKOS.altLabel, Literal(form, lang="en"))
        # the local and transliterated names the KB knows, each with its language ('Füzuli'@az)
        for tag, names in sorted(ent.labels.items()):
            for name in names:
                if name != ent.label:
                    add(node, SKOS.altLabel, Literal(name, lang=tag))
        if ent.qid:
            add(node, KGO.wikidataId, Literal(ent.qid))
            add(node, SKOS.exactMatch, WD[ent.qid])
        codes = {
            "iso3166-1-alpha-2": KGO.isoAlpha2,
            "iso3166-1-alpha-3": KGO.isoAlpha3,
            "iso3166-2": KGO.iso3166_2,
            "geonames": KGO.geonamesId,
        }
        for code, value in ent.codes.items():
            if code in codes:
                add(node, codes[code], Literal(value))
        if ent.kb_source:
            add(node, KGO.kbSource, Literal(ent.kb_source))
        if ent.type is EntityType.UN_RESOLUTION:
            if ent.attrs.get("number"):
                add(node, KGO.resolutionNumber, Literal(str(ent.attrs["number"])))
            count = ent.attrs.get("count")
            if isinstance(count, int) and count > 0:
                add(node, KGO.resolutionCount, _integer(count))
        add(node, KGO.mentionedIn, art)
        add(node, KGO.mentionCount, _integer(len(ent.mentions)))
        for m in sorted(ent.mentions, key=lambda m: (m.start, m.end)):
            mnode = URIRef(f"{art}/mention/{m.start}-{m.end}-{n_mention}")
            n_mention += 1
            add(mnode, RDF.type, KGO.Mention)
            add(mnode, KGO.refersTo, node)
            add(mnode, KGO.inArticle, art)
            add(mnode, KGO.inSentence, URIRef(f"{art}/sentence/{m.sentence}"))
            add(mnode, KGO.beginIndex, _integer(m.start))
            add(mnode, KGO.endIndex, _integer(m.end))
            add(mnode, KGO.anchorOf, Literal(m.text))
            add(mnode, KGO.rule, _word(m.rule))
            if m.as_of is not None:
                add(mnode, KGO.asOf, _date(m.as_of))

    # events; occasions (an interview, an adoption) are events the text reports without naming them
    for ev in x.events:
        node = entity_iri(ev.key)
        if ev.key not in x.entities:
            # an interview or an adoption is an occasion of statements, not an event the article reports
            add(node, RDF.type, KGO.Occasion)
            add(node, RDFS.label, Literal(ev.label or ev.kind))
            add(node, KGO.kind, _word(ev.kind))
            add(node, KGO.mentionedIn, art)
        if ev.of:
            add(node, KGO.eventOf, entity_iri(ev.of))
        for p in ev.participants:
            add(node, KGO.participant, entity_iri(p))
        if ev.date:
            add(node, KGO.eventDate, _date(ev.date))
        if ev.date_text:
            add(node, KGO.dateText, Literal(ev.date_text))

    # statements
    stmt_nodes: list[URIRef] = []
    for i, st in enumerate(x.statements):
        node = URIRef(f"{art}/statement/{i}")
        stmt_nodes.append(node)
        add(node, RDF.type, KGO.Statement)
        add(node, RDFS.label, Literal(f"{x.entities[st.speaker].label}: {st.content[:80]}"))
        add(node, KGO.speaker, entity_iri(st.speaker))
        add(node, KGO.content, Literal(st.content))
        add(node, KGO.isQuote, Literal(st.quote))
        add(node, KGO.anchorOf, Literal(text[st.evidence.start : st.evidence.end]))
        for a in st.about:
            add(node, KGO.about, entity_iri(a))
        if st.date:
            add(node, KGO.statementDate, _date(st.date))
        if st.date_text:
            add(node, KGO.dateText, Literal(st.date_text))
        if st.medium:
            add(node, KGO.medium, Literal(st.medium))
        if st.medium_entity:
            add(node, KGO.mediumOrganization, entity_iri(st.medium_entity))
        add(node, PROV.wasGeneratedBy, run)
        _span(add, node, st.evidence, art)
    for ev in x.events:
        for i in ev.statements:
            add(stmt_nodes[i], KGO.occasion, entity_iri(ev.key))

    # relations: an attributed assertion each; the bare triple in the claimant's named graph
    narrator = out.graph(URIRef(f"{art}/narrator"), narrator=True)
    add(narrator, RDF.type, KGO.NarratorGraph)
    add(narrator, PROV.wasAttributedTo, art)
    claim_graphs: dict[int, URIRef] = {}
    for i, r in enumerate(x.relations):
        subj, pred, obj = entity_iri(r.subject), PREDICATE_IRI[r.predicate], entity_iri(r.object)
        node = URIRef(f"{art}/assertion/{i}")
        add(node, RDF.type, KGO.Assertion)
        add(node, RDF.subject, subj)
        add(node, RDF.predicate, pred)
        add(node, RDF.object, obj)
        if r.statement is not None and r.claimed_by:
            add(node, KGO.claimedBy, entity_iri(r.claimed_by))
            add(node, KGO.assertedIn, stmt_nodes[r.statement])
            cg = claim_graphs.get(r.statement)
            if cg is None:
                cg = claim_graphs[r.statement] = out.graph(URIRef(f"{stmt_nodes[r.statement]}/claims"))
                add(cg, RDF.type, KGO.ClaimGraph)
                add(cg, PROV.wasAttributedTo, entity_iri(r.claimed_by))
                add(cg, PROV.wasDerivedFrom, stmt_nodes[r.statement])
            add(subj, pred, obj, cg)
            add(node, KGO.inGraph, cg)
        else:
            add(node, KGO.claimedBy, art)
            add(node, KGO.assertedIn, art)
            add(subj, pred, obj, narrator)
            add(node, KGO.inGraph, narrator)
        if "role" in r.attrs:
            add(node, KGO.role, _word(r.attrs["role"]))
        if "what" in r.attrs:
            add(node, KGO.demandText, Literal(r.attrs["what"]))
        if "as_of" in r.attrs:
            add(node, KGO.asOf, _date(r.attrs["as_of"]))
        add(node, KGO.anchorOf, Literal(text[r.evidence.start : r.evidence.end]))
        add(node, PROV.wasGeneratedBy, run)
        _span(add, node, r.evidence, art)
    out.close_types()
    return out


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
    triples that share them."""
    default = ds.default_graph.identifier
    term = _TermForms()
    default_key = _DEFAULT_KEY
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


def trig_of_nquads(nquads: bytes) -> bytes:
    """TriG of sorted N-Quads (to_nquads, ArticleForms.nquads): what to_trig writes."""
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False)
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_TURTLE_PREFIXES) or b""


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
