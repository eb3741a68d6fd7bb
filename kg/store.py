"""A corpus store: one Oxigraph database on disk that grows article by article.

Layout (the same behind `kg query --store`, `kg serve`, `kg export --store`):

- the **default graph is the corpus's merged view**, deduplicated: every article's own nodes
  (the article, its sentences, mentions, statements, assertions, run), each entity described
  once (types, labels, ids, `kgo:mentionedIn` each article that names it, and one
  `kgo:mentionCount`: its mentions over the whole corpus), and the narrator's relations as
  plain triples. No speaker's claim is a plain triple of the default graph.
- `<article>/narrator` and `<statement>/claims`: the named graphs of the article's TriG, so
  claims stay claims, reachable with `GRAPH ?g { ... }`.
- `<article>/entities`: what that article says about the entities it names (with its own
  mention counts). Queries do not need it; it is what lets an edited article be replaced
  exactly (a label only that article gave goes; one other articles give stays).
- `<https://w3id.org/kg-news/id/views>`: the **materialized views**, each saved query's
  result (queries/*.rq) as the query gave it at the end of the last build, keyed on the
  query's text, and marked fresh. Every write takes the mark out first and the build puts it
  back with the new results. `kg query NAME --store` reads the result from there instead of
  evaluating the query; a query whose text differs, a --bind, or a store without fresh views
  (a build stopped half-way; a store built by an older kg, without the graph) is evaluated as
  usual. The graph holds no fact about the news (only `kgv:` terms and the results as
  literals): it is not part of the merged view, of `kg export --store` or of what `kg push`
  writes. One quad in `<https://w3id.org/kg-news/id/manifest>` (GUARD) makes a kg from
  before the views refuse to write to the store, which would leave them stale.

An article is keyed on its content and source (its IRI is a hash of both): the same article
again changes nothing, an edited article (same source, new text) replaces the old one.
Batches of articles are written with Oxigraph's bulk loader; at the end of each build the views
are refreshed (when the articles changed) and the store is compacted (`Store.optimize`).
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import hashlib
import os
import re
import sys
import time
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg import api, inputs, nlp
from kg.errors import BadInput
from kg.inputs import Item
from kg.model import Article
from kg.namespace import DATA

KGO = "https://w3id.org/kg-news/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SOURCE = ox.NamedNode(KGO + "articleSource")
NEWS_ARTICLE = ox.NamedNode(KGO + "NewsArticle")
MENTION_COUNT = ox.NamedNode(KGO + "mentionCount")
MENTIONED_IN = ox.NamedNode(KGO + "mentionedIn")
IN_ARTICLE = ox.NamedNode(KGO + "inArticle")
GENERATED_BY = ox.NamedNode("http://www.w3.org/ns/prov#wasGeneratedBy")
NON_NEG = ox.NamedNode("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")
DEFAULT = ox.DefaultGraph()
OLD_MANIFEST = ox.NamedNode("https://w3id.org/kg-news/id/manifest")  # layout 1 (kg <= 0.1): refused
ARTICLE_PREFIX = str(DATA) + "article/"
RUN_PREFIX = str(DATA) + "run/"
LOCK = ".kg-serve.pid"
VIEWS = ox.NamedNode(str(DATA) + "views")  # the named graph of the materialized views
VIEW_NS = "https://w3id.org/kg-news/view#"
VIEW_QUERY = ox.NamedNode(VIEW_NS + "query")  # the saved query's name
VIEW_ARTICLES = ox.NamedNode(VIEW_NS + "articles")  # how many articles the views were taken of
VIEW_FRESH = ox.NamedNode(VIEW_NS + "fresh")  # present while no write has happened since
VIEW_RESULT = ox.NamedNode(VIEW_NS + "result")  # SPARQL TSV results, zlib, base64
INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
BASE64 = ox.NamedNode("http://www.w3.org/2001/XMLSchema#base64Binary")
VIEW_MAX_BYTES = 64 << 20  # a result larger than this (serialized) is not materialized
# A store with views holds this one quad in the graph kg <= 0.1 kept its manifest in: a kg from
# before the views (which refuses a store with that graph) then never writes to it and leaves
# its views stale. The views' own check ignores it; any other quad there is a layout-1 manifest.
GUARD = ox.Quad(
    OLD_MANIFEST,
    ox.NamedNode(VIEW_NS + "guard"),
    ox.Literal("this store has materialized views (kg.store): a kg without them must not write to it"),
    OLD_MANIFEST,
)


@dataclass
class Summary:
    """A store build's closing count. The store's totals are counted in the store itself
    (distinct entities, not the sum of each article's)."""

    articles: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    removed_facts: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)  # bad inputs and failures, by name
    rejected: list[str] = field(default_factory=list)  # violating beyond repair, by name
    store: dict[str, int] = field(default_factory=dict)  # the store's totals after the build
    times: dict[str, float] = field(default_factory=dict)  # per stage, summed over articles
    views_seconds: float = 0.0  # refreshing the materialized views (0 when the articles did not change)

    @property
    def violations(self) -> int:
        return len(self.rejected) + self.removed_facts

    @property
    def status(self) -> int:
        if self.failed:
            return 2
        return 1 if self.rejected or self.removed_facts else 0

    def text(self) -> str:
        st = self.store
        line = (
            f"{self.articles} articles ({self.added} added, {self.replaced} replaced, {self.unchanged} unchanged, "
            f"{len(self.failed) + len(self.rejected)} failed); store: {st.get('articles', 0)} articles, "
            f"{st.get('entities', 0)} entities, {st.get('facts', 0)} facts, {st.get('statements', 0)} statements; "
            f"{self.removed_facts} violating facts taken out; {self.seconds:.1f} s"
        )
        if self.rejected:
            line += "\nnot kept (violating the shapes): " + ", ".join(self.rejected)
        if self.failed:
            line += "\nfailed: " + ", ".join(self.failed)
        return line


