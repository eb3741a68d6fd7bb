"""A corpus store: one Oxigraph database on disk that grows article by article.

Each article's graphs go into named graphs: <article>/graph (entities, mentions, statements,
assertions), <article>/narrator and <statement>/claims. A manifest graph records, for each
source, the article id (a hash of content and source) now in the store. Building the same
article again changes nothing; an edited article (same source, new content) replaces its old
graphs; entities merge across articles because their IRIs come from their identity.
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg import article as article_mod
from kg import nlp, pipeline, rdf
from kg.errors import BadInput
from kg.model import Article
from kg.validate import validate_graph

KGO = "https://w3id.org/kg-news/ontology#"
MANIFEST = ox.NamedNode("https://w3id.org/kg-news/id/manifest")
SOURCE = ox.NamedNode(KGO + "articleSource")
ARTICLE = ox.NamedNode(KGO + "storedArticle")
LOCK = ".kg-serve.pid"


@dataclass
class Summary:
    articles: int = 0
    added: int = 0
    unchanged: int = 0
    replaced: int = 0
    entities: int = 0
    facts: int = 0
    statements: int = 0
    violations: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)

    def text(self) -> str:
        return (
            f"{self.articles} articles ({self.added} added, {self.replaced} replaced, {self.unchanged} unchanged), "
            f"{self.entities} entities, {self.facts} facts, {self.statements} statements, "
            f"{self.violations} violations, {self.seconds:.1f} s"
        )


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


def iter_inputs(
    paths: Iterable[str | Path], *, date: str | None = None, source: str | None = None
) -> Iterator[Article]:
    """Articles from files (text, HTML, JSON), directories of them, and JSON Lines files."""
    for item in paths:
        p = Path(item)
        if p.is_dir():
            files = sorted(q for q in p.iterdir() if q.suffix.lower() in (".txt", ".html", ".htm", ".json", ".jsonl"))
            if not files:
                raise BadInput(f"{p}: directory holds no article files (.txt, .html, .json, .jsonl)")
            yield from iter_inputs(files, date=date, source=source)
        elif p.suffix.lower() == ".jsonl":
            if not p.exists():
                raise BadInput(f"{p}: no such file; check the path")
            with p.open(encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        obj = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise BadInput(f"{p}:{n}: is not valid JSON ({exc.msg}); one article object per line") from exc
                    yield article_mod.from_json(obj, f"{p}:{n}")
        else:
            yield article_mod.read_article(p, date=date, source=source)


def _to_store_quads(ds: Dataset, art: str) -> Iterator[ox.Quad]:
    base_graph = ox.NamedNode(f"{art}/graph")
    for s, p, o, ctx in ds.quads((None, None, None, None)):
        gname = getattr(ctx, "identifier", ctx)
        graph = base_graph if gname is None or gname == ds.default_graph.identifier else ox.NamedNode(str(gname))
        yield ox.Quad(rdf.to_oxigraph_term(s), rdf.to_oxigraph_term(p), rdf.to_oxigraph_term(o), graph)  # type: ignore[arg-type]


def _graphs_of(store: ox.Store, article_iri: str) -> list[ox.NamedNode]:
    prefix = article_iri + "/"
    return [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and g.value.startswith(prefix)]


def add_articles(
    path: str | Path,
    articles: Iterable[Article],
    *,
    model: str = nlp.DEFAULT_MODEL,
    progress: Callable[[int, Article, str], None] | None = None,
) -> Summary:
    store = open_store(path)
    summary = Summary()
    start = time.perf_counter()
    for i, art in enumerate(articles, 1):
        summary.articles += 1
        iri = str(rdf.article_iri(art.id))
        source = ox.Literal(art.source)
        prev_ids = [q.subject for q in store.quads_for_pattern(None, SOURCE, source, MANIFEST)]
        if any(isinstance(s, ox.NamedNode) and s.value == iri for s in prev_ids):
            summary.unchanged += 1
            if progress:
                progress(i, art, "unchanged")
            continue
        x = pipeline.extract(art, model=model)
        ds = rdf.to_dataset(x)
        merged = rdf.merged_view(ds)
        report = validate_graph(merged)
        if not report.conforms:
            summary.violations += len(report.violations)
            summary.failed.append(art.path or art.id)
            if progress:
                progress(i, art, "violates the shapes, not added")
            continue
        status = "added"
        for old in prev_ids:
            if isinstance(old, ox.NamedNode):
                for g in _graphs_of(store, old.value):
                    store.remove_graph(g)
                store.remove(ox.Quad(old, SOURCE, source, MANIFEST))
                status = "replaced"
        store.extend(list(_to_store_quads(ds, iri)))
        store.add(ox.Quad(ox.NamedNode(iri), SOURCE, source, MANIFEST))
        summary.added += status == "added"
        summary.replaced += status == "replaced"
        summary.entities += len(x.entities)
        summary.facts += len(x.relations)
        summary.statements += len(x.statements)
        if progress:
            progress(i, art, status)
    store.flush()
    store.optimize()
    del store
    gc.collect()  # close the database now: readers may open it next
    summary.seconds = time.perf_counter() - start
    return summary


def stats(path: str | Path) -> dict[str, int]:
    store = open_store(path, read_only=True)
    q = f"""PREFIX kgo: <{KGO}>
    SELECT (COUNT(DISTINCT ?a) AS ?articles) (COUNT(DISTINCT ?e) AS ?entities) WHERE {{
      {{ ?a a kgo:NewsArticle }} UNION {{ ?e kgo:mentionedIn ?x }} }}"""
    sol = next(iter(store.query(q, use_default_graph_as_union=True)))  # type: ignore[arg-type]
    return {
        "articles": int(sol["articles"].value),
        "entities": int(sol["entities"].value),
        "quads": len(store),
    }


def export_graph(path: str | Path) -> Graph:
    """The store's union graph as an rdflib Graph (for exports)."""
    store = open_store(path, read_only=True)
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    ds = Dataset()
    ds.parse(data=data, format="nquads")
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