def server_pid(path: Path) -> int | None:
    lock = path / LOCK
    if not lock.exists():
        return None
    try:
        pid = int(lock.read_text().strip())
        os.kill(pid, 0)
    except (ValueError, ProcessLookupError, PermissionError):
        return None
    return pid


def open_store(path: str | Path, *, read_only: bool = False) -> ox.Store:
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise BadInput(f"{p}: is a file, not a store directory")
    if not read_only:
        pid = server_pid(p)
        if pid is not None:
            raise BadInput(
                f"{p}: the store is in use by `kg serve` (process {pid}); stop the server before adding articles"
            )
    try:
        if read_only:
            if not p.is_dir():
                raise BadInput(f"{p}: no such store; build one with `kg build ARTICLES --store {p}`")
            return ox.Store.read_only(str(p))
        p.mkdir(parents=True, exist_ok=True)
        try:
            return ox.Store(str(p))
        except OSError:
            # a store this process opened before may wait for the collector to let go
            gc.collect()
            return ox.Store(str(p))
    except OSError as exc:
        msg = str(exc)
        if "lock" in msg.lower():
            raise BadInput(f"{p}: the store is locked by another process ({msg}); stop it and retry") from exc
        raise BadInput(f"{p}: cannot open the store ({msg}); if it is damaged, rebuild it from the articles") from exc


def _layout_one(store: ox.Store) -> bool:
    """True when the store holds kg <= 0.1's manifest (anything besides the views' guard)."""
    return any(q != GUARD for q in store.quads_for_pattern(None, None, None, OLD_MANIFEST))


def _open_for_build(path: str | Path) -> ox.Store:
    store = open_store(path)
    if _layout_one(store):
        raise BadInput(
            f"{path}: the store was made by an older kg with another layout; build a new store from the articles"
        )
    return store


iter_inputs = inputs.iter_items


def layout_quads(nquads: bytes, art: str) -> tuple[bytes, dict[str, int]]:
    """An article's dataset (N-Quads, its default graph unnamed) laid out for the store, as
    N-Quads; and each entity's mention count in it (layout_forms)."""
    keys = [
        (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False)
    ]
    return layout_forms(keys, art)


def layout_forms(keys: Iterable[tuple[str, str, str, str]], art: str) -> tuple[bytes, dict[str, int]]:
    """An article's quads, as the N-Triples forms of graph (DEFAULT: the default graph), subject,
    predicate and object (kg.rdf.ArticleForms), laid out for the store as N-Quads; and each
    entity's IRI with its mention count. An entity's description goes into the default graph and
    the article's entities graph, its mention count into that graph only; the narrator's graph
    is also copied into the default graph. Written line by line from the forms, as Oxigraph's
    writer writes them (a pyoxigraph Quad made in Python costs 5 us when its object is a literal)."""
    default = str(DEFAULT)
    own, run_prefix = f"<{art}/", f"<{RUN_PREFIX}{art.rsplit('/', 1)[-1]}/"
    whole = f"<{art}>"
    entities_graph = str(ox.NamedNode(art + "/entities"))
    mention_count = str(MENTION_COUNT)
    out: list[str] = []
    counts: dict[str, int] = {}
    local: dict[str, bool] = {}  # subject -> a node of this article alone
    for g, s, p, o in keys:
        if g == default:
            is_local = local.get(s)
            if is_local is None:
                is_local = local[s] = s == whole or s.startswith(own) or s.startswith(run_prefix)
            if is_local:
                out.append(f"{s} {p} {o} .\n")
            elif p == mention_count:
                out.append(f"{s} {p} {o} {entities_graph} .\n")
                iri = s[1:-1]
                counts[iri] = counts.get(iri, 0) + int(o[1 : o.index('"', 1)])
            else:
                out.append(f"{s} {p} {o} .\n")
                out.append(f"{s} {p} {o} {entities_graph} .\n")
        elif g.endswith("/narrator>"):
            out.append(f"{s} {p} {o} {g} .\n")
            out.append(f"{s} {p} {o} .\n")  # into the default graph
        else:
            out.append(f"{s} {p} {o} {g} .\n")
    return "".join(out).encode("utf-8"), counts


def laid_out(o: api.Outcome, forms: Iterable[tuple[str, str, str, str]] | None = None) -> api.Outcome:
    """An outcome whose N-Quads are laid out for the store, with its mention counts: what a
    worker hands back, so that loading it is the bulk loader's work alone. `forms`: its quads'
    N-Triples forms, when the worker has them (else its N-Quads are read)."""
    if o.laid_out or not o.kept or o.nquads is None or o.article is None:
        return o
    art = ARTICLE_PREFIX + o.article.id
    data, counts = layout_forms(forms, art) if forms is not None else layout_quads(o.nquads, art)
    return replace(o, nquads=data, mention_counts=counts, laid_out=True)


def _set_counts(store: ox.Store, deltas: dict[ox.NamedNode, int]) -> None:
    for e, d in deltas.items():
        old = list(store.quads_for_pattern(e, MENTION_COUNT, None, DEFAULT))
        total = sum(int(q.object.value) for q in old) + d  # type: ignore[union-attr,misc]
        for q in old:
            store.remove(q)
        if total > 0 or list(store.quads_for_pattern(e, MENTIONED_IN, None, DEFAULT)):
            store.add(
                ox.Quad(e, MENTION_COUNT, ox.Literal(str(max(total, 0)), datatype=_count_type(store, e)), DEFAULT)
            )


def _count_type(store: ox.Store, entity: ox.NamedNode) -> ox.NamedNode:
    """The datatype kg.rdf gives mention counts, read off an article's own count of the entity."""
    for q in store.quads_for_pattern(entity, MENTION_COUNT, None, None):
        if isinstance(q.object, ox.Literal):
            return q.object.datatype
    return NON_NEG


def _stored_ids(store: ox.Store, source: str) -> list[ox.NamedNode]:
    out = []
    for q in store.quads_for_pattern(None, SOURCE, ox.Literal(source), DEFAULT):
        s = q.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(ARTICLE_PREFIX):
            if ox.Quad(s, RDF_TYPE, NEWS_ARTICLE, DEFAULT) in store:
                out.append(s)
    return out


def remove_article(store: ox.Store, art: ox.NamedNode) -> None:
    """Take an article out: its own nodes, its graphs, and what it alone said of shared nodes."""
    _invalidate(store)
    a = art.value
    entities_graph = ox.NamedNode(a + "/entities")
    # what it said about entities: gone from the merged view unless another article says it too
    deltas: dict[ox.NamedNode, int] = defaultdict(int)
    for q in list(store.quads_for_pattern(None, None, None, entities_graph)):
        if q.predicate == MENTION_COUNT:
            deltas[q.subject] -= int(q.object.value)  # type: ignore[index,union-attr]
            continue
        others = (
            g.graph_name
            for g in store.quads_for_pattern(q.subject, q.predicate, q.object, None)
            if isinstance(g.graph_name, ox.NamedNode) and g.graph_name != entities_graph
        )
        if not any(isinstance(g, ox.NamedNode) and g.value.endswith("/entities") for g in others):
            store.remove(ox.Quad(q.subject, q.predicate, q.object, DEFAULT))
    # the narrator's plain triples: gone unless another article's narrator says them
    narrator = ox.NamedNode(a + "/narrator")
    for q in list(store.quads_for_pattern(None, None, None, narrator)):
        graphs = [
            g.graph_name
            for g in store.quads_for_pattern(q.subject, q.predicate, q.object, None)
            if isinstance(g.graph_name, ox.NamedNode) and g.graph_name != narrator
        ]
        if not any(isinstance(g, ox.NamedNode) and g.value.endswith("/narrator") for g in graphs):
            store.remove(ox.Quad(q.subject, q.predicate, q.object, DEFAULT))
    # its own nodes: the article, the spans in it, its run, its graphs
    local = {art}
    local.update(q.subject for q in store.quads_for_pattern(None, IN_ARTICLE, art, DEFAULT))  # type: ignore[misc]
    local.update(q.object for q in store.quads_for_pattern(art, GENERATED_BY, None, DEFAULT))  # type: ignore[misc]
    graphs = [g for g in local if isinstance(g, ox.NamedNode)]
    for g in list(graphs):
        for q in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"), g, DEFAULT):
            local.add(q.subject)  # type: ignore[arg-type]
    local.add(narrator)
    for node in local:
        for q in list(store.quads_for_pattern(node, None, None, DEFAULT)):
            store.remove(q)
        if isinstance(node, ox.NamedNode) and node.value.endswith("/claims"):
            store.remove_graph(node)
    for q in list(store.quads_for_pattern(None, MENTIONED_IN, art, DEFAULT)):
        store.remove(q)
    for g in (narrator, entities_graph):
        if store.contains_named_graph(g):
            store.remove_graph(g)
    _set_counts(store, dict(deltas))


# articles the bulk loader takes at once: each call has a fixed cost (about 8 ms an article in
# batches of 64, 6.4 in batches of 128, no less in 256); a batch of laid-out N-Quads is about 20 MB
BATCH = 128


def add_articles(
    path: str | Path,
    articles: Iterable[Article | Item],
    *,
    model: str = nlp.DEFAULT_MODEL,
    progress: Callable[[int, str, str], None] | None = None,
    jobs: int = 1,
    batch: int = BATCH,
    run_time: dt.datetime | None = None,
) -> Summary:
    """Build articles into the store (see the module's docstring) in `jobs` processes, written
    in batches with the bulk loader. progress(i, name, status) is called once per input."""
    opts = api.Options(model=model, run_time=run_time, files=False, nquads=True, store_layout=True)
    with Ingest(path, progress=progress, batch=batch) as ing:
        for o in api.outcomes(ing.filter(articles), opts, jobs=jobs):
            ing.add(o)
    return ing.summary


class Ingest:
    """Writes built articles into a store: the checks (unchanged, replaced), the layout, the
    bulk loader in batches, the corpus-wide mention counts; compacts and counts at the end."""

    def __init__(
        self, path: str | Path, *, progress: Callable[[int, str, str], None] | None = None, batch: int = BATCH
    ) -> None:
        self.path = path
        self.progress = progress
        self.batch = batch
        self.summary = Summary()
        self.store: ox.Store | None = None
        self.pending: list[tuple[api.Outcome, str]] = []
        self.pending_sources: set[str] = set()
        self.seen = 0
        self.start = time.perf_counter()

    def __enter__(self) -> Ingest:
        self.store = _open_for_build(self.path)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.store is not None
        try:
            if exc[0] is None:
                self._flush()
                t = time.perf_counter()
                if refresh_views(self.store):
                    self.summary.views_seconds = time.perf_counter() - t
                self.store.flush()
                self.store.optimize()
                self.summary.store = _totals(self.store)
            else:
                self.store.flush()
        finally:
            # close the database now, readers may open it next: dropping the last reference
            # closes it; a full collection (a third of a second after a build) only if a cycle
            # holds it too
            store, self.store = self.store, None
            held = sys.getrefcount(store) > 2  # (this name and the call's argument)
            del store
            if held:
                gc.collect()
            self.summary.seconds = time.perf_counter() - self.start

    def _report(self, name: str, status: str) -> None:
        self.seen += 1
        if self.progress:
            self.progress(self.seen, name, status)

    def filter(self, articles: Iterable[Article | Item]) -> Iterator[Item]:
        """The inputs not already in the store (those are counted unchanged, not built again)."""
        for a in articles:
            it = a if isinstance(a, Item) else Item(a.path or a.id, a, rel=a.path)
            art = it.article
            if art is not None and self._stored(art):
                self.summary.articles += 1
                self.summary.unchanged += 1
                self._report(it.name, "unchanged")
                continue
            yield it

    def _stored(self, art: Article) -> bool:
        assert self.store is not None
        iri = ox.NamedNode(ARTICLE_PREFIX + art.id)
        return ox.Quad(iri, SOURCE, ox.Literal(art.source), DEFAULT) in self.store

    def _check(self, o: api.Outcome) -> str | None:
        """The checks before an outcome's quads go in: None if it must not go in."""
        assert self.store is not None
        s = self.summary
        s.articles += 1
        for k, v in o.times.items():
            s.times[k] = s.times.get(k, 0.0) + v
        if o.error is not None:
            s.failed.append(o.name)
            self._report(o.name, "failed: " + o.error.removeprefix(f"{o.name}: "))
            return None
        if o.violations:
            s.rejected.append(o.name)
            first = o.violations[0]
            self._report(o.name, f"violates the shapes, not added ({first.focus}: {first.message})")
            return None
        art = o.article
        assert art is not None
        if art.source in self.pending_sources:
            self._flush()
        iri = ARTICLE_PREFIX + art.id
        prev = _stored_ids(self.store, art.source)
        if any(p.value == iri for p in prev):
            s.unchanged += 1
            self._report(o.name, "unchanged")
            return None
        for old in prev:
            remove_article(self.store, old)
        s.removed_facts += len(o.removed)
        s.replaced += bool(prev)
        s.added += not prev
        status = "replaced" if prev else "added"
        if o.removed:
            status += f", {len(o.removed)} violating facts taken out"
        self._report(o.name, status)
        self.pending_sources.add(art.source)
        return iri

    def add(self, o: api.Outcome) -> None:
        iri = self._check(o)
        if iri is None:
            return
        self.pending.append((o, iri))
        if len(self.pending) >= self.batch:
            self._flush()

    def load(self, shard: Path, outs: list[api.Outcome]) -> None:
        """A distributed build's shard: the outcomes' checks, then the shard with the bulk loader."""
        assert self.store is not None
        self._flush()
        deltas: dict[ox.NamedNode, int] = defaultdict(int)
        for o in outs:
            if self._check(o) is not None:
                for e, n in o.mention_counts.items():
                    deltas[ox.NamedNode(e)] += n
        _invalidate(self.store)
        self.store.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS)
        _set_counts(self.store, dict(deltas))
        self.pending_sources.clear()

    def _flush(self) -> None:
        assert self.store is not None
        data: list[bytes] = []
        deltas: dict[ox.NamedNode, int] = defaultdict(int)
        for o, _ in self.pending:
            assert o.nquads is not None
            if not o.laid_out:
                o = laid_out(o)
            assert o.nquads is not None
            data.append(o.nquads)
            for e, n in o.mention_counts.items():
                deltas[ox.NamedNode(e)] += n
        if data:
            _invalidate(self.store)
            self.store.bulk_load(b"".join(data), format=ox.RdfFormat.N_QUADS)
        _set_counts(self.store, dict(deltas))
        self.pending.clear()
        self.pending_sources.clear()


def _scalar(store: ox.Store, q: str) -> int:
    sol = next(iter(store.query(q)))  # type: ignore[arg-type]
    return int(sol[0].value)


_P = f"PREFIX kgo: <{KGO}> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "


def _totals(store: ox.Store) -> dict[str, int]:
    return {
        "articles": _scalar(store, _P + "SELECT (COUNT(*) AS ?n) WHERE { ?a a kgo:NewsArticle }"),
        "entities": _scalar(store, _P + "SELECT (COUNT(*) AS ?n) WHERE { ?e kgo:mentionCount ?c }"),
        "facts": _scalar(store, _P + "SELECT (COUNT(*) AS ?n) WHERE { ?a a kgo:Assertion }"),
        "statements": _scalar(store, _P + "SELECT (COUNT(*) AS ?n) WHERE { ?s a kgo:Statement }"),
    }


def _views_taken(db: ox.Store) -> int | None:
    """How many articles the store had when its views were last taken (None: never)."""
    for q in db.quads_for_pattern(VIEWS, VIEW_ARTICLES, None, VIEWS):
        return int(q.object.value)  # type: ignore[union-attr]
    return None


def views_fresh(db: ox.Store) -> bool:
    """True when no write has happened since the views were taken. Every write kg makes to a
    store (Ingest, remove_article) first takes the views' `kgv:fresh` mark out, and a build puts
    it back when it has rewritten them at its end: a build that stopped half-way leaves no mark.
    A kg from before the views refuses to write to the store (GUARD); a layout-1 manifest
    there means a kg <= 0.1 wrote to it. Two index lookups, whatever the store's size."""
    if next(db.quads_for_pattern(VIEWS, VIEW_FRESH, None, VIEWS), None) is None:
        return False
    return not _layout_one(db)


def _invalidate(db: ox.Store) -> None:
    """Before a write: the views are no longer those of the store until they are rewritten."""
    for q in list(db.quads_for_pattern(VIEWS, VIEW_FRESH, None, VIEWS)):
        db.remove(q)


def _view_node(text: str) -> ox.NamedNode:
    return ox.NamedNode(f"{DATA}view/{hashlib.sha256(text.encode('utf-8')).hexdigest()}")


def _saved_queries() -> dict[str, str]:
    from kg.query import saved_queries  # kg.query opens stores through this module

    return {name: p.read_text(encoding="utf-8") for name, p in saved_queries().items()}


def _materialize(db: ox.Store, text: str) -> str | None:
    """A SELECT's result as kept in the views graph (SPARQL TSV, compressed), or None when it
    cannot be kept exactly (blank nodes, whose labels TSV does not keep) or is too large."""
    try:
        result = db.query(text)
    except (SyntaxError, RuntimeError, ValueError, OSError):
        return None  # evaluated at query time, with its error
    if not isinstance(result, ox.QuerySolutions):
        return None
    data = result.serialize(format=ox.QueryResultsFormat.TSV) or b""
    if len(data) > VIEW_MAX_BYTES:
        return None
    for sol in ox.parse_query_results(data, format=ox.QueryResultsFormat.TSV):  # type: ignore[union-attr]
        if any(isinstance(t, ox.BlankNode) for t in sol):
            return None
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def refresh_views(db: ox.Store, queries: dict[str, str] | None = None) -> bool:
    """Write the result of each saved query (by default queries/*.rq) into the views graph,
    keyed on the query's text, and mark them fresh; nothing when they are fresh and of these
    queries. True when it wrote them. A result too large to keep is not evaluated again until
    the store has fewer articles than when it was tried."""
    texts = _saved_queries() if queries is None else queries
    wanted = {_view_node(t) for t in texts.values()}
    stored = {q.subject for q in db.quads_for_pattern(None, VIEW_QUERY, None, VIEWS)}
    if stored == wanted and views_fresh(db):
        return False
    before = _views_taken(db)
    kept = {q.subject for q in db.quads_for_pattern(None, VIEW_RESULT, None, VIEWS)}
    articles = sum(1 for _ in db.quads_for_pattern(None, RDF_TYPE, NEWS_ARTICLE, DEFAULT))
    quads = [ox.Quad(VIEWS, VIEW_ARTICLES, ox.Literal(str(articles), datatype=INTEGER), VIEWS)]
    for name, text in texts.items():
        node = _view_node(text)
        quads.append(ox.Quad(node, VIEW_QUERY, ox.Literal(name), VIEWS))
        if node in stored and node not in kept and before is not None and before <= articles:
            continue  # not kept last time (too large), and the corpus has not shrunk: not evaluated again
        data = _materialize(db, text)
        if data is not None:
            quads.append(ox.Quad(node, VIEW_RESULT, ox.Literal(data, datatype=BASE64), VIEWS))
    quads.append(ox.Quad(VIEWS, VIEW_FRESH, ox.Literal("true", datatype=BOOLEAN), VIEWS))
    if db.contains_named_graph(VIEWS):
        db.remove_graph(VIEWS)
    db.extend([*quads, GUARD])
    return True


_OPTIONAL = re.compile(r"OPTIONAL\s*\{", re.I)


def required_variables(text: str) -> set[str]:
    """The variables a query's WHERE clause requires of every row: named outside its OPTIONAL blocks and
    not made by 'AS ?x' (binding such a variable filters the rows; any other changes them)."""
    body = re.sub(r"#[^\n]*", "", text)
    start = re.search(r"\bWHERE\b", body, re.I)
    body = body[start.end() :] if start else body
    while (m := _OPTIONAL.search(body)) is not None:
        depth, i = 1, m.end()
        while i < len(body) and depth:
            depth += {"{": 1, "}": -1}.get(body[i], 0)
            i += 1
        body = body[: m.start()] + body[i:]
    made = set(re.findall(r"\bAS\s+\?(\w+)", body, re.I))
    return set(re.findall(r"\?(\w+)", body)) - made


def materialized(
    db: ox.Store, text: str, subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal] | None = None
) -> ox.QuerySolutions | None:
    """The query's result from the views graph, if the store holds it for its present articles
    (the same rows, in the same order, as evaluating the query); else None. With substitutions
    (--bind who="Ilham Aliyev"), the kept rows whose column holds that term, in their order, where the
    variable is one every row must match (outside OPTIONAL, not made by BIND or an aggregate): what
    evaluating with it bound gives (tested on every such column of the saved queries); None otherwise."""
    data = None
    for q in db.quads_for_pattern(_view_node(text), VIEW_RESULT, None, VIEWS):
        data = q.object.value  # type: ignore[union-attr]
    if data is None or not views_fresh(db):
        return None
    tsv = zlib.decompress(base64.b64decode(data))
    if subs:
        lines = tsv.split(b"\n")
        header = lines[0].split(b"\t")
        cols = []
        for var, term in subs.items():
            name = f"?{var.value}".encode()
            if name not in header or isinstance(term, ox.Triple):
                return None
            cols.append((header.index(name), str(term).encode()))
        required = required_variables(text)
        if any(var.value not in required for var in subs):
            return None  # a variable bound inside OPTIONAL or made by BIND/AS is not a filter: evaluate
        kept = [ln for ln in lines[1:] if ln and all(ln.split(b"\t")[i] == want for i, want in cols)]
        tsv = b"\n".join([lines[0], *kept]) + b"\n"
    return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)  # type: ignore[return-value]


def _disk_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def stats(path: str | Path) -> dict[str, object]:
    """The store's contents: articles, entities (distinct, and by type), facts by predicate,
    statements, quads, and its size on disk."""
    store = open_store(path, read_only=True)
    out: dict[str, object] = dict(_totals(store))
    by_type: dict[str, int] = {}
    q = _P + "SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e kgo:mentionCount ?c ; a ?t } GROUP BY ?t ORDER BY DESC(?n) ?t"
    for sol in store.query(q):  # type: ignore[union-attr]
        by_type[sol["t"].value.rsplit("#", 1)[-1]] = int(sol["n"].value)
    by_pred: dict[str, int] = {}
    q = (
        _P
        + "SELECT ?p (COUNT(?a) AS ?n) WHERE { ?a a kgo:Assertion ; rdf:predicate ?p } GROUP BY ?p ORDER BY DESC(?n) ?p"
    )
    for sol in store.query(q):  # type: ignore[union-attr]
        by_pred[sol["p"].value.rsplit("#", 1)[-1]] = int(sol["n"].value)
    out["entities_by_type"] = by_type
    out["facts_by_predicate"] = by_pred
    out["quads"] = len(store)
    out["disk_bytes"] = _disk_bytes(Path(path))
    return out


def export_dataset(path: str | Path) -> Dataset:
    """The store as an rdflib Dataset: the merged view as the default graph, and the narrator
    and claim graphs (not the per-article entities graphs, which repeat the merged view, nor the
    materialized views)."""
    store = open_store(path, read_only=True)
    quads = [
        q
        for q in store
        if isinstance(q.graph_name, ox.DefaultGraph)
        or not (
            isinstance(q.graph_name, ox.NamedNode)
            and (q.graph_name.value.endswith("/entities") or q.graph_name in (VIEWS, OLD_MANIFEST))
        )
    ]
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    ds = Dataset()
    ds.parse(data=data, format="nquads")
    return ds


def export_graph(path: str | Path) -> Graph:
    """The store's merged view (its default graph) as an rdflib Graph: what exports draw."""
    store = open_store(path, read_only=True)
    data = ox.serialize(store.quads_for_pattern(None, None, None, DEFAULT), format=ox.RdfFormat.N_TRIPLES) or b""
    g = Graph()
    g.parse(data=data, format="nt")
    return g
